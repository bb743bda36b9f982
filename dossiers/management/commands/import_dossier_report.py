from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agencies.rules import Action, can
from dossiers import services
from dossiers.imports import parse_report_workbook
from dossiers.models import ReportEventKind


class Command(BaseCommand):
    help = "Import a unit's quarterly dossier report from a workbook in the portal's layout. All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check the workbook and save nothing")
        parser.add_argument(
            "--user", default=None, help="user name recorded as the author (default: a head of the unit)"
        )

    def handle(self, *args, file: str, dry_run: bool, user: str | None, **options):
        parsed = parse_report_workbook(file)
        if not parsed.ok:
            for problem in parsed.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(parsed.problems)} problem(s) in {file}; nothing was saved.")
        self.stdout.write(f"{parsed.agency} · {parsed.period.label}: {len(parsed.values)} field(s) read, no problem.")
        author = self._author(parsed.agency, user)
        try:
            with transaction.atomic():
                report = services.report_get_or_create(agency=parsed.agency, period=parsed.period, by=author)
                report, warnings = services.report_save(
                    report_id=report.pk,
                    values=parsed.values,
                    expected_version=report.version,
                    by=author,
                    event=ReportEventKind.IMPORTED,
                )
                if dry_run:
                    # The same checks as a real run (period lock, report state, rules), then nothing kept.
                    transaction.set_rollback(True)
        except services.ReportInvalid as exc:
            for issue in exc.issues:
                self.stderr.write(issue.message)
            raise CommandError("Nothing was saved.") from exc
        except services.ReportError as exc:
            raise CommandError(exc.message) from exc
        for warning in warnings:
            self.stdout.write(f"Warning: {warning.message}")
        if dry_run:
            self.stdout.write("Dry run: the import would succeed; nothing was saved.")
            return
        self.stdout.write(self.style.SUCCESS(f"Saved in the report #{report.pk} (version {report.version})."))

    def _author(self, agency, username):
        from agencies.models import Role, User

        if username:
            author = User.objects.filter(username=username).first()
            if author is None:
                raise CommandError(f"No user {username!r}.")
        else:
            author = (
                User.objects.filter(agency=agency, role=Role.HEAD, is_active=True).first()
                or User.objects.filter(agency=agency, role=Role.STAFF, is_active=True).first()
            )
            if author is None:
                raise CommandError(f"{agency} has no active staff or head to record as the author: pass --user.")
        if not can(author, Action.REPORT_EDIT, agency):
            raise CommandError(f"{author.username} may not enter {agency}'s report.")
        return author

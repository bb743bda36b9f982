"""python manage.py import_catalogue FILE.xlsx [--dry-run] [--user NAME]: the catalogue import from the shell."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import translation

from agencies.models import Role, User
from agencies.rules import Action, can
from dossiers.catalogue import catalogue_import


class Command(BaseCommand):
    help = (
        "Import fields, procedures and announcing decisions from an xlsx workbook (the layout of the "
        "template on the import page). All or nothing: every error is printed with its sheet, row and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--dry-run", action="store_true", help="check the file and say what would change")
        parser.add_argument(
            "--user",
            help="the administrator the import runs as (default: the first active administrator)",
        )

    def handle(self, *args, file: str, dry_run: bool, user: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        by = self._user(user)
        with translation.override(settings.LANGUAGE_CODE):
            result = catalogue_import(workbook_path_or_file=path, by=by, dry_run=dry_run)
            if result.errors:
                for issue in result.errors:
                    self.stderr.write(str(issue))
                raise CommandError(f"{len(result.errors)} error(s) in {path.name}; nothing was saved.")
        verb = "would be" if dry_run else "were"
        for sheet in result.sheets:
            self.stdout.write(
                f"{sheet.sheet}: {len(sheet.created)} new, {len(sheet.updated)} changed, {sheet.unchanged} unchanged"
            )
        if result.abolished:
            self.stdout.write(f"Abolished: {', '.join(result.abolished)}")
        if result.restored:
            self.stdout.write(f"Back in force: {', '.join(result.restored)}")
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run: nothing was saved ({result.changes} changes {verb} made)."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {result.changes} changes {verb} made."))

    def _user(self, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user named {username!r}.")
        else:
            user = (
                User.objects.filter(is_active=True)
                .filter(Q(role=Role.ADMIN) | Q(is_superuser=True))
                .order_by("-is_superuser", "pk")
                .first()
            )
            if user is None:
                raise CommandError("No active administrator: create one (createsuperuser) or pass --user.")
        if not can(user, Action.ADMIN_MANAGE):
            raise CommandError(f"{user.username} may not manage reference data (administrators only).")
        return user

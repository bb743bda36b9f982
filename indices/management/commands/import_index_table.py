"""manage.py import_index_table --index PCI --year 2016 FILE [--dry-run]

Reads a published table (xlsx or csv), lists every problem, and saves it all or nothing through the
same service as the import page."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agencies.models import User
from agencies.rules import Action, can
from indices import imports, selectors, services
from indices.models import Index
from indices.validation import TableInvalid


class Command(BaseCommand):
    help = "Import a published index table (xlsx or csv) for a year: all or nothing, every problem listed."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the published table, .xlsx or .csv")
        parser.add_argument("--index", required=True, help="the index's code, e.g. PCI")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--provinces",
            type=int,
            default=None,
            help="how many provinces were ranked (default: the provinces that existed at the end of the year)",
        )
        parser.add_argument("--source", default="", help="where the table comes from")
        parser.add_argument("--user", default=None, help="record the import as this user (their permission is checked)")
        parser.add_argument("--dry-run", action="store_true", help="check and show the table; save nothing")

    def handle(
        self, *args, file: str, index: str, year: int, provinces: int | None, source: str, user, dry_run, **options
    ):
        try:
            index_obj = selectors.index_get(index)
        except Index.DoesNotExist as exc:
            codes = ", ".join(Index.objects.values_list("code", flat=True))
            raise CommandError(f"No index {index!r}. Known: {codes or 'none'}.") from exc
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        by = None
        if user:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user {user!r}.")
            if not can(by, Action.INDEX_IMPORT):
                raise CommandError(f"{user} may not import index tables (agencies.rules, INDEX_IMPORT).")
        try:
            preview = imports.read_table(file=path, index=index_obj, year=year, provinces_ranked=provinces)
        except imports.TableFileError as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write(
            f"{index_obj.code} {year}: {len(preview.rows)} rows, {preview.provinces_ranked} provinces ranked; "
            f"columns: {', '.join(f'{k}={v}' for k, v in preview.columns.items())}"
        )
        for note in preview.notes:
            self.stdout.write(f"  note: {note.message}")
        if not preview.ok:
            for issue in preview.issues:
                self.stderr.write(f"  {issue.message}")
            raise CommandError(f"{len(preview.issues)} problem(s): nothing was saved.")
        if dry_run:
            for row in preview.rows:
                score = "" if row.score is None else f"{row.score}"
                self.stdout.write(f"  {row.rank:>3}/{preview.provinces_ranked}  {row.province_name:<24} {score}")
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
            return
        try:
            with transaction.atomic():
                batch = services.table_import(
                    index=index_obj,
                    year=year,
                    rows=preview.rows,
                    provinces_ranked=preview.provinces_ranked,
                    by=by,
                    filename=path.name,
                    source=source,
                )
        except TableInvalid as exc:
            for issue in exc.issues:
                self.stderr.write(f"  {issue.message}")
            raise CommandError(f"{len(exc.issues)} problem(s): nothing was saved.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Saved {batch.rows} results of {index_obj.code} {year}; {batch.changed} values changed."
            )
        )

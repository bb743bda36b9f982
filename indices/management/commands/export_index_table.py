"""manage.py export_index_table --index PCI --year 2016 --output FILE.xlsx

Every province's score and rank that year, as held."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indices import exports, selectors
from indices.models import Index


class Command(BaseCommand):
    help = "Write an index's table of a year (every province's score and rank, as held) to an xlsx workbook."

    def add_arguments(self, parser):
        parser.add_argument("--index", required=True, help="the index's code, e.g. PCI")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, help="the .xlsx file to write")

    def handle(self, *args, index: str, year: int, output: str, **options):
        try:
            index_obj = selectors.index_get(index)
        except Index.DoesNotExist as exc:
            raise CommandError(f"No index {index!r}.") from exc
        table = selectors.year_table(index_obj, year)
        if not table.rows:
            raise CommandError(f"No result of {index_obj.code} is held for {year}.")
        path = Path(output)
        path.write_bytes(exports.year_table_workbook(table))
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {len(table.rows)} provinces of {index_obj.code} {year} to {path}.")
        )

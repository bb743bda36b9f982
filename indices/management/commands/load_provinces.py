"""manage.py load_provinces PROVINCES.csv [--regions REGIONS.csv]

Creates or updates provinces (and regions) by code, with their mergers: how an administrator loads the
list of 34 provinces of 01/07/2025. The file's columns are those of indices/data/provinces.csv."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from indices import imports, services


class Command(BaseCommand):
    help = "Load or update provinces (code, name, kind, region, aliases, established_on, dissolved_on, merged_into)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--regions", default=None, help="a regions file (code, name, is_default_peer_group, sort_order)"
        )

    def handle(self, *args, file: str, regions: str | None, **options):
        try:
            rows = imports.read_provinces_csv(file)
            region_rows = imports.read_regions_csv(regions) if regions else []
            count = services.provinces_load(rows=rows, regions=region_rows, by=None)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{count} provinces loaded."))

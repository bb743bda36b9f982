import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from meetings.exports import open_tasks_workbook


class Command(BaseCommand):
    help = "Write every open task, grouped by lead agency, to an .xlsx workbook."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Path of the .xlsx file to write.")
        parser.add_argument("--agency", help="Only this unit's tasks (its code, e.g. HG-STP).")
        parser.add_argument("--date", help="Status as of this day, dd/mm/yyyy (default: today).")

    def handle(self, *args, output: str, agency: str | None, date: str | None, **options):
        unit = None
        if agency:
            unit = Agency.objects.filter(code=agency).first()
            if unit is None:
                raise CommandError(f"No unit has the code {agency!r}.")
        day = None
        if date:
            try:
                day = dt.datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError(f"--date must look like 13/06/2019, not {date!r}") from exc
        path = Path(output)
        path.write_bytes(open_tasks_workbook(today=day, agency=unit))
        self.stdout.write(self.style.SUCCESS(f"Open tasks written to {path}"))

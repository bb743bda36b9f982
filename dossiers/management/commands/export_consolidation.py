from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dossiers import exports, selectors
from periods.period import Period, PeriodParseError


class Command(BaseCommand):
    help = "Write the province's dossier consolidation for a period (2019-Q2, 2019-H1, 2019-9M, 2019) to xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2019-Q2, 2019-H1, 2019-9M, 2019 or 'Quý II/2019'")
        parser.add_argument("--output", required=True, help="the .xlsx file to write")

    def handle(self, *args, period: str, output: str, **options):
        try:
            parsed = Period.parse(period)
            quarters = parsed.quarters()
        except (PeriodParseError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        result = selectors.consolidation(period=parsed)
        sums = result.total.totals
        Path(output).write_bytes(exports.consolidation_workbook(result, province=selectors.province_name()))
        self.stdout.write(
            f"{parsed.label}: {result.approved_reports}/{result.expected_reports} approved reports over "
            f"{len(quarters)} quarter(s); received (3) = {sums['received_total']}, "
            f"resolved (7) = {sums['resolved_total']}, pending (11) = {sums['pending_total']}. "
            f"Written to {output}."
        )

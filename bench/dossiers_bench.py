"""Dossier reports at province scale: build a large data set, print figures.

    .venv/bin/python bench/dossiers_bench.py                 # SQLite file bench/out/bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench .venv/bin/python bench/dossiers_bench.py

Builds (once; reused on later runs) a province of --agencies units x --fields fields x --quarters
quarters of approved reports, then prints:
- the consolidation page's server time (median of 5, in-process test client) beside a trivial
  page's, and its query count;
- import rows per second (workbooks in the export layout, through parse + report_save) with peak memory;
- export rows per second (the year's consolidation workbook) and a 1,000,000-cell export's peak
  memory, each measured in a fresh child process (ru_maxrss).
Speed is measured here, never in timed tests.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_portal.settings")
OUT.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'bench.sqlite3'}")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django() -> None:
    import django

    django.setup()


def build(agencies: int, fields: int, quarters: int) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from agencies.models import Agency, AgencyKind, Role, User
    from dossiers.models import AgencyField, DossierReport, DossierRow, Field, ReportStatus
    from periods.models import ReportingPeriod
    from periods.period import Period

    call_command("migrate", verbosity=0)
    if Agency.objects.filter(code__startswith="B-").count() >= agencies:
        print(f"data set already built ({DossierRow.objects.count():,} rows)")
        return
    started = time.perf_counter()
    with transaction.atomic():
        province = Agency.objects.create(code="B-P", name="UBND tỉnh Bench", kind=AgencyKind.PROVINCE)
        units = Agency.objects.bulk_create(
            [
                Agency(
                    code=f"B-{i:04d}",
                    name=f"Đơn vị {i:04d}",
                    kind=AgencyKind.DEPARTMENT if i % 3 else AgencyKind.DISTRICT,
                    parent=province,
                    sort_order=i,
                )
                for i in range(agencies)
            ]
        )
        field_objs = Field.objects.bulk_create(
            [Field(code=f"B-LV{j:03d}", name=f"Lĩnh vực {j:03d}", sort_order=j) for j in range(fields)]
        )
        AgencyField.objects.bulk_create([AgencyField(agency=u, field=f) for u in units for f in field_objs])
        secretariat = User.objects.create(username="bench_secretariat", role=Role.SECRETARIAT, agency=province)
        last = Period.parse("2019-Q4")
        periods = [last]
        for _ in range(quarters - 1):
            periods.append(periods[-1].previous())
        periods.reverse()
        now = timezone.now()
        ReportingPeriod.objects.bulk_create(
            [ReportingPeriod(code=p.code, status="closed", opened_at=now, opened_by=secretariat) for p in periods],
            ignore_conflicts=True,
        )
        for p in periods:
            reports = DossierReport.objects.bulk_create(
                [
                    DossierReport(
                        agency=u, period=p.code, status=ReportStatus.APPROVED, submitted_at=now, approved_at=now
                    )
                    for u in units
                ]
            )
            DossierRow.objects.bulk_create(
                [
                    DossierRow(
                        report=r,
                        field=f,
                        received_online=3,
                        received_offline=40 + (j % 7),
                        carried_over=5,
                        resolved_early=10,
                        resolved_on_time=30 + (j % 7),
                        resolved_late=2,
                        pending_within=5,
                        pending_overdue=1,
                        returned=1,
                        awaiting_supplement=1,
                    )
                    for r in reports
                    for j, f in enumerate(field_objs)
                ],
                batch_size=5000,
            )
    print(f"built {DossierRow.objects.count():,} rows in {time.perf_counter() - started:.1f} s")


def time_page(client, url: str, runs: int = 5) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return statistics.median(times) * 1000, queries


def measure_pages() -> None:
    from django.test import Client

    from agencies.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench_secretariat"))
    for label, url in (
        ("trivial page (/healthz)", "/healthz"),
        ("consolidation, quarter 2019-Q4", "/dossiers/consolidation/?period=2019-Q4"),
        ("consolidation, year 2019", "/dossiers/consolidation/?period=2019"),
        ("report list / completeness 2019-Q4", "/dossiers/?period=2019-Q4"),
    ):
        ms, queries = time_page(client, url)
        print(f"{label:<40} {ms:8.1f} ms  {queries:3d} queries")


def measure_import(count: int) -> None:
    """Workbooks of the export layout read back and saved through the same service as the page."""
    from django.db import transaction

    from agencies.models import Role, User
    from dossiers import services
    from dossiers.exports import report_workbook
    from dossiers.imports import parse_report_workbook
    from dossiers.models import DossierReport, ReportEventKind
    from dossiers.selectors import report_detail
    from periods.models import ReportingPeriod

    reports = list(
        DossierReport.objects.filter(period="2019-Q4", agency__code__startswith="B-")
        .select_related("agency")
        .order_by("agency__code")[:count]
    )
    workbooks = [report_workbook(report_detail(report_id=r.pk)) for r in reports]
    rows = 0
    with transaction.atomic():
        ReportingPeriod.objects.filter(code="2019-Q4").update(status="open")
        DossierReport.objects.filter(pk__in=[r.pk for r in reports]).update(status="returned")
        users = [
            User.objects.get_or_create(
                username=f"bench_staff_{r.agency.code}", defaults={"role": Role.STAFF, "agency": r.agency}
            )[0]
            for r in reports
        ]
        started = time.perf_counter()
        for report, content, user in zip(reports, workbooks, users, strict=True):
            parsed = parse_report_workbook(io.BytesIO(content), agency=report.agency)
            assert parsed.ok, parsed.problems[:3]
            for values in parsed.values.values():  # a real change on every row: every value is written
                values["received_offline"] += 1
                values["resolved_on_time"] += 1
            version = DossierReport.objects.values_list("version", flat=True).get(pk=report.pk)
            services.report_save(
                report_id=report.pk,
                values=parsed.values,
                expected_version=version,
                by=user,
                event=ReportEventKind.IMPORTED,
            )
            rows += len(parsed.values)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)  # leave the data set as built
    print(
        f"import: {rows:,} rows from {len(workbooks)} workbooks in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s; "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )


def child(mode: str, cells: int = 1_000_000) -> None:
    """Run in a fresh process so ru_maxrss is this measurement's own peak."""
    setup_django()
    from openpyxl import Workbook

    from dossiers import exports, selectors
    from periods.period import Period

    baseline = peak_rss_mb()
    started = time.perf_counter()
    if mode == "consolidation":
        result = selectors.consolidation(period=Period.parse("2019"))
        content = exports.consolidation_workbook(result, province="UBND tỉnh Bench")
        rows = len(result.by_kind) + len(result.by_field)
        label = f"export: consolidation 2019, {rows:,} rows ({len(content) / 1e6:.1f} MB xlsx)"
    else:
        # 1,000,000 cells (by default) through the same write-only machinery: 76,924 rows x 13 columns.
        wb = Workbook(write_only=True)
        ws = exports._sheet(wb, "Bench")
        exports._write_head(ws, period=Period.parse("2019"), reporter="Bench", generated="")
        values = dict.fromkeys(exports.DATA_KEYS, 1234)
        rows = cells // 13 + 1
        for i in range(rows):
            ws.append(exports._data_row(ws, i, f"Lĩnh vực {i}", values))
        buffer = io.BytesIO()
        wb.save(buffer)
        label = f"export: {rows * 13:,} cells ({len(buffer.getvalue()) / 1e6:.1f} MB xlsx)"
    elapsed = time.perf_counter() - started
    print(
        f"{label} in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s; "
        f"peak RSS {peak_rss_mb():.0f} MB (Django loaded: {baseline:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=150)
    parser.add_argument("--fields", type=int, default=40)
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--import-workbooks", type=int, default=50)
    parser.add_argument("--cells", type=int, default=1_000_000, help="cells in the streaming export measurement")
    parser.add_argument("--child", choices=["consolidation", "million"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.cells)
        return
    setup_django()
    from django.conf import settings

    db = settings.DATABASES["default"]
    print(f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
    build(args.agencies, args.fields, args.quarters)
    measure_pages()
    measure_import(args.import_workbooks)
    for mode in ("consolidation", "million"):
        subprocess.run(
            [sys.executable, __file__, "--child", mode, "--cells", str(args.cells)], check=True, env=os.environ.copy()
        )


if __name__ == "__main__":
    main()

"""The benchmark scripts keep working (at a tiny size: figures are printed by bench/, never asserted)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_dossiers_bench_runs_on_a_tiny_province(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "dossiers_bench.py"),
            "--agencies",
            "4",
            "--fields",
            "3",
            "--quarters",
            "5",
            "--import-workbooks",
            "2",
            "--cells",
            "2000",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "built 60 rows" in out
    assert "consolidation, year 2019" in out and "queries" in out
    assert "import: 6 rows from 2 workbooks" in out
    assert "export: 2,002 cells" in out

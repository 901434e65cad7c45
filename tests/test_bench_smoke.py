"""``benchmarks/run.py --smoke`` runs every section on a tiny corpus and prints every figure.

The figures of a smoke run mean nothing (a handful of pages, model loading dominates);
the test only guards the benchmark against rotting between full runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

EXPECTED = [
    "a_extract_pages_per_cpu_s",
    "b_ner_pages_per_cpu_s",
    "irreducible_pages_per_cpu_s",
    "c_ingest_quotes_off_pages_per_cpu_s",
    "c_ingest_quotes_on_pages_per_cpu_s",
    "c_efficiency_quotes_off",
    "c_quotes_overhead",
    "d_1_workers_pages_per_s",
    "d_2_workers_pages_per_s",
    "d_speedup",
    "f_rerun_share",
    "g_load_rows_per_s",
    "h_irreducible_pages_per_cpu_s",
    "h_reuse_on_pages_per_cpu_s",
    "h_reuse_off_pages_per_cpu_s",
    "h_vs_irreducible",
    "h_diff_fct_entity_mention",
]


@pytest.mark.slow
def test_bench_smoke_prints_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(out.read_text())
    missing = [k for k in EXPECTED if k not in figures]
    assert not missing, missing
    assert any(k.startswith("e_collect_") for k in figures)
    assert any(k.startswith("e_ingest_") for k in figures)
    assert sum(k.startswith("g_query_") for k in figures) == len(
        list((ROOT / "sql" / "queries").glob("*.sql"))
    )
    for section in "abcdefgh":
        assert f"({section})" in proc.stdout, section


def test_staging_split_times_every_step_and_restores_the_module(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The benchmark scripts put themselves on sys.path when imported; monkeypatch puts
    # sys.path back as it was after the test.
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    monkeypatch.setattr(sys, "path", list(sys.path))
    import bench_corpus
    import bench_staging

    from pipelines import extract
    from pipelines.fetch import decode_body

    before = {name: getattr(extract, name) for name, _ in bench_staging.SPLIT_STEPS}
    bare = extract.trafilatura.bare_extraction
    pages = [(p.url, decode_body(p.html, None)[0]) for p in bench_corpus.base_pages(real=False)]
    bench_staging.split(pages[:3], passes=1)
    out = capsys.readouterr().out
    assert out.startswith("pages: 3 x 1 passes;")
    for label in ("trafilatura bare_extraction", "lxml parse", "publication date", "language id"):
        assert f"  {label} " in out
    assert {name: getattr(extract, name) for name, _ in bench_staging.SPLIT_STEPS} == before
    assert extract.trafilatura.bare_extraction is bare

"""The README's reliability figures are the ones the reliability tests last measured.

Each section of ``build/reliability.json`` present (written by the bad-input, crash and
concurrency tests, whichever ran) must appear in the README table as rendered; absent
sections are not checked, so running a subset of the tests never fails this one.
"""

from __future__ import annotations

import pytest

from tests.reliability import report


def test_readme_table_matches_the_last_measurements() -> None:
    data = report.load()
    if not data:
        pytest.skip("no reliability figures measured in this checkout yet")
    block = report.readme_block(report.README.read_text(encoding="utf-8"))
    assert block is not None, "README.md lost its reliability block"
    stale = [
        f"| {name} | {value} |"
        for name, value in report.rows(data)
        if f"| {name} | {value} |" not in block
    ]
    assert not stale, (
        "README figures differ from build/reliability.json; run "
        "`python -m tests.reliability.report --write`:\n" + "\n".join(stale)
    )

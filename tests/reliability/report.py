"""The reliability figures: measured by the tests, kept in ``build/reliability.json``,
rendered into the README's "Reliability" section.

Each reliability test writes its own section (``bad_input``, ``crash``, ``concurrency``)
with what it measured, whether it passed or not, so a failing run still leaves numbers
to look at. ``python -m tests.reliability.report`` prints the README table from the
file; ``--write`` replaces the table in README.md. Only figures that do not depend on
timing go into the README (a test checks that they match the latest run); timings and
read counts stay in the JSON file.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
REPORT = REPO / "build" / "reliability.json"
README = REPO / "README.md"
START = "<!-- reliability:start -->"
END = "<!-- reliability:end -->"


def record(section: str, figures: dict[str, Any]) -> None:
    """Replace one section of the report file (other sections are kept)."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {}
    if REPORT.exists():
        try:
            data = json.loads(REPORT.read_text(encoding="utf-8"))
        except ValueError:
            data = {}
    data[section] = figures
    REPORT.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


def load() -> dict[str, Any]:
    if not REPORT.exists():
        return {}
    loaded: dict[str, Any] = json.loads(REPORT.read_text(encoding="utf-8"))
    return loaded


def rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(figure, value) rows for the sections present, timing-independent values only."""
    out: list[tuple[str, str]] = []
    bad = data.get("bad_input")
    if bad:
        out += [
            ("bad-input kinds tried", str(bad["kinds"])),
            ("… ending in a `quarantine` row (extraction)", str(bad["quarantined_kinds"])),
            ("… ending in a fetch/discovery error row", str(bad["fetch_error_kinds"])),
            ("… loaded as ordinary articles (valid but odd)", str(bad["loaded_kinds"])),
            ("… outcome different from the expected one", str(bad["unexpected"])),
            ("crashes / hangs (bad input)", f"{bad['crashes']} / {bad['hangs']}"),
            ("control articles lost (bad input)", str(bad["control_lost"])),
        ]
    crash = data.get("crash")
    if crash:
        out += [
            (
                "SIGKILL points (injected + timed)",
                f"{crash['kill_points']} ({crash['injected']} + {crash['timed']})",
            ),
            ("injected kill points never reached", str(crash["not_killed"])),
            ("rows lost / duplicated after recovery", f"{crash['lost']} / {crash['duplicated']}"),
            ("half-loaded partitions seen by a reader", str(crash["partial_visible"])),
            ("failed reads after a crash", str(crash["failed_reads"])),
        ]
    conc = data.get("concurrency")
    if conc:
        out += [
            ("parallel partition runs (failed)", f"{conc['runs']} ({conc['failed_runs']})"),
            ("reads during the runs that failed", str(conc["failed_reads"])),
            ("reads that saw a partial partition", str(conc["partial_reads"])),
            ("final warehouse equal to a serial run", "yes" if conc["equal_to_serial"] else "no"),
        ]
    return out


def render(data: dict[str, Any]) -> str:
    lines = [START, "", "| figure | value |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows(data)]
    lines += ["", END]
    return "\n".join(lines)


def readme_block(text: str) -> str | None:
    match = re.search(re.escape(START) + r".*?" + re.escape(END), text, re.S)
    return match.group(0) if match else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update README.md in place")
    args = parser.parse_args()
    table = render(load())
    if not args.write:
        print(table)
        return 0
    text = README.read_text(encoding="utf-8")
    block = readme_block(text)
    if block is None:
        raise SystemExit("README.md has no reliability block to update")
    README.write_text(text.replace(block, table), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

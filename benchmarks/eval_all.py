"""Run every dev-set evaluation in turn (`make eval`) and print each one's figures.

Each script skips with a notice when its gold data is absent, so this is safe anywhere.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "eval_extraction.py",
    "eval_pubdate.py",
    "eval_timeml.py",
    "eval_entities.py",
    "eval_quotes.py",
]


def main() -> int:
    failed = []
    for script in SCRIPTS:
        print(f"\n=== {script} ===", flush=True)
        code = subprocess.call([sys.executable, str(HERE / script)])
        if code:
            failed.append(script)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

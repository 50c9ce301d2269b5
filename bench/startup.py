"""Start-up of the command line beside the interpreter's own, measured side by side.

    python bench/startup.py [--runs N]

Times (median of N runs, each a fresh process) of `python -c pass`, `kg --version`, `kg --help`
and `kg query queries/cast.rq` on a store holding the bundled sample, with each one's margin over
`python -c pass`. Targets: --version and --help under 0.3 s, the query under 1 s. The machines are
shared: compare the margins, not the absolute times.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg.cli"]
TARGETS = {"kg --version": 0.3, "kg --help": 0.3, "kg query queries/cast.rq": 1.0}


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = str(Path(folder) / "kg-store")
        subprocess.run([*KG, "build", str(ROOT / "data" / "sample-review.txt"), "--store", store], check=True,
                       stderr=subprocess.DEVNULL)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "kg --version": [*KG, "--version"],
            "kg --help": [*KG, "--help"],
            "kg query queries/cast.rq": [*KG, "query", str(ROOT / "queries" / "cast.rq"), "--store", store],
        }
        times = {name: median_seconds(command, args.runs) for name, command in commands.items()}
    floor = times["python -c pass"]
    print(f"{'command':28} {'median':>8} {'over python':>12} {'target':>8}")
    for name, seconds in times.items():
        target = f"< {TARGETS[name]:.1f} s" if name in TARGETS else ""
        verdict = "" if name not in TARGETS else (" met" if seconds < TARGETS[name] else " MISSED")
        print(f"{name:28} {seconds:7.3f}s {seconds - floor:+11.3f}s {target:>8}{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

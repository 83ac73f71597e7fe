#!/usr/bin/env python3
"""Times `wheelfs show --json` (release build) against `auditwheel show --json` on the large
pinned PyPI wheels: median wall-clock seconds of N interleaved runs each.

    swift build -c release --product wheelfs
    .venv/bin/python Tests/scripts/bench_show.py [--repeat 3]
"""
import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WHEELS = [
    "numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
    "scipy-1.17.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
    "pyarrow-16.1.0-cp311-cp311-manylinux_2_28_x86_64.whl",
]


def timed(argv):
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{argv} failed with status {result.returncode}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wheelfs", default=str(ROOT / ".build/release/wheelfs"))
    args = parser.parse_args()
    auditwheel = str(Path(sys.executable).parent / "auditwheel")
    print(f"{'wheel':<16} {'auditwheel s':>12} {'wheelfs s':>10} {'speed-up':>9}")
    for name in WHEELS:
        path = str(ROOT / "Fixtures/pypi" / name)
        ours, theirs = [], []
        for _ in range(args.repeat):
            theirs.append(timed([auditwheel, "show", "--json", path]))
            ours.append(timed([args.wheelfs, "show", "--json", path]))
        a, w = statistics.median(theirs), statistics.median(ours)
        print(f"{name.split('-cp')[0]:<16} {a:>12.2f} {w:>10.3f} {a / w:>8.1f}x")


if __name__ == "__main__":
    main()

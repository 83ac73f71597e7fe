#!/usr/bin/env bash
# wheelfs mount against the peer FUSE mounters (fuse-zip, archivemount, ratarmount) on real
# wheels, with the shared harness ../shared/bench/fsbench.sh (phases: mount, find, ls -lR,
# read all, read largest, 200 random 4 KiB reads cold/warm/reopen; daemon VmHWM per phase).
# Every mounter runs on every wheel in this one invocation, back to back.
#
#   bash Tests/scripts/bench_mount.sh WHEELFS_BINARY OUT_DIR WHEEL...
#
# Rows are appended to OUT_DIR/mount.tsv, the harness's log goes to OUT_DIR/mount.log.
# Env: REPS [3]; PEERS ["wheelfs wheelfs-noxattr fuse-zip archivemount ratarmount"; also
#      wheelfs-2g, wheelfs-256m: wheelfs with that --cache-size; wheelfs-noxattr: -o noxattr];
#      PHASE_TIMEOUT [120] s per phase; ARCHIVEMOUNT_TIMEOUT [20] s and ARCHIVEMOUNT_REPS [1]
#      (archivemount re-inflates from the member's start on every read: minutes per phase);
#      RATARMOUNT [.venv-bench/bin/ratarmount, installed pinned if missing];
#      RATARMOUNT_TIMEOUT [60]; SETTLE [0.3] s after each unmount;
#      SHARED_BENCH [../shared/bench beside the clone, where fsbench.sh is].
set -euo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
[ $# -ge 3 ] || { sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }
BIN=$(readlink -f "$1")
OUT=$(mkdir -p "$2" && cd "$2" && pwd)
shift 2
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
FSBENCH=$SHARED_BENCH/fsbench.sh
if [ ! -x "$FSBENCH" ]; then
  echo "bench: $FSBENCH not found: the peer harness must be in ../shared/bench beside this clone (or set SHARED_BENCH)" >&2
  exit 1
fi
REPS=${REPS:-3}
PEERS=${PEERS:-"wheelfs fuse-zip archivemount ratarmount"}
PHASE_TIMEOUT=${PHASE_TIMEOUT:-120}
ARCHIVEMOUNT_TIMEOUT=${ARCHIVEMOUNT_TIMEOUT:-20}
ARCHIVEMOUNT_REPS=${ARCHIVEMOUNT_REPS:-1}
RATARMOUNT_TIMEOUT=${RATARMOUNT_TIMEOUT:-60}
RATARMOUNT=${RATARMOUNT:-$ROOT/.venv-bench/bin/ratarmount}
export SETTLE=${SETTLE:-0.3}
export RESULTS=$OUT/mount.tsv

need() { command -v "$1" >/dev/null || { echo "bench: $1 is missing (apt-get install $2)" >&2; exit 1; }; }
for peer in $PEERS; do
  case $peer in
    fuse-zip) need fuse-zip fuse-zip ;;
    archivemount) need archivemount archivemount ;;
    ratarmount)
      if [ ! -x "$RATARMOUNT" ]; then
        echo "bench: installing ratarmount 1.3.0 into .venv-bench (bench only)"
        python3 -m venv "$ROOT/.venv-bench"
        "$ROOT/.venv-bench/bin/pip" install -q --disable-pip-version-check ratarmount==1.3.0
      fi ;;
  esac
done
need fusermount3 fuse3
need /usr/bin/time time

# CRC-32 of every member's content read through a wheelfs mount (sorted by path, .audit/ left
# out) against the central directory's view (wheelinfo.py --content-crc); one line to verify.tsv.
verify_content() {
  local mnt want got
  mnt=$(mktemp -d /tmp/wheelfs-verify.XXXXXX)
  "$BIN" mount "$1" "$mnt"
  want=$(python3 "$SHARED_BENCH/wheelinfo.py" --content-crc "$1")
  got=$(cd "$mnt" && find . -path ./.audit -prune -o -type f -printf '%P\n' | sort | python3 -c '
import sys, zlib
crc = 0
for line in sys.stdin:
    with open(line.rstrip("\n"), "rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
print(f"{crc:08x}")')
  "$BIN" unmount "$mnt"
  rmdir "$mnt"
  [ -s "$OUT/verify.tsv" ] || printf 'wheel\twant\tgot\tverdict\n' > "$OUT/verify.tsv"
  printf '%s\t%s\t%s\t%s\n' "$(basename "$1")" "$want" "$got" "$([ "$want" = "$got" ] && echo ok || echo MISMATCH)" >> "$OUT/verify.tsv"
  echo "   wheelfs content CRC (without .audit/): $got, central directory: $want"
}

INDEX=$OUT/ratarmount-index
for wheel in "$@"; do
  wheel=$(readlink -f "$wheel")
  python3 "$SHARED_BENCH/wheelinfo.py" "$wheel" | tee -a "$OUT/mount.log"
  for peer in $PEERS; do
    case $peer in
      wheelfs)
        # The harness's check counts .audit/ too; the content is checked below without it.
        REPS=$REPS PHASE_TIMEOUT=$PHASE_TIMEOUT "$FSBENCH" "$wheel" "$BIN mount {wheel} {mnt}" wheelfs
        verify_content "$wheel" ;;
      wheelfs-2g)
        # Enough cache for the largest member of a big wheel: whole-member inflation.
        PHASES="readall big rand" REPS=$REPS PHASE_TIMEOUT=$PHASE_TIMEOUT \
          "$FSBENCH" "$wheel" "$BIN mount --cache-size 2G {wheel} {mnt}" "wheelfs --cache-size 2G" ;;
      wheelfs-256m)
        # The smallest default cache (machines with 2 GiB or less): large members stream.
        PHASES="readall big rand" REPS=$REPS PHASE_TIMEOUT=$PHASE_TIMEOUT \
          "$FSBENCH" "$wheel" "$BIN mount --cache-size 256M {wheel} {mnt}" "wheelfs --cache-size 256M" ;;
      wheelfs-noxattr)
        PHASES="find lsR" REPS=$REPS PHASE_TIMEOUT=$PHASE_TIMEOUT \
          "$FSBENCH" "$wheel" "$BIN mount -o noxattr {wheel} {mnt}" "wheelfs -o noxattr" ;;
      fuse-zip)
        REPS=$REPS PHASE_TIMEOUT=$PHASE_TIMEOUT "$FSBENCH" "$wheel" 'fuse-zip -r {wheel} {mnt}' fuse-zip ;;
      archivemount)
        REPS=$ARCHIVEMOUNT_REPS PHASE_TIMEOUT=$ARCHIVEMOUNT_TIMEOUT \
          "$FSBENCH" "$wheel" 'archivemount -o readonly {wheel} {mnt}' archivemount ;;
      ratarmount)
        # Its SQLite index goes to OUT (not beside the wheel); the first mount builds it.
        REPS=$REPS PHASE_TIMEOUT=$RATARMOUNT_TIMEOUT PRE="rm -rf $INDEX && mkdir -p $INDEX" \
          "$FSBENCH" "$wheel" "$RATARMOUNT --index-folders $INDEX {wheel} {mnt}" ratarmount ;;
      *) echo "bench: unknown peer $peer" >&2; exit 2 ;;
    esac 2>&1 | tee -a "$OUT/mount.log" | grep -E '^(==|--|   (mount|find|lsR|readall|big|rand|verify))' || true
  done
done
rm -rf "$INDEX"

#!/usr/bin/env bash
# The `make run` demo: mount the bundled example wheel, look around, read the audit, repair it
# through the mount, unmount.   Usage: demo.sh WHEELFS_BINARY EXAMPLE_WHEEL
set -euo pipefail
BIN=$1
WHEEL=$(realpath "$2")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# The example's extension needs libwfexample.so.1, which lives in a private directory (as a
# library built next to a project would): the audit and the repair find it there.
export AUDITWHEEL_LD_LIBRARY_PATH=$ROOT/Fixtures/build/private/lib

work=$(mktemp -d /tmp/wheelfs-demo.XXXXXX)
mnt=$work/mnt
house=$work/wheelhouse
mkdir -p "$mnt" "$house"
cleanup() {
  "$BIN" unmount "$mnt" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

show() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { show "$*"; (cd "$mnt" && eval "$@"); }

show "wheelfs mount $(basename "$WHEEL") mnt --wheelhouse wheelhouse"
"$BIN" mount "$WHEEL" "$mnt" --wheelhouse "$house"

run ls -la
run ls -la .audit
run find . -name "'*.so'"
run cat .audit/policy
run head -n 12 .audit/symbols
run cat .audit/needed
run "echo manylinux_2_28_x86_64 > .audit/repair"
run cat .audit/repair

show "wheelfs unmount mnt"
"$BIN" unmount "$mnt"
show "ls wheelhouse"
ls -l "$house"

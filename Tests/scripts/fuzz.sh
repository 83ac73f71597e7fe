#!/usr/bin/env bash
# Builds and runs the libFuzzer harnesses under Tests/Fuzz with ASan.
#
#   Tests/scripts/fuzz.sh [RUNS] [HARNESS...]     (default: 100000 runs, every harness)
#
# Each harness is one line in HARNESSES: name | modules compiled in order from Sources/<M> |
# harness file | seed function. Adding the zip reader's fuzzer is one more line.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${1:-100000}
shift || true
OUT=${FUZZ_OUT:-.build/fuzz}
MAX_LEN=${FUZZ_MAX_LEN:-65536}

HARNESSES=(
  "elf|BinaryKit ELFKit|Tests/Fuzz/ELFFuzzer.swift|seed_elf"
)

# A few hundred small ELF files: this system's shared objects and executables plus the cross
# toolchains' libraries (ELF32, big endian, other machines), at most 60 per directory.
seed_elf() {
  local dir=$1 root
  set +o pipefail  # `head` closes the pipe early
  for root in /usr/lib/x86_64-linux-gnu /usr/bin /usr/libexec /usr/aarch64-linux-gnu/lib \
    /usr/arm-linux-gnueabihf/lib /usr/i686-linux-gnu/lib /usr/powerpc64le-linux-gnu/lib \
    /usr/s390x-linux-gnu/lib /usr/riscv64-linux-gnu/lib /usr/lib/musl/lib; do
    [ -d "$root" ] || continue
    find "$root" -maxdepth 2 -type f -size -"$((MAX_LEN / 1024))"k 2>/dev/null | sort \
      | while read -r f; do head -c4 "$f" 2>/dev/null | grep -q $'\x7fELF' && echo "$f"; done \
      | head -60 | while read -r f; do cp "$f" "$dir/$(echo "$f" | tr '/' '_')"; done || true
  done
}

SWIFTC=${SWIFTC:-swiftc}
FLAGS=(-O -parse-as-library -sanitize=fuzzer,address -swift-version 6
  -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility)

build() {  # name modules harness
  local name=$1 harness=$3 objects=()
  mkdir -p "$OUT/$name"
  for module in $2; do
    mapfile -t sources < <(find "Sources/$module" -name '*.swift' | sort)
    "$SWIFTC" "${FLAGS[@]}" -wmo -module-name "$module" -I "$OUT/$name" \
      -emit-module -emit-module-path "$OUT/$name/$module.swiftmodule" \
      -c "${sources[@]}" -o "$OUT/$name/$module.o"
    objects+=("$OUT/$name/$module.o")
  done
  "$SWIFTC" "${FLAGS[@]}" -use-ld=lld -I "$OUT/$name" "$harness" "${objects[@]}" \
    -o "$OUT/$name/fuzzer"
}

for line in "${HARNESSES[@]}"; do
  IFS='|' read -r name modules harness seed <<<"$line"
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  echo "== $name: building"
  build "$name" "$modules" "$harness"
  corpus="$OUT/$name/corpus"
  if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus")" ]; then
    mkdir -p "$corpus"
    "$seed" "$corpus"
  fi
  echo "== $name: $(ls "$corpus" | wc -l) seed files, $RUNS runs"
  "$OUT/$name/fuzzer" "$corpus" -runs="$RUNS" -max_len="$MAX_LEN" -malloc_limit_mb=256 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$OUT/$name/" 2>&1 | tee "$OUT/$name/log.txt" \
    | grep -E '^(INFO|#[0-9]+ *(INITED|DONE|pulse)|Done|==|SUMMARY|stat::)' || true
  grep -q '^Done ' "$OUT/$name/log.txt" || { echo "$name: fuzzer did not finish cleanly" >&2; exit 1; }
done

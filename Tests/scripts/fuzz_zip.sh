#!/usr/bin/env bash
# Builds the libFuzzer harness for the zip reader and runs it.
#   Tests/scripts/fuzz_zip.sh [RUNS]      (default 1,000,000 executions)
# Seeds come from Tests/scripts/ziporacle.py `seeds` (valid and broken archives written with
# CPython's zipfile); the corpus grows in fuzz-corpus/zip (git-ignored), crashes land in
# fuzz-corpus/zip-crashes.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-1000000}
OUT=.build/fuzz
mkdir -p "$OUT" fuzz-corpus/zip fuzz-corpus/zip-crashes fuzz-corpus/zip-seeds
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -swift-version 6)

# BinaryKit as its own module (the zip sources `import BinaryKit`).
swiftc "${FLAGS[@]}" -module-name BinaryKit -emit-module -emit-module-path "$OUT/BinaryKit.swiftmodule" \
  -emit-library -static -o "$OUT/libBinaryKit.a" Sources/BinaryKit/*.swift
# The zip reader and writer plus the harness, in one module; CZlib and CLibdeflate through
# their module maps.
swiftc "${FLAGS[@]}" -module-name ZipFuzz -I "$OUT" -I Sources/CZlib -I Sources/CLibdeflate \
  -L "$OUT" -lBinaryKit -lz -ldeflate \
  Sources/WheelKit/Zip/*.swift Tests/Fuzz/ZipFuzzer.swift -o "$OUT/zip-fuzzer"

python3 Tests/scripts/ziporacle.py seeds fuzz-corpus/zip-seeds >/dev/null
"$OUT/zip-fuzzer" -runs="$RUNS" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=fuzz-corpus/zip-crashes/ -print_final_stats=1 \
  fuzz-corpus/zip fuzz-corpus/zip-seeds

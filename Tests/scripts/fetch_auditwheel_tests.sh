#!/usr/bin/env bash
# Fetch auditwheel 6.8.2's test wheels and binaries (MIT) into Fixtures/auditwheel/, keeping
# the upstream layout (tests/bundled-wheels/..., tests/integration/libffi.so.5, ...). They come
# from the PyPI sdist auditwheel-6.8.2.tar.gz; every file is checked against the sha256 in
# Fixtures/auditwheel-manifest.txt. Idempotent: nothing is fetched when all files are present.
#   PYTHON=<python with pip>  (default: <repo>/.venv/bin/python, else python3)
#   DEST=<directory>          (default: <repo>/Fixtures/auditwheel)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=python3
DEST=${DEST:-$ROOT/Fixtures/auditwheel}
MANIFEST=$ROOT/Fixtures/auditwheel-manifest.txt
SDIST=auditwheel-6.8.2.tar.gz
TOP=auditwheel-6.8.2

sums() { grep -v '^#' "$MANIFEST" | awk 'NF == 2 { print $1 "  " $2 }'; }
files_ok() { (cd "$DEST" && sums | grep -v " $SDIST\$" | sha256sum --check --quiet --strict) >/dev/null 2>&1; }

mkdir -p "$DEST"
if files_ok; then
  echo "fetch_auditwheel_tests: all files present in $DEST"
  exit 0
fi

want_sdist=$(sums | awk -v f="$SDIST" '$2 == f { print $1 }')
sdist="$DEST/_sdist/$SDIST"
if [[ ! -f "$sdist" || $(sha256sum "$sdist" | cut -d' ' -f1) != "$want_sdist" ]]; then
  mkdir -p "$DEST/_sdist"
  "$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps --no-binary=:all: \
    -d "$DEST/_sdist" auditwheel==6.8.2
  got=$(sha256sum "$sdist" | cut -d' ' -f1)
  if [[ "$got" != "$want_sdist" ]]; then
    echo "fetch_auditwheel_tests: sha256 mismatch for $SDIST: manifest $want_sdist, got $got" >&2
    exit 1
  fi
fi

members=$(sums | awk -v f="$SDIST" -v top="$TOP" '$2 != f { print top "/" $2 }')
# shellcheck disable=SC2086  # one member per word
tar -xzf "$sdist" -C "$DEST" --strip-components=1 $members
if ! (cd "$DEST" && sums | grep -v " $SDIST\$" | sha256sum --check --quiet --strict); then
  echo "fetch_auditwheel_tests: extracted files do not match $MANIFEST" >&2
  exit 1
fi
echo "fetch_auditwheel_tests: extracted $(wc -w <<<"$members") files into $DEST"

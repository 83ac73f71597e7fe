#!/usr/bin/env bash
# Fetch the real PyPI wheels listed in Fixtures/pypi-manifest.txt into Fixtures/pypi/.
# Idempotent: a wheel already present with the pinned sha256 is not fetched again. Fails if pip
# chooses a different file than the manifest names, or if a sha256 differs.
#   PYTHON=<python with pip>  (default: <repo>/.venv/bin/python, else python3)
#   DEST=<directory>          (default: <repo>/Fixtures/pypi)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=python3
DEST=${DEST:-$ROOT/Fixtures/pypi}
MANIFEST=$ROOT/Fixtures/pypi-manifest.txt
mkdir -p "$DEST"

fail=0 fetched=0 present=0
while read -r sha file args; do
  [[ -z "$sha" || "$sha" == \#* ]] && continue
  if [[ -f "$DEST/$file" ]] && [[ $(sha256sum "$DEST/$file" | cut -d' ' -f1) == "$sha" ]]; then
    present=$((present + 1))
    continue
  fi
  tmp=$(mktemp -d)
  # shellcheck disable=SC2086  # $args is a list of pip arguments
  if ! "$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps \
       --only-binary=:all: -d "$tmp" $args; then
    echo "fetch_pypi: pip download $args failed" >&2
    fail=1; rm -rf "$tmp"; continue
  fi
  if [[ ! -f "$tmp/$file" ]]; then
    echo "fetch_pypi: expected $file, pip fetched: $(ls "$tmp")" >&2
    fail=1; rm -rf "$tmp"; continue
  fi
  got=$(sha256sum "$tmp/$file" | cut -d' ' -f1)
  if [[ "$got" != "$sha" ]]; then
    echo "fetch_pypi: sha256 mismatch for $file: manifest $sha, downloaded $got" >&2
    fail=1; rm -rf "$tmp"; continue
  fi
  mv "$tmp/$file" "$DEST/$file"
  rm -rf "$tmp"
  fetched=$((fetched + 1))
done < "$MANIFEST"
echo "fetch_pypi: $present present, $fetched fetched into $DEST"
exit $fail

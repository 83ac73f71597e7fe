#!/usr/bin/env bash
# Downloads the pinned PyPI wheels the zip reader is checked against (Fixtures/pypi/, git-ignored).
# Each file is verified against its sha256; files already present and correct are not fetched
# again. Usage: Tests/scripts/fetch_wheels.sh   (PYTHON=... to pick the interpreter running pip)
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
DEST=Fixtures/pypi
mkdir -p "$DEST"

# file | sha256 | requirement | pip platform options
WHEELS=(
  "plotly-5.24.1-py3-none-any.whl|f67073a1e637eb0dc3e46324d9d51e2fe76e9727c892dde64ddf1e1b51f29089|plotly==5.24.1|"
  "six-1.17.0-py2.py3-none-any.whl|4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274|six==1.17.0|"
  "numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl|89cd468399cfd2504718f0ba50e410dca55a170b61a02ad92bb18c8a65186e93|numpy==2.4.6|--platform manylinux_2_28_x86_64 --python-version 3.11 --implementation cp --abi cp311"
  "scipy-1.17.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl|43af8d1f3bea642559019edfe64e9b11192a8978efbd1539d7bc2aaa23d92de4|scipy==1.17.1|--platform manylinux_2_28_x86_64 --python-version 3.11 --implementation cp --abi cp311"
  "psutil-7.2.2-cp36-abi3-musllinux_1_2_x86_64.whl|b58fabe35e80b264a4e3bb23e6b96f9e45a3df7fb7eed419ac0e5947c61e47cc|psutil==7.2.2|--platform musllinux_1_2_x86_64 --python-version 3.11 --implementation cp"
  "psutil-7.2.2-cp36-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.manylinux_2_28_aarch64.whl|b0726cecd84f9474419d67252add4ac0cd9811b04d61123054b9fb6f57df6e9e|psutil==7.2.2|--platform manylinux_2_17_aarch64 --python-version 3.11 --implementation cp"
)

status=0
for entry in "${WHEELS[@]}"; do
  IFS='|' read -r file sha req opts <<<"$entry"
  path="$DEST/$file"
  if [ -f "$path" ] && echo "$sha  $path" | sha256sum --check --status; then
    continue
  fi
  # shellcheck disable=SC2086
  "$PYTHON" -m pip download --quiet --disable-pip-version-check --only-binary=:all: --no-deps \
    $opts "$req" -d "$DEST"
  if ! echo "$sha  $path" | sha256sum --check --status; then
    echo "fetch_wheels: $file is missing or its sha256 differs from the pinned $sha" >&2
    status=1
  fi
done
[ $status = 0 ] && echo "fetch_wheels: $(ls "$DEST" | wc -l) wheel(s) in $DEST verified"
exit $status

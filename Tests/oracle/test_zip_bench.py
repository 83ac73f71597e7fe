"""The hidden `wheelfs zip-bench` command reads every member of the pinned PyPI wheels
(Tests/scripts/fetch_pypi.sh) without a failure, and agrees with CPython's zipfile on the
member count and the total uncompressed size."""
import pathlib
import zipfile

import pytest

from conftest import ROOT, run

WHEELS = [
    "plotly-5.24.1-py3-none-any.whl",
    "six-1.17.0-py2.py3-none-any.whl",
    "numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
    "scipy-1.17.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
    "psutil-7.2.2-cp36-abi3-musllinux_1_2_x86_64.whl",
    "psutil-7.2.2-cp36-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.manylinux_2_28_aarch64.whl",
]


@pytest.mark.parametrize("name", WHEELS)
def test_zip_bench_reads_every_member(wheelfs, name):
    path = ROOT / "Fixtures/pypi" / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run Tests/scripts/fetch_pypi.sh")
    r = run([wheelfs, "zip-bench", "--repeats", "1", str(path)])
    assert r.returncode == 0, r.stderr
    fields = dict(line.split(" ", 1) for line in r.stdout.splitlines())
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    assert int(fields["members"]) == len(infos)
    assert int(fields["uncompressed_bytes"]) == sum(i.file_size for i in infos)
    assert int(fields["failed_members"]) == 0


def test_zip_bench_is_hidden(wheelfs):
    r = run([wheelfs, "--help"])
    assert r.returncode == 0
    assert "zip-bench" not in r.stdout

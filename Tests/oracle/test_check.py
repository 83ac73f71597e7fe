"""`wheelfs check`: container and RECORD problems (checked against Python's zipfile and
hashlib), file-name tags against WHEEL, and platform tags against what the contents need.
Exit status 0 when clean, 3 for any problem, 1 for a file that is not a wheel, 2 when missing.
"""
import base64
import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

FIX = ROOT / "Fixtures"
B = FIX / "build"
WHL = B / "wheels"
PYPI = FIX / "pypi"
X86 = "cp311-cp311-linux_x86_64"
EXT = "_ext.cpython-311-x86_64-linux-gnu.so"

sys.path.insert(0, str(FIX / "tools"))
import mkwheel  # noqa: E402


def check(wheelfs, *args):
    env = {k: v for k, v in os.environ.items() if "LD_LIBRARY_PATH" not in k}
    return subprocess.run([wheelfs, "check", *map(str, args)], capture_output=True, text=True, env=env)


def sha256_b64(data):
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


@pytest.mark.parametrize("path", [WHL / f"simple-1.0.0-{X86}.whl", WHL / f"newglibc-1.0.0-{X86}.whl",
                                  PYPI / "psutil-7.2.2-cp36-abi3-manylinux2010_x86_64.manylinux_2_12_x86_64.manylinux_2_28_x86_64.whl",
                                  PYPI / "psutil-7.2.2-cp36-abi3-musllinux_1_2_x86_64.whl",
                                  PYPI / "orjson-3.11.9-cp311-cp311-manylinux_2_17_s390x.manylinux2014_s390x.whl",
                                  PYPI / "six-1.17.0-py2.py3-none-any.whl"], ids=lambda p: p.name)
def test_clean_wheels_pass(wheelfs, path):
    r = check(wheelfs, path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == f"{path.name}: OK\n"


def test_badhash_names_the_member(wheelfs):
    path = WHL / f"badhash-1.0.0-{X86}.whl"
    with zipfile.ZipFile(path) as zf:
        record = next(n for n in zf.namelist() if n.endswith("RECORD"))
        rows = {r[0]: r[1] for r in csv.reader(io.StringIO(zf.read(record).decode())) if r}
        actual = sha256_b64(zf.read("badhash/__init__.py"))
    recorded = rows["badhash/__init__.py"].removeprefix("sha256=")
    assert recorded != actual
    r = check(wheelfs, path)
    assert r.returncode == 3
    assert r.stdout.splitlines() == [
        f"hash-mismatch: badhash/__init__.py: RECORD says sha256={recorded}, the member has sha256={actual}",
        f"{path.name}: 1 problem"]


def test_unlisted_member_is_reported(wheelfs):
    path = WHL / f"unlisted-1.0.0-{X86}.whl"
    r = check(wheelfs, path)
    assert r.returncode == 3
    assert f"not-in-record: unlisted/{EXT}: not listed in RECORD" in r.stdout.splitlines()


@pytest.fixture
def retagged(tmp_path):
    """The newglibc extension (needs GLIBC_2.34) in a wheel claiming manylinux_2_17."""
    ext = B / "ext" / "newglibc.so"
    mkwheel.build_wheel(tmp_path, "newglibc", "1.0.0", ["cp311-cp311-manylinux_2_17_x86_64"], [
        mkwheel.Member("newglibc/__init__.py", b""),
        mkwheel.Member(f"newglibc/{EXT}", ext.read_bytes(), 0o755)])
    return tmp_path / "newglibc-1.0.0-cp311-cp311-manylinux_2_17_x86_64.whl"


def test_tags_claiming_more_than_the_contents(wheelfs, retagged):
    r = check(wheelfs, retagged)
    assert r.returncode == 3
    lines = r.stdout.splitlines()
    head = "tag-not-satisfied: manylinux_2_17_x86_64: the contents are only manylinux_2_34_x86_64: symbol-versions"
    assert lines[:-1] == [
        f"{head} libc.so.6 GLIBC_2.25 (getrandom in newglibc/{EXT})",
        f"{head} libc.so.6 GLIBC_2.26 (reallocarray in newglibc/{EXT})",
        f"{head} libc.so.6 GLIBC_2.34 (close_range in newglibc/{EXT})"]
    assert lines[-1] == f"{retagged.name}: 3 problems"
    # A claim the contents do satisfy passes: manylinux_2_34 and anything newer.
    ok = retagged.with_name(retagged.name.replace("manylinux_2_17", "manylinux_2_35"))
    mkwheel.build_wheel(ok.parent, "newglibc", "1.0.0", ["cp311-cp311-manylinux_2_35_x86_64"], [
        mkwheel.Member(f"newglibc/{EXT}", (B / "ext" / "newglibc.so").read_bytes(), 0o755)])
    assert check(wheelfs, ok).returncode == 0


def test_filename_tags_must_match_wheel_file(wheelfs, retagged, tmp_path):
    renamed = tmp_path / "renamed" / retagged.name.replace("manylinux_2_17", "manylinux_2_36")
    renamed.parent.mkdir()
    shutil.copy(retagged, renamed)
    r = check(wheelfs, renamed)
    assert r.returncode == 3
    lines = r.stdout.splitlines()
    assert "tag-mismatch: cp311-cp311-manylinux_2_36_x86_64: in the file name but not in WHEEL" in lines
    assert "tag-mismatch: cp311-cp311-manylinux_2_17_x86_64: in WHEEL but not in the file name" in lines
    # WHEEL's own claim is checked too.
    assert any(l.startswith("tag-not-satisfied: manylinux_2_17_x86_64:") for l in lines)
    assert not any(l.startswith("tag-not-satisfied: manylinux_2_36_x86_64:") for l in lines)


def test_wrong_architecture_and_libc_claims(wheelfs, tmp_path):
    ext = (B / "ext" / "simple.so").read_bytes()
    mkwheel.build_wheel(tmp_path, "simple", "1.0.0", ["cp311-cp311-musllinux_1_2_aarch64"], [
        mkwheel.Member(f"simple/{EXT}", ext, 0o755)])
    r = check(wheelfs, tmp_path / "simple-1.0.0-cp311-cp311-musllinux_1_2_aarch64.whl")
    assert r.returncode == 3
    # Tag aarch64 against an x86_64 ELF: auditwheel's rule skips the ELF, so there is no
    # platform ELF left for that tag.
    assert r.stdout.startswith("not-a-platform-wheel: musllinux_1_2_aarch64: claims a platform but Invalid binary wheel")


def test_pure_tag_with_binaries(wheelfs, tmp_path):
    ext = (B / "ext" / "simple.so").read_bytes()
    mkwheel.build_wheel(tmp_path, "simple", "1.0.0", ["py3-none-any"], [mkwheel.Member(f"simple/{EXT}", ext, 0o755)])
    r = check(wheelfs, tmp_path / "simple-1.0.0-py3-none-any.whl")
    assert r.returncode == 3
    assert f"tag-not-satisfied: any: claims a pure wheel but has ELF files: simple/{EXT}" in r.stdout


def test_corrupt_member_is_named(wheelfs, tmp_path):
    src = WHL / f"simple-1.0.0-{X86}.whl"
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(f"simple/{EXT}")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 100, start + 164):
        data[i] ^= 0x55
    bad = tmp_path / src.name
    bad.write_bytes(bytes(data))
    with pytest.raises((zipfile.BadZipFile, __import__("zlib").error)):  # the oracle agrees: damaged
        zipfile.ZipFile(bad).read(f"simple/{EXT}")
    r = check(wheelfs, bad)
    assert r.returncode == 3
    assert r.stdout.splitlines()[0].startswith(f"corrupt-member: simple/{EXT}: ")


def test_json_output(wheelfs):
    import json
    r = check(wheelfs, "--json", WHL / f"badhash-1.0.0-{X86}.whl")
    assert r.returncode == 3
    got = json.loads(r.stdout)
    assert got["ok"] is False and got["overall_tag"] == "manylinux_2_5_x86_64"
    assert got["claimed_platforms"] == ["linux_x86_64"]
    assert [p["code"] for p in got["problems"]] == ["hash-mismatch"]
    assert got["problems"][0]["subject"] == "badhash/__init__.py"


def test_unreadable_inputs(wheelfs, tmp_path):
    r = check(wheelfs, tmp_path / "nope-1.0-py3-none-any.whl")
    assert r.returncode == 2 and "No such file" in r.stderr
    bogus = tmp_path / "bogus-1.0-py3-none-any.whl"
    bogus.write_bytes(b"PK but not really")
    r = check(wheelfs, bogus)
    assert r.returncode == 1 and r.stderr.startswith("wheelfs: ") and "Traceback" not in r.stderr

"""Per-symbol diagnostics (pypa/auditwheel#36) and the mount's `.audit/` texts, printed by
`wheelfs show --audit-file NAME`.

The symbol behind each too-new version must be the function the C source calls, on stripped
files and on files without section headers too; every row must match readelf's view of the
unstripped file.
"""
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, run

FIX = ROOT / "Fixtures"
B = FIX / "build"
WHL = B / "wheels"
LIB = B / "private" / "lib"
X86 = "cp311-cp311-linux_x86_64"
EXT = "_ext.cpython-311-x86_64-linux-gnu.so"

# glibc version of each call in Fixtures/src/val_newglibc.c and glibc_new.c (glibc's ABI lists).
CALLS = {"getrandom": "GLIBC_2.25", "reallocarray": "GLIBC_2.26", "close_range": "GLIBC_2.34",
         "_dl_find_object": "GLIBC_2.35", "pidfd_open": "GLIBC_2.36", "arc4random": "GLIBC_2.36"}


def show(wheelfs, *args, libpath=None):
    env = {k: v for k, v in os.environ.items() if "LD_LIBRARY_PATH" not in k}
    if libpath:
        env["AUDITWHEEL_LD_LIBRARY_PATH"] = str(libpath)
    r = subprocess.run([wheelfs, "show", *map(str, args)], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout


def symbol_rows(wheelfs, path):
    text = show(wheelfs, "--audit-file", "symbols", path)
    rows = [line.split("\t") for line in text.splitlines()]
    assert all(len(r) == 4 for r in rows)
    # A weak reference is marked after its name; readelf lists it like any other.
    return [[f, l, v, s.removesuffix(" (weak)")] for f, l, v, s in rows]


def called_in(source, symbol):
    return re.search(rf"\b{re.escape(symbol)}\s*\(", (FIX / "src" / source).read_text()) is not None


def readelf_needs(path):
    """(symbol, version) of every undefined versioned dynamic symbol, from `readelf --dyn-syms`."""
    if shutil.which("readelf") is None:
        pytest.fail("readelf not found: run `make deps`")
    out = run(["readelf", "-W", "--dyn-syms", str(path)]).stdout
    return {(m.group(1), m.group(2)) for m in re.finditer(r" UND (\S+)@(\S+) \(\d+\)", out)}


@pytest.mark.parametrize("variant", ["newglibc", "newglibc_stripped", "newglibc_noshdr"])
def test_each_new_version_names_the_called_function(wheelfs, variant):
    rows = symbol_rows(wheelfs, WHL / f"{variant}-1.0.0-{X86}.whl")
    member = f"{variant}/{EXT}"
    assert all(r[0] == member and r[1] == "libc.so.6" for r in rows)
    new = {(r[3], r[2]) for r in rows if r[2] != "GLIBC_2.2.5"}
    assert new == {("getrandom", "GLIBC_2.25"), ("reallocarray", "GLIBC_2.26"), ("close_range", "GLIBC_2.34")}
    for symbol, _ in new:
        assert called_in("val_newglibc.c", symbol) and CALLS[symbol] == _
    # The same rows as readelf on the unstripped extension (the one with every table).
    assert {(r[3], r[2]) for r in rows} == readelf_needs(B / "ext" / "newglibc.so")


@pytest.mark.parametrize("name", ["libnewglibc.so", "libnoshdr.so"])
def test_bare_elf_files(wheelfs, name):
    rows = symbol_rows(wheelfs, B / name)
    got = {(r[3], r[2]) for r in rows if r[2] != "GLIBC_2.2.5"}
    assert got == {(s, v) for s, v in CALLS.items()}
    assert all(called_in("glibc_new.c", s) for s, _ in got)
    assert {(r[3], r[2]) for r in rows} == readelf_needs(B / "libnewglibc.so")
    policy = show(wheelfs, "--audit-file", "policy", B / name).splitlines()
    assert policy[0] == "manylinux_2_36_x86_64"
    capped = [l for l in policy if l.startswith("capped-by: ")]
    assert capped == [
        f"capped-by: symbol-versions manylinux_2_36_x86_64: libc.so.6 GLIBC_2.36 ({s} in {name})"
        for s in ("arc4random", "pidfd_open")]


def test_version_no_symbol_refers_to(wheelfs, tmp_path):
    """Point getrandom's .gnu.version entry at GLIBC_2.2.5: GLIBC_2.25 stays in
    .gnu.version_r (readelf -V) with no symbol using it."""
    src = B / "libnewglibc.so"
    data = bytearray(src.read_bytes())
    sections = run(["readelf", "-W", "-S", str(src)]).stdout
    versym = int(re.search(r"\.gnu\.version\s+VERSYM\s+\S+\s+(\S+)", sections).group(1), 16)
    syms = run(["readelf", "-W", "--dyn-syms", str(src)]).stdout
    index = int(re.search(r"\s(\d+): \S+\s+\d+ FUNC\s+GLOBAL DEFAULT\s+UND getrandom@GLIBC_2.25", syms).group(1))
    needs = run(["readelf", "-W", "-V", str(src)]).stdout
    old = int(re.search(r"Name: GLIBC_2\.2\.5\s+Flags: none\s+Version: (\d+)", needs).group(1))
    struct.pack_into("<H", data, versym + 2 * index, old)
    patched = tmp_path / "libpatched.so"
    patched.write_bytes(bytes(data))
    assert ("getrandom", "GLIBC_2.2.5") in readelf_needs(patched)
    assert "Name: GLIBC_2.25" in run(["readelf", "-W", "-V", str(patched)]).stdout
    rows = symbol_rows(wheelfs, patched)
    assert ["libpatched.so", "libc.so.6", "GLIBC_2.25", "(no symbol)"] in rows
    assert ["libpatched.so", "libc.so.6", "GLIBC_2.2.5", "getrandom"] in rows
    text = show(wheelfs, patched)
    assert "libc.so.6 GLIBC_2.25 in libpatched.so: (no symbol)" in text


def test_policy_file_explains_each_cap(wheelfs):
    private = show(wheelfs, "--audit-file", "policy", WHL / f"private-1.0.0-{X86}.whl", libpath=LIB).splitlines()
    assert private[0] == "linux_x86_64"
    member = f"private/{EXT}"
    assert [l for l in private if l.startswith("capped-by")] == [
        f"capped-by: external-libraries linux_x86_64: {n} => {LIB}/{n[:-2]}.1.0.0 (needed by {member})"
        for n in ("liba.so.1", "libb.so.1", "libc_chain.so.1")]
    assert "ceiling: symbol-versions manylinux_2_5_x86_64" in private

    blacklist = show(wheelfs, "--audit-file", "policy", WHL / f"blacklist-1.0.0-{X86}.whl",
                     libpath=B / "private" / "zlib").splitlines()
    assert [l for l in blacklist if l.startswith("capped-by")] == [
        f"capped-by: blacklist linux_x86_64: libz.so.1 {s} (in blacklist/{EXT})" for s in ("zcalloc", "zcfree")]

    isa = show(wheelfs, "--audit-file", "policy", WHL / f"isa-1.0.0-{X86}.whl").splitlines()
    assert [l for l in isa if l.startswith("capped-by")] == [
        f"capped-by: isa linux_x86_64: x86_64_v3 (in isa/{EXT})"]

    simple = show(wheelfs, "--audit-file", "policy", WHL / f"simple-1.0.0-{X86}.whl").splitlines()
    assert simple[0] == "manylinux_2_5_x86_64" and not any(l.startswith("capped-by") for l in simple)


def test_needed_file_marks_wheel_members(wheelfs):
    text = show(wheelfs, "--audit-file", "needed", WHL / f"rpath-1.0.0-{X86}.whl", libpath=LIB)
    lines = text.splitlines()
    assert lines[0] == f"rpath/{EXT}"
    assert "    libinner.so.1 => rpath_vendor/libinner.so.1 (in wheel)" in lines
    assert f"    libouter.so.1 => {os.path.realpath(LIB / 'libouter.so.1')}" in lines
    libpython = show(wheelfs, "--audit-file", "needed", WHL / f"libpython-1.0.0-{X86}.whl")
    assert "    libpython3.11.so.1.0 => not found (libpython, not resolved)" in libpython.splitlines()
    missing = show(wheelfs, "--audit-file", "needed", WHL / f"private-1.0.0-{X86}.whl")
    assert "    liba.so.1 => not found" in missing.splitlines()


def test_report_json_round_trips_through_show_json(wheelfs):
    path = WHL / f"newglibc-1.0.0-{X86}.whl"
    report = show(wheelfs, "--audit-file", "report.json", path)
    assert report == show(wheelfs, "--json", path)
    got = json.loads(report)["wheelfs"]
    assert got["schema_version"] == 1
    uses = {(u["symbol"], u["version"]) for u in got["symbol_uses"]}
    assert ("close_range", "GLIBC_2.34") in uses
    barrier = got["barriers"][0]
    assert barrier["policy"] == "manylinux_2_31_x86_64"
    assert [(u["symbol"], u["file"]) for u in barrier["symbol_versions"]] == [("close_range", f"newglibc/{EXT}")]


def test_root_looks_up_libraries_under_a_sysroot(wheelfs, tmp_path):
    """--root DIR: system libraries come from DIR (paths reported as the target sees them);
    the host's are not consulted. auditwheel has no such option for show."""
    libdir = tmp_path / "usr" / "lib"
    libdir.mkdir(parents=True)
    for name in ("liba", "libb", "libc_chain"):
        shutil.copy(LIB / f"{name}.so.1.0.0", libdir)
        os.symlink(f"{name}.so.1.0.0", libdir / f"{name}.so.1")
    path = WHL / f"private-1.0.0-{X86}.whl"
    got = json.loads(show(wheelfs, "--json", "--root", tmp_path, path))
    assert got["external_libs"] == {f"{n}.so.1": f"/usr/lib/{n}.so.1.0.0" for n in ("liba", "libb", "libc_chain")}
    needed = show(wheelfs, "--audit-file", "needed", "--root", tmp_path, path).splitlines()
    assert "    liba.so.1 => /usr/lib/liba.so.1.0.0" in needed
    # Without --root the same wheel finds nothing on the host.
    assert json.loads(show(wheelfs, "--json", path))["external_libs"] == {"liba.so.1": None}

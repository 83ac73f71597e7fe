"""The fixtures themselves, checked against independent tools: each ELF file has the feature it
claims (per readelf, and per ld.so where it can run), each wheel is a valid zip whose RECORD
verifies, and `auditwheel show --json` (6.8.2) gives the verdict each wheel was designed for.

Other suites rely on these facts; if one fails here, their failures are not worth reading.
"""
import base64
import csv
import hashlib
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run

FIX = ROOT / "Fixtures"
B = FIX / "build"
LIB = B / "private" / "lib"
WHL = B / "wheels"
EXAMPLE = B / "example" / "wheelfs_example-1.0.0-cp311-cp311-linux_x86_64.whl"
X86 = "cp311-cp311-linux_x86_64"
SUFFIX = ".cpython-311-x86_64-linux-gnu.so"


def make(*args):
    return run(["make", "--no-print-directory", "-C", str(FIX), f"PYTHON={sys.executable}", *args])


@pytest.fixture(scope="session", autouse=True)
def built():
    """Build (or confirm up to date) every fixture once per session."""
    r = make()
    assert r.returncode == 0, f"`make -C Fixtures` failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"


def tool(*argv):
    if shutil.which(argv[0]) is None:
        pytest.fail(f"{argv[0]} not found: run `make deps`")
    r = run(list(argv))
    assert r.returncode == 0, f"{argv} failed: {r.stderr}"
    return r.stdout


def readelf(flags, path):
    return tool("readelf", "-W", flags, str(path))


def dynamic(path):
    """(tag, value) pairs from `readelf -d`, e.g. ("NEEDED", "libc.so.6")."""
    out = []
    for line in readelf("-d", path).splitlines():
        m = re.match(r"\s*0x[0-9a-f]+ \((\w+)\)\s+(.*)$", line)
        if m:
            tag, rest = m.groups()
            v = re.search(r"\[(.*)\]", rest)
            out.append((tag, v.group(1) if v else rest.strip()))
    return out


def dyn(path, tag):
    return [v for t, v in dynamic(path) if t == tag]


def version_needs(path):
    """{file: set(version names)} from `readelf -V` (.gnu.version_r)."""
    needs, current = {}, None
    for line in readelf("-V", path).splitlines():
        m = re.search(r"File: (\S+)\s+Cnt:", line)
        if m:
            current = needs.setdefault(m.group(1), set())
            continue
        m = re.search(r"^\s+0x[0-9a-f]+:\s+Name: (\S+)\s+Flags:", line)
        if m and current is not None:
            current.add(m.group(1))
    return needs


def version_defs(path):
    return re.findall(r"Index: \d+\s+Cnt: \d+\s+Name: (\S+)", readelf("-V", path))


def dynsyms(path):
    """Symbol names with their @/@@ version suffix from `readelf --dyn-syms`."""
    out = []
    for line in readelf("--dyn-syms", path).splitlines():
        # Num: Value Size Type Bind Vis [<localentry>: N on ppc64] Ndx Name[@version] [(n)]
        m = re.match(r"\s*\d+: [0-9a-f]+\s+\d+ \w+\s+\w+\s+\w+(?:\s+\[[^]]*\])?\s+(\S+) (\S+)", line)
        if m:
            out.append(m.groups())  # (Ndx, name[@version])
    return out


def run_exe(path, env_extra=None):
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)
    env.update(env_extra or {})
    return subprocess.run([str(path)], capture_output=True, text=True, env=env)


# ---------------------------------------------------------------------------- make

def test_second_make_rebuilds_nothing():
    assert make("-q").returncode == 0, "`make -q` says something is out of date after a build"
    r = make()
    assert r.returncode == 0
    assert "gcc" not in r.stdout and "mkwheel" not in r.stdout, r.stdout


def test_clean_target_removes_the_build_dir():
    r = make("-n", "clean")
    assert r.returncode == 0
    assert r.stdout.strip() == "rm -rf build"


def test_missing_cross_compiler_is_a_loud_error():
    r = make("-n", "CC_riscv64=riscv64-no-such-gcc")
    assert r.returncode != 0
    assert "riscv64-no-such-gcc" in r.stderr and "make deps" in r.stderr


# ---------------------------------------------------------------------------- versions

def test_libversioned_defines_two_versions_with_default_and_old():
    lib = B / "libversioned.so"
    assert version_defs(lib) == ["libversioned.so", "VERS_1.0", "VERS_2.0"]
    names = {n for _, n in dynsyms(lib)}
    assert {"vers_value@VERS_1.0", "vers_value@@VERS_2.0", "vers_legacy@@VERS_1.0"} <= names


def test_executables_bind_default_and_old_versions():
    assert version_needs(B / "bin/hello_old")["libversioned.so"] == {"VERS_1.0"}
    assert version_needs(B / "bin/hello_pie")["libversioned.so"] == {"VERS_2.0"}
    assert run_exe(B / "bin/hello_old").stdout == "1\n"
    assert run_exe(B / "bin/hello_pie").stdout == "2\n"


def test_pie_and_non_pie():
    assert "DYN (Position-Independent Executable file)" in readelf("-h", B / "bin/hello_pie")
    assert "PIE" in " ".join(dyn(B / "bin/hello_pie", "FLAGS_1"))
    assert "EXEC (Executable file)" in readelf("-h", B / "bin/hello_nopie")
    assert run_exe(B / "bin/hello_nopie").stdout == "2\n"


def test_newglibc_needs_each_recent_glibc_version_for_the_right_symbol():
    lib = B / "libnewglibc.so"
    assert version_needs(lib)["libc.so.6"] >= {
        "GLIBC_2.25", "GLIBC_2.26", "GLIBC_2.34", "GLIBC_2.35", "GLIBC_2.36"}
    undef = {n for ndx, n in dynsyms(lib) if ndx == "UND"}
    for sym in ("getrandom@GLIBC_2.25", "reallocarray@GLIBC_2.26", "close_range@GLIBC_2.34",
                "_dl_find_object@GLIBC_2.35", "pidfd_open@GLIBC_2.36", "arc4random@GLIBC_2.36"):
        assert sym in undef, sym


def test_cxx_library_needs_glibcxx_versions():
    needs = version_needs(B / "libcxx.so")
    assert {"GLIBCXX_3.4.25", "GLIBCXX_3.4.21", "CXXABI_1.3"} <= needs["libstdc++.so.6"]
    assert "libstdc++.so.6" in dyn(B / "libcxx.so", "NEEDED")


# ---------------------------------------------------------------------------- NEEDED / paths

def test_private_chain_has_real_sonames_and_symlinks():
    for name, needed in [("liba", "libb.so.1"), ("libb", "libc_chain.so.1"), ("libc_chain", None)]:
        real = LIB / f"{name}.so.1.0.0"
        assert dyn(real, "SONAME") == [f"{name}.so.1"]
        assert os.readlink(LIB / f"{name}.so.1") == f"{name}.so.1.0.0"
        if needed:
            assert needed in dyn(real, "NEEDED")
    # not on the system search path
    assert "liba.so.1" not in tool("/sbin/ldconfig", "-p")


def test_rpath_executable_reaches_indirect_dependency_and_runpath_does_not():
    exe_r, exe_rp = B / "bin/chain_rpath", B / "bin/chain_runpath"
    assert dyn(exe_r, "RPATH") == ["$ORIGIN/../private/lib"] and dyn(exe_r, "RUNPATH") == []
    assert dyn(exe_rp, "RUNPATH") == ["$ORIGIN/../private/lib"] and dyn(exe_rp, "RPATH") == []
    assert run_exe(exe_r).stdout == "111\n"
    r = run_exe(exe_rp)
    assert r.returncode != 0 and "libb.so.1: cannot open shared object file" in r.stderr


def test_rpath_on_an_intermediate_library():
    mid_r = B / "private/nested/libmid_rpath.so.1"
    mid_rp = B / "private/nested/libmid_runpath.so.1"
    assert dyn(mid_r, "RPATH") == ["$ORIGIN/../lib"] and dyn(mid_r, "RUNPATH") == []
    assert dyn(mid_rp, "RUNPATH") == ["$ORIGIN/../lib"] and dyn(mid_rp, "RPATH") == []
    assert run_exe(B / "bin/mid_rpath").stdout == "1111\n"
    r = run_exe(B / "bin/mid_runpath")
    assert r.returncode != 0 and "libb.so.1" in r.stderr


@pytest.mark.parametrize("name, tag, loads", [("librpath.so", "RPATH", True),
                                              ("librunpath.so", "RUNPATH", False)])
def test_rpath_vs_runpath_library_under_dlopen(name, tag, loads):
    lib = B / name
    assert dyn(lib, tag) == ["$ORIGIN/private/lib:$ORIGIN/../lib"]
    other = "RUNPATH" if tag == "RPATH" else "RPATH"
    assert dyn(lib, other) == []
    code = f"import ctypes; print(ctypes.CDLL({str(lib)!r}).rpath_user_value())"
    r = run_exe_py(code)
    if loads:
        assert r.stdout == "111\n", r.stderr
    else:
        assert r.returncode != 0 and "libb.so.1" in r.stderr


def run_exe_py(code, env_extra=None):
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


# ---------------------------------------------------------------------------- notes / segments

@pytest.mark.parametrize("path", ["libisa_v3.so", "ext/isa.so"])
def test_isa_v3_property_note(path):
    assert "x86 ISA needed: x86-64-baseline, x86-64-v2, x86-64-v3" in readelf("-n", B / path)


def test_isa_note_absent_from_default_build():
    assert "ISA needed" not in readelf("-n", B / "ext/simple.so")


@pytest.mark.parametrize("path, flags", [("libexecstack.so", "RWE"), ("ext/execstack.so", "RWE"),
                                         ("libversioned.so", "RW")])
def test_gnu_stack_flags(path, flags):
    line = next(l for l in readelf("-l", B / path).splitlines() if "GNU_STACK" in l)
    assert line.split()[-2] == flags


def test_relro_now_and_lazy():
    now, lazy = B / "librelro_now.so", B / "liblazy.so"
    assert "BIND_NOW" in dyn(now, "FLAGS") and "NOW" in " ".join(dyn(now, "FLAGS_1"))
    assert "GNU_RELRO" in readelf("-l", now)
    assert dyn(lazy, "FLAGS") == [] and dyn(lazy, "FLAGS_1") == []
    assert "GNU_RELRO" not in readelf("-l", lazy)


@pytest.mark.parametrize("path", ["libnoshdr.so", "ext/newglibc_noshdr.so"])
def test_no_section_headers_but_dynamic_still_readable(path):
    p = B / path
    assert "There are no sections in this file." in readelf("-S", p)
    assert "Number of section headers:         0" in readelf("-h", p)
    assert "libc.so.6" in dyn(p, "NEEDED")
    assert dyn(p, "VERNEED") and dyn(p, "VERSYM")
    # the loader still accepts it: symbol versions are resolved from the dynamic segment
    assert run_exe_py(f"import ctypes; ctypes.CDLL({str(p)!r})").returncode == 0


@pytest.mark.parametrize("path", ["libbigdynstr.so", "bin/bigdynstr"])
def test_big_dynstr(path):
    m = re.search(r"\.dynstr\s+STRTAB\s+[0-9a-f]+ [0-9a-f]+ ([0-9a-f]+)", readelf("-S", B / path))
    size = int(m.group(1), 16)
    assert size > 300_000
    exported = [n for ndx, n in dynsyms(B / path) if ndx != "UND" and "big_dynamic" in n]
    assert len(exported) == 4000
    assert run_exe(B / "bin/bigdynstr").stdout == "3999\n"


def test_fake_zlib_exports_blacklisted_symbols():
    z = B / "private/zlib/libz.so.1"
    assert dyn(z, "SONAME") == ["libz.so.1"]
    names = {n for ndx, n in dynsyms(z) if ndx != "UND"}
    assert {"zcalloc@@ZLIB_1.2.0", "zcfree@@ZLIB_1.2.0"} <= names
    undef = {n for ndx, n in dynsyms(B / "ext/blacklist.so") if ndx == "UND"}
    assert {"zcalloc@ZLIB_1.2.0", "zcfree@ZLIB_1.2.0"} <= undef


def test_real_zlib_extension_uses_public_api_only():
    ext = B / "ext/realzlib.so"
    undef = {n.split("@")[0] for ndx, n in dynsyms(ext) if ndx == "UND"}
    assert {"deflate", "deflateBound", "deflateEnd", "deflateInit_"} <= undef
    assert not undef & {"zcalloc", "zcfree"}


def test_libpython_stub_is_needed():
    assert dyn(B / "private/python/libpython3.11.so.1.0", "SONAME") == ["libpython3.11.so.1.0"]
    assert "libpython3.11.so.1.0" in dyn(B / "ext/libpython.so", "NEEDED")
    assert not any(n.startswith("libpython") for n in dyn(B / "ext/simple.so", "NEEDED"))


# ---------------------------------------------------------------------------- foreign arches

CROSS = {
    # key: (Class, Data, Machine, libc soname, glibc version needed by libtiny or None)
    "aarch64": ("ELF64", "little endian", "AArch64", "libc.so.6", "GLIBC_2.17"),
    "armv7l": ("ELF32", "little endian", "ARM", "libc.so.6", "GLIBC_2.4"),
    "i686": ("ELF32", "little endian", "Intel 80386", "libc.so.6", "GLIBC_2.0"),
    "ppc64le": ("ELF64", "little endian", "PowerPC64", "libc.so.6", "GLIBC_2.17"),
    "s390x": ("ELF64", "big endian", "IBM S/390", "libc.so.6", "GLIBC_2.2"),
    "riscv64": ("ELF64", "little endian", "RISC-V", "libc.so.6", "GLIBC_2.27"),
    "musl_x86_64": ("ELF64", "little endian", "Advanced Micro Devices X86-64",
                    "libc.musl-x86_64.so.1", None),
}


@pytest.mark.parametrize("arch", sorted(CROSS))
def test_cross_library_and_extension(arch):
    klass, data, machine, libc, glibc = CROSS[arch]
    d = B / "cross" / arch
    for f in (d / "libtiny.so.1", d / "_tiny.so"):
        h = readelf("-h", f)
        assert re.search(rf"Class:\s+{klass}\n", h)
        assert re.search(rf"Data:\s+2's complement, {data}\n", h)
        assert re.search(rf"Machine:\s+{re.escape(machine)}\n", h)
    assert libc in dyn(d / "libtiny.so.1", "NEEDED")
    assert version_defs(d / "libtiny.so.1") == ["libtiny.so.1", "TINY_1.0"]
    if glibc:
        assert glibc in version_needs(d / "libtiny.so.1")["libc.so.6"]
    assert dyn(d / "_tiny.so", "NEEDED")[0] == "libtiny.so.1"
    assert dyn(d / "_tiny.so", "RUNPATH") == ["$ORIGIN"]
    assert "PyInit__tiny" in {n for ndx, n in dynsyms(d / "_tiny.so") if ndx != "UND"}


# ---------------------------------------------------------------------------- auditwheel

def upgrades_all(libs=None, blacklisted=None):
    """Marker: every policy above the overall tag lists exactly these eliminations."""
    return ("all", libs, blacklisted)


def priv(name):
    return str(LIB / f"{name}.so.1.0.0")


GLIBC_NEW = {"libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.25", "GLIBC_2.26", "GLIBC_2.34"]}
# wheel file -> (AUDITWHEEL_LD_LIBRARY_PATH, expected subset of `show --json`)
EXPECTED = {
    f"simple-1.0.0-{X86}.whl": (None, dict(
        overall_tag="manylinux_2_5_x86_64", sym_tag="manylinux_2_5_x86_64",
        versioned_symbols={}, external_libs={}, policy_upgrades={})),
    f"newglibc-1.0.0-{X86}.whl": (None, dict(
        overall_tag="manylinux_2_34_x86_64", sym_tag="manylinux_2_34_x86_64",
        versioned_symbols=GLIBC_NEW, external_libs={})),
    f"newglibc_stripped-1.0.0-{X86}.whl": (None, dict(
        overall_tag="manylinux_2_34_x86_64", sym_tag="manylinux_2_34_x86_64",
        versioned_symbols=GLIBC_NEW, external_libs={})),
    # auditwheel (pyelftools) reads versions through section headers only: with none, it sees
    # no version needs at all and says manylinux_2_5. The truth (readelf -d) is GLIBC_2.34.
    f"newglibc_noshdr-1.0.0-{X86}.whl": (None, dict(
        overall_tag="manylinux_2_5_x86_64", sym_tag="manylinux_2_5_x86_64",
        versioned_symbols={}, external_libs={})),
    # GLIBCXX_3.4.25 (std::random_device::entropy) is past 2_27/2_28's 3.4.24
    f"cxx-1.0.0-{X86}.whl": (None, dict(
        overall_tag="manylinux_2_31_x86_64", sym_tag="manylinux_2_31_x86_64",
        versioned_symbols={"libgcc_s.so.1": ["GCC_3.0"], "libstdc++.so.6": [
            "CXXABI_1.3", "CXXABI_1.3.9", "GLIBCXX_3.4", "GLIBCXX_3.4.18", "GLIBCXX_3.4.21",
            "GLIBCXX_3.4.25", "GLIBCXX_3.4.9"]},
        external_libs={})),
    f"private-1.0.0-{X86}.whl": (LIB, dict(
        overall_tag="linux_x86_64", sym_tag="manylinux_2_5_x86_64", versioned_symbols={},
        external_libs={"liba.so.1": priv("liba"), "libb.so.1": priv("libb"),
                       "libc_chain.so.1": priv("libc_chain")},
        policy_upgrades=upgrades_all(libs=["liba.so.1", "libb.so.1", "libc_chain.so.1"]))),
    f"blacklist-1.0.0-{X86}.whl": (B / "private/zlib", dict(
        overall_tag="linux_x86_64", sym_tag="manylinux_2_12_x86_64",
        versioned_symbols={"libz.so.1": ["ZLIB_1.2.0"]}, external_libs={},
        policy_upgrades=upgrades_all(blacklisted={"libz.so.1": ["zcalloc", "zcfree"]}))),
    f"realzlib-1.0.0-{X86}.whl": (None, dict(
        overall_tag="manylinux_2_12_x86_64", sym_tag="manylinux_2_12_x86_64",
        versioned_symbols={"libz.so.1": ["ZLIB_1.2.0"]}, external_libs={},
        policy_upgrades={})),
    f"isa-1.0.0-{X86}.whl": (None, dict(
        overall_tag="linux_x86_64", sym_tag="manylinux_2_5_x86_64", unsupported_isa=True,
        external_libs={}, policy_upgrades={})),
    f"libpython-1.0.0-{X86}.whl": (B / "private/python", dict(
        overall_tag="linux_x86_64", sym_tag="manylinux_2_5_x86_64",
        versioned_symbols={"libc.so.6": ["GLIBC_2.2.5"]},
        external_libs={"libpython3.11.so.1.0": None},
        policy_upgrades=upgrades_all(libs=["libpython3.11.so.1.0"]))),
    # auditwheel has no executable-stack check (#634)
    f"execstack-1.0.0-{X86}.whl": (None, dict(
        overall_tag="manylinux_2_5_x86_64", sym_tag="manylinux_2_5_x86_64", external_libs={})),
    f"rpath-1.0.0-{X86}.whl": (LIB, dict(
        overall_tag="linux_x86_64", sym_tag="manylinux_2_5_x86_64",
        external_libs={"libouter.so.1": priv("libouter")},
        policy_upgrades=upgrades_all(libs=["libouter.so.1"]))),
    f"runpath-1.0.0-{X86}.whl": (LIB, dict(
        overall_tag="linux_x86_64", sym_tag="manylinux_2_5_x86_64",
        external_libs={"libouter.so.1": priv("libouter")},
        policy_upgrades=upgrades_all(libs=["libouter.so.1"]))),
    f"shared-1.0.0-{X86}.whl": (LIB, dict(
        overall_tag="linux_x86_64", sym_tag="manylinux_2_5_x86_64",
        external_libs={"libshared.so.1": priv("libshared")},
        policy_upgrades=upgrades_all(libs=["libshared.so.1"]))),
    # the executable itself needs __libc_start_main@GLIBC_2.34
    "script-1.0.0-py3-none-linux_x86_64.whl": (LIB, dict(
        overall_tag="linux_x86_64", sym_tag="manylinux_2_34_x86_64",
        versioned_symbols={"libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.34"]},
        external_libs={"libouter.so.1": priv("libouter")},
        policy_upgrades=upgrades_all(libs=["libouter.so.1"]))),
    # auditwheel only looks at RECORD: the extension missing from it makes a "pure" wheel
    f"unlisted-1.0.0-{X86}.whl": (None, dict(error=(
        "This does not look like a platform wheel, no ELF executable or shared library file "
        "(including compiled Python C extension) found in the wheel archive"))),
    # ... and never verifies RECORD hashes
    f"badhash-1.0.0-{X86}.whl": (None, dict(
        overall_tag="manylinux_2_5_x86_64", sym_tag="manylinux_2_5_x86_64", external_libs={})),
    EXAMPLE.name: (LIB, dict(
        overall_tag="linux_x86_64", sym_tag="manylinux_2_26_x86_64",
        versioned_symbols={"libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.25"]},
        external_libs={"libwfexample.so.1": priv("libwfexample")},
        policy_upgrades=upgrades_all(libs=["libwfexample.so.1"]))),
}
for _arch, (_tag, _glibc) in {
    "aarch64": ("manylinux_2_17_aarch64", ["GLIBC_2.17"]),
    "armv7l": ("manylinux_2_17_armv7l", ["GLIBC_2.4"]),
    "i686": ("manylinux_2_5_i686", ["GLIBC_2.0", "GLIBC_2.1.3"]),
    "ppc64le": ("manylinux_2_17_ppc64le", ["GLIBC_2.17"]),
    "s390x": ("manylinux_2_17_s390x", ["GLIBC_2.2"]),
    "riscv64": ("manylinux_2_31_riscv64", ["GLIBC_2.27"]),
}.items():
    EXPECTED[f"cross_{_arch}-1.0.0-cp311-cp311-linux_{_arch}.whl"] = (None, dict(
        overall_tag=_tag, sym_tag=_tag, external_libs={}, policy_upgrades={},
        versioned_symbols={"libc.so.6": _glibc, "libtiny.so.1": ["TINY_1.0"]}))
# the musl wheel's libc is recognised from the SOABI suffix and NEEDED libc.musl-x86_64.so.1
EXPECTED[f"cross_musl_x86_64-1.0.0-{X86}.whl"] = (None, dict(
    overall_tag="musllinux_1_2_x86_64", sym_tag="musllinux_1_2_x86_64", external_libs={},
    policy_upgrades={}, versioned_symbols={"libtiny.so.1": ["TINY_1.0"]}))


def auditwheel_show(path, libpath):
    exe = Path(sys.executable).parent / "auditwheel"
    if not exe.exists():
        pytest.fail(f"auditwheel not found next to {sys.executable}: run `make deps`")
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)
    # auditwheel searches AUDITWHEEL_LD_LIBRARY_PATH before LD_LIBRARY_PATH; unlike the latter
    # it does not also redirect auditwheel's own interpreter to the fake libz / libpython.
    env.pop("AUDITWHEEL_LD_LIBRARY_PATH", None)
    if libpath:
        env["AUDITWHEEL_LD_LIBRARY_PATH"] = str(libpath)
    r = subprocess.run([str(exe), "show", "--json", str(path)], capture_output=True, text=True,
                       env=env)
    return r.returncode, json.loads(r.stdout)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_auditwheel_verdict(name):
    libpath, want = EXPECTED[name]
    rc, got = auditwheel_show(wheel_path(name), libpath)
    assert got["version"] == 1 and got["wheel"] == name
    if "error" in want:
        assert rc == 1 and got["error"] == want["error"]
        return
    assert rc == 0
    assert got["pure"] is False and got["pyfpe"] is False and got["ucs2"] is False
    assert got["unsupported_isa"] is want.get("unsupported_isa", False)
    for key, value in want.items():
        if key == "unsupported_isa":
            continue
        if isinstance(value, tuple) and value[0] == "all":
            _, libs, blacklisted = value
            assert got[key], "expected policy upgrades"
            for policy, entry in got[key].items():
                want_entry = {}
                if libs:
                    want_entry["libs_to_eliminate"] = libs
                if blacklisted:
                    want_entry["blacklisted_symbols"] = blacklisted
                assert entry == want_entry, policy
            continue
        assert got[key] == value, key


def test_auditwheel_without_library_path_cannot_walk_the_chain():
    rc, got = auditwheel_show(WHL / f"private-1.0.0-{X86}.whl", None)
    assert rc == 0 and got["overall_tag"] == "linux_x86_64"
    assert got["external_libs"] == {"liba.so.1": None}


# ld.so and auditwheel's lddtree disagree on indirect dependencies, in both directions:
#   chain_runpath  ld.so cannot find libb.so.1 (RUNPATH serves direct NEEDED only);
#                  lddtree passes the executable's RUNPATH down and finds it.
#   mid_rpath      ld.so finds libb.so.1 through libmid_rpath's DT_RPATH (inherited by liba);
#                  lddtree does not inherit RPATH from an intermediate library and misses it.
LDDTREE = {  # executable: (ld.so runs it, auditwheel's realpath for libb.so.1)
    "chain_rpath": (True, str(LIB / "libb.so.1.0.0")),
    "chain_runpath": (False, str(LIB / "libb.so.1.0.0")),
    "mid_rpath": (True, None),
    "mid_runpath": (False, None),
}


@pytest.mark.parametrize("exe", sorted(LDDTREE))
def test_auditwheel_lddtree_vs_ld_so(exe):
    runs, libb = LDDTREE[exe]
    assert (run_exe(B / "bin" / exe).returncode == 0) is runs
    aw = Path(sys.executable).parent / "auditwheel"
    env = {k: v for k, v in os.environ.items() if "LD_LIBRARY_PATH" not in k}
    r = subprocess.run([str(aw), "lddtree", str(B / "bin" / exe)], capture_output=True, text=True,
                       env=env)
    assert r.returncode == 0, r.stderr
    text = r.stdout + r.stderr
    tree = json.loads(text[text.index("{"):text.rindex("}") + 1])
    assert tree["libraries"]["libb.so.1"]["realpath"] == libb
    assert tree["libraries"]["liba.so.1"]["realpath"] == str(LIB / "liba.so.1.0.0")


# ---------------------------------------------------------------------------- wheels

def wheel_path(name):
    return EXAMPLE if name == EXAMPLE.name else WHL / name


def record_rows(zf):
    info = next(n for n in zf.namelist() if n.endswith(".dist-info/RECORD"))
    return info, list(csv.reader(io.StringIO(zf.read(info).decode())))


def record_mismatches(path):
    """Members whose RECORD hash/size is wrong, and members not listed in RECORD."""
    with zipfile.ZipFile(path) as zf:
        info, rows = record_rows(zf)
        listed, bad = set(), []
        for name, digest, size in rows:
            listed.add(name)
            if name == info:
                assert digest == "" and size == ""
                continue
            data = zf.read(name)
            algo, _, b64 = digest.partition("=")
            assert algo == "sha256"
            want = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            if b64 != want or int(size) != len(data):
                bad.append(name)
        unlisted = sorted(set(zf.namelist()) - listed)
    return bad, unlisted


def test_every_wheel_has_an_expected_verdict_and_vice_versa():
    names = {p.name for p in WHL.glob("*.whl")} | {p.name for p in EXAMPLE.parent.glob("*.whl")}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_wheel_zip_is_valid_and_record_verifies(name):
    path = wheel_path(name)
    r = run([sys.executable, "-m", "zipfile", "-t", str(path)])
    assert r.returncode == 0 and "Done testing" in r.stdout, r.stdout + r.stderr
    bad, unlisted = record_mismatches(path)
    if path.name.startswith("badhash-"):
        assert (bad, unlisted) == (["badhash/__init__.py"], [])
    elif path.name.startswith("unlisted-"):
        assert (bad, unlisted) == ([], [f"unlisted/_ext{SUFFIX}"])
    else:
        assert (bad, unlisted) == ([], [])
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        dist = path.name.split("-")[0]
        assert names[-3:] == [f"{dist}-1.0.0.dist-info/{n}" for n in ("METADATA", "WHEEL", "RECORD")]
        wheel = zf.read(f"{dist}-1.0.0.dist-info/WHEEL").decode()
        tag = "-".join(path.name[:-4].split("-")[2:])
        assert f"Tag: {tag}\n" in wheel and "Root-Is-Purelib: false\n" in wheel
        for zi in zf.infolist():
            assert zi.date_time == (1980, 1, 1, 0, 0, 0)
            mode = zi.external_attr >> 16
            elf = zf.read(zi.filename)[:4] == b"\x7fELF"
            assert mode == (0o100755 if elf else 0o100644), zi.filename


def test_mkwheel_is_deterministic(tmp_path):
    sys.path.insert(0, str(FIX / "tools"))
    try:
        import mkwheel
    finally:
        sys.path.pop(0)
    members = [mkwheel.Member("p/__init__.py", b"x = 1\n"),
               mkwheel.Member("p/_m.so", b"\x7fELF fake", 0o755)]
    a = mkwheel.build_wheel(tmp_path / "a", "p", "1.0", ["py3-none-any"], members)
    b = mkwheel.build_wheel(tmp_path / "b", "p", "1.0", ["py3-none-any"], list(reversed(members)))
    assert a.name == "p-1.0-py3-none-any.whl"
    assert a.read_bytes() == b.read_bytes()
    s = mkwheel.build_wheel(tmp_path / "s", "p-q", "2", ["py3-none-any"], [],)
    assert s.name == "p_q-2-py3-none-any.whl"
    with zipfile.ZipFile(s) as zf:
        assert "Root-Is-Purelib: true\n" in zf.read("p_q-2.dist-info/WHEEL").decode()


def test_script_wheel_puts_executable_in_data_scripts():
    with zipfile.ZipFile(WHL / "script-1.0.0-py3-none-linux_x86_64.whl") as zf:
        zi = zf.getinfo("script-1.0.0.data/scripts/fxscript")
        assert zf.read(zi)[:4] == b"\x7fELF" and zi.external_attr >> 16 == 0o100755


# ---------------------------------------------------------------------------- loading for real

def extract(path, dest):
    with zipfile.ZipFile(path) as zf:
        zf.extractall(dest)
        for zi in zf.infolist():
            os.chmod(dest / zi.filename, (zi.external_attr >> 16) & 0o777)
    return dest


LIBPY_SHARED = bool(sysconfig.get_config_var("Py_ENABLE_SHARED"))
IMPORTS = {
    # wheel file: (module, expected value(), LD_LIBRARY_PATH or None)
    f"simple-1.0.0-{X86}.whl": ("simple._ext", 42, None),
    f"newglibc-1.0.0-{X86}.whl": ("newglibc._ext", 34, None),
    f"newglibc_stripped-1.0.0-{X86}.whl": ("newglibc_stripped._ext", 34, None),
    f"newglibc_noshdr-1.0.0-{X86}.whl": ("newglibc_noshdr._ext", 34, None),
    f"cxx-1.0.0-{X86}.whl": ("cxx._ext", 7, None),
    f"private-1.0.0-{X86}.whl": ("private._ext", 111, LIB),
    f"blacklist-1.0.0-{X86}.whl": ("blacklist._ext", 1, B / "private/zlib"),
    f"realzlib-1.0.0-{X86}.whl": ("realzlib._ext", 1000, None),
    # a shared-libpython interpreter already has libpython3.11.so.1.0 loaded; the stub is only
    # for a static one (putting the stub first would break a shared interpreter itself)
    f"libpython-1.0.0-{X86}.whl": ("libpython._ext", 311,
                                   None if LIBPY_SHARED else B / "private/python"),
    f"execstack-1.0.0-{X86}.whl": ("execstack._ext", 9, None),
    f"rpath-1.0.0-{X86}.whl": ("rpath._ext", 320, LIB),
    f"runpath-1.0.0-{X86}.whl": ("runpath._ext", 320, LIB),
    f"shared-1.0.0-{X86}.whl": ("shared._one", 1001, LIB),
    f"badhash-1.0.0-{X86}.whl": ("badhash._ext", 42, None),
}


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_extension_imports_and_returns_its_value(name, tmp_path):
    module, value, libpath = IMPORTS[name]
    site = extract(WHL / name, tmp_path)
    env = {"PYTHONPATH": str(site)}
    if libpath:
        env["LD_LIBRARY_PATH"] = str(libpath)
    code = f"import {module} as m; print(m.value())"
    r = run_exe_py(code, env)
    assert r.stdout == f"{value}\n", r.stderr


def test_shared_second_extension_and_example(tmp_path):
    site = extract(WHL / f"shared-1.0.0-{X86}.whl", tmp_path / "shared")
    r = run_exe_py("import shared._two as m; print(m.value())",
                   {"PYTHONPATH": str(site), "LD_LIBRARY_PATH": str(LIB)})
    assert r.stdout == "1002\n", r.stderr
    site = extract(EXAMPLE, tmp_path / "example")
    r = run_exe_py("import wheelfs_example as w; print(w.value()); print(w.readme().split()[0])",
                   {"PYTHONPATH": str(site), "LD_LIBRARY_PATH": str(LIB)})
    assert r.stdout == "2025\nwheelfs_example\n", r.stderr


def test_in_wheel_library_is_found_through_origin(tmp_path):
    # Without the wheel's own libinner.so.1 next to it, the rpath wheel's extension cannot load:
    # so the $ORIGIN/../rpath_vendor entry is what finds it.
    site = extract(WHL / f"rpath-1.0.0-{X86}.whl", tmp_path)
    (site / "rpath_vendor" / "libinner.so.1").unlink()
    r = run_exe_py("import rpath._ext", {"PYTHONPATH": str(site), "LD_LIBRARY_PATH": str(LIB)})
    assert r.returncode != 0 and "libinner.so.1" in r.stderr


def test_script_wheel_executable_runs(tmp_path):
    site = extract(WHL / "script-1.0.0-py3-none-linux_x86_64.whl", tmp_path)
    exe = site / "script-1.0.0.data/scripts/fxscript"
    assert run_exe(exe, {"LD_LIBRARY_PATH": str(LIB)}).stdout == "300\n"


# ---------------------------------------------------------------------------- downloads

def manifest(name):
    for line in (FIX / name).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split()[:2]


@pytest.mark.parametrize("name, subdir", [("pypi-manifest.txt", "pypi"),
                                          ("auditwheel-manifest.txt", "auditwheel")])
def test_downloaded_oracles_match_their_manifest(name, subdir):
    entries = list(manifest(name))
    assert len(entries) >= (15 if subdir == "pypi" else 20)
    for sha, rel in entries:
        p = FIX / subdir / rel
        if rel.endswith(".tar.gz"):
            p = FIX / subdir / "_sdist" / rel
        assert p.is_file(), f"{p} missing: run `make -C Fixtures downloads`"
        assert hashlib.sha256(p.read_bytes()).hexdigest() == sha, rel

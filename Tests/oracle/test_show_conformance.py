"""`wheelfs show --json` against `auditwheel show --json` (6.8.2, run live: it is the oracle).

Every fixture wheel, every auditwheel test wheel and every pinned PyPI wheel must give
auditwheel's object byte for byte (wheelfs only appends its own "wheelfs" key) and the same
exit status, except the intended differences listed in docs/compatibility.md, each asserted by
a dedicated test below. `show` text is compared paragraph by paragraph, with Python's unordered
set reprs normalised.
"""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run

FIX = ROOT / "Fixtures"
B = FIX / "build"
LIB = B / "private" / "lib"
WHL = B / "wheels"
EXAMPLE = B / "example" / "wheelfs_example-1.0.0-cp311-cp311-linux_x86_64.whl"
BUNDLED = FIX / "auditwheel" / "tests" / "bundled-wheels"
PYPI = FIX / "pypi"
AUDITWHEEL = Path(sys.executable).parent / "auditwheel"
X86 = "cp311-cp311-linux_x86_64"
GLIBC_NEW = {"libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.25", "GLIBC_2.26", "GLIBC_2.34"]}

# Project name -> the AUDITWHEEL_LD_LIBRARY_PATH its fixture wheel needs (Fixtures/README.md).
LIBPATH = {"private": LIB, "blacklist": B / "private" / "zlib", "libpython": B / "private" / "python",
           "rpath": LIB, "runpath": LIB, "shared": LIB, "script": LIB, "wheelfs_example": LIB}

# Wheels on which wheelfs deliberately answers differently; each has its own test below.
INTENDED = {
    f"newglibc_noshdr-1.0.0-{X86}.whl": "test_no_section_headers_give_the_true_versions",
    f"unlisted-1.0.0-{X86}.whl": "test_members_missing_from_record_are_analysed",
    "testsimple-0.0.1-cp310-cp310-linux_x86_64.whl": "test_undetectable_libc_defaults_to_glibc",
    "spam-0.1.0-cp313-cp313-android_24_arm64_v8a.whl": "test_android_wheels_are_refused",
}


def wheels():
    found = sorted(WHL.glob("*.whl")) + [EXAMPLE] + sorted(BUNDLED.rglob("*.whl")) + sorted(PYPI.glob("*.whl"))
    if len(found) < 60:
        pytest.fail(f"only {len(found)} oracle wheels found: run `make fixtures`")
    return found


def env_for(path, libpath="default"):
    env = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "AUDITWHEEL_LD_LIBRARY_PATH")}
    if libpath == "default":
        libpath = LIBPATH.get(path.name.split("-")[0])
    if libpath:
        env["AUDITWHEEL_LD_LIBRARY_PATH"] = str(libpath)
    return env


def auditwheel(*args, env, cwd=None):
    if not AUDITWHEEL.exists():
        pytest.fail(f"auditwheel not found next to {sys.executable}: run `make deps`")
    return subprocess.run([str(AUDITWHEEL), *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd)


def wheelfs_run(wheelfs, *args, env, cwd=None):
    return subprocess.run([wheelfs, *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd)


def without_wheelfs(text):
    value = json.loads(text)
    value.pop("wheelfs", None)
    return value


def test_intended_differences_are_all_present():
    names = {p.name for p in wheels()}
    assert set(INTENDED) <= names
    assert all(INTENDED[name] in globals() for name in INTENDED)


@pytest.mark.parametrize("path", [p for p in wheels() if p.name not in INTENDED], ids=lambda p: p.name)
def test_show_json_equals_auditwheel(wheelfs, path):
    env = env_for(path)
    theirs = auditwheel("show", "--json", path, env=env)
    ours = wheelfs_run(wheelfs, "show", "--json", path, env=env)
    assert ours.returncode == theirs.returncode, (ours.stderr, theirs.stderr)
    assert theirs.stdout, theirs.stderr
    if "error" in json.loads(theirs.stdout):
        assert ours.stdout == theirs.stdout
        return
    mine = json.loads(ours.stdout)
    assert "wheelfs" in mine and list(mine)[-1] == "wheelfs"
    # Byte for byte: auditwheel's text, without its closing brace, starts ours.
    assert theirs.stdout.endswith("\n}\n")
    head = theirs.stdout[: -len("\n}\n")]
    assert ours.stdout.startswith(head + ',\n    "wheelfs": {'), "formatting differs"
    assert without_wheelfs(ours.stdout) == json.loads(theirs.stdout)
    assert mine["wheelfs"]["verdict"]["overall_tag"] == mine["overall_tag"]


# ----------------------------------------------------------------------------- show text

def paragraphs(text):
    """auditwheel's paragraphs, unwrapped, with each {'a', 'b'} set and the list of libraries
    with versions sorted."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        flat = " ".join(line.strip() for line in block.splitlines())
        flat = re.sub(r"\{([^{}]*)\}", lambda m: "{" + ", ".join(sorted(x.strip() for x in m.group(1).split(","))) + "}"
                      if "'" in m.group(1) else m.group(0), flat)
        prefix = "The wheel references external versioned symbols in these system-provided shared libraries: "
        if flat.startswith(prefix):  # libraries in dict order there, sorted here
            flat = prefix + ", ".join(sorted(re.findall(r"\S+ with versions \{[^}]*\}", flat)))
        out.append(flat)
    return out


TEXT_WHEELS = [WHL / f"{n}-1.0.0-{X86}.whl" for n in
               ("simple", "newglibc", "cxx", "private", "blacklist", "isa", "libpython", "shared")] + [
    BUNDLED / "testzlib-0.0.1-cp310-cp310-linux_x86_64.whl", BUNDLED / "fpewheel-0.0.0-cp35-cp35m-linux_x86_64.whl",
    BUNDLED / "cffi-1.5.0-cp27-none-linux_x86_64.whl",
    PYPI / "psutil-7.2.2-cp36-abi3-manylinux2010_x86_64.manylinux_2_12_x86_64.manylinux_2_28_x86_64.whl"]


@pytest.mark.parametrize("verbose", [False, True], ids=["plain", "verbose"])
@pytest.mark.parametrize("path", TEXT_WHEELS, ids=lambda p: p.name)
def test_show_text_carries_auditwheels_paragraphs(wheelfs, path, verbose):
    env = env_for(path)
    flags = ["-v"] if verbose else []
    theirs = auditwheel(*flags, "show", path, env=env)
    ours = wheelfs_run(wheelfs, "show", *flags, path, env=env)
    assert theirs.returncode == ours.returncode == 0, ours.stderr
    want, got = paragraphs(theirs.stdout), paragraphs(ours.stdout)
    assert got[: len(want)] == want
    # Lines are wrapped at 70 columns like auditwheel's (long words excepted).
    auditwheel_part = ours.stdout.strip().split("\n\n")[: len(want)]
    for line in "\n".join(auditwheel_part).splitlines():
        assert len(line) <= 70 or " " not in line.strip() or line.lstrip().startswith('"'), line


def test_show_text_is_deterministic(wheelfs):
    path = PYPI / "numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl"
    first = wheelfs_run(wheelfs, "show", "-v", path, env=env_for(path))
    second = wheelfs_run(wheelfs, "show", "-v", path, env=env_for(path))
    assert first.returncode == 0 and first.stdout == second.stdout
    # Sets print in version order: GLIBC_2.2.5 before GLIBC_2.14.
    flat = " ".join(first.stdout.split())
    assert flat.index("'GLIBC_2.2.5'") < flat.index("'GLIBC_2.14'")


# ----------------------------------------------------------------------------- exit statuses

def test_missing_file_is_a_usage_error(wheelfs, tmp_path):
    missing = tmp_path / "nope-1.0-py3-none-any.whl"
    theirs = auditwheel("show", missing, env=env_for(missing, None))
    ours = wheelfs_run(wheelfs, "show", missing, env=env_for(missing, None))
    assert theirs.returncode == ours.returncode == 2
    assert f"cannot access {missing}. No such file" in theirs.stderr
    assert f"cannot access {missing}. No such file" in ours.stderr


@pytest.mark.parametrize("name", ["six-1.16.0-py2.py3-none-any.whl", "plotly-6.3.1-py3-none-any.whl"])
def test_pure_wheels_allowed(wheelfs, name):
    path = PYPI / name
    for flags in ([], ["--json"]):
        theirs = auditwheel("show", *flags, "--allow-pure-python-wheel", path, env=env_for(path))
        ours = wheelfs_run(wheelfs, "show", *flags, "--allow-pure-python-wheel", path, env=env_for(path))
        assert theirs.returncode == ours.returncode == 0
        assert ours.stdout == theirs.stdout


def test_not_a_wheel_is_a_clean_error(wheelfs, tmp_path):
    bogus = tmp_path / "bogus-1.0-py3-none-any.whl"
    bogus.write_bytes(b"not a zip at all")
    ours = wheelfs_run(wheelfs, "show", bogus, env=env_for(bogus, None))
    assert ours.returncode == 1
    assert ours.stderr.startswith("wheelfs: ") and "Traceback" not in ours.stderr
    assert len(ours.stderr.strip().splitlines()) == 1
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    ours = wheelfs_run(wheelfs, "show", text, env=env_for(text, None))
    assert ours.returncode == 1 and "not an ELF file or a wheel" in ours.stderr


def test_corrupt_member_is_named(wheelfs, tmp_path):
    import zipfile
    src = WHL / f"simple-1.0.0-{X86}.whl"
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(f"simple/_ext.cpython-311-x86_64-linux-gnu.so")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 100, start + 164):
        data[i] ^= 0x55
    bad = tmp_path / src.name
    bad.write_bytes(bytes(data))
    ours = wheelfs_run(wheelfs, "show", bad, env=env_for(bad, None))
    assert ours.returncode == 1, ours.stdout
    assert "simple/_ext.cpython-311-x86_64-linux-gnu.so" in ours.stderr and "Traceback" not in ours.stderr


# ----------------------------------------------------------------------------- intended differences

def test_no_section_headers_give_the_true_versions(wheelfs):
    """auditwheel (pyelftools) finds .gnu.version_r and .dynsym through section headers only;
    without them it sees no version need. ELFKit reads the dynamic section: GLIBC_2.34 (the
    truth, per `readelf -d` and the identical stripped fixture)."""
    path = WHL / f"newglibc_noshdr-1.0.0-{X86}.whl"
    theirs = json.loads(auditwheel("show", "--json", path, env=env_for(path)).stdout)
    ours = json.loads(wheelfs_run(wheelfs, "show", "--json", path, env=env_for(path)).stdout)
    assert theirs["overall_tag"] == "manylinux_2_5_x86_64" and theirs["versioned_symbols"] == {}
    assert ours["overall_tag"] == ours["sym_tag"] == "manylinux_2_34_x86_64"
    assert ours["versioned_symbols"] == GLIBC_NEW
    stripped = WHL / f"newglibc_stripped-1.0.0-{X86}.whl"
    same = json.loads(wheelfs_run(wheelfs, "show", "--json", stripped, env=env_for(stripped)).stdout)
    for key in ("overall_tag", "sym_tag", "versioned_symbols", "external_libs", "policy_upgrades"):
        assert ours[key] == same[key]


def test_members_missing_from_record_are_analysed(wheelfs):
    """auditwheel only reads files RECORD lists, so an extension left out of RECORD is
    invisible ("not a platform wheel"); wheelfs analyses every member and warns."""
    path = WHL / f"unlisted-1.0.0-{X86}.whl"
    theirs = auditwheel("show", "--json", path, env=env_for(path))
    assert theirs.returncode == 1 and "This does not look like a platform wheel" in json.loads(theirs.stdout)["error"]
    ours = wheelfs_run(wheelfs, "show", "--json", path, env=env_for(path))
    assert ours.returncode == 0
    got = json.loads(ours.stdout)
    assert got["overall_tag"] == "manylinux_2_5_x86_64"
    warnings = got["wheelfs"]["warnings"]
    assert [w["kind"] for w in warnings] == ["not-in-record"]
    assert warnings[0]["file"] == "unlisted/_ext.cpython-311-x86_64-linux-gnu.so"
    assert "not listed in RECORD" in ours.stderr


def test_undetectable_libc_defaults_to_glibc(wheelfs):
    """A musl cp310 extension with no DT_NEEDED and the old `-linux-gnu` SOABI reveals no libc:
    auditwheel crashes (InvalidLibcError traceback); wheelfs assumes glibc, deterministically,
    and says so."""
    path = BUNDLED / "musllinux_1_2" / "testsimple-0.0.1-cp310-cp310-linux_x86_64.whl"
    theirs = auditwheel("show", "--json", path, env=env_for(path))
    assert theirs.returncode == 1 and "InvalidLibcError" in theirs.stderr
    ours = wheelfs_run(wheelfs, "show", "--json", path, env=env_for(path))
    assert ours.returncode == 0, ours.stderr
    got = json.loads(ours.stdout)
    assert got["overall_tag"] == "manylinux_2_5_x86_64"
    assert got["wheelfs"]["libc_source"] == "default"
    assert "couldn't detect wheel libc, defaulting to glibc" in ours.stderr


def test_android_wheels_are_refused(wheelfs):
    """PolicyKit has no Android policies: wheelfs refuses cleanly where auditwheel audits."""
    path = BUNDLED / "android" / "spam-0.1.0-cp313-cp313-android_24_arm64_v8a.whl"
    theirs = auditwheel("show", "--json", path, env=env_for(path))
    assert theirs.returncode == 0 and json.loads(theirs.stdout)["sym_tag"] == "android_24_arm64_v8a"
    ours = wheelfs_run(wheelfs, "show", "--json", path, env=env_for(path))
    assert ours.returncode == 1
    assert json.loads(ours.stdout) == {"version": 1, "wheel": path.name, "error": (
        "Android wheels are not supported (wheelfs audits manylinux and musllinux wheels)")}


def gcc(*args):
    if shutil.which("gcc") is None:
        pytest.fail("gcc not found: run `make deps`")
    r = run(["gcc", *map(str, args)])
    assert r.returncode == 0, r.stderr


def test_free_threaded_libpython_is_not_grafted(wheelfs, tmp_path):
    """auditwheel's LIBPYTHON_RE misses `libpython3.13t.so.1.0`: found on the library path, it
    is an ordinary external library it would graft. wheelfs recognises the free-threaded name
    and never resolves it, like `libpython3.13.so.1.0`."""
    stub = tmp_path / "lib"
    stub.mkdir()
    (tmp_path / "stub.c").write_text("int Py_IsInitialized(void) { return 1; }\n")
    gcc("-shared", "-fPIC", "-Wl,-soname,libpython3.13t.so.1.0", "-o", stub / "libpython3.13t.so.1.0",
        tmp_path / "stub.c")
    (tmp_path / "ext.c").write_text(
        "int Py_IsInitialized(void);\nvoid *PyInit__ft(void) { return (void *)(long)Py_IsInitialized(); }\n")
    ext = tmp_path / "_ft.cpython-313t-x86_64-linux-gnu.so"
    gcc("-shared", "-fPIC", "-Wl,--no-as-needed", "-o", ext, tmp_path / "ext.c", f"-L{stub}",
        "-l:libpython3.13t.so.1.0")
    sys.path.insert(0, str(FIX / "tools"))
    import mkwheel
    mkwheel.build_wheel(tmp_path, "ft", "1.0", ["cp313-cp313t-linux_x86_64"],
                        [mkwheel.Member(f"ft/{ext.name}", ext.read_bytes(), 0o755)])
    wheel = tmp_path / "ft-1.0-cp313-cp313t-linux_x86_64.whl"
    env = env_for(wheel, stub)
    theirs = json.loads(auditwheel("show", "--json", wheel, env=env).stdout)
    ours = json.loads(wheelfs_run(wheelfs, "show", "--json", wheel, env=env).stdout)
    assert theirs["external_libs"] == {"libpython3.13t.so.1.0": str(stub / "libpython3.13t.so.1.0")}
    assert ours["external_libs"] == {"libpython3.13t.so.1.0": None}
    assert theirs["overall_tag"] == ours["overall_tag"] == "linux_x86_64"
    lines = [line for tree in ours["wheelfs"]["needed_trees"] for line in tree["lines"]]
    assert [(l["soname"], l["status"]) for l in lines if l["soname"].startswith("libpython")] == [
        ("libpython3.13t.so.1.0", "libpython")]


def test_relative_library_path_is_taken_from_the_working_directory(wheelfs):
    """auditwheel analyses from inside its temporary copy of the wheel, so a relative
    AUDITWHEEL_LD_LIBRARY_PATH finds nothing; wheelfs takes it against the user's directory."""
    path = WHL / f"private-1.0.0-{X86}.whl"
    env = env_for(path, None)
    env["AUDITWHEEL_LD_LIBRARY_PATH"] = "Fixtures/build/private/lib"
    theirs = json.loads(auditwheel("show", "--json", path, env=env, cwd=ROOT).stdout)
    ours = json.loads(wheelfs_run(wheelfs, "show", "--json", path, env=env, cwd=ROOT).stdout)
    assert theirs["external_libs"] == {"liba.so.1": None}
    assert ours["external_libs"] == {n: str(LIB / f"{n[:-5]}.so.1.0.0") for n in
                                    ("liba.so.1", "libb.so.1", "libc_chain.so.1")}


def test_executable_stack_is_reported_but_not_judged(wheelfs):
    """auditwheel has no executable-stack check (#634): same verdict, plus a fact."""
    path = WHL / f"execstack-1.0.0-{X86}.whl"
    got = json.loads(wheelfs_run(wheelfs, "show", "--json", path, env=env_for(path)).stdout)
    assert got["overall_tag"] == "manylinux_2_5_x86_64"
    assert got["wheelfs"]["executable_stacks"] == [
        {"file": "execstack/_ext.cpython-311-x86_64-linux-gnu.so", "origin": "wheel", "reason": "PT_GNU_STACK RWE"}]
    policy = wheelfs_run(wheelfs, "show", "--audit-file", "policy", path, env=env_for(path)).stdout
    assert "warning: executable-stack: execstack/_ext.cpython-311-x86_64-linux-gnu.so: PT_GNU_STACK RWE" in policy

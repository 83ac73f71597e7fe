"""`wheelfs repair` end to end (analysis + plan + patch + write), against auditwheel 6.8.2 run on
the same input with the same SOURCE_DATE_EPOCH and library path, then installed and imported
with the private library directory out of reach."""
import json
import os
import pathlib
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, run

WHEELS = ROOT / "Fixtures/build/wheels"
PRIVATE_LIB = ROOT / "Fixtures/build/private/lib"
VENV_BIN = ROOT / ".venv/bin"
EPOCH = "1700000000"

CASES = {
    # wheel stem: (import check, expected output)
    "private": ("import private._ext as m; print(m.value())", "111"),
    "shared": ("import shared._one as a, shared._two as b; print(a.value(), b.value())", "1001 1002"),
    "rpath": ("import rpath._ext as m; print(m.value())", "320"),
    "runpath": ("import runpath._ext as m; print(m.value())", "320"),
    "libpython": ("import libpython._ext as m; print(m.value())", "311"),
}


def env(**extra):
    e = {k: v for k, v in os.environ.items()
         if k not in ("AUDITWHEEL_PLAT", "AUDITWHEEL_ZIP_COMPRESSION_LEVEL", "LD_LIBRARY_PATH")}
    e["PATH"] = f"{VENV_BIN}:{e.get('PATH', '/usr/bin:/bin')}"
    e["SOURCE_DATE_EPOCH"] = EPOCH
    e["AUDITWHEEL_LD_LIBRARY_PATH"] = str(PRIVATE_LIB)
    e.update(extra)
    return e


def wheel(stem):
    path = WHEELS / f"{stem}-1.0.0-cp311-cp311-linux_x86_64.whl"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make fixtures`")
    return path


def dynamic(path):
    """NEEDED (in order), SONAME, RPATH, RUNPATH of an ELF, per readelf."""
    out = subprocess.run(["readelf", "-dW", str(path)], capture_output=True, text=True, check=True).stdout
    facts = {"NEEDED": [], "SONAME": None, "RPATH": None, "RUNPATH": None}
    for line in out.splitlines():
        for tag in facts:
            if f"({tag})" in line:
                value = line.split("[", 1)[1].rsplit("]", 1)[0]
                if tag == "NEEDED":
                    facts[tag].append(value)
                else:
                    facts[tag] = value
    return facts


def elves(whl, into):
    """{member: dynamic facts} for every ELF member, extracted under `into`."""
    result = {}
    with zipfile.ZipFile(whl) as z:
        for info in z.infolist():
            data = z.read(info) if not info.is_dir() else b""
            if data[:4] == b"\x7fELF":
                target = into / info.filename
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                result[info.filename] = dynamic(target)
    return result


def files(whl):
    with zipfile.ZipFile(whl) as z:
        return [i.filename for i in z.infolist() if not i.is_dir()]


def repair_both(wheelfs, stem, tmp_path, *args):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    r = run([wheelfs, "repair", "-w", str(ours), *args, str(wheel(stem))], env=env())
    assert r.returncode == 0, r.stderr
    a = run([str(VENV_BIN / "auditwheel"), "repair", "-w", str(theirs), *args, str(wheel(stem))], env=env())
    assert a.returncode == 0, a.stderr
    (mine,), (reference,) = list(ours.glob("*.whl")), list(theirs.glob("*.whl"))
    return mine, reference


@pytest.mark.parametrize("stem", sorted(CASES))
def test_repair_matches_auditwheel_and_imports(wheelfs, stem, tmp_path):
    mine, reference = repair_both(wheelfs, stem, tmp_path)
    # The same output name (tags), the same files in the same order (auditwheel adds directory
    # entries; we keep the input's members as they are: docs/repair.md).
    assert mine.name == reference.name
    assert files(mine) == files(reference)
    # The same grafted names (same source files → same hashes) and the same dynamic sections.
    assert elves(mine, tmp_path / "x-ours") == elves(reference, tmp_path / "x-theirs")
    # auditwheel itself calls our output consistent with the tag, with nothing external left.
    show = run([str(VENV_BIN / "auditwheel"), "show", "--json", str(mine)],
               env=env(AUDITWHEEL_LD_LIBRARY_PATH=""))
    report = json.loads(show.stdout)
    assert report["overall_tag"] == "manylinux_2_5_x86_64"
    assert report["external_libs"] == {}
    # Installed into a fresh venv, the extension loads its grafted chain with the private
    # directory out of reach and returns the value computed through it.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin/pip"), "install", "-q", "--no-index", "--no-deps", str(mine)],
                   check=True, env={"PATH": os.environ["PATH"]})
    check, expected = CASES[stem]
    out = subprocess.run([str(venv / "bin/python"), "-c", check], capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == expected


def test_repair_is_deterministic(wheelfs, tmp_path):
    outputs = []
    for n in range(2):
        r = run([wheelfs, "repair", "-w", str(tmp_path / str(n)), str(wheel("private"))], env=env())
        assert r.returncode == 0, r.stderr
        outputs.append(next((tmp_path / str(n)).glob("*.whl")).read_bytes())
    assert outputs[0] == outputs[1]


def test_refusal_names_the_offending_symbols(wheelfs, tmp_path):
    r = run([wheelfs, "repair", "--plat", "manylinux_2_17_x86_64", "-w", str(tmp_path),
             str(wheel("newglibc"))], env=env())
    assert r.returncode == 2
    assert "too-recent versioned symbols" in r.stderr
    # The functions Fixtures/src calls, each with the version that forces it.
    for symbol, version in [("getrandom", "GLIBC_2.25"), ("reallocarray", "GLIBC_2.26"),
                            ("close_range", "GLIBC_2.34")]:
        assert any(symbol in line and version in line for line in r.stderr.splitlines()), r.stderr
    assert not any(tmp_path.iterdir())


def test_missing_library_is_named_and_nothing_is_written(wheelfs, tmp_path):
    r = run([wheelfs, "repair", "-w", str(tmp_path / "out"), str(wheel("private"))],
            env=env(AUDITWHEEL_LD_LIBRARY_PATH=""))
    assert r.returncode == 1
    assert 'required library "liba.so.1" could not be located' in r.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_unwritable_wheelhouse_fails_cleanly(wheelfs, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    r = run([wheelfs, "repair", "-w", str(blocker / "house"), str(wheel("private"))], env=env())
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "Fatal error" not in r.stderr
    assert str(blocker) in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_input_wheel_is_never_modified(wheelfs, tmp_path):
    source = wheel("private")
    before = source.read_bytes()
    r = run([wheelfs, "repair", "-w", str(tmp_path), str(source)], env=env())
    assert r.returncode == 0, r.stderr
    assert source.read_bytes() == before

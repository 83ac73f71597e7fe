"""`wheelfs lddtree` against its two oracles:

* `--json` (auditwheel mode) must print exactly what `auditwheel lddtree` 6.8.2 logs, for every
  ELF file the fixtures build (host, cross-compiled, musl, executables and libraries);
* `--mode ldso` must agree with `ldd` (glibc's loader in trace mode) on the fixture
  executables, and the two modes must differ exactly where Fixtures/README.md says they do.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run

B = ROOT / "Fixtures" / "build"
LIB = B / "private" / "lib"
AUDITWHEEL = Path(sys.executable).parent / "auditwheel"


def elf_files():
    found = []
    for path in sorted(B.rglob("*")):
        if path.is_file() and not path.is_symlink() and "wheels" not in path.parts and "example" not in path.parts:
            with open(path, "rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(path)
    if len(found) < 40:
        pytest.fail(f"only {len(found)} fixture ELF files: run `make fixtures`")
    return found


def clean_env():
    return {k: v for k, v in os.environ.items() if "LD_LIBRARY_PATH" not in k}


def auditwheel_lddtree(relative):
    if not AUDITWHEEL.exists():
        pytest.fail(f"auditwheel not found next to {sys.executable}: run `make deps`")
    r = subprocess.run([str(AUDITWHEEL), "lddtree", str(relative)], capture_output=True, text=True,
                       env=clean_env(), cwd=ROOT)
    assert r.returncode == 0, r.stderr[-2000:]
    marker = "INFO:auditwheel.main_lddtree:"
    assert marker in r.stderr, r.stderr[-2000:]
    return r.stderr[r.stderr.index(marker) + len(marker):].rstrip("\n")


def wheelfs_lddtree(wheelfs, *args):
    r = subprocess.run([wheelfs, "lddtree", *map(str, args)], capture_output=True, text=True,
                       env=clean_env(), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize("path", elf_files(), ids=lambda p: str(p.relative_to(B)))
def test_lddtree_json_equals_auditwheel(wheelfs, path):
    relative = path.relative_to(ROOT)
    assert wheelfs_lddtree(wheelfs, "--json", relative).rstrip("\n") == auditwheel_lddtree(relative)


def ldd(path):
    r = run(["ldd", str(path)], env=clean_env())
    assert r.returncode == 0, r.stderr
    result = {}
    for line in r.stdout.splitlines():
        m = re.match(r"\s*(\S+) => (not found|\S+)", line)
        if m:
            result[m.group(1)] = None if m.group(2) == "not found" else m.group(2)
    return result


EXECUTABLES = sorted(p for p in (B / "bin").iterdir() if p.is_file())


@pytest.mark.parametrize("path", EXECUTABLES, ids=lambda p: p.name)
def test_ldso_mode_agrees_with_ldd(wheelfs, path):
    tree = json.loads(wheelfs_lddtree(wheelfs, "--mode", "ldso", "--json", path))
    expected = ldd(path)
    assert expected, f"ldd printed nothing for {path}"
    for name, where in expected.items():
        assert tree["libraries"].get(name, {}).get("path") == where, name
    interpreter = os.path.basename(tree["interpreter"] or "")
    for name, node in tree["libraries"].items():
        if node["path"] is not None and name != interpreter:
            assert name in expected, f"{name} resolved by wheelfs but not by ld.so"


# executable: (ld.so finds libb.so.1, auditwheel's lddtree finds it) — Fixtures/README.md
MODES = {
    "chain_rpath": (True, True),     # RPATH serves the whole chain in both
    "chain_runpath": (False, True),  # RUNPATH: direct needs only (ld.so); passed down (auditwheel)
    "mid_rpath": (True, False),      # an intermediate library's RPATH is inherited by ld.so only
    "mid_runpath": (False, False),
}


@pytest.mark.parametrize("name", sorted(MODES))
def test_modes_differ_where_the_loaders_do(wheelfs, name):
    ldso_finds, auditwheel_finds = MODES[name]
    path = B / "bin" / name
    ldso = json.loads(wheelfs_lddtree(wheelfs, "--mode", "ldso", "--json", path))
    audit = json.loads(wheelfs_lddtree(wheelfs, "--json", path))
    assert (ldso["libraries"]["libb.so.1"]["realpath"] is not None) is ldso_finds
    assert (audit["libraries"]["libb.so.1"]["realpath"] is not None) is auditwheel_finds
    assert (ldd(path).get("libb.so.1") is not None) is ldso_finds
    text = wheelfs_lddtree(wheelfs, path)  # the default text tree is auditwheel mode
    assert ("libb.so.1 => not found" in text) is (not auditwheel_finds)


def test_lddtree_errors(wheelfs, tmp_path):
    r = subprocess.run([wheelfs, "lddtree", str(tmp_path / "missing.so")], capture_output=True, text=True)
    assert r.returncode == 2 and "No such file" in r.stderr
    text = tmp_path / "text.so"
    text.write_text("not an ELF file")
    r = subprocess.run([wheelfs, "lddtree", str(text)], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.startswith("wheelfs: ") and "not an ELF file" in r.stderr

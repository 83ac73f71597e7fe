"""`wheelfs elf` against readelf (binutils): the JSON facts must say what readelf says, and
damaged files must fail with one clean line naming the file and an offset."""
import json
import re
import shutil

import pytest

from conftest import run

LIBS = [
    "/usr/lib/x86_64-linux-gnu/libz.so.1",
    "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
    "/usr/bin/ls",
]


def readelf(path):
    """needed, soname, rpath, runpath, version needs, version defs, versioned dynsym names."""
    r = run(["readelf", "-dW", "--dyn-syms", "-V", path])
    assert r.returncode == 0, r.stderr
    out = {"needed": [], "soname": None, "rpath": None, "runpath": None,
           "needs": [], "defs": [], "symbols": []}
    part = None
    for line in r.stdout.splitlines():
        if line.startswith("Dynamic section"):
            part = "dyn"
        elif line.startswith("Symbol table '.dynsym'"):
            part = "sym"
        elif line.startswith("Version definition section"):
            part = "def"
        elif line.startswith("Version needs section"):
            part = "need"
        elif line.startswith("Version symbols section"):
            part = None
        elif part == "dyn":
            m = re.search(r"\((NEEDED|SONAME|RPATH|RUNPATH)\)\s+[^[]*\[(.*)\]$", line)
            if m:
                key = m.group(1).lower()
                if key == "needed":
                    out["needed"].append(m.group(2))
                elif out[key] is None:
                    out[key] = m.group(2)
        elif part == "sym":
            m = re.match(r"\s*\d+: \S+\s+\d+ \S+\s+\S+\s+\S+\s+(?:\[[^]]*\]\s+)?\S+ ?(.*)$", line)
            if m:
                out["symbols"].append(m.group(1))
        elif part == "def":
            m = re.search(r"Index: (\d+)\s+Cnt: \d+\s+Name: (\S+)", line)
            if m:
                out["defs"].append([int(m.group(1)), m.group(2)])
            m = re.search(r"Parent \d+: (\S+)", line)
            if m:
                out["defs"][-1].append(m.group(1))
        elif part == "need":
            m = re.search(r"File: (\S+)", line)
            if m:
                out["needs"].append([m.group(1)])
            m = re.search(r"^\s+0x[0-9a-f]+:\s+Name: (\S+)", line)
            if m:
                out["needs"][-1].append(m.group(1))
    return out


def versioned(sym):
    """readelf's rendering of a symbol from the JSON facts."""
    name, version = sym["name"], sym.get("version")
    if version is None or (sym["defined"] and "versionFile" not in sym and version == name):
        return name
    if "versionFile" in sym:
        return f"{name}@{version} ({sym['versionIndex'] & 0x7fff})"
    return f"{name}@{version}" if sym["hidden"] else f"{name}@@{version}"


@pytest.mark.parametrize("path", LIBS)
def test_json_matches_readelf(wheelfs, path):
    r = run([wheelfs, "elf", "--json", path])
    assert r.returncode == 0, r.stderr
    facts = json.loads(r.stdout)
    expected = readelf(path)
    assert facts["needed"] == expected["needed"]
    assert facts.get("soname") == expected["soname"]
    assert facts.get("rpath") == expected["rpath"]
    assert facts.get("runpath") == expected["runpath"]
    assert [[n["file"]] + [v["name"] for v in n["versions"]] for n in facts["versionNeeds"]] \
        == expected["needs"]
    assert [[d["index"]] + d["names"] for d in facts["versionDefinitions"]] == expected["defs"]
    ours = [versioned(s) for s in facts["symbols"]]
    # readelf names unnamed STT_SECTION symbols after their section; compare the rest.
    pairs = [(o, e) for o, e, s in zip(ours, expected["symbols"], facts["symbols"])
             if not (s["type"] == 3 and s["name"] == "")]
    assert len(ours) == len(expected["symbols"]) and len(pairs) > 10
    assert all(o == e for o, e in pairs), [p for p in pairs if p[0] != p[1]][:5]


def test_json_keys_are_sorted(wheelfs):
    r = run([wheelfs, "elf", "--json", LIBS[0]])
    keys = list(json.loads(r.stdout).keys())
    assert keys == sorted(keys)


def test_truncated_file_fails_cleanly(wheelfs, tmp_path):
    broken = tmp_path / "libbroken.so"
    data = open(LIBS[0], "rb").read()
    broken.write_bytes(data[:1000])
    r = run([wheelfs, "elf", str(broken)])
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"wheelfs: {broken}: ")
    assert re.search(r"offset 0x[0-9a-f]+", lines[0]), lines[0]
    assert "Fatal error" not in r.stderr and r.stdout == ""


def test_not_elf_and_missing_files(wheelfs, tmp_path):
    text = tmp_path / "script.py"
    text.write_text("print('hi')\n")
    r = run([wheelfs, "elf", str(text), str(tmp_path / "missing.so")])
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert lines[0] == f"wheelfs: {text}: not an ELF file (magic 70 72 69 6e)"
    assert lines[1].startswith(f"wheelfs: {tmp_path / 'missing.so'}: cannot open")


def test_human_output_names_the_essentials(wheelfs):
    r = run([wheelfs, "elf", LIBS[0]])
    assert r.returncode == 0
    assert "soname: libz.so.1" in r.stdout
    assert "needed: libc.so.6" in r.stdout
    assert re.search(r"libc\.so\.6: .*GLIBC_2\.2\.5", r.stdout)

#!/usr/bin/env python3
"""Times ELFFacts.parse (via `wheelfs elf --count-only`) against pyelftools reading the same
fields (identity, interpreter, DT_NEEDED/SONAME/RPATH/RUNPATH/FLAGS, version needs and
definitions, every .dynsym symbol with its version, GNU property notes) over every shared
object in a directory, each side in one process.

    /work/main/.venv/bin/python Tests/scripts/bench_elf.py [--wheelfs .build/release/wheelfs]
        [--dir /usr/lib/x86_64-linux-gnu] [--repeat 3]
"""
import argparse
import os
import pathlib
import subprocess
import sys
import time

from elftools.elf.dynamic import DynamicSection, DynamicSegment
from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerDefSection, GNUVerNeedSection, GNUVerSymSection
from elftools.elf.sections import NoteSection, SymbolTableSection


def shared_objects(root):
    seen, out = set(), []
    for path in sorted(pathlib.Path(root).rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        st = path.stat()
        if st.st_ino in seen:
            continue
        with open(path, "rb") as f:
            head = f.read(18)
        if head[:4] != b"\x7fELF" or head[16] not in (2, 3):
            continue
        seen.add(st.st_ino)
        out.append(str(path))
    return out


def pyelftools_facts(path):
    with open(path, "rb") as f:
        elf = ELFFile(f)
        facts = {"class": elf.elfclass, "machine": elf["e_machine"], "flags": elf["e_flags"],
                 "needed": [], "soname": None, "rpath": None, "runpath": None}
        for seg in elf.iter_segments():
            if seg["p_type"] == "PT_INTERP":
                facts["interp"] = seg.get_interp_name()
        verneed, verdef, versym, dynsym = {}, {}, None, None
        for sec in elf.iter_sections():
            if isinstance(sec, DynamicSection):
                for tag in sec.iter_tags():
                    t = tag.entry.d_tag
                    if t == "DT_NEEDED":
                        facts["needed"].append(tag.needed)
                    elif t == "DT_SONAME":
                        facts["soname"] = tag.soname
                    elif t == "DT_RPATH":
                        facts["rpath"] = tag.rpath
                    elif t == "DT_RUNPATH":
                        facts["runpath"] = tag.runpath
                    elif t in ("DT_FLAGS", "DT_FLAGS_1"):
                        facts[t] = tag.entry.d_val
            elif isinstance(sec, GNUVerNeedSection):
                for need, auxes in sec.iter_versions():
                    for aux in auxes:
                        verneed[aux["vna_other"]] = (aux.name, need.name)
            elif isinstance(sec, GNUVerDefSection):
                for vd, auxes in sec.iter_versions():
                    names = [a.name for a in auxes]
                    verdef[vd["vd_ndx"]] = names
            elif isinstance(sec, GNUVerSymSection):
                versym = sec
            elif isinstance(sec, SymbolTableSection) and sec["sh_type"] == "SHT_DYNSYM":
                dynsym = sec
            elif isinstance(sec, NoteSection):
                for note in sec.iter_notes():
                    if note["n_type"] == "NT_GNU_PROPERTY_TYPE_0":
                        facts["props"] = [(p.pr_type, p.pr_data) for p in note["n_desc"]]
        symbols = []
        if dynsym is not None:
            for i, sym in enumerate(dynsym.iter_symbols()):
                version = None
                if versym is not None:
                    ndx = versym.get_symbol(i)["ndx"]
                    if isinstance(ndx, int):
                        index = ndx & 0x7FFF
                        if sym["st_shndx"] != "SHN_UNDEF" and index in verdef:
                            version = verdef[index][0]
                        elif index in verneed:
                            version = verneed[index]
                symbols.append((sym.name, sym["st_info"]["bind"], sym["st_info"]["type"],
                                sym["st_other"]["visibility"], sym["st_shndx"], version))
        facts["symbols"] = symbols
        facts["verneed"], facts["verdef"] = verneed, verdef
        return facts


def main():
    ap = argparse.ArgumentParser()
    root = pathlib.Path(__file__).resolve().parents[2]
    ap.add_argument("--wheelfs", default=str(root / ".build/release/wheelfs"))
    ap.add_argument("--dir", default="/usr/lib/x86_64-linux-gnu")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = shared_objects(args.dir)
    size = sum(os.path.getsize(p) for p in files)
    print(f"{len(files)} shared objects, {size / 1e6:.0f} MB, under {args.dir}")

    best_swift, swift_out = None, ""
    for _ in range(args.repeat):
        t = time.perf_counter()
        r = subprocess.run([args.wheelfs, "elf", "--count-only", *files],
                           capture_output=True, text=True)
        elapsed = time.perf_counter() - t
        swift_out = r.stdout.strip() + (f" ({r.stderr.count(chr(10))} errors)" if r.stderr else "")
        best_swift = elapsed if best_swift is None else min(best_swift, elapsed)
    print(f"wheelfs elf --count-only: {best_swift:.2f} s (best of {args.repeat}): {swift_out}")

    t = time.perf_counter()
    symbols, failed = 0, 0
    for p in files:
        try:
            symbols += len(pyelftools_facts(p)["symbols"])
        except Exception:  # noqa: BLE001 - count and continue, like the Swift side
            failed += 1
    py = time.perf_counter() - t
    print(f"pyelftools 0.33:          {py:.2f} s: {len(files) - failed} files, "
          f"{symbols} dynamic symbols, {failed} failed")
    print(f"speed-up: {py / best_swift:.0f}x")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A tiny, deterministic wheel packer (Python standard library only).

It writes `<name>-<version>-<py>-<abi>-<plat>.whl` with the payload members in sorted order,
then `<name>-<version>.dist-info/METADATA`, `WHEEL` (one `Tag:` line per tag) and `RECORD`
(`path,sha256=<urlsafe base64, no padding>,size` rows, RECORD itself last with empty fields).
Every member has the same timestamp (1980-01-01 00:00:00), Unix permissions from its mode,
and deflate level 6, so the same inputs always give the same bytes.

Defects on request, for tests of RECORD verification:
  --omit-from-record ARC   keep the member in the zip but leave it out of RECORD
  --corrupt-hash ARC       write a well-formed but wrong sha256 for the member

Command line:
  mkwheel.py --out DIR --name NAME --version V --tag PY-ABI-PLAT [--tag ...]
             [--file ARC=SRC[:MODE]]... [--text ARC=TEXT]... [--script NAME=SRC]...
             [--omit-from-record ARC]... [--corrupt-hash ARC]... [--purelib]
  (MODE is octal, e.g. 755; --script puts SRC at <name>-<version>.data/scripts/NAME, mode 755)

As a module: `build_wheel(out_dir, name, version, tags, members, ...)` with `Member` values.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import os
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
GENERATOR = "wheelfs-fixtures mkwheel 1.0"


@dataclass(frozen=True)
class Member:
    """One file in the wheel: its archive path, bytes and Unix permission bits."""

    arcname: str
    data: bytes
    mode: int = 0o644


def dist_name(name: str) -> str:
    """The distribution name as it appears in file names (PEP 427 escaping)."""
    return name.replace("-", "_")


def wheel_filename(name: str, version: str, tags: list[str]) -> str:
    """`name-version-py-abi-plat.whl`, each tag component `.`-joined in first-seen order."""
    parts: list[list[str]] = [[], [], []]
    for tag in tags:
        fields = tag.split("-")
        if len(fields) != 3:
            raise ValueError(f"tag {tag!r} is not PY-ABI-PLAT")
        for bucket, value in zip(parts, fields):
            if value not in bucket:
                bucket.append(value)
    return f"{dist_name(name)}-{version}-" + "-".join(".".join(p) for p in parts) + ".whl"


def record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def build_wheel(
    out_dir: str | os.PathLike[str],
    name: str,
    version: str,
    tags: list[str],
    members: list[Member],
    *,
    omit_from_record: frozenset[str] | set[str] = frozenset(),
    corrupt_hash: frozenset[str] | set[str] = frozenset(),
    root_is_purelib: bool | None = None,
    summary: str = "wheelfs test fixture",
) -> Path:
    """Write the wheel into `out_dir` and return its path."""
    if not tags:
        raise ValueError("at least one tag is required")
    arcnames = [m.arcname for m in members]
    if len(set(arcnames)) != len(arcnames):
        raise ValueError("duplicate archive paths")
    for wanted in (*omit_from_record, *corrupt_hash):
        if wanted not in arcnames:
            raise ValueError(f"{wanted!r} is not a member")
    if root_is_purelib is None:
        root_is_purelib = all(t.endswith("-any") for t in tags)

    info = f"{dist_name(name)}-{version}.dist-info"
    metadata = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {summary}\n"
    ).encode()
    wheel = (
        "Wheel-Version: 1.0\n"
        f"Generator: {GENERATOR}\n"
        f"Root-Is-Purelib: {'true' if root_is_purelib else 'false'}\n"
        + "".join(f"Tag: {t}\n" for t in tags)
    ).encode()
    ordered = sorted(members, key=lambda m: m.arcname)
    ordered += [Member(f"{info}/METADATA", metadata), Member(f"{info}/WHEEL", wheel)]

    rows = []
    for m in ordered:
        if m.arcname in omit_from_record:
            continue
        data = m.data + b"\0" if m.arcname in corrupt_hash else m.data
        rows.append(f"{m.arcname},{record_hash(data)},{len(m.data)}\n")
    rows.append(f"{info}/RECORD,,\n")
    ordered.append(Member(f"{info}/RECORD", "".join(rows).encode()))

    out = Path(out_dir) / wheel_filename(name, version, tags)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for m in ordered:
            zi = zipfile.ZipInfo(m.arcname, date_time=FIXED_DATE)
            zi.create_system = 3  # Unix, so external_attr carries the mode
            zi.external_attr = (0o100000 | (m.mode & 0o7777)) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, m.data, compresslevel=6)
    os.replace(tmp, out)
    return out


def _parse_mode(text: str) -> int:
    mode = int(text, 8)
    if not 0 <= mode <= 0o7777:
        raise ValueError(f"bad mode {text!r}")
    return mode


def _file_member(spec: str) -> Member:
    arc, sep, src = spec.partition("=")
    if not sep or not arc or not src:
        raise ValueError(f"--file wants ARC=SRC[:MODE], got {spec!r}")
    mode = 0o644
    head, colon, tail = src.rpartition(":")
    if colon and tail.isdigit():
        src, mode = head, _parse_mode(tail)
    return Member(arc, Path(src).read_bytes(), mode)


def _text_member(spec: str) -> Member:
    arc, sep, text = spec.partition("=")
    if not sep or not arc:
        raise ValueError(f"--text wants ARC=TEXT, got {spec!r}")
    if not text.endswith("\n"):
        text += "\n"
    return Member(arc, text.encode())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--name", required=True)
    p.add_argument("--version", required=True)
    p.add_argument("--tag", action="append", required=True, help="PY-ABI-PLAT (repeatable)")
    p.add_argument("--file", action="append", default=[], metavar="ARC=SRC[:MODE]")
    p.add_argument("--text", action="append", default=[], metavar="ARC=TEXT")
    p.add_argument("--script", action="append", default=[], metavar="NAME=SRC")
    p.add_argument("--omit-from-record", action="append", default=[], metavar="ARC")
    p.add_argument("--corrupt-hash", action="append", default=[], metavar="ARC")
    p.add_argument("--purelib", action="store_true", help="Root-Is-Purelib: true")
    args = p.parse_args(argv)
    try:
        members = [_file_member(s) for s in args.file] + [_text_member(s) for s in args.text]
        data_dir = f"{dist_name(args.name)}-{args.version}.data"
        for spec in args.script:
            script, sep, src = spec.partition("=")
            if not sep or not script or not src:
                raise ValueError(f"--script wants NAME=SRC, got {spec!r}")
            members.append(Member(f"{data_dir}/scripts/{script}", Path(src).read_bytes(), 0o755))
        out = build_wheel(
            args.out, args.name, args.version, args.tag, members,
            omit_from_record=set(args.omit_from_record),
            corrupt_hash=set(args.corrupt_hash),
            root_is_purelib=True if args.purelib else None,
        )
    except (OSError, ValueError) as e:
        print(f"mkwheel: {e}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

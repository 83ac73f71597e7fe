#!/usr/bin/env python3
"""Independent truth about zip archives, from CPython's zipfile, for the WheelKit zip tests.

Subcommands (all output is JSON on stdout):
  list ZIP            one object per member, in central-directory order: name (hex of the raw
                      name bytes), sha256 of the content, crc, sizes, method, flags, external
                      attributes, date_time, header offset, and the sha256 of the member's raw
                      compressed bytes (located by parsing the local header here).
  write SPEC OUT      write OUT with zipfile.writestr from a JSON spec (see `write_spec`), the way
                      auditwheel's dir2zip does; prints {"ok": true}. With the spec key
                      "unseekable": true the archive goes through a write-only stream, so
                      zipfile uses data descriptors (flag bit 3).
  many OUT N          OUT with N tiny stored members (forces ZIP64 end records past 65,535).
  big OUT SIZE        OUT with one deflated member of SIZE bytes of a repeating pattern,
                      streamed (ZIP64 member when SIZE > 4 GiB); prints sha256 and crc.
  test ZIP            `zipfile.ZipFile.testzip()` plus a full read; prints {"bad": null|name}.
  seeds DIR           small valid and broken archives for the fuzzer's seed corpus.
"""
import hashlib
import json
import struct
import sys
import zipfile
import zlib


def raw_name(info):
    if info.flag_bits & 0x800:
        return info.filename.encode("utf-8")
    return info.orig_filename.encode("cp437")


def raw_compressed(fp, info):
    fp.seek(info.header_offset)
    header = fp.read(30)
    sig, = struct.unpack("<I", header[:4])
    assert sig == 0x04034B50, hex(sig)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    h = hashlib.sha256()
    left = info.compress_size
    while left:
        chunk = fp.read(min(left, 1 << 20))
        assert chunk
        h.update(chunk)
        left -= len(chunk)
    return h.hexdigest()


def list_members(path):
    out = []
    with zipfile.ZipFile(path) as z, open(path, "rb") as fp:
        for info in z.infolist():
            h = hashlib.sha256()
            if not info.is_dir() or info.file_size:
                with z.open(info) as f:
                    while True:
                        chunk = f.read(1 << 20)
                        if not chunk:
                            break
                        h.update(chunk)
            out.append({
                "name": raw_name(info).hex(),
                "sha256": h.hexdigest(),
                "crc": info.CRC,
                "file_size": info.file_size,
                "compress_size": info.compress_size,
                "method": info.compress_type,
                "flags": info.flag_bits,
                "external_attr": info.external_attr,
                "create_system": info.create_system,
                "date_time": list(info.date_time),
                "header_offset": info.header_offset,
                "is_dir": info.is_dir(),
                "raw_sha256": raw_compressed(fp, info),
            })
    print(json.dumps(out))


def write_spec(spec_path, out_path):
    """SPEC: {"members": [{"name", "data" (hex) | "size"+"seed", "level" (null=stored
    member via ZIP_STORED, int=ZIP_DEFLATED at that level, "default"=ZIP_DEFLATED with
    compresslevel None), "date_time": [6 ints], "external_attr": int, "dir": bool}]}"""
    with open(spec_path) as f:
        spec = json.load(f)
    raw = open(out_path, "wb")
    target = WriteOnly(raw) if spec.get("unseekable") else raw
    with raw, zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as z:
        if "comment" in spec:
            z.comment = bytes.fromhex(spec["comment"])
        for m in spec["members"]:
            info = zipfile.ZipInfo(m["name"], date_time=tuple(m["date_time"]))
            info.external_attr = m["external_attr"]
            if m.get("dir"):
                z.writestr(info, b"")
                continue
            data = bytes.fromhex(m["data"]) if "data" in m else pattern(m["size"], m["seed"])
            level = m.get("level")
            if level is None:
                info.compress_type = zipfile.ZIP_STORED
                z.writestr(info, data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data, compresslevel=None if level == "default" else level)
    print(json.dumps({"ok": True}))


class WriteOnly:
    """A stream zipfile cannot seek or tell in."""

    def __init__(self, f):
        self.f = f

    def write(self, b):
        return self.f.write(b)

    def flush(self):
        self.f.flush()


def pattern(size, seed):
    """Deterministic, moderately compressible bytes (text-like), same as the Swift tests'."""
    out = bytearray()
    x = seed & 0xFFFFFFFF
    while len(out) < size:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        word = b"abcdefghijklmnopqrstuvwxyz"[x % 26: x % 26 + 1 + (x >> 8) % 7]
        out += word + (b" " if (x >> 16) % 5 else b"\n")
    return bytes(out[:size])


def many(out_path, n):
    with zipfile.ZipFile(out_path, "w", compression=zipfile.ZIP_STORED) as z:
        for i in range(n):
            z.writestr(zipfile.ZipInfo(f"d{i // 1000}/f{i}.txt", (2020, 1, 1, 0, 0, 0)), str(i).encode())
    print(json.dumps({"ok": True}))


def big(out_path, size):
    block = bytes(range(256)) * 4096  # 1 MiB that deflates well at level 1
    h = hashlib.sha256()
    crc = 0
    info = zipfile.ZipInfo("big.bin", (2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size = size  # lets zipfile choose a ZIP64 local header up front
    with zipfile.ZipFile(out_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("small.txt", b"hello\n")
        with z.open(info, "w", force_zip64=True) as f:
            left = size
            while left:
                chunk = block[: min(left, len(block))]
                f.write(chunk)
                h.update(chunk)
                crc = zlib.crc32(chunk, crc)
                left -= len(chunk)
        z.writestr("after.txt", b"after\n")
    print(json.dumps({"sha256": h.hexdigest(), "crc": crc}))


def test(path):
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        for info in z.infolist():
            z.read(info)
    print(json.dumps({"bad": bad}))


def seeds(out_dir):
    """Small archives covering each structure, and broken variants of them."""
    import io
    import os
    os.makedirs(out_dir, exist_ok=True)
    found = {}

    def make(name, build, unseekable=False):
        buf = io.BytesIO()
        target = WriteOnly(buf) if unseekable else buf
        with zipfile.ZipFile(target, "w") as z:
            build(z)
        found[name] = buf.getvalue()

    def basic(z):
        z.writestr(zipfile.ZipInfo("pkg/", (2020, 1, 1, 0, 0, 0)), b"")
        z.writestr("pkg/a.py", b"print('a')\n" * 20, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("pkg/b.bin", bytes(range(200)), compress_type=zipfile.ZIP_STORED)
        link = zipfile.ZipInfo("pkg/link", (2020, 1, 1, 0, 0, 0))
        link.external_attr = 0o120777 << 16
        z.writestr(link, b"a.py")

    make("basic.zip", basic)
    make("descriptor.zip", basic, unseekable=True)

    def zip64(z):
        with z.open("big.txt", "w", force_zip64=True) as f:
            f.write(b"x" * 3000)
        z.writestr("après.txt", b"unicode name")

    make("zip64.zip", zip64)

    def other_methods(z):
        z.writestr("b.bz2", b"bzip2 " * 10, compress_type=zipfile.ZIP_BZIP2)
        z.writestr("l.xz", b"lzma " * 10, compress_type=zipfile.ZIP_LZMA)

    make("methods.zip", other_methods)
    make("empty.zip", lambda z: None)

    def evil(z):
        z.writestr("../evil", b"x")
        z.writestr("/abs", b"y")
        z.writestr("dup", b"1")
        z.writestr("dup", b"2")

    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        make("evil.zip", evil)
    base = found["basic.zip"]
    found["prefixed.zip"] = b"#!/bin/sh\nexit 0\n" + base
    found["comment.zip"] = base[:-2] + struct.pack("<H", 5) + b"hello"
    enc = bytearray(base)
    enc[6] |= 1  # first local header flags: encrypted
    found["truncated.zip"] = base[: len(base) // 2]
    lying = bytearray(base)
    first_cd = base.find(b"PK\x01\x02")
    struct.pack_into("<I", lying, first_cd + 24, 10 ** 9)  # uncompressed size
    found["lying-size.zip"] = bytes(lying)
    overlap = bytearray(base)
    second_cd = base.find(b"PK\x01\x02", first_cd + 4)
    struct.pack_into("<I", overlap, second_cd + 42, 0)  # second member at the first's offset
    found["overlap.zip"] = bytes(overlap)
    found["encrypted.zip"] = bytes(enc)
    for name, data in found.items():
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
    print(json.dumps(sorted(found)))


def main(argv):
    cmd = argv[1]
    if cmd == "list":
        list_members(argv[2])
    elif cmd == "write":
        write_spec(argv[2], argv[3])
    elif cmd == "many":
        many(argv[2], int(argv[3]))
    elif cmd == "big":
        big(argv[2], int(argv[3]))
    elif cmd == "test":
        test(argv[2])
    elif cmd == "seeds":
        seeds(argv[2])
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv)

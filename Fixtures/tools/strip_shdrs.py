#!/usr/bin/env python3
"""Copy an ELF file and remove its section header table: e_shoff, e_shnum and e_shstrndx are
set to 0 and the file is cut after the last byte any segment maps (when the section headers
and non-allocated sections lie beyond it, as they do after `strip`). What remains is what the
loader sees: program headers, PT_DYNAMIC and the dynamic tables it points to.

usage: strip_shdrs.py IN OUT
"""
import os
import struct
import sys


def strip_section_headers(data: bytes) -> bytes:
    if data[:4] != b"\x7fELF":
        raise ValueError("not an ELF file")
    ei_class, ei_data = data[4], data[5]
    if ei_class not in (1, 2) or ei_data not in (1, 2):
        raise ValueError(f"unsupported ELF class/data {ei_class}/{ei_data}")
    e = "<" if ei_data == 1 else ">"
    is64 = ei_class == 2
    # Offsets of the fields we read or clear, per ELF class.
    if is64:
        phoff, = struct.unpack_from(e + "Q", data, 0x20)
        shoff_at, phentsize_at, phnum_at, shnum_at, shstrndx_at = 0x28, 0x36, 0x38, 0x3C, 0x3E
        phentsize, phnum = struct.unpack_from(e + "HH", data, phentsize_at)
        ph = e + "IIQQQQQQ"  # p_type p_flags p_offset p_vaddr p_paddr p_filesz p_memsz p_align
        off_i, filesz_i = 2, 5
    else:
        phoff, = struct.unpack_from(e + "I", data, 0x1C)
        shoff_at, phentsize_at, phnum_at, shnum_at, shstrndx_at = 0x20, 0x2A, 0x2C, 0x30, 0x32
        phentsize, phnum = struct.unpack_from(e + "HH", data, phentsize_at)
        ph = e + "IIIIIIII"  # p_type p_offset p_vaddr p_paddr p_filesz p_memsz p_flags p_align
        off_i, filesz_i = 1, 4
    end = phoff + phentsize * phnum
    for i in range(phnum):
        fields = struct.unpack_from(ph, data, phoff + i * phentsize)
        end = max(end, fields[off_i] + fields[filesz_i])
    out = bytearray(data)
    shoff = struct.unpack_from(e + ("Q" if is64 else "I"), data, shoff_at)[0]
    struct.pack_into(e + ("Q" if is64 else "I"), out, shoff_at, 0)
    struct.pack_into(e + "H", out, shnum_at, 0)
    struct.pack_into(e + "H", out, shstrndx_at, 0)
    if shoff >= end:
        del out[end:]
    return bytes(out)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        data = f.read()
    out = strip_section_headers(data)
    tmp = argv[2] + ".tmp"
    with open(tmp, "wb") as f:
        f.write(out)
    os.chmod(tmp, 0o755)
    os.replace(tmp, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

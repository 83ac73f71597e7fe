import BinaryKit

@testable import AuditKit

/// A minimal ELF reader for the resolver's tests only: header fields, `PT_INTERP` and the
/// dynamic string entries, via BinaryKit. The product code gets ``ELFLinkInfo`` from ELFKit;
/// this exists so resolver tests can run against real files built by gcc before that adapter
/// is wired in.
enum TestELFReader {
  struct Malformed: Error, CustomStringConvertible {
    var description: String
  }

  /// Link information of the ELF file at `path`, `nil` when it is not ELF.
  static func read(_ path: String) throws -> ELFLinkInfo? {
    let bytes = try FileBytes(path: path).readAll(limit: 1 << 30)
    guard bytes.count >= 52, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
      return nil
    }
    let is64 = bytes[4] == 2
    let order: ByteOrder = bytes[5] == 2 ? .big : .little
    let reader = ByteReader(bytes, order: order)
    let machine = try reader.u16(at: 18)
    let flags = try reader.u32(at: is64 ? 48 : 36)
    let phoff = is64 ? Int(try reader.u64(at: 32)) : Int(try reader.u32(at: 28))
    let phentsize = Int(try reader.u16(at: is64 ? 54 : 42))
    let phnum = Int(try reader.u16(at: is64 ? 56 : 44))

    var loads: [(vaddr: UInt64, offset: UInt64, size: UInt64)] = []
    var interpreter: String? = nil
    var dynamic: (offset: Int, size: Int)? = nil
    for index in 0..<phnum {
      let base = phoff + index * phentsize
      let type = try reader.u32(at: base)
      let offset = is64 ? try reader.u64(at: base + 8) : UInt64(try reader.u32(at: base + 4))
      let vaddr = is64 ? try reader.u64(at: base + 16) : UInt64(try reader.u32(at: base + 8))
      let filesz = is64 ? try reader.u64(at: base + 32) : UInt64(try reader.u32(at: base + 16))
      switch type {
      case 1: loads.append((vaddr, offset, filesz))
      case 2: dynamic = (Int(offset), Int(filesz))
      case 3: interpreter = try reader.cString(at: Int(offset))
      default: break
      }
    }

    var info = ELFLinkInfo(
      elfClass: bytes[4], byteOrder: order == .big ? .big : .little, machine: machine, osabi: bytes[7],
      flags: flags, interpreter: interpreter)
    guard let dynamic else { return info }
    let entrySize = is64 ? 16 : 8
    var strtab: UInt64? = nil
    var strings: [(tag: UInt64, value: UInt64)] = []
    for index in 0..<(dynamic.size / entrySize) {
      let base = dynamic.offset + index * entrySize
      let tag = is64 ? try reader.u64(at: base) : UInt64(try reader.u32(at: base))
      let value = is64 ? try reader.u64(at: base + 8) : UInt64(try reader.u32(at: base + 4))
      if tag == 0 { break }
      if tag == 5 { strtab = value }
      if [1, 14, 15, 29].contains(tag) { strings.append((tag, value)) }
    }
    guard let strtab,
      let load = loads.first(where: { strtab >= $0.vaddr && strtab < $0.vaddr + $0.size })
    else { throw Malformed(description: "\(path): DT_STRTAB outside PT_LOAD") }
    let tableOffset = Int(strtab - load.vaddr + load.offset)
    for (tag, value) in strings {
      let text = try reader.cString(at: tableOffset + Int(value))
      switch tag {
      case 1: info.needed.append(text)
      case 14: info.soname = text
      case 15: info.rpath = text
      default: info.runpath = text
      }
    }
    return info
  }
}

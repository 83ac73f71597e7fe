import BinaryKit

/// `e_ident[EI_CLASS]`: the width of addresses and offsets in the file.
///
/// Only the reader uses it to pick field widths; every model value is 64 bits wide.
public enum ELFClass: String, Sendable, Hashable, Codable {
  /// `ELFCLASS32`
  case elf32
  /// `ELFCLASS64`
  case elf64

  /// Bits in an address: 32 or 64.
  public var bits: Int { self == .elf32 ? 32 : 64 }

  /// Size of an address/offset/`Elf_Word`-sized-for-class field in bytes.
  var wordSize: Int { self == .elf32 ? 4 : 8 }
  var fileHeaderSize: Int { self == .elf32 ? 52 : 64 }
  var programHeaderSize: Int { self == .elf32 ? 32 : 56 }
  var sectionHeaderSize: Int { self == .elf32 ? 40 : 64 }
  var dynamicEntrySize: Int { self == .elf32 ? 8 : 16 }
  var symbolSize: Int { self == .elf32 ? 16 : 24 }
}

/// `e_ident[EI_DATA]`: the byte order of every multi-byte field.
public enum ELFEncoding: String, Sendable, Hashable, Codable {
  /// `ELFDATA2LSB`
  case little
  /// `ELFDATA2MSB`
  case big

  /// The BinaryKit byte order to read with.
  public var byteOrder: ByteOrder { self == .little ? .little : .big }
}

extension ByteReader {
  /// Reads an address-sized field: 4 bytes in ELF32, 8 in ELF64.
  @inline(__always)
  mutating func word(_ cls: ELFClass) throws(ByteReadError) -> UInt64 {
    cls == .elf32 ? UInt64(try u32()) : try u64()
  }

  /// Reads an address-sized field at `index` without moving the cursor.
  @inline(__always)
  func word(at index: Int, _ cls: ELFClass) throws(ByteReadError) -> UInt64 {
    cls == .elf32 ? UInt64(try u32(at: index)) : try u64(at: index)
  }
}

import BinaryKit
import ELFKit

/// The class and byte order of the file being written, and the sizes and field positions that
/// follow from them. Every multi-byte value the patcher writes goes through here, so nothing
/// depends on the host's byte order.
public struct ELFFormat: Sendable, Hashable {
  public let elfClass: ELFClass
  public let byteOrder: ByteOrder

  public init(elfClass: ELFClass, byteOrder: ByteOrder) {
    self.elfClass = elfClass
    self.byteOrder = byteOrder
  }

  var is64: Bool { elfClass == .elf64 }
  /// Size of an address or offset.
  public var wordSize: Int { is64 ? 8 : 4 }
  /// `sizeof(Elf_Ehdr)`
  public var fileHeaderSize: Int { is64 ? 64 : 52 }
  /// `sizeof(Elf_Phdr)`
  public var programHeaderSize: Int { is64 ? 56 : 32 }
  /// `sizeof(Elf_Shdr)`
  public var sectionHeaderSize: Int { is64 ? 64 : 40 }
  /// `sizeof(Elf_Dyn)`
  public var dynamicEntrySize: Int { is64 ? 16 : 8 }
  /// The largest address or offset the class can hold.
  public var maxAddress: UInt64 { is64 ? .max : UInt64(UInt32.max) }

  // File header fields (offset, width).
  var phoffField: (Int, Int) { is64 ? (0x20, 8) : (0x1c, 4) }
  var shoffField: (Int, Int) { is64 ? (0x28, 8) : (0x20, 4) }
  var phnumField: (Int, Int) { is64 ? (0x38, 2) : (0x2c, 2) }
  var shnumField: (Int, Int) { is64 ? (0x3c, 2) : (0x30, 2) }
  var shstrndxField: (Int, Int) { is64 ? (0x3e, 2) : (0x32, 2) }

  /// Encodes one program header in the file's layout.
  func encode(_ p: ProgramHeader) -> [UInt8] {
    var w = ByteWriter(order: byteOrder, capacity: programHeaderSize)
    w.u32(p.type.rawValue)
    if is64 {
      w.u32(p.flags)
      for v in [p.offset, p.virtualAddress, p.physicalAddress, p.fileSize, p.memorySize, p.alignment] {
        w.u64(v)
      }
    } else {
      for v in [p.offset, p.virtualAddress, p.physicalAddress, p.fileSize, p.memorySize] {
        w.u32(UInt32(truncatingIfNeeded: v))
      }
      w.u32(p.flags)
      w.u32(UInt32(truncatingIfNeeded: p.alignment))
    }
    return w.bytes
  }

  /// Encodes one section header in the file's layout.
  func encode(_ s: SectionHeader) -> [UInt8] {
    var w = ByteWriter(order: byteOrder, capacity: sectionHeaderSize)
    w.u32(s.nameOffset)
    w.u32(s.type.rawValue)
    word(&w, s.flags)
    word(&w, s.address)
    word(&w, s.offset)
    word(&w, s.size)
    w.u32(s.link)
    w.u32(s.info)
    word(&w, s.addressAlignment)
    word(&w, s.entrySize)
    return w.bytes
  }

  /// Encodes one dynamic entry in the file's layout.
  func encode(_ d: DynamicEntry) -> [UInt8] {
    var w = ByteWriter(order: byteOrder, capacity: dynamicEntrySize)
    word(&w, d.tag.rawValue)
    word(&w, d.value)
    return w.bytes
  }

  private func word(_ w: inout ByteWriter, _ value: UInt64) {
    if is64 { w.u64(value) } else { w.u32(UInt32(truncatingIfNeeded: value)) }
  }
}

import BinaryKit

/// One section header (`Elf32_Shdr` / `Elf64_Shdr`), decoded to 64-bit-wide values, with its
/// name resolved when the file has a section name table.
public struct SectionHeader: Sendable, Hashable, Codable {
  /// The section's name from `.shstrtab`, or `nil` when the file has no name table.
  public var name: String?
  /// `sh_name`: offset of the name in the section name table.
  public var nameOffset: UInt32
  public var type: SectionType
  public var flags: UInt64
  public var address: UInt64
  public var offset: UInt64
  public var size: UInt64
  public var link: UInt32
  public var info: UInt32
  public var addressAlignment: UInt64
  public var entrySize: UInt64

  /// Whether the section occupies bytes in the file (everything but `SHT_NOBITS`/`SHT_NULL`).
  public var hasFileBytes: Bool { type != .nobits && type != .null }

  static func decode(_ r: inout ByteReader, _ cls: ELFClass) throws(ByteReadError)
    -> SectionHeader
  {
    let name = try r.u32(), type = try r.u32()
    let flags = try r.word(cls), addr = try r.word(cls), offset = try r.word(cls)
    let size = try r.word(cls), link = try r.u32(), info = try r.u32()
    let align = try r.word(cls), entsize = try r.word(cls)
    return SectionHeader(
      name: nil, nameOffset: name, type: SectionType(rawValue: type), flags: flags,
      address: addr, offset: offset, size: size, link: link, info: info,
      addressAlignment: align, entrySize: entsize)
  }
}

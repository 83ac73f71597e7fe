import BinaryKit

/// One program header (`Elf32_Phdr` / `Elf64_Phdr`), decoded to 64-bit-wide values.
public struct ProgramHeader: Sendable, Hashable, Codable {
  public var type: SegmentType
  /// `p_flags`: ``SegmentFlags`` bits.
  public var flags: UInt32
  public var offset: UInt64
  public var virtualAddress: UInt64
  public var physicalAddress: UInt64
  public var fileSize: UInt64
  public var memorySize: UInt64
  public var alignment: UInt64

  /// Decodes one entry at the reader's cursor (the two classes order the fields differently).
  static func decode(_ r: inout ByteReader, _ cls: ELFClass) throws(ByteReadError)
    -> ProgramHeader
  {
    if cls == .elf64 {
      let type = try r.u32(), flags = try r.u32()
      return ProgramHeader(
        type: SegmentType(rawValue: type), flags: flags, offset: try r.u64(),
        virtualAddress: try r.u64(), physicalAddress: try r.u64(), fileSize: try r.u64(),
        memorySize: try r.u64(), alignment: try r.u64())
    }
    let type = try r.u32(), offset = UInt64(try r.u32()), vaddr = UInt64(try r.u32())
    let paddr = UInt64(try r.u32()), filesz = UInt64(try r.u32()), memsz = UInt64(try r.u32())
    let flags = try r.u32(), align = UInt64(try r.u32())
    return ProgramHeader(
      type: SegmentType(rawValue: type), flags: flags, offset: offset, virtualAddress: vaddr,
      physicalAddress: paddr, fileSize: filesz, memorySize: memsz, alignment: align)
  }
}

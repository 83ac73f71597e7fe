/// Translates virtual addresses (as stored in `DT_STRTAB`, `DT_VERNEED`, …) to file offsets
/// through the `PT_LOAD` segments' file images, the way the dynamic loader sees the file.
public struct AddressMap: Sendable, Hashable {
  /// One loadable segment's file image.
  public struct Segment: Sendable, Hashable {
    public var virtualAddress: UInt64
    public var fileOffset: UInt64
    public var fileSize: UInt64
  }

  /// `PT_LOAD` segments in program header order.
  public let segments: [Segment]

  public init(programHeaders: [ProgramHeader]) {
    segments = programHeaders.lazy.filter { $0.type == .load }.map {
      Segment(virtualAddress: $0.virtualAddress, fileOffset: $0.offset, fileSize: $0.fileSize)
    }
  }

  /// The file offset of `address` and the number of file-backed bytes from there to the end of
  /// its segment, or `nil` when no segment's file image contains it.
  public func lookup(_ address: UInt64) -> (offset: UInt64, available: UInt64)? {
    for s in segments where address >= s.virtualAddress {
      let delta = address - s.virtualAddress
      guard delta < s.fileSize, let offset = s.fileOffset.addingReportingOverflowOrNil(delta)
      else { continue }
      return (offset, s.fileSize - delta)
    }
    return nil
  }

  /// The file offset of `address`, or ``ELFError/addressNotMapped(_:address:)``.
  public func fileOffset(of address: UInt64, for structure: ELFStructure) throws(ELFError)
    -> UInt64
  {
    guard let hit = lookup(address) else { throw .addressNotMapped(structure, address: address) }
    return hit.offset
  }
}

extension UInt64 {
  func addingReportingOverflowOrNil(_ other: UInt64) -> UInt64? {
    let (sum, overflow) = addingReportingOverflow(other)
    return overflow ? nil : sum
  }
}

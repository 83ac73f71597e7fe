import BinaryKit
import ELFKit

extension LayoutPlanner {
  /// File offset, address and `p_align` of a new `PT_LOAD` of `size` bytes appended after
  /// `fileEnd`.
  ///
  /// The address starts on a fresh `p_align` boundary past every existing segment's memory
  /// image, so no page is shared with another segment whatever the runtime page size; the
  /// offset is the next page boundary in the file, and the address is chosen congruent to it
  /// modulo `p_align` (so the file does not grow by a whole 64 KiB on aarch64).
  ///
  /// `keepsPhdrDelta`: the program header table moves into this segment of an executable. Linux
  /// before 5.18 computed `AT_PHDR` as the first `PT_LOAD`'s `p_vaddr - p_offset` plus
  /// `e_phoff` (patchelf works around the same bug), so the new segment must keep that
  /// difference: `p_vaddr - p_offset` equal to the first `PT_LOAD`'s. That can leave a hole of
  /// zeros in the file.
  static func placeSegment(_ t: PatchTables, fileEnd: UInt64, size: UInt64, keepsPhdrDelta: Bool)
    throws(PatchError.Reason) -> (offset: UInt64, address: UInt64, align: UInt64)
  {
    let loads = t.programHeaders.filter { $0.type == .load }
    let align = max(loads.map(\.alignment).max() ?? pageSize, pageSize)
    guard align.nonzeroBitCount == 1, align <= maxAlignment else {
      throw .unsupported(.implausibleAlignment(align))
    }
    // read() checked that no segment's end wraps or leaves the class's address space.
    let top = loads.map { $0.virtualAddress + $0.memorySize }.max() ?? 0
    guard let floor = alignUp(top, align), var offset = alignUp(fileEnd, pageSize) else {
      throw .unsupported(.addressSpaceExhausted)
    }
    let address: UInt64?
    if keepsPhdrDelta, let first = loads.first, first.virtualAddress >= first.offset,
      (first.virtualAddress - first.offset) % align == 0
    {
      let delta = first.virtualAddress - first.offset
      if floor - delta > offset {
        let hole = floor - delta - offset
        guard hole <= maxExecutableHole else { throw .unsupported(.executableHoleTooLarge(hole)) }
        offset = floor - delta
      }
      address = Checked.add(offset, delta)
    } else {
      address = Checked.add(floor, offset % align)
    }
    guard let address, let end = Checked.add(address, size), end <= t.format.maxAddress,
      let fileTop = Checked.add(offset, size), fileTop <= t.format.maxAddress
    else { throw .unsupported(.addressSpaceExhausted) }
    return (offset, address, align)
  }

  /// Whether one more program header fits right after the table: the bytes there are inside
  /// the same `PT_LOAD` file image, zero, and claimed by no section, segment, or the section
  /// header table. Without section headers nothing proves the bytes are free, so the answer is
  /// no.
  static func programHeadersCanGrowInPlace(_ t: PatchTables) -> Bool {
    guard !t.sections.isEmpty else { return false }
    let entry = UInt64(t.format.programHeaderSize)
    let start = t.programHeaderOffset + UInt64(t.programHeaders.count) * entry
    let end = start + entry
    guard t.bytesAfterProgramHeaders.count == Int(entry),
      t.bytesAfterProgramHeaders.allSatisfy({ $0 == 0 })
    else { return false }
    func overlaps(_ offset: UInt64, _ size: UInt64) -> Bool {
      size > 0 && offset < end && start < (Checked.add(offset, size) ?? .max)
    }
    let loaded = t.programHeaders.contains {
      $0.type == .load && $0.offset <= t.programHeaderOffset && end <= $0.offset + $0.fileSize
    }
    let claimedBySection = t.sections.contains { $0.hasFileBytes && overlaps($0.offset, $0.size) }
    let claimedBySegment = t.programHeaders.contains {
      $0.type != .load && $0.type != .phdr && overlaps($0.offset, $0.fileSize)
    }
    let shdrSize = UInt64(t.sections.count * t.format.sectionHeaderSize)
    return loaded && !claimedBySection && !claimedBySegment
      && !overlaps(t.sectionHeaderOffset, shdrSize)
  }

  /// `value` rounded up to a multiple of `align` (a power of two), or `nil` on overflow.
  static func alignUp(_ value: UInt64, _ align: UInt64) -> UInt64? {
    guard let sum = Checked.add(value, align - 1) else { return nil }
    return sum & ~(align - 1)
  }
}

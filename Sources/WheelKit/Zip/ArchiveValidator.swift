import BinaryKit

/// Cross-member checks run once at open: duplicate names, members outside the data area or
/// overlapping each other, and the zip-bomb limits.
///
/// Each failure is recorded on the members involved; nothing here throws.
enum ArchiveValidator {
  struct Result {
    var members: [ZipMember]
    /// For each member, the offset its data must end by: the next member's local header, or the
    /// start of the central directory. Checked again once the local header's real length is known.
    var dataLimits: [UInt64]
    /// Name → index of the first member with that name.
    var indexByName: [String: Int]
  }

  static func validate(
    _ input: [ZipMember], centralDirectoryOffset cdStart: UInt64, limits: ZipLimits
  ) -> Result {
    var members = input
    let index = markDuplicates(&members)
    let dataLimits = checkLayout(&members, cdStart: cdStart)
    checkSizes(&members, limits: limits)
    return Result(members: members, dataLimits: dataLimits, indexByName: index)
  }

  /// Marks every member whose name is shared (names compare as Swift strings, so canonically
  /// equivalent Unicode spellings count as the same name) and returns the name index.
  private static func markDuplicates(_ members: inout [ZipMember]) -> [String: Int] {
    var seen: [String: Int] = [:]
    seen.reserveCapacity(members.count)
    var duplicated: [String: Int] = [:]
    for member in members {
      // One hash lookup in the common case; a duplicate puts the first index back.
      if let first = seen.updateValue(member.index, forKey: member.name) {
        seen[member.name] = first
        duplicated[member.name, default: 1] += 1
      }
    }
    guard !duplicated.isEmpty else { return seen }
    for i in members.indices {
      if let count = duplicated[members[i].name] {
        members[i] = members[i].with(problem: .duplicateName(members[i].name, count: count))
      }
    }
    return seen
  }

  /// Whether the member's offsets and sizes can be trusted at all.
  private static func hasTrustworthyLayout(_ member: ZipMember) -> Bool {
    switch member.problem {
    case .missingZip64Field?, .malformedExtraField?, .memberOnOtherDisk?: false
    default: true
    }
  }

  private static func checkLayout(_ members: inout [ZipMember], cdStart: UInt64) -> [UInt64] {
    var limits = [UInt64](repeating: cdStart, count: members.count)
    // The smallest span a member can occupy: the local header with the same name, no extra
    // field, the compressed data, and a 12-byte data descriptor when flag bit 3 says so.
    var spans: [(start: UInt64, end: UInt64, index: Int)] = []
    spans.reserveCapacity(members.count)
    for m in members where hasTrustworthyLayout(m) {
      let fixed = UInt64(30 + m.rawNameLength + (m.hasDataDescriptor ? 12 : 0))
      guard let end = Checked.add(m.localHeaderOffset, fixed).flatMap({ Checked.add($0, m.compressedSize) }),
        end <= cdStart
      else {
        let end = Checked.add(m.localHeaderOffset, m.compressedSize) ?? UInt64.max
        members[m.index] = m.with(
          problem: .memberOutOfBounds(name: m.name, offset: m.localHeaderOffset, end: end, limit: cdStart))
        continue
      }
      spans.append((m.localHeaderOffset, end, m.index))
    }
    spans.sort { $0.start < $1.start || ($0.start == $1.start && $0.index < $1.index) }
    var furthest: (end: UInt64, index: Int)? = nil
    for (k, span) in spans.enumerated() {
      if k + 1 < spans.count { limits[span.index] = spans[k + 1].start }
      if let previous = furthest, previous.end > span.start {
        let a = members[previous.index], b = members[span.index]
        members[previous.index] = a.with(problem: .overlappingMembers(name: a.name, other: b.name))
        members[span.index] = b.with(problem: .overlappingMembers(name: b.name, other: a.name))
      }
      if let f = furthest, f.end >= span.end { continue }
      furthest = (span.end, span.index)
    }
    return limits
  }

  private static func checkSizes(_ members: inout [ZipMember], limits: ZipLimits) {
    var total: UInt64 = 0
    for i in members.indices where members[i].problem == nil {
      let m = members[i]
      if m.uncompressedSize > limits.ratioThreshold {
        let allowed = Checked.multiply(m.compressedSize, limits.maxCompressionRatio) ?? UInt64.max
        if m.uncompressedSize > allowed {
          members[i] = m.with(
            problem: .compressionRatioTooHigh(
              name: m.name, compressed: m.compressedSize, uncompressed: m.uncompressedSize,
              limit: limits.maxCompressionRatio))
          continue
        }
      }
      let newTotal = Checked.add(total, m.uncompressedSize) ?? UInt64.max
      if newTotal > limits.maxTotalUncompressedSize {
        members[i] = m.with(
          problem: .totalSizeLimitExceeded(
            name: m.name, total: newTotal, limit: limits.maxTotalUncompressedSize))
        continue
      }
      total = newTotal
    }
  }
}

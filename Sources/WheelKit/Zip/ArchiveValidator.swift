import BinaryKit

/// Cross-member checks run once at open: duplicate names, members outside the data area or
/// overlapping each other, and the zip-bomb limits.
///
/// Each failure is recorded on the members involved (the first problem found for a member wins);
/// nothing here throws.
enum ArchiveValidator {
  struct Result {
    var members: [ZipMember]
    /// For each member, the offset its data must end by: the next member's local header, or the
    /// start of the central directory. Checked again once the local header's real length is known.
    var dataLimits: [UInt64]
    /// Name → index of the first member with that name.
    var indexByName: [String: Int]
  }

  /// New problems by member index, never replacing an earlier one.
  private struct Problems {
    var byIndex: [Int: ZipError] = [:]

    func has(_ member: ZipMember) -> Bool { member.problem != nil || byIndex[member.index] != nil }

    mutating func record(_ problem: ZipError, for member: ZipMember) {
      if !has(member) { byIndex[member.index] = problem }
    }
  }

  static func validate(
    _ input: [ZipMember], centralDirectoryOffset cdStart: UInt64, limits: ZipLimits
  ) -> Result {
    var problems = Problems()
    let index = checkNames(input, &problems)
    let dataLimits = checkLayout(input, cdStart: cdStart, &problems)
    checkSizes(input, limits: limits, &problems)
    var members = input
    for (i, problem) in problems.byIndex { members[i] = members[i].with(problem: problem) }
    return Result(members: members, dataLimits: dataLimits, indexByName: index)
  }

  /// Marks every member whose name is shared (names compare as Swift strings, so canonically
  /// equivalent Unicode spellings count as the same name) and returns the name index.
  private static func checkNames(_ members: [ZipMember], _ problems: inout Problems) -> [String: Int] {
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
    for member in members {
      if let count = duplicated[member.name] {
        problems.record(.duplicateName(member.name, count: count), for: member)
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

  private static func checkLayout(
    _ members: [ZipMember], cdStart: UInt64, _ problems: inout Problems
  ) -> [UInt64] {
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
        problems.record(
          .memberOutOfBounds(name: m.name, offset: m.localHeaderOffset, end: end, limit: cdStart), for: m)
        continue
      }
      spans.append((m.localHeaderOffset, end, m.index))
    }
    // Writers emit members in offset order, so this is usually already sorted.
    if !spans.indices.dropFirst().allSatisfy({ spans[$0 - 1].start <= spans[$0].start }) {
      spans.sort { $0.start < $1.start || ($0.start == $1.start && $0.index < $1.index) }
    }
    var furthest: (end: UInt64, index: Int)? = nil
    for (k, span) in spans.enumerated() {
      if k + 1 < spans.count { limits[span.index] = spans[k + 1].start }
      if let previous = furthest, previous.end > span.start {
        let a = members[previous.index], b = members[span.index]
        problems.record(.overlappingMembers(name: a.name, other: b.name), for: a)
        problems.record(.overlappingMembers(name: b.name, other: a.name), for: b)
      }
      if let f = furthest, f.end >= span.end { continue }
      furthest = (span.end, span.index)
    }
    return limits
  }

  private static func checkSizes(_ members: [ZipMember], limits: ZipLimits, _ problems: inout Problems) {
    var total: UInt64 = 0
    for m in members where !problems.has(m) {
      if m.uncompressedSize > limits.ratioThreshold {
        let allowed = Checked.multiply(m.compressedSize, limits.maxCompressionRatio) ?? UInt64.max
        if m.uncompressedSize > allowed {
          problems.record(
            .compressionRatioTooHigh(
              name: m.name, compressed: m.compressedSize, uncompressed: m.uncompressedSize,
              limit: limits.maxCompressionRatio), for: m)
          continue
        }
      }
      let newTotal = Checked.add(total, m.uncompressedSize) ?? UInt64.max
      if newTotal > limits.maxTotalUncompressedSize {
        problems.record(
          .totalSizeLimitExceeded(name: m.name, total: newTotal, limit: limits.maxTotalUncompressedSize),
          for: m)
        continue
      }
      total = newTotal
    }
  }
}

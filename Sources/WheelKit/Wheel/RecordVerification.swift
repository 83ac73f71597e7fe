/// The size and SHA-256 digest of one archive member, as the zip layer computes them.
public struct MemberDigest: Sendable, Hashable {
  public var size: Int
  public var sha256: [UInt8]

  public init(size: Int, sha256: [UInt8]) {
    self.size = size
    self.sha256 = sha256
  }
}

/// A disagreement between RECORD and the archive, or a defect of RECORD itself.
public enum RecordProblem: Sendable, Hashable {
  /// The member's SHA-256 differs from the recorded one (both urlsafe-b64, no padding).
  case hashMismatch(path: String, recorded: String, actual: String)
  /// The member's size differs from the recorded one.
  case sizeMismatch(path: String, recorded: Int, actual: Int)
  /// An archive member (not a directory, not RECORD or its signatures) RECORD does not list.
  case notInRecord(path: String)
  /// A RECORD row naming no archive member.
  case missingMember(path: String)
  /// A hash algorithm PEP 376/427 forbid as too weak (`md5`, `sha1`).
  case weakHash(path: String, algorithm: String)
  /// A hash algorithm that is not a known `hashlib` name.
  case unsupportedHash(path: String, algorithm: String)
  /// A strong algorithm other than SHA-256: accepted, but not checked here.
  case unverifiedHash(path: String, algorithm: String)
  /// A row other than RECORD's (and its signatures') without a hash.
  case missingHash(path: String)
  /// A hash that is not `<algorithm>=<urlsafe-b64>` or has the wrong digest length.
  case malformedHash(path: String, value: String)
  /// A size that is not a decimal number (or is missing where a hash is given).
  case malformedSize(path: String, value: String)
  /// A CSV row without exactly three fields.
  case malformedRow(line: Int, fieldCount: Int)
  /// A path listed more than once.
  case duplicateEntry(path: String)
}

extension RecordFile {
  /// Algorithms accepted by PEP 427's "sha256 or better" that wheelfs cannot check.
  static let strongAlgorithms: Set<String> = [
    "sha384", "sha512", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s",
  ]
  /// Algorithms PEP 376/427 forbid.
  static let weakAlgorithms: Set<String> = ["md5", "sha1", "sha224", "sha3_224"]

  /// Checks RECORD against the archive.
  ///
  /// - Parameters:
  ///   - members: every member path of the archive; names ending in `/` are directories.
  ///   - recordPath: this file's own path (`<dist-info>/RECORD`); its row may have an empty
  ///     hash and size, and it, `RECORD.jws` and `RECORD.p7s` need no row.
  ///   - digest: the size and SHA-256 of a member, `nil` if it cannot be read.
  /// - Returns: problems in a stable order: malformed rows, then rows in file order, then
  ///   unlisted members in `members` order.
  public func verify(
    members: [String], recordPath: String, digest: (String) -> MemberDigest?
  ) -> [RecordProblem] {
    var problems = malformedRows.map { RecordProblem.malformedRow(line: $0.line, fieldCount: $0.fields.count) }
    let memberSet = Set(members)
    let directory = recordPath.hasSuffix("/RECORD") ? String(recordPath.dropLast(6)) : ""
    let unsigned: Set<String> = [recordPath, directory + "RECORD.jws", directory + "RECORD.p7s"]
    var listed: Set<String> = []
    for entry in entries {
      let path = entry.path
      guard listed.insert(path).inserted else {
        problems.append(.duplicateEntry(path: path))
        continue
      }
      guard memberSet.contains(path) else {
        problems.append(.missingMember(path: path))
        continue
      }
      if path == recordPath { continue }
      if entry.hash.isEmpty {
        if !unsigned.contains(path) { problems.append(.missingHash(path: path)) }
        continue
      }
      problems += check(entry, digest(path))
    }
    for member in members where !member.hasSuffix("/") && !listed.contains(member) {
      if !unsigned.contains(member) { problems.append(.notInRecord(path: member)) }
    }
    return problems
  }

  private func check(_ entry: RecordEntry, _ actual: MemberDigest?) -> [RecordProblem] {
    let path = entry.path
    guard let equals = entry.hash.firstIndex(of: "=") else {
      return [.malformedHash(path: path, value: entry.hash)]
    }
    let algorithm = String(entry.hash[..<equals])
    let encoded = String(entry.hash[entry.hash.index(after: equals)...])
    var problems: [RecordProblem] = []
    let size = Int(entry.size)
    if size == nil || entry.size.first == "+" || entry.size.first == "-" {
      problems.append(.malformedSize(path: path, value: entry.size))
    }
    if Self.weakAlgorithms.contains(algorithm) {
      return problems + [.weakHash(path: path, algorithm: algorithm)]
    }
    if Self.strongAlgorithms.contains(algorithm) {
      return problems + [.unverifiedHash(path: path, algorithm: algorithm)]
    }
    guard algorithm == "sha256" else {
      return problems + [.unsupportedHash(path: path, algorithm: algorithm)]
    }
    guard let recorded = Base64URL.decode(encoded), recorded.count == 32 else {
      return problems + [.malformedHash(path: path, value: entry.hash)]
    }
    guard let actual else { return problems }
    if recorded != actual.sha256 {
      problems.append(
        .hashMismatch(path: path, recorded: encoded, actual: Base64URL.encode(actual.sha256)))
    }
    if let size, entry.size.first != "+", entry.size.first != "-", size != actual.size {
      problems.append(.sizeMismatch(path: path, recorded: size, actual: actual.size))
    }
    return problems
  }
}

import WheelKit

/// The container and RECORD half of `wheelfs check` (and the mount's `.audit/record`): every
/// member's zip-level problem, then RECORD verified against every member's size and SHA-256
/// (each member inflated once, CRC-checked, in parallel). auditwheel verifies none of this.
public enum RecordCheck {
  /// Every problem, in a stable order: container problems in member order, then RECORD's
  /// (malformed rows, rows in file order, unlisted members in member order).
  public static func problems(_ input: AuditInput, threads: Int? = nil) -> [CheckProblem] {
    let contents = input.contents
    var problems: [CheckProblem] = []
    var names = contents.files.map(\.name)
    if let zip = contents as? ZipWheelContents {
      names = zip.archive.members.map(\.name)
      for member in zip.archive.members {
        if let problem = member.problem {
          problems.append(CheckProblem(code: "corrupt-member", subject: member.name, message: "\(problem)"))
        }
      }
    }
    let distInfo: DistInfo
    do { distInfo = try DistInfo.find(in: names) } catch {
      return problems + [CheckProblem(code: "dist-info", message: "\(error)")]
    }
    guard let recordMember = contents.files.first(where: { $0.name == distInfo.recordPath }) else {
      return problems + [CheckProblem(code: "record-missing", subject: distInfo.recordPath, message: "no RECORD")]
    }
    let record: RecordFile
    do {
      record = try RecordFile.parse(try contents.bytes(of: recordMember))
    } catch {
      return problems + [CheckProblem(code: "record-unreadable", subject: distInfo.recordPath, message: "\(error)")]
    }

    // Digest every readable file once; unreadable ones (bad CRC, corrupt data) are problems.
    let files = contents.files
    let digests = ParallelMap.map(Array(files.indices), threads: threads) { index -> Result<MemberDigest, AuditError> in
      let file = files[index]
      guard file.problem == nil else { return .failure(.corruptMember(name: file.name, file.problem ?? .memberNotFound(file.name))) }
      return Result { () throws(AuditError) -> MemberDigest in
        try contents.digest(of: file)
      }
    }
    var digestByName: [String: MemberDigest] = [:]
    for (index, result) in digests.enumerated() {
      switch result {
      case .success(let digest): digestByName[files[index].name] = digest
      case .failure(let error):
        if files[index].problem == nil {
          problems.append(CheckProblem(code: "corrupt-member", subject: files[index].name, message: "\(error)"))
        }
      }
    }
    let found = record.verify(members: names, recordPath: distInfo.recordPath) { digestByName[$0] }
    return problems + found.map(problem)
  }

  static func problem(_ problem: RecordProblem) -> CheckProblem {
    switch problem {
    case .hashMismatch(let path, let recorded, let actual):
      return CheckProblem(
        code: "hash-mismatch", subject: path, message: "RECORD says sha256=\(recorded), the member has sha256=\(actual)")
    case .sizeMismatch(let path, let recorded, let actual):
      return CheckProblem(code: "size-mismatch", subject: path, message: "RECORD says \(recorded) bytes, the member has \(actual)")
    case .notInRecord(let path):
      return CheckProblem(code: "not-in-record", subject: path, message: "not listed in RECORD")
    case .missingMember(let path):
      return CheckProblem(code: "missing-member", subject: path, message: "listed in RECORD but not in the archive")
    case .weakHash(let path, let algorithm):
      return CheckProblem(code: "weak-hash", subject: path, message: "\(algorithm) is too weak (PEP 427 wants sha256 or better)")
    case .unsupportedHash(let path, let algorithm):
      return CheckProblem(code: "unsupported-hash", subject: path, message: "unknown hash algorithm \(algorithm)")
    case .unverifiedHash(let path, let algorithm):
      return CheckProblem(code: "unverified-hash", subject: path, message: "\(algorithm) hashes are not verified by wheelfs")
    case .missingHash(let path):
      return CheckProblem(code: "missing-hash", subject: path, message: "no hash in RECORD")
    case .malformedHash(let path, let value):
      return CheckProblem(code: "malformed-hash", subject: path, message: "malformed hash \(value)")
    case .malformedSize(let path, let value):
      return CheckProblem(code: "malformed-size", subject: path, message: "malformed size \(value)")
    case .malformedRow(let line, let fieldCount):
      return CheckProblem(code: "malformed-row", subject: "RECORD line \(line)", message: "\(fieldCount) fields instead of 3")
    case .duplicateEntry(let path):
      return CheckProblem(code: "duplicate-entry", subject: path, message: "listed more than once in RECORD")
    }
  }
}

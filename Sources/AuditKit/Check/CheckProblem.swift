/// One thing `wheelfs check` found wrong with a wheel.
public struct CheckProblem: Sendable, Hashable, Codable {
  /// A stable identifier (docs/audit.md lists them): `corrupt-member`, `dist-info`,
  /// `record-missing`, `record-unreadable`, `malformed-row`, `duplicate-entry`,
  /// `missing-member`, `missing-hash`, `malformed-hash`, `malformed-size`, `weak-hash`,
  /// `unsupported-hash`, `unverified-hash`, `hash-mismatch`, `size-mismatch`, `not-in-record`,
  /// `wheel-file`, `tag-mismatch`, `tag-not-satisfied`, `tag-architecture`, `tag-libc`,
  /// `tag-unknown`, `not-a-platform-wheel`, `analysis`.
  public var code: String
  /// The member (or tag) concerned, if any.
  public var subject: String?
  public var message: String

  public init(code: String, subject: String? = nil, message: String) {
    self.code = code
    self.subject = subject
    self.message = message
  }

  /// `code: subject: message` on one line.
  public var line: String {
    let flat = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharactersOfWhitespace() }
      .filter { !$0.isEmpty }.joined(separator: " ")
    return subject.map { "\(code): \($0): \(flat)" } ?? "\(code): \(flat)"
  }

  /// Whether the problem is about the zip container or RECORD (rather than the tags).
  public var isIntegrityProblem: Bool {
    !code.hasPrefix("tag-") && code != "not-a-platform-wheel" && code != "analysis"
  }
}

/// What `wheelfs check` says about a wheel.
public struct CheckReport: Sendable, Hashable, Codable {
  public var wheel: String
  /// No problem at all.
  public var ok: Bool
  /// The verdict of the audit (`nil` when the wheel has no platform ELF file or could not be
  /// audited).
  public var overallTag: String?
  /// Every platform tag the file name or WHEEL claims, sorted.
  public var claimedPlatforms: [String]
  public var problems: [CheckProblem]

  public init(wheel: String, overallTag: String?, claimedPlatforms: [String], problems: [CheckProblem]) {
    self.wheel = wheel
    self.ok = problems.isEmpty
    self.overallTag = overallTag
    self.claimedPlatforms = claimedPlatforms
    self.problems = problems
  }
}

extension Substring {
  func trimmingCharactersOfWhitespace() -> String {
    var text = self
    while text.first?.isWhitespace == true { text = text.dropFirst() }
    while text.last?.isWhitespace == true { text = text.dropLast() }
    return String(text)
  }
}

extension AuditRendering {
  /// `.audit/record` (and the RECORD part of `check`): `OK`, or one problem per line.
  ///
  ///     hash-mismatch: pkg/__init__.py: RECORD says sha256=…, the member has sha256=…
  public static func recordFile(_ problems: [CheckProblem]) -> String {
    problems.isEmpty ? "OK\n" : problems.map { $0.line + "\n" }.joined()
  }

  /// `wheelfs check` as text: one problem per line, then `<wheel>: OK` or
  /// `<wheel>: N problem(s)`.
  public static func checkText(_ report: CheckReport) -> String {
    var out = report.problems.map { $0.line + "\n" }.joined()
    let count = report.problems.count
    out += report.ok ? "\(report.wheel): OK\n" : "\(report.wheel): \(count) problem\(count == 1 ? "" : "s")\n"
    return out
  }

  /// `wheelfs check --json`.
  public static func checkJSON(_ report: CheckReport) -> String {
    ((try? PythonJSONEncoder.encode(report)) ?? .null).rendered() + "\n"
  }
}

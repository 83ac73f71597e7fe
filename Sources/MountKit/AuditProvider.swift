/// The texts behind a mounted wheel's `.audit/` directory.
///
/// Each method is called at most once per mount, on the first access to its file, possibly from
/// a FUSE worker thread. A thrown error is shown as the file's content. The audit layer will
/// provide the real implementation; ``UnavailableAuditProvider`` stands in until then.
public protocol AuditProvider: Sendable {
  /// `.audit/policy`: the policy verdict (highest compliant tag and why).
  func policy() throws -> String
  /// `.audit/symbols`: versioned symbols that limit the policy.
  func symbols() throws -> String
  /// `.audit/needed`: the DT_NEEDED tree of the wheel's extensions.
  func needed() throws -> String
  /// `.audit/report.json`: the machine-readable audit report.
  func reportJSON() throws -> String
  /// `.audit/record`: the RECORD verification result.
  func record() throws -> String
}

/// An ``AuditProvider`` for builds without the audit layer: every text is an error message.
public struct UnavailableAuditProvider: AuditProvider {
  /// The name of the wheel, for the messages.
  public var wheel: String

  /// Creates the placeholder provider for `wheel`.
  public init(wheel: String) { self.wheel = wheel }

  private func unavailable(_ file: String) -> MountError {
    MountError(.auditUnavailable, path: "\(wheel)/.audit/\(file)", detail: "not built into this wheelfs")
  }

  public func policy() throws -> String { throw unavailable("policy") }
  public func symbols() throws -> String { throw unavailable("symbols") }
  public func needed() throws -> String { throw unavailable("needed") }
  public func reportJSON() throws -> String { throw unavailable("report.json") }
  public func record() throws -> String { throw unavailable("record") }
}

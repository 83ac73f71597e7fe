/// Everything one audit found, as plain values: the verdict in auditwheel's terms, and the
/// diagnostics behind it. Every list is sorted deterministically; every rendering
/// (`show`, `show --json`, the mount's `.audit/` files) is a pure function of this value.
///
/// Encoded (``AuditRendering/reportJSON(_:)``) with snake_case keys under the `wheelfs` key of
/// `show --json`; the schema is described in docs/audit.md. ``schemaVersion`` changes when a
/// field changes meaning or disappears; new fields may appear without a bump.
public struct AuditReport: Sendable, Hashable, Codable {
  /// The schema version of this layout.
  public static let currentSchemaVersion = 1

  public var schemaVersion: Int
  /// The input's file name (what auditwheel prints as `wheel`).
  public var wheel: String
  /// What was audited.
  public var input: AuditInputKind
  /// The architecture every analysed ELF has (a baseline: `x86_64`, `aarch64`, …).
  public var architecture: String
  /// `glibc` or `musl`.
  public var libc: String
  /// Where ``libc`` comes from.
  public var libcSource: LibcSource
  /// The policy verdict, as `auditwheel show` computes it.
  public var verdict: ReportVerdict
  /// Every ELF file found in the wheel, analysed or skipped, sorted by path.
  public var elves: [ELFSummary]
  /// For every version node an analysed ELF (or a library it would need grafted) requires:
  /// the symbols that require it.
  public var symbolUses: [SymbolUse]
  /// For each policy more compatible than the verdict: exactly what stands in the way.
  public var barriers: [PolicyBarrier]
  /// The resolved dependency tree of each analysed ELF.
  public var neededTrees: [NeededTree]
  /// ELF files that ask for an executable stack (auditwheel #634). A fact, never part of the
  /// verdict.
  public var executableStacks: [ExecutableStackFact]
  /// Everything worth knowing that did not stop the analysis.
  public var warnings: [AuditWarning]

  public init(
    wheel: String, input: AuditInputKind, architecture: String, libc: String, libcSource: LibcSource,
    verdict: ReportVerdict, elves: [ELFSummary], symbolUses: [SymbolUse], barriers: [PolicyBarrier],
    neededTrees: [NeededTree], executableStacks: [ExecutableStackFact], warnings: [AuditWarning]
  ) {
    self.schemaVersion = AuditReport.currentSchemaVersion
    self.wheel = wheel
    self.input = input
    self.architecture = architecture
    self.libc = libc
    self.libcSource = libcSource
    self.verdict = verdict
    self.elves = elves
    self.symbolUses = symbolUses
    self.barriers = barriers
    self.neededTrees = neededTrees
    self.executableStacks = executableStacks
    self.warnings = warnings
  }
}

/// What kind of input was audited.
public enum AuditInputKind: String, Sendable, Hashable, Codable {
  /// A `.whl` zip archive.
  case wheel
  /// An unpacked wheel directory.
  case directory
  /// A single ELF file, audited as a one-file wheel.
  case elf
}

/// Where the wheel's libc was learnt.
public enum LibcSource: String, Sendable, Hashable, Codable {
  /// The platform tags (`manylinux…` / `musllinux…`).
  case filename
  /// An ELF file's interpreter, DT_NEEDED or SOABI suffix.
  case elf
  /// Nothing revealed it: glibc is assumed (auditwheel asks the host instead).
  case `default`
}

/// A warning attached to the report (and printed on standard error by the command line).
public struct AuditWarning: Sendable, Hashable, Codable {
  /// A stable identifier: `unknown-architecture`, `other-architecture`, `other-libc`,
  /// `invalid-elf`, `not-in-record`, `libc-default`, `filename`, `tree-fixup`, `isa-unknown`.
  public var kind: String
  /// The member (or host file) concerned, if any.
  public var file: String?
  public var message: String

  public init(kind: String, file: String? = nil, message: String) {
    self.kind = kind
    self.file = file
    self.message = message
  }
}

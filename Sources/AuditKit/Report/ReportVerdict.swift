/// The verdict in auditwheel's terms: every ceiling, and the data `auditwheel show --json`
/// prints (its JSON is rendered from this, see ``AuditRendering/showJSON(_:)``).
public struct ReportVerdict: Sendable, Hashable, Codable {
  /// The tag the wheel is consistent with (`overall_tag`).
  public var overallTag: String
  /// The symbol-version ceiling (`sym_tag`).
  public var symbolTag: String
  /// Every ceiling, in a fixed order; the verdict is their minimum.
  public var ceilings: [Ceiling]
  /// Every policy evaluated, least compatible first (`linux_<arch>`, then the newest).
  public var policies: [String]
  /// An extension references PyFPE (`pyfpe`).
  public var pyfpe: Bool
  /// A Python 2 extension uses UCS2 symbols (`ucs2`).
  public var ucs2: Bool
  /// The ISA check capped the verdict at `linux` (`unsupported_isa`).
  public var unsupportedIsa: Bool
  /// The version nodes behind ``symbolTag`` per library, each list sorted as auditwheel's JSON
  /// sorts it (by code point: `GLIBC_2.14 < GLIBC_2.2.5`).
  public var versionedSymbols: [LibraryVersions]
  /// External libraries of the most compatible policy (`external_libs`): soname → real path.
  public var externalLibraries: [ExternalLibraryEntry]
  /// External libraries of the newest policy (what `auditwheel show` prints as text).
  public var externalLibrariesNewest: [ExternalLibraryEntry]
  /// For each policy more compatible than the verdict, libraries to eliminate and blacklisted
  /// symbols (`policy_upgrades`); policies with neither are left out.
  public var policyUpgrades: [PolicyUpgrade]

  public init(
    overallTag: String, symbolTag: String, ceilings: [Ceiling], policies: [String], pyfpe: Bool,
    ucs2: Bool, unsupportedIsa: Bool, versionedSymbols: [LibraryVersions],
    externalLibraries: [ExternalLibraryEntry], externalLibrariesNewest: [ExternalLibraryEntry],
    policyUpgrades: [PolicyUpgrade]
  ) {
    self.overallTag = overallTag
    self.symbolTag = symbolTag
    self.ceilings = ceilings
    self.policies = policies
    self.pyfpe = pyfpe
    self.ucs2 = ucs2
    self.unsupportedIsa = unsupportedIsa
    self.versionedSymbols = versionedSymbols
    self.externalLibraries = externalLibraries
    self.externalLibrariesNewest = externalLibrariesNewest
    self.policyUpgrades = policyUpgrades
  }

  /// The most compatible policy evaluated.
  public var highestTag: String { policies.last ?? overallTag }
  /// The tag of one ceiling.
  public func ceiling(_ kind: CeilingKind) -> String? { ceilings.first { $0.kind == kind }?.tag }
}

/// What a ceiling is about.
public enum CeilingKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// Required symbol versions (including those of libraries a policy would graft).
  case symbolVersions = "symbol-versions"
  /// External (non-whitelisted) libraries: `show` allows no grafting.
  case externalLibraries = "external-libraries"
  /// Blacklisted symbols imported.
  case blacklist
  /// x86-64 ISA levels above the baseline.
  case isa
  /// PyFPE references.
  case pyfpe
  /// UCS2 (narrow unicode) Python 2 symbols.
  case ucs2
}

/// One ceiling: the most compatible policy one kind of requirement allows.
public struct Ceiling: Sendable, Hashable, Codable {
  public var kind: CeilingKind
  public var tag: String

  public init(kind: CeilingKind, tag: String) {
    self.kind = kind
    self.tag = tag
  }
}

/// Version nodes required from one library.
public struct LibraryVersions: Sendable, Hashable, Codable {
  public var library: String
  public var versions: [String]

  public init(library: String, versions: [String]) {
    self.library = library
    self.versions = versions
  }
}

/// An external library: its DT_NEEDED name and where it was found (`nil` when not found).
public struct ExternalLibraryEntry: Sendable, Hashable, Codable {
  public var soname: String
  public var path: String?

  public init(soname: String, path: String?) {
    self.soname = soname
    self.path = path
  }
}

/// Blacklisted symbols imported from one library.
public struct LibrarySymbols: Sendable, Hashable, Codable {
  public var library: String
  public var symbols: [String]

  public init(library: String, symbols: [String]) {
    self.library = library
    self.symbols = symbols
  }
}

/// One `policy_upgrades` entry.
public struct PolicyUpgrade: Sendable, Hashable, Codable {
  public var policy: String
  public var libsToEliminate: [String]
  public var blacklistedSymbols: [LibrarySymbols]

  public init(policy: String, libsToEliminate: [String], blacklistedSymbols: [LibrarySymbols]) {
    self.policy = policy
    self.libsToEliminate = libsToEliminate
    self.blacklistedSymbols = blacklistedSymbols
  }
}

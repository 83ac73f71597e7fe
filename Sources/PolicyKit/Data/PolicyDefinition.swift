/// One entry of a vendored policy file, before it is specialised to an architecture.
///
/// The schema is auditwheel's (`src/auditwheel/policy/*-policy.json`, described in
/// `docs/policy-data.md`): a base name (`manylinux_2_17`), legacy aliases (`manylinux2014`), a
/// priority (higher = older, more compatible; `linux` = 0), the allowed symbol versions per
/// architecture and prefix, the whitelisted sonames and the blacklisted symbols per soname.
public struct PolicyDefinition: Sendable, Hashable, Decodable {
  /// The base name without architecture, e.g. `manylinux_2_17`.
  public let name: String
  /// Legacy base names, e.g. `manylinux2014`.
  public let aliases: [String]
  /// Higher is older and more compatible; `linux` has 0.
  public let priority: Int
  /// `symbolVersions[arch][prefix]` = allowed versions without the prefix (`"2.17"`). A policy
  /// exists for an architecture only if the architecture is a key here.
  public let symbolVersions: [String: [String: Set<String>]]
  /// Sonames assumed present on every target system (never grafted).
  public let libWhitelist: Set<String>
  /// Symbols that must not be imported, per soname.
  public let blacklist: [String: Set<String>]

  public init(
    name: String, aliases: [String], priority: Int,
    symbolVersions: [String: [String: Set<String>]], libWhitelist: Set<String>,
    blacklist: [String: Set<String>]
  ) {
    self.name = name
    self.aliases = aliases
    self.priority = priority
    self.symbolVersions = symbolVersions
    self.libWhitelist = libWhitelist
    self.blacklist = blacklist
  }

  enum CodingKeys: String, CodingKey {
    case name, aliases, priority
    case symbolVersions = "symbol_versions"
    case libWhitelist = "lib_whitelist"
    case blacklist
  }
}

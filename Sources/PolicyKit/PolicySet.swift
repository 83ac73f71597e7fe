/// The policies that apply to one libc and architecture, sorted by ascending priority, as
/// auditwheel's `WheelPolicies` (`policy/__init__.py`).
///
/// * glibc: every manylinux policy whose `symbol_versions` lists the architecture, plus
///   `linux`, each named `<name>_<arch>`.
/// * musl: `linux` plus a **single** musllinux policy, `musllinux_1_2` unless another one is
///   asked for, with `libc.so` in the whitelist renamed to the architecture's musl loader
///   (`libc.musl-x86_64.so.1`, `libc.musl-x86.so.1` on i686, `libc.musl-armv7.so.1` on armv7l).
///   Unlike auditwheel, the host's musl version is never consulted.
public struct PolicySet: Sendable, Hashable {
  /// The libc of every policy in the set.
  public let libc: Libc
  /// The architecture the set was built for.
  public let architecture: Architecture
  /// All policies, ascending priority: `policies[0]` is `linux`.
  public let policies: [Policy]

  /// The default musllinux policy (auditwheel's choice on a non-musl host: the newest).
  public static let defaultMuslPolicy = "musllinux_1_2"

  /// Builds the set from the vendored data.
  ///
  /// - Parameters:
  ///   - libc: glibc or musl.
  ///   - architecture: the wheel's architecture. auditwheel selects policies by the exact
  ///     name, so pass a baseline (`x86_64`, not `x86_64_v3`).
  ///   - muslPolicy: for musl only, `musllinux_X_Y`; `nil` selects ``defaultMuslPolicy``.
  /// - Throws: data errors from ``PolicyData/definitions(for:)``,
  ///   ``PolicyError/muslPolicyForGlibc(_:)``, ``PolicyError/invalidMuslPolicy(_:)``,
  ///   ``PolicyError/noPolicies(libc:architecture:musl:)``.
  public init(libc: Libc, architecture: Architecture, muslPolicy: String? = nil)
    throws(PolicyError)
  {
    try self.init(
      libc: libc, architecture: architecture, muslPolicy: muslPolicy,
      definitions: try PolicyData.definitions(for: libc))
  }

  /// Builds the set from already validated definitions (see ``PolicyData/decode(_:file:)``).
  public init(
    libc: Libc, architecture: Architecture, muslPolicy: String? = nil,
    definitions: [PolicyDefinition]
  ) throws(PolicyError) {
    if libc != .musl, let muslPolicy { throw .muslPolicyForGlibc(muslPolicy) }
    if let muslPolicy, !PolicySet.isMuslPolicyName(muslPolicy) {
      throw .invalidMuslPolicy(muslPolicy)
    }
    let arch = architecture.rawValue
    let base = architecture.baseline.rawValue
    var selected: [Policy] = []
    for definition in definitions {
      if let muslPolicy, definition.name != "linux", definition.name != muslPolicy { continue }
      let isLinux = definition.name == "linux"
      guard isLinux || definition.symbolVersions[arch] != nil else { continue }
      selected.append(
        Policy(
          name: "\(definition.name)_\(base)", baseName: definition.name,
          aliases: definition.aliases.map { "\($0)_\(base)" }, priority: definition.priority,
          symbolVersions: isLinux ? [:] : definition.symbolVersions[base] ?? [:],
          libWhitelist: PolicySet.fixMuslSoname(definition.libWhitelist, libc, architecture),
          blacklist: definition.blacklist))
    }
    selected.sort { $0.priority < $1.priority }
    if libc == .musl, muslPolicy == nil, selected.count > 2 {
      selected = Array(selected.prefix(2))
    }
    guard selected.count >= 2, selected[0].isLinux, selected.dropFirst().allSatisfy({ !$0.isLinux })
    else { throw .noPolicies(libc: libc, architecture: architecture, musl: muslPolicy) }
    if libc == .musl, selected.count != 2 {
      throw .noPolicies(libc: libc, architecture: architecture, musl: muslPolicy)
    }
    self.libc = libc
    self.architecture = architecture
    self.policies = selected
  }

  /// The generic `linux_<arch>` policy (priority 0).
  public var linux: Policy { policies[0] }
  /// The least compatible (newest) policy that is not `linux`.
  public var lowest: Policy { policies[1] }
  /// The most compatible (oldest) policy.
  public var highest: Policy { policies[policies.count - 1] }

  /// The policy named `name` or having `name` as an alias (`manylinux2014_x86_64`).
  ///
  /// - Throws: ``PolicyError/unknownPolicy(_:)``.
  public func lookup(_ name: String) throws(PolicyError) -> Policy {
    guard let policy = policies.first(where: { $0.matches(name) }) else {
      throw .unknownPolicy(name)
    }
    return policy
  }

  /// Every accepted platform name: each policy's name then its aliases, ascending priority.
  public var allNames: [String] { policies.flatMap(\.tags) }

  /// The most compatible policy whose symbol versions allow `required`, as auditwheel's
  /// `versioned_symbols_policy`.
  ///
  /// Requirements are grouped by prefix across all libraries; a policy matches when, for every
  /// prefix it lists, the required nodes are a subset of the allowed ones. Unknown prefixes are
  /// ignored and `linux` lists none, so it always matches.
  /// - Parameter required: version nodes per library, e.g. `["libc.so.6": ["GLIBC_2.17"]]`.
  public func versionedSymbolsPolicy(_ required: [String: Set<String>]) -> Policy {
    var all: Set<String> = []
    for versions in required.values { all.formUnion(versions) }
    for policy in policies.reversed() where policy.disallowedVersions(all).isEmpty {
      return policy
    }
    return linux
  }

  static func isMuslPolicyName(_ name: String) -> Bool {
    let parts = name.split(separator: "_", omittingEmptySubsequences: false)
    return parts.count == 3 && parts[0] == "musllinux"
      && parts.dropFirst().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
  }

  /// auditwheel's `_fixup_musl_libc_soname`: `libc.so` → the musl loader of the architecture.
  static func fixMuslSoname(_ whitelist: Set<String>, _ libc: Libc, _ arch: Architecture)
    -> Set<String>
  {
    guard libc == .musl else { return whitelist }
    return Set(whitelist.map { $0 == "libc.so" ? muslLoader(arch.baseline) ?? $0 : $0 })
  }

  /// The musl libc soname for a baseline architecture, `nil` where auditwheel has none.
  public static func muslLoader(_ arch: Architecture) -> String? {
    switch arch {
    case .x86_64: "libc.musl-x86_64.so.1"
    case .i686: "libc.musl-x86.so.1"
    case .aarch64: "libc.musl-aarch64.so.1"
    case .s390x: "libc.musl-s390x.so.1"
    case .ppc64le: "libc.musl-ppc64le.so.1"
    case .armv7l: "libc.musl-armv7.so.1"
    case .riscv64: "libc.musl-riscv64.so.1"
    case .loongarch64: "libc.musl-loongarch64.so.1"
    default: nil
    }
  }
}

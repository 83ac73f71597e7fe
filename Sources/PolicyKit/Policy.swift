/// A policy specialised to one architecture, e.g. `manylinux_2_17_x86_64`.
///
/// Built by ``PolicySet`` from a ``PolicyDefinition``. Policies of one set are ordered by
/// ``priority`` alone (higher = older glibc, more compatible; `linux` = 0), exactly as
/// auditwheel's `Policy.__lt__`.
public struct Policy: Sendable, Hashable, CustomStringConvertible {
  /// The platform tag, e.g. `manylinux_2_17_x86_64` or `linux_x86_64`.
  public let name: String
  /// The base name without architecture, e.g. `manylinux_2_17`.
  public let baseName: String
  /// Legacy platform tags, e.g. `["manylinux2014_x86_64"]`.
  public let aliases: [String]
  /// Higher is older and more compatible; `linux` has 0.
  public let priority: Int
  /// Allowed versions per symbol prefix for this architecture, without the prefix (`"2.17"`).
  /// Empty for `linux` and for musllinux.
  public let symbolVersions: [String: Set<String>]
  /// Sonames assumed present on the target system (musl's `libc.so` already renamed).
  public let libWhitelist: Set<String>
  /// Blacklisted symbols per soname.
  public let blacklist: [String: Set<String>]
  /// `symbolVersions` with full node names (`GLIBC_2.17`), as auditwheel compares them.
  let allowedNodes: [String: Set<String>]

  public init(
    name: String, baseName: String, aliases: [String], priority: Int,
    symbolVersions: [String: Set<String>], libWhitelist: Set<String>,
    blacklist: [String: Set<String>]
  ) {
    self.name = name
    self.baseName = baseName
    self.aliases = aliases
    self.priority = priority
    self.symbolVersions = symbolVersions
    self.libWhitelist = libWhitelist
    self.blacklist = blacklist
    var nodes: [String: Set<String>] = [:]
    for (prefix, versions) in symbolVersions {
      nodes[prefix] = Set(versions.map { "\(prefix)_\($0)" })
    }
    self.allowedNodes = nodes
  }

  /// Whether this is the generic `linux` policy (priority 0), which whitelists nothing and
  /// matches everything.
  public var isLinux: Bool { priority == 0 }

  /// The name followed by the aliases: the platform tags a repaired wheel gets for this policy.
  public var tags: [String] { [name] + aliases }

  /// Whether `name` is this policy's name or one of its aliases.
  public func matches(_ name: String) -> Bool { self.name == name || aliases.contains(name) }

  /// The required version nodes this policy does not allow, per prefix it knows.
  ///
  /// Prefixes the policy does not list are ignored, as auditwheel does (`OPENSSL_1_1_0`).
  /// - Parameter required: version node names, e.g. `["GLIBC_2.17", "GLIBCXX_3.4.21"]`.
  public func disallowedVersions(_ required: Set<String>) -> Set<String> {
    var result: Set<String> = []
    for node in required {
      if let allowed = allowedNodes[SymbolVersion.prefix(of: node)], !allowed.contains(node) {
        result.insert(node)
      }
    }
    return result
  }

  public var description: String { name }

  /// The more compatible of two policies (higher priority); `a` on a tie, like Python's `max`.
  public static func moreCompatible(_ a: Policy, _ b: Policy) -> Policy {
    b.priority > a.priority ? b : a
  }

  /// The less compatible of two policies (lower priority); `a` on a tie, like Python's `min`.
  public static func lessCompatible(_ a: Policy, _ b: Policy) -> Policy {
    b.priority < a.priority ? b : a
  }
}

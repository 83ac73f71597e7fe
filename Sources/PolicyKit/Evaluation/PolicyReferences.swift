/// A library that a policy would need grafted (auditwheel's `ExternalReference.libs` entry).
public struct ExternalLibrary: Sendable, Hashable {
  /// The DT_NEEDED name.
  public var soname: String
  /// The resolved real path, `nil` when unresolved (repair then fails for that policy).
  public var realpath: String?

  public init(soname: String, realpath: String?) {
    self.soname = soname
    self.realpath = realpath
  }
}

/// What stands between an ELF (or the whole wheel) and one policy: libraries outside its
/// whitelist and blacklisted symbols (auditwheel's `ExternalReference`).
public struct PolicyReferences: Sendable, Hashable {
  /// External libraries, sorted by soname.
  public var libraries: [ExternalLibrary]
  /// Blacklisted symbols imported, per direct dependency, each list sorted.
  public var blacklist: [String: [String]]

  public init(libraries: [ExternalLibrary] = [], blacklist: [String: [String]] = [:]) {
    self.libraries = libraries
    self.blacklist = blacklist
  }

  /// The external sonames, sorted.
  public var sonames: [String] { libraries.map(\.soname) }

  /// Merges `other` as auditwheel's `update()`: blacklists are unioned, and a library present
  /// in both takes `other`'s real path.
  mutating func merge(_ other: PolicyReferences) {
    for (lib, symbols) in other.blacklist {
      blacklist[lib] = Set(blacklist[lib] ?? []).union(symbols).sorted()
    }
    var byName = Dictionary(libraries.map { ($0.soname, $0) }, uniquingKeysWith: { $1 })
    for library in other.libraries { byName[library.soname] = library }
    libraries = byName.values.sorted { $0.soname < $1.soname }
  }
}

/// auditwheel's `lddtree_external_references` for one ELF and one policy.
enum ExternalReferences {
  /// The references of `elf` under `policy`; empty for `linux`.
  static func compute(_ elf: ELFPolicyFacts, _ policy: Policy) -> PolicyReferences {
    guard !policy.isLinux else { return PolicyReferences() }
    let whitelist = policy.libWhitelist
    func keep(_ lib: String) -> Bool { !isDynamicLoader(lib) && !whitelist.contains(lib) }

    // Blacklist: direct needs only, against every undefined non-weak symbol ("*" included).
    var blacklist: [String: [String]] = [:]
    let direct = Set(elf.needed)
    let undefined = elf.undefinedSymbols.union(["*"])
    for (lib, symbols) in policy.blacklist where direct.contains(lib) && !symbols.isEmpty {
      let hits = symbols.intersection(undefined)
      if !hits.isEmpty { blacklist[lib] = hits.sorted() }
    }

    // Closure over DT_NEEDED, stopping at whitelisted libs and the loader.
    let map = elf.libraryMap()
    var pending = elf.needed.filter(keep)
    var required: Set<String> = []
    while let lib = pending.popLast() {
      guard required.insert(lib).inserted else { continue }
      for dep in map[lib]?.needed ?? [] where keep(dep) && !required.contains(dep) {
        pending.append(dep)
      }
    }

    let libraries = required.sorted().compactMap { soname -> ExternalLibrary? in
      let node = map[soname]
      if node?.isInsideWheel == true { return nil }
      return ExternalLibrary(soname: soname, realpath: node?.realpath)
    }
    return PolicyReferences(libraries: libraries, blacklist: blacklist)
  }
}

/// The load-time invariants of the policy data, as auditwheel's `_validate_pep600_compliance`
/// (`policy/__init__.py`), plus unique priorities.
///
/// Going from the highest priority (oldest glibc) to the lowest, each policy other than `linux`
/// must whitelist every library whitelisted by any higher-priority policy, and for every
/// architecture and symbol prefix it lists, allow every version allowed by any higher-priority
/// policy. auditwheel does not check priorities for uniqueness; wheelfs does, because policies
/// are ordered by priority alone.
public enum PEP600Validation {
  /// Checks `definitions` and throws the first violation found.
  ///
  /// Policies are visited by descending priority (ties in file order), architectures and
  /// prefixes in sorted order, so the reported violation is deterministic.
  ///
  /// - Throws: ``PolicyError/duplicatePriority(priority:policies:)``,
  ///   ``PolicyError/missingWhitelistLibraries(policy:missing:)`` or
  ///   ``PolicyError/missingSymbolVersions(policy:architecture:prefix:missing:)``.
  public static func validate(_ definitions: [PolicyDefinition]) throws(PolicyError) {
    var byPriority: [Int: [String]] = [:]
    for definition in definitions { byPriority[definition.priority, default: []].append(definition.name) }
    if let (priority, names) = byPriority.filter({ $0.value.count > 1 }).min(by: { $0.key < $1.key }) {
      throw .duplicatePriority(priority: priority, policies: names)
    }

    let ordered = definitions.enumerated().sorted {
      $0.element.priority != $1.element.priority
        ? $0.element.priority > $1.element.priority : $0.offset < $1.offset
    }.map(\.element)

    var whitelist: Set<String> = []
    var versions: [String: [String: Set<String>]] = [:]
    for policy in ordered where policy.name != "linux" {
      let missingLibs = whitelist.subtracting(policy.libWhitelist)
      if !missingLibs.isEmpty {
        throw .missingWhitelistLibraries(policy: policy.name, missing: missingLibs.sorted())
      }
      whitelist.formUnion(policy.libWhitelist)
      for arch in policy.symbolVersions.keys.sorted() {
        let prefixes = policy.symbolVersions[arch] ?? [:]
        for prefix in prefixes.keys.sorted() {
          let allowed = prefixes[prefix] ?? []
          let previous = versions[arch]?[prefix] ?? []
          let missing = previous.subtracting(allowed)
          if !missing.isEmpty {
            throw .missingSymbolVersions(
              policy: "\(policy.name)_\(arch)", architecture: arch, prefix: prefix,
              missing: missing.sorted { NaturalOrder.compare(Array($0.utf8), Array($1.utf8)) < 0 })
          }
          versions[arch, default: [:]][prefix, default: []].formUnion(allowed)
        }
      }
    }
  }
}

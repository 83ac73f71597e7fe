/// auditwheel's `_get_machine_policy`: the ISA-extension ceiling.
extension PolicySet {
  /// Checks every root and every resolved dependency whose soname is an external library of
  /// some non-linux policy. An ELF needing an ISA level the set's architecture does not cover
  /// caps the ceiling at `linux`, except a library that some policy whitelists (e.g. an
  /// x86-64-v2 `libmvec.so.1`), which caps it at the most compatible such policy.
  ///
  /// Files are visited once each: roots by wheel path, libraries by real path (first soname
  /// seen wins), in root order then dependency order.
  func machinePolicy(
    _ roots: [ELFPolicyFacts], external: Set<String>, violations: inout [ISAViolation]
  ) -> Policy {
    struct Check {
      var file: String
      var soname: String?
      var level: Architecture?
    }
    var checks: [Check] = []
    var seenRoots: Set<String> = []
    var seenLibraries: Set<String> = []
    for root in roots where seenRoots.insert(root.path).inserted {
      checks.append(Check(file: root.path, soname: nil, level: root.extendedArchitecture))
      for node in root.libraries where external.contains(node.soname) {
        guard let path = node.realpath, seenLibraries.insert(path).inserted else { continue }
        checks.append(Check(file: path, soname: node.soname, level: node.extendedArchitecture))
      }
    }

    var result = highest
    for check in checks {
      guard let level = check.level, !architecture.isSuperset(of: level) else { continue }
      var ceiling = linux
      if let soname = check.soname {
        for policy in policies where policy.libWhitelist.contains(soname) {
          ceiling = Policy.moreCompatible(ceiling, policy)
        }
      }
      violations.append(
        ISAViolation(file: check.file, soname: check.soname, required: level, ceiling: ceiling))
      result = Policy.lessCompatible(result, ceiling)
    }
    return result
  }
}

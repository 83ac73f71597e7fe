extension PolicyError: CustomStringConvertible {
  /// The message, worded as auditwheel's where auditwheel has one.
  public var description: String {
    switch self {
    case .resourceMissing(let file):
      return "policy data file \(file) is missing from the PolicyKit bundle"
    case .malformedJSON(let file, let detail):
      return "invalid policy file \(file): \(detail)"
    case .duplicatePriority(let priority, let policies):
      return
        "Invalid \"policy.json\" file. Policies \(policies.joined(separator: ", ")) share priority \(priority)"
    case .missingWhitelistLibraries(let policy, let missing):
      return
        "Invalid \"policy.json\" file. Missing whitelist libraries in \"\(policy)\" compared to previous policies: \(set(missing))"
    case .missingSymbolVersions(let policy, _, let prefix, let missing):
      return
        "Invalid \"policy.json\" file. Symbol versions missing in \"\(policy)\" for \"\(prefix)\" compared to previous policies: \(set(missing))"
    case .muslPolicyForGlibc:
      return "'musl_policy' shall be None for libc GLIBC"
    case .invalidMuslPolicy(let name):
      return "Invalid 'musl_policy': '\(name)'"
    case .noPolicies(let libc, let architecture, let musl):
      let which = musl.map { " named \($0)" } ?? ""
      return "no \(libc.tagPrefix) policy\(which) exists for architecture \(architecture)"
    case .unknownPolicy(let name):
      return "no policy named '\(name)' found"
    case .repairRefused(let wheel, let platform, let reason):
      let prefix = "cannot repair \"\(wheel)\" to \"\(platform)\" ABI because "
      switch reason {
      case .tooRecentSymbols:
        return prefix
          + "of the presence of too-recent versioned symbols. You'll need to compile the wheel on an older toolchain."
      case .ucs2:
        return prefix
          + "it was compiled against a UCS2 build of Python. You'll need to compile the wheel against a wide-unicode build of Python."
      case .blacklistedSymbols:
        return prefix + "it depends on black-listed symbols."
      case .unsupportedISA:
        return prefix + "it depends on unsupported ISA extensions."
      }
    }
  }

  private func set(_ items: [String]) -> String {
    "{" + items.map { "'\($0)'" }.joined(separator: ", ") + "}"
  }
}

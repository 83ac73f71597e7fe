/// Why a DT_NEEDED entry has no library.
public enum UnresolvedReason: Sendable, Hashable, Codable {
  /// No file of that name in any search directory.
  case notFound
  /// Files of that name exist, but every one was skipped as incompatible (another class or
  /// machine); see ``LibraryNode/rejected``. ld.so says "wrong ELF class" in this case.
  case incompatible
  /// The search stopped at a file the loader refuses outright (`path`): a non-ELF file, another
  /// byte order, an invalid OS ABI. glibc fails the whole load there; auditwheel raises.
  case invalidCandidate(path: String, problem: CandidateProblem)
  /// Dropped by an `--exclude` pattern (matched against the name or the resolved path).
  case excluded(pattern: String)
  /// A libpython soname, deliberately not resolved (see ``LibPython``).
  case libpython
}

/// A file seen during the search and passed over.
public struct RejectedCandidate: Sendable, Hashable, Codable {
  /// The path tried.
  public var path: String
  public var problem: CandidateProblem

  public init(path: String, problem: CandidateProblem) {
    self.path = path
    self.problem = problem
  }
}

/// One entry of ``DependencyTree/libraries``: what a DT_NEEDED name resolved to.
public struct LibraryNode: Sendable, Hashable, Codable {
  /// The DT_NEEDED name (the dictionary key), e.g. `libc.so.6`.
  public var soname: String
  /// The path the library was found at, spelled as the search produced it
  /// (`/lib/x86_64-linux-gnu/libc.so.6`); `nil` when unresolved.
  public var path: String?
  /// The resolved file. `.ldso` mode: the canonical path, every link resolved. `.auditwheel`
  /// mode: auditwheel's value, where only links in the last component are followed.
  public var realpath: String?
  /// The library's header fields; `nil` when unresolved.
  public var identity: ELFIdentity?
  /// The library's own DT_NEEDED entries, in file order (excluded names included; see
  /// ``excluded``).
  public var needed: [String]
  /// The names of ``needed`` dropped by `--exclude` while resolving this library.
  public var excluded: [String]
  /// Why there is no library; `nil` when resolved.
  public var reason: UnresolvedReason?
  /// Candidates skipped before the library was found (or not).
  public var rejected: [RejectedCandidate]

  public init(
    soname: String, path: String? = nil, realpath: String? = nil, identity: ELFIdentity? = nil,
    needed: [String] = [], excluded: [String] = [], reason: UnresolvedReason? = nil,
    rejected: [RejectedCandidate] = []
  ) {
    self.soname = soname
    self.path = path
    self.realpath = realpath
    self.identity = identity
    self.needed = needed
    self.excluded = excluded
    self.reason = reason
    self.rejected = rejected
  }

  /// Whether the name resolved to a file.
  public var isResolved: Bool { reason == nil && realpath != nil }

  /// ``needed`` without the excluded names: the edges the resolver followed.
  public var followedNeeded: [String] {
    excluded.isEmpty ? needed : needed.filter { !excluded.contains($0) }
  }

  static func unresolved(_ name: String, _ reason: UnresolvedReason, rejected: [RejectedCandidate] = [])
    -> LibraryNode
  {
    LibraryNode(soname: name, reason: reason, rejected: rejected)
  }
}

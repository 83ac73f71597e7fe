/// The C library an ELF tree was built against, detected the way auditwheel does it.
public enum LibcFlavor: String, Sendable, Hashable, Codable {
  case glibc
  case musl
}

/// The shared-library dependency tree of one ELF file, as one loader would resolve it.
///
/// The shape follows auditwheel's `DynamicExecutable` (`lddtree.py`): the root's own facts, plus
/// a flat `libraries` dictionary keyed by DT_NEEDED name in which every name appears once, each
/// node listing its own `needed` names. ``loadOrder`` records the order in which names were
/// first resolved, so every rendering is deterministic.
public struct DependencyTree: Sendable, Hashable, Codable {
  /// The loader that was imitated.
  public var mode: ResolutionMode
  /// The root path as given.
  public var path: String
  /// The root's resolved path (`.ldso`: canonical; `.auditwheel`: the given path, as auditwheel
  /// reports it).
  public var realpath: String
  /// The root's header fields.
  public var identity: ELFIdentity
  /// `PT_INTERP`, or `nil`: as written in `.ldso` mode, `normpath`-ed as auditwheel reports it in
  /// `.auditwheel` mode.
  public var interpreter: String?
  /// The C library, detected from `PT_INTERP`, DT_NEEDED or the file name; `nil` if unknown.
  public var libc: LibcFlavor?
  /// The root's DT_NEEDED entries, in file order (excluded names included; see ``excluded``).
  public var needed: [String]
  /// The names of ``needed`` dropped by `--exclude`.
  public var excluded: [String]
  /// The root's DT_RPATH directories as this mode uses them (expanded; empty when DT_RUNPATH
  /// hides DT_RPATH).
  public var rpath: [String]
  /// The root's DT_RUNPATH directories as this mode uses them (expanded).
  public var runpath: [String]
  /// Every library reached, keyed by DT_NEEDED name.
  public var libraries: [String: LibraryNode]
  /// The keys of ``libraries`` in the order they were first entered.
  public var loadOrder: [String]

  public init(
    mode: ResolutionMode, path: String, realpath: String, identity: ELFIdentity,
    interpreter: String? = nil, libc: LibcFlavor? = nil, needed: [String] = [],
    excluded: [String] = [], rpath: [String] = [], runpath: [String] = [],
    libraries: [String: LibraryNode] = [:], loadOrder: [String] = []
  ) {
    self.mode = mode
    self.path = path
    self.realpath = realpath
    self.identity = identity
    self.interpreter = interpreter
    self.libc = libc
    self.needed = needed
    self.excluded = excluded
    self.rpath = rpath
    self.runpath = runpath
    self.libraries = libraries
    self.loadOrder = loadOrder
  }

  /// ``needed`` without the excluded names.
  public var followedNeeded: [String] {
    excluded.isEmpty ? needed : needed.filter { !excluded.contains($0) }
  }

  /// The libraries in ``loadOrder``.
  public var orderedLibraries: [LibraryNode] {
    loadOrder.compactMap { libraries[$0] }
  }

  /// The names that did not resolve, in ``loadOrder``, excluded ones left out.
  public var unresolved: [LibraryNode] {
    orderedLibraries.filter {
      if case .excluded = $0.reason { return false }
      return !$0.isResolved
    }
  }

  /// Inserts or replaces a node, remembering the first-insertion order.
  mutating func record(_ node: LibraryNode) {
    if libraries.updateValue(node, forKey: node.soname) == nil { loadOrder.append(node.soname) }
  }
}

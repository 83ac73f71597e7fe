import Synchronization

/// The mounted view of one or more wheels: an immutable tree of metadata, built once.
///
/// - Single-wheel mount (``init(wheel:)``): the wheel's members at the root, plus `.audit/`.
/// - Multi-wheel mount (``init(wheels:)``): one directory per wheel at the root, each with the
///   wheel's members and its own `.audit/`.
///
/// Directories that have no entry of their own are implied from member paths. Inode numbers are
/// 1 for the root, then creation order (archive order), so they are the same on every mount of
/// the same archive. Paths are looked up in a dictionary (O(1)); listings are sorted bytewise.
/// The tree keeps only metadata: member bytes come from the ``MountSource`` on every read, and
/// `.audit/` texts are computed on first access (``ComputedFile``).
///
/// Mode policy: files are 0644, or 0755 when the archive records any execute bit; directories
/// 0755; symlinks 0777; `.audit/` texts 0444 and `.audit/repair` 0644. setuid, setgid and sticky
/// bits are never shown.
///
/// All methods are safe to call from many threads (the FUSE worker threads). Paths are the ones
/// libfuse's high-level API passes: absolute inside the mount, `/` for the root.
public final class VirtualTree: Sendable {
  let nodes: [Node]
  let paths: [String: Int]
  let entries: [[MountEntry]]
  let sources: [any MountSource]
  /// Members whose content has been handed out for the page cache (``pageCacheContent(inode:afterReading:at:)``).
  let handedToPageCache = Mutex<Set<Int>>([])

  /// Entries of the sources that are not shown, and why.
  public let skipped: [SkippedEntry]
  /// Totals for `statfs`.
  public let statistics: TreeStatistics

  /// Builds the view of a single wheel: its members at the root.
  public convenience init(wheel: MountedWheel) {
    var builder = TreeBuilder()
    builder.addRoot(modificationTime: .epoch)
    builder.addWheel(wheel, under: 0)
    self.init(builder)
  }

  /// Builds the view of several wheels: one directory per wheel, named ``MountedWheel/name``.
  ///
  /// - Throws: ``MountError/Code/invalidWheelName`` when a name is empty, `.`, `..`, `.audit`,
  ///   contains `/` or NUL, or repeats.
  public convenience init(wheels: [MountedWheel]) throws(MountError) {
    var builder = TreeBuilder()
    builder.addRoot(modificationTime: .epoch)
    var seen: Set<String> = []
    var newest = MountTime.epoch
    for wheel in wheels {
      guard MemberPath.isValidName(Substring(wheel.name)), wheel.name != TreeBuilder.auditDirectory,
        seen.insert(wheel.name).inserted
      else { throw MountError(.invalidWheelName, path: "/" + wheel.name) }
      let root = builder.addDirectory(wheel.name, under: 0, time: .epoch)
      builder.addWheel(wheel, under: root)
      newest = max(newest, builder.nodes[root].modificationTime)
    }
    builder.setModificationTime(newest, of: 0)
    self.init(builder)
  }

  private init(_ builder: TreeBuilder) {
    nodes = builder.finished()
    paths = builder.paths
    entries = builder.wheelEntries
    sources = builder.wheelSources
    skipped = builder.skipped
    var memberBytes: UInt64 = 0
    for node in nodes {
      if case .member = node.content { memberBytes &+= node.size }
    }
    statistics = TreeStatistics(nodes: nodes.count, memberBytes: memberBytes)
  }

  // MARK: - Metadata

  /// The attributes of the node at `path`. For an `.audit/` text this computes the content (once)
  /// so that the size is the true size.
  public func attributes(at path: String) throws(MountError) -> NodeAttributes {
    attributes(of: try lookup(path))
  }

  /// The children of the directory at `path`, sorted bytewise by name (without `.` and `..`).
  public func listing(at path: String) throws(MountError) -> [DirectoryEntry] {
    try listing(of: try lookup(path))
  }

  /// The target of the symbolic link at `path`.
  public func symlinkTarget(at path: String) throws(MountError) -> String {
    try symlinkTarget(of: try lookup(path))
  }

  /// The names of the extended attributes the node at `path` has.
  public func extendedAttributeNames(at path: String) throws(MountError) -> [String] {
    extendedAttributeNames(of: try lookup(path))
  }

  /// The value of extended attribute `name` of the node at `path`.
  public func extendedAttribute(_ name: String, at path: String) throws(MountError) -> [UInt8] {
    try extendedAttribute(name, of: try lookup(path))
  }

  // MARK: - Internals shared with the I/O extension

  func lookup(_ path: String) throws(MountError) -> Int {
    guard let index = paths[path] else { throw MountError(.notFound, path: path) }
    return index
  }

  func attributes(of index: Int) -> NodeAttributes {
    let node = nodes[index]
    let size: UInt64
    var time = node.modificationTime
    switch node.content {
    case .computed(let file): size = UInt64(file.content.count)
    case .repair(let control):
      size = UInt64(control.content.count)
      time = control.modificationTime ?? time
    default: size = node.size
    }
    return NodeAttributes(
      inode: UInt64(index + 1), kind: node.kind, size: size, permissions: node.permissions,
      modificationTime: time, linkCount: node.linkCount)
  }

  func listing(of index: Int) throws(MountError) -> [DirectoryEntry] {
    guard case .directory(let children) = nodes[index].content else {
      throw MountError(.notADirectory, path: path(of: index))
    }
    return children.map {
      DirectoryEntry(name: nodes[$0].name, inode: UInt64($0 + 1), kind: nodes[$0].kind)
    }
  }

  func symlinkTarget(of index: Int) throws(MountError) -> String {
    guard case .symlink(let target) = nodes[index].content else {
      throw MountError(.notASymlink, path: path(of: index))
    }
    return target
  }

  func extendedAttributeNames(of index: Int) -> [String] {
    guard case .member(let wheel, let entry) = nodes[index].content else { return [] }
    return ExtendedAttribute.allCases.filter {
      $0.exists(for: entries[wheel][entry], index: entry, source: sources[wheel])
    }.map(\.rawValue)
  }

  func extendedAttribute(_ name: String, of index: Int) throws(MountError) -> [UInt8] {
    guard case .member(let wheel, let entry) = nodes[index].content,
      let attribute = ExtendedAttribute(rawValue: name),
      let value = attribute.value(for: entries[wheel][entry], index: entry, source: sources[wheel])
    else { throw MountError(.noSuchAttribute, path: path(of: index), detail: name) }
    return value
  }

  /// The absolute path of node `index` inside the mount (for error messages).
  func path(of index: Int) -> String {
    guard index > 0 else { return "/" }
    var names: [String] = []
    var current = index
    while current > 0 {
      names.append(nodes[current].name)
      current = nodes[current].parent
    }
    return "/" + names.reversed().joined(separator: "/")
  }


}

/// Builds the node table of a ``VirtualTree``: implied directories, the mode policy, the
/// `.audit/` directory of each wheel, the path index.
///
/// Built once per mount, so it is on the mount's critical path: one dictionary (full path →
/// node) serves both the per-request lookup and the "does this directory exist yet" question,
/// names are validated bytewise without splitting, and consecutive members of the same
/// directory (the usual archive order) reuse the previous member's parent without a lookup.
struct TreeBuilder {
  private(set) var nodes: [Node] = []
  private(set) var paths: [String: Int] = [:]
  private(set) var skipped: [SkippedEntry] = []
  private(set) var wheelEntries: [[MountEntry]] = []
  private(set) var wheelSources: [any MountSource] = []
  /// Children of each node, in creation order (empty for non-directories); parallel to `nodes`.
  private var children: [[Int]] = []
  /// Absolute path of each directory node ("" for the root); parallel to `nodes`.
  private var directoryPaths: [String] = []

  /// Name of the hidden per-wheel directory.
  static let auditDirectory = ".audit"

  /// Adds the root directory; must be the first node.
  mutating func addRoot(modificationTime: MountTime) {
    nodes.append(directoryNode(name: "", parent: 0, time: modificationTime))
    children.append([])
    directoryPaths.append("")
    paths["/"] = 0
  }

  /// Adds `wheel`'s entries and `.audit/` under the directory node `root`.
  mutating func addWheel(_ wheel: MountedWheel, under root: Int) {
    let entries = wheel.source.entries
    let wheelIndex = wheelSources.count
    wheelSources.append(wheel.source)
    wheelEntries.append(entries)
    paths.reserveCapacity(paths.count + entries.count + entries.count / 4 + 8)
    nodes.reserveCapacity(nodes.count + entries.count + entries.count / 4 + 8)
    let impliedTime = TreeBuilder.impliedTime(wheel.source, entries)
    nodes[root].modificationTime = impliedTime
    var recent = RecentDirectory(text: "", index: root)
    for (index, entry) in entries.enumerated() {
      if let reason = addEntry(entry, index: index, wheel: wheelIndex, root: root, time: impliedTime, recent: &recent) {
        skipped.append(SkippedEntry(wheel: wheel.name, path: entry.path, reason: reason))
      }
    }
    addAuditDirectory(wheel, under: root, time: impliedTime)
  }

  /// Adds an empty directory `name` under `parent` and returns its index.
  mutating func addDirectory(_ name: String, under parent: Int, time: MountTime) -> Int {
    add(directoryNode(name: name, parent: parent, time: time), under: parent)
  }

  /// Sets the time of node `index` (the root of a multi-wheel mount takes its newest wheel's).
  mutating func setModificationTime(_ time: MountTime, of index: Int) {
    nodes[index].modificationTime = time
  }

  /// Sorts every directory's children and sets directory link counts.
  func finished() -> [Node] {
    var result = nodes
    for (directory, list) in children.enumerated() where nodes[directory].kind == .directory {
      let sorted = list.sorted { MemberPath.precedes(nodes[$0].name, nodes[$1].name) }
      result[directory].content = .directory(sorted)
      let subdirectories = sorted.count { nodes[$0].kind == .directory }
      result[directory].linkCount = UInt32(clamping: 2 + subdirectories)
    }
    return result
  }

  // MARK: - Entries

  /// The directory the previous entry went into, as the text of its path inside the wheel
  /// (without a trailing `/`), so that its siblings skip the walk.
  private struct RecentDirectory {
    var text: Substring
    var index: Int
  }

  private mutating func addEntry(
    _ entry: MountEntry, index: Int, wheel: Int, root: Int, time: MountTime, recent: inout RecentDirectory
  ) -> SkippedEntry.Reason? {
    guard let name = MemberPath.validated(entry.path) else { return .invalidName }
    let slash = name.utf8.lastIndex(of: UInt8(ascii: "/"))
    let directoryText = slash.map { name[..<$0] } ?? ""
    let leaf = slash.map { name[name.utf8.index(after: $0)...] } ?? name
    let first = directoryText.isEmpty ? leaf : directoryText.prefix { $0 != "/" }
    if first == TreeBuilder.auditDirectory { return .reservedName }
    let parent: Int
    if directoryText == recent.text {
      parent = recent.index
    } else {
      guard let found = directory(directoryText, under: root, time: time) else { return .typeConflict }
      parent = found
      recent = RecentDirectory(text: directoryText, index: found)
    }
    let leafName = String(leaf)
    let key = directoryPaths[parent] + "/" + leafName
    if let existing = paths[key] {
      guard nodes[existing].kind == .directory, entry.kind == .directory else {
        return nodes[existing].kind == .directory || entry.kind == .directory
          ? .typeConflict : .duplicate
      }
      // An explicit directory entry after the directory was implied by a deeper member: the
      // entry's own time replaces the implied one (modes are normalised anyway).
      nodes[existing].modificationTime = entry.modificationTime
      return nil
    }
    switch entry.kind {
    case .directory:
      _ = add(directoryNode(name: leafName, parent: parent, time: entry.modificationTime), under: parent, key: key)
    case .file:
      let node = Node(
        name: leafName, parent: parent, kind: .regularFile, size: entry.size,
        permissions: TreeBuilder.filePermissions(entry.mode), modificationTime: entry.modificationTime,
        linkCount: 1, content: .member(wheel: wheel, entry: index))
      _ = add(node, under: parent, key: key)
    case .symlink:
      guard let target = entry.symlinkTarget, !target.isEmpty else { return .missingSymlinkTarget }
      let node = Node(
        name: leafName, parent: parent, kind: .symlink, size: UInt64(target.utf8.count),
        permissions: 0o777, modificationTime: entry.modificationTime, linkCount: 1,
        content: .symlink(target))
      _ = add(node, under: parent, key: key)
    }
    return nil
  }

  /// The directory node at `text` (a validated relative path, "" for `root` itself) under
  /// `root`, creating the missing ones; `nil` when a component is a file or symlink.
  private mutating func directory(_ text: Substring, under root: Int, time: MountTime) -> Int? {
    var current = root
    guard !text.isEmpty else { return current }
    for component in text.split(separator: "/", omittingEmptySubsequences: false) {
      let name = String(component)
      let key = directoryPaths[current] + "/" + name
      if let existing = paths[key] {
        guard nodes[existing].kind == .directory else { return nil }
        current = existing
      } else {
        current = add(directoryNode(name: name, parent: current, time: time), under: current, key: key)
      }
    }
    return current
  }

  private mutating func addAuditDirectory(_ wheel: MountedWheel, under root: Int, time: MountTime) {
    let audit = addDirectory(TreeBuilder.auditDirectory, under: root, time: time)
    let provider = wheel.audit
    let texts: [(String, @Sendable () throws -> String)] = [
      ("policy", { try provider.policy() }),
      ("symbols", { try provider.symbols() }),
      ("needed", { try provider.needed() }),
      ("report.json", { try provider.reportJSON() }),
      ("record", { try provider.record() }),
    ]
    for (name, text) in texts {
      let node = Node(
        name: name, parent: audit, kind: .regularFile, size: 0, permissions: 0o444,
        modificationTime: time, linkCount: 1, content: .computed(ComputedFile.text(text)))
      _ = add(node, under: audit)
    }
    let repair = Node(
      name: "repair", parent: audit, kind: .regularFile, size: 0, permissions: 0o644,
      modificationTime: time, linkCount: 1,
      content: .repair(RepairControl(trigger: wheel.repair)))
    _ = add(repair, under: audit)
  }

  // MARK: - Helpers

  private mutating func add(_ node: Node, under parent: Int) -> Int {
    add(node, under: parent, key: directoryPaths[parent] + "/" + node.name)
  }

  private mutating func add(_ node: Node, under parent: Int, key: String) -> Int {
    let index = nodes.count
    nodes.append(node)
    children.append([])
    directoryPaths.append(node.kind == .directory ? key : "")
    children[parent].append(index)
    paths[key] = index
    return index
  }

  private func directoryNode(name: String, parent: Int, time: MountTime) -> Node {
    Node(
      name: name, parent: parent, kind: .directory, size: 0, permissions: 0o755,
      modificationTime: time, linkCount: 2, content: .directory([]))
  }

  /// Files keep only the fact that they are executable: 0755 if any execute bit is set, else
  /// 0644 (also when the archive records no mode). setuid/setgid/sticky bits are dropped.
  static func filePermissions(_ mode: UInt16?) -> UInt16 {
    guard let mode, mode & 0o111 != 0 else { return 0o644 }
    return 0o755
  }

  /// Time for implied directories: the archive's, else the newest entry's, else the epoch.
  static func impliedTime(_ source: any MountSource, _ entries: [MountEntry]) -> MountTime {
    source.modificationTime ?? entries.lazy.map(\.modificationTime).max() ?? .epoch
  }
}

/// Builds the node table of a ``VirtualTree``: implied directories, the mode policy, the
/// `.audit/` directory of each wheel, the path index.
struct TreeBuilder {
  private(set) var nodes: [Node] = []
  private(set) var paths: [String: Int] = [:]
  private(set) var skipped: [SkippedEntry] = []
  private(set) var wheelEntries: [[MountEntry]] = []
  private(set) var wheelSources: [any MountSource] = []
  private var childrenByName: [Int: [String: Int]] = [:]

  /// Name of the hidden per-wheel directory.
  static let auditDirectory = ".audit"

  /// Adds the root directory; must be the first node.
  mutating func addRoot(modificationTime: MountTime) {
    nodes.append(directoryNode(name: "", parent: 0, time: modificationTime))
    paths["/"] = 0
    childrenByName[0] = [:]
  }

  /// Adds `wheel`'s entries and `.audit/` under the directory node `root`.
  mutating func addWheel(_ wheel: MountedWheel, under root: Int) {
    let entries = wheel.source.entries
    let wheelIndex = wheelSources.count
    wheelSources.append(wheel.source)
    wheelEntries.append(entries)
    let impliedTime = TreeBuilder.impliedTime(wheel.source, entries)
    nodes[root].modificationTime = impliedTime
    for (index, entry) in entries.enumerated() {
      if let reason = addEntry(entry, index: index, wheel: wheelIndex, root: root, time: impliedTime) {
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
    for (directory, children) in childrenByName {
      let sorted = children.sorted { MemberPath.precedes($0.key, $1.key) }.map(\.value)
      result[directory].content = .directory(sorted)
      let subdirectories = sorted.count { nodes[$0].kind == .directory }
      result[directory].linkCount = UInt32(clamping: 2 + subdirectories)
    }
    return result
  }

  // MARK: - Entries

  private mutating func addEntry(
    _ entry: MountEntry, index: Int, wheel: Int, root: Int, time: MountTime
  ) -> SkippedEntry.Reason? {
    guard let components = MemberPath.components(of: entry.path) else { return .invalidName }
    if components[0] == TreeBuilder.auditDirectory { return .reservedName }
    var parent = root
    for component in components.dropLast() {
      if let existing = childrenByName[parent]?[component] {
        guard nodes[existing].kind == .directory else { return .typeConflict }
        parent = existing
      } else {
        parent = addDirectory(component, under: parent, time: time)
      }
    }
    let name = components[components.count - 1]
    if let existing = childrenByName[parent]?[name] {
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
      _ = addDirectory(name, under: parent, time: entry.modificationTime)
    case .file:
      let node = Node(
        name: name, parent: parent, kind: .regularFile, size: entry.size,
        permissions: TreeBuilder.filePermissions(entry.mode), modificationTime: entry.modificationTime,
        linkCount: 1, content: .member(wheel: wheel, entry: index))
      _ = add(node, under: parent)
    case .symlink:
      guard let target = entry.symlinkTarget, !target.isEmpty else { return .missingSymlinkTarget }
      let node = Node(
        name: name, parent: parent, kind: .symlink, size: UInt64(target.utf8.count),
        permissions: 0o777, modificationTime: entry.modificationTime, linkCount: 1,
        content: .symlink(target))
      _ = add(node, under: parent)
    }
    return nil
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
    let index = nodes.count
    nodes.append(node)
    childrenByName[parent, default: [:]][node.name] = index
    if node.kind == .directory { childrenByName[index] = [:] }
    let parentPath = parent == 0 ? "" : pathOf(parent)
    paths[parentPath + "/" + node.name] = index
    return index
  }

  private func pathOf(_ index: Int) -> String {
    var components: [String] = []
    var current = index
    while current != 0 {
      components.append(nodes[current].name)
      current = nodes[current].parent
    }
    return "/" + components.reversed().joined(separator: "/")
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

import Synchronization

/// The tree addressed by inode number, as the kernel addresses it (libfuse's low-level API).
///
/// Inode `n` is node `n - 1`: the root is 1 (`FUSE_ROOT_ID`), then creation order. Each method
/// does what its path-addressed counterpart does; an inode the tree never handed out is
/// ``MountError/Code/notFound``. Errors name the node's path, rebuilt from its parents.
extension VirtualTree {
  /// The root directory's inode number.
  public static let rootInode: UInt64 = 1

  /// The entry `name` inside directory `directory`: its attributes (``NodeAttributes/inode``
  /// identifies it from then on).
  ///
  /// - Throws: ``MountError/Code/notFound`` when there is no such entry,
  ///   ``MountError/Code/notADirectory`` when `directory` is not one.
  public func lookup(_ name: String, inDirectory directory: UInt64) throws(MountError) -> NodeAttributes {
    let parent = try index(ofInode: directory)
    guard case .directory(let children) = nodes[parent].content else {
      throw MountError(.notADirectory, path: path(of: parent))
    }
    // Children are sorted bytewise by name.
    let wanted = name.utf8
    var low = 0
    var high = children.count
    while low < high {
      let middle = (low + high) / 2
      let candidate = nodes[children[middle]].name.utf8
      if candidate.elementsEqual(wanted) { return attributes(of: children[middle]) }
      if candidate.lexicographicallyPrecedes(wanted) { low = middle + 1 } else { high = middle }
    }
    let base = path(of: parent)
    throw MountError(.notFound, path: (base == "/" ? "" : base) + "/" + name)
  }

  /// The attributes of node `inode` (computing an `.audit/` text's content, once).
  public func attributes(ofInode inode: UInt64) throws(MountError) -> NodeAttributes {
    attributes(of: try index(ofInode: inode))
  }

  /// The children of directory `inode`, sorted bytewise by name (without `.` and `..`).
  public func listing(ofInode inode: UInt64) throws(MountError) -> [DirectoryEntry] {
    try listing(of: try index(ofInode: inode))
  }

  /// Whether `inode` is an `.audit/` text or `.audit/repair`: content computed on access, so
  /// its attributes are left out of directory listings.
  public func isComputed(inode: UInt64) -> Bool {
    guard let index = try? index(ofInode: inode) else { return false }
    switch nodes[index].content {
    case .computed, .repair: return true
    default: return false
    }
  }

  /// Whether `inode` is `.audit/repair`, whose size and mtime change with each repair it runs.
  public func isRepairControl(inode: UInt64) -> Bool {
    guard let index = try? index(ofInode: inode), case .repair = nodes[index].content else { return false }
    return true
  }

  /// The inode of the directory holding `inode` (the root's parent is the root).
  public func parentInode(ofInode inode: UInt64) -> UInt64 {
    guard let index = try? index(ofInode: inode) else { return Self.rootInode }
    return UInt64(nodes[index].parent + 1)
  }

  /// The target of symbolic link `inode`.
  public func symlinkTarget(ofInode inode: UInt64) throws(MountError) -> String {
    try symlinkTarget(of: try index(ofInode: inode))
  }

  /// Up to `count` bytes of file `inode` from `offset`; empty at or past the end.
  public func read(inode: UInt64, offset: UInt64, count: Int) throws(MountError) -> [UInt8] {
    try read(index: try index(ofInode: inode), offset: offset, count: count)
  }

  /// One `write(2)` to `inode`: a repair request for `.audit/repair`, EROFS elsewhere.
  public func write(inode: UInt64, bytes: [UInt8]) throws(MountError) -> Int {
    try write(index: try index(ofInode: inode), bytes: bytes)
  }

  /// Any change of `inode`'s attributes other than truncation (mode, owner, times): always
  /// ``MountError/Code/readOnly`` (``MountError/Code/notFound`` for an unknown inode).
  public func refuseAttributeChange(inode: UInt64) throws(MountError) {
    throw MountError(.readOnly, path: path(of: try index(ofInode: inode)))
  }

  /// Truncation of `inode`: accepted (and ignored) for `.audit/repair`, EROFS elsewhere.
  public func truncate(inode: UInt64) throws(MountError) {
    try truncate(index: try index(ofInode: inode))
  }

  /// `access(2)` on `inode`.
  public func checkAccess(inode: UInt64, write: Bool, execute: Bool) throws(MountError) {
    try checkAccess(index: try index(ofInode: inode), write: write, execute: execute)
  }

  /// The names of the extended attributes of `inode`.
  public func extendedAttributeNames(ofInode inode: UInt64) throws(MountError) -> [String] {
    extendedAttributeNames(of: try index(ofInode: inode))
  }

  /// The value of extended attribute `name` of `inode`.
  public func extendedAttribute(_ name: String, ofInode inode: UInt64) throws(MountError) -> [UInt8] {
    try extendedAttribute(name, of: try index(ofInode: inode))
  }

  /// The whole content of member `inode`, to be copied into the kernel's page cache after a read
  /// of `count` bytes at `offset` was answered, so that later reads of it need no request.
  ///
  /// Given at most once per member, and only when the read left part of the member unread and
  /// the source holds the whole member in memory already (``MountSource/residentContent(entry:)``):
  /// the content is never read or inflated for this. Random reads of a multi-megabyte member then
  /// cost one request instead of one per page.
  public func pageCacheContent(inode: UInt64, afterReading count: Int, at offset: UInt64) -> ResidentContent? {
    guard let index = try? index(ofInode: inode), case .member(let wheel, let entry) = nodes[index].content
    else { return nil }
    let size = nodes[index].size
    guard offset > 0 || UInt64(max(count, 0)) < size, entries[wheel][entry].problem == nil,
      !handedToPageCache.withLock({ $0.contains(index) }),
      let content = sources[wheel].residentContent(entry: entry), UInt64(content.bytes.count) == size
    else { return nil }
    guard handedToPageCache.withLock({ $0.insert(index).inserted }) else { return nil }
    return content
  }

  /// The path of `inode` inside the mount (`/` for the root), for messages.
  public func path(ofInode inode: UInt64) -> String? {
    guard let index = try? index(ofInode: inode) else { return nil }
    return path(of: index)
  }

  func index(ofInode inode: UInt64) throws(MountError) -> Int {
    guard inode >= 1, inode <= UInt64(nodes.count) else {
      throw MountError(.notFound, path: "inode \(inode)")
    }
    return Int(inode - 1)
  }
}

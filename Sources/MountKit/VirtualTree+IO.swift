extension VirtualTree {
  /// Up to `count` bytes of the file at `path` from `offset`; empty at or past the end.
  ///
  /// Members are read from the source on every call (the kernel's page cache and the source's
  /// own cache make repeated reads cheap); `.audit/` texts from their cached content.
  public func read(_ path: String, offset: UInt64, count: Int) throws(MountError) -> [UInt8] {
    try read(index: try lookup(path), offset: offset, count: count)
  }

  func read(index: Int, offset: UInt64, count: Int) throws(MountError) -> [UInt8] {
    switch nodes[index].content {
    case .member(let wheel, let entry):
      return try readMember(index, wheel: wheel, entry: entry, offset: offset, count: count)
    case .computed(let file):
      return VirtualTree.slice(file.content, offset: offset, count: count)
    case .repair(let control):
      return VirtualTree.slice(control.content, offset: offset, count: count)
    case .directory:
      throw MountError(.isADirectory, path: path(of: index))
    case .symlink:
      throw MountError(.notASymlink, path: path(of: index))
    }
  }

  /// Delivers one `write(2)` to the node at `path`: a repair request for `.audit/repair`
  /// (see ``RepairTrigger``), EROFS for everything else. Returns the number of bytes consumed.
  public func write(_ path: String, bytes: [UInt8]) throws(MountError) -> Int {
    try write(index: try lookup(path), bytes: bytes)
  }

  func write(index: Int, bytes: [UInt8]) throws(MountError) -> Int {
    switch nodes[index].content {
    case .repair(let control): return try control.submit(bytes, path: path(of: index))
    case .directory: throw MountError(.isADirectory, path: path(of: index))
    default: throw MountError(.readOnly, path: path(of: index))
    }
  }

  /// Truncation: accepted (and ignored) for `.audit/repair`, EROFS for everything else.
  public func truncate(_ path: String) throws(MountError) {
    try truncate(index: try lookup(path))
  }

  func truncate(index: Int) throws(MountError) {
    switch nodes[index].content {
    case .repair: return
    case .directory: throw MountError(.isADirectory, path: path(of: index))
    default: throw MountError(.readOnly, path: path(of: index))
    }
  }

  /// `access(2)`: the node must exist; write access only for `.audit/repair`; execute access
  /// only where an execute bit is shown.
  public func checkAccess(_ path: String, write: Bool, execute: Bool) throws(MountError) {
    try checkAccess(index: try lookup(path), write: write, execute: execute)
  }

  func checkAccess(index: Int, write: Bool, execute: Bool) throws(MountError) {
    var isRepair = false
    if case .repair = nodes[index].content { isRepair = true }
    if write && !isRepair { throw MountError(.readOnly, path: path(of: index)) }
    if execute, nodes[index].permissions & 0o111 == 0 {
      throw MountError(.permissionDenied, path: path(of: index))
    }
  }

  private func readMember(
    _ index: Int, wheel: Int, entry: Int, offset: UInt64, count: Int
  ) throws(MountError) -> [UInt8] {
    let member = entries[wheel][entry]
    if let problem = member.problem {
      throw MountError(.corruptEntry, path: path(of: index), underlying: problem)
    }
    guard count > 0, offset < member.size else { return [] }
    let wanted = Int(clamping: min(UInt64(count), member.size - offset))
    do {
      let bytes = try sources[wheel].read(entry: entry, offset: offset, count: wanted)
      return bytes.count > wanted ? Array(bytes.prefix(wanted)) : bytes
    } catch {
      throw MountError(.readFailed, path: path(of: index), underlying: error)
    }
  }

  static func slice(_ content: [UInt8], offset: UInt64, count: Int) -> [UInt8] {
    guard count > 0, offset < UInt64(content.count) else { return [] }
    let start = Int(offset)
    return Array(content[start..<min(content.count, start + count)])
  }
}

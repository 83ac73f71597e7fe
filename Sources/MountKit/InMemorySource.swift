/// A ``MountSource`` over bytes held in memory: for tests and for `wheelfs mount --demo-source`.
public struct InMemorySource: MountSource {
  /// The entries, in the order given.
  public let entries: [MountEntry]
  /// The archive time (`nil`: newest entry).
  public let modificationTime: MountTime?
  private let contents: [[UInt8]]

  /// Creates a source from `(entry, content)` pairs; each file entry's size is set from its
  /// content.
  public init(_ members: [(entry: MountEntry, content: [UInt8])], modificationTime: MountTime? = nil) {
    entries = members.map { member in
      var entry = member.entry
      if entry.kind == .file { entry.size = UInt64(member.content.count) }
      return entry
    }
    contents = members.map(\.content)
    self.modificationTime = modificationTime
  }

  public func read(entry: Int, offset: UInt64, count: Int) throws -> [UInt8] {
    VirtualTree.slice(contents[entry], offset: offset, count: count)
  }
}

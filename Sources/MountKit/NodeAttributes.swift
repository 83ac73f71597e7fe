/// The type of a node in the mounted view (the `S_IFMT` part of `st_mode`).
public enum NodeKind: Sendable, Hashable {
  case directory
  case regularFile
  case symlink
}

/// What `getattr` reports for a node.
public struct NodeAttributes: Sendable, Hashable {
  /// Stable inode number: 1 for the root, then creation order (deterministic for a given source).
  public var inode: UInt64
  /// Directory, regular file or symbolic link.
  public var kind: NodeKind
  /// Size in bytes: the member's uncompressed size, a computed file's true length, a symlink
  /// target's length, 0 for directories.
  public var size: UInt64
  /// Permission bits (no file-type bits, no setuid/setgid/sticky).
  public var permissions: UInt16
  /// Modification time (also reported as access and change time).
  public var modificationTime: MountTime
  /// Hard-link count: 1 for files and symlinks, 2 + subdirectories for directories.
  public var linkCount: UInt32

  /// Creates attributes.
  public init(
    inode: UInt64, kind: NodeKind, size: UInt64, permissions: UInt16,
    modificationTime: MountTime, linkCount: UInt32
  ) {
    self.inode = inode
    self.kind = kind
    self.size = size
    self.permissions = permissions
    self.modificationTime = modificationTime
    self.linkCount = linkCount
  }
}

/// One name in a directory listing: enough for `readdir` without computing any content.
public struct DirectoryEntry: Sendable, Hashable {
  /// The name inside its directory.
  public var name: String
  /// The node's inode number.
  public var inode: UInt64
  /// The node's type.
  public var kind: NodeKind

  /// Creates a listing entry.
  public init(name: String, inode: UInt64, kind: NodeKind) {
    self.name = name
    self.inode = inode
    self.kind = kind
  }
}

/// Totals for `statfs`.
public struct TreeStatistics: Sendable, Hashable {
  /// Number of nodes (files, directories, symlinks, computed files).
  public var nodes: Int
  /// Sum of the members' uncompressed sizes.
  public var memberBytes: UInt64
}

/// What an archive entry is.
public enum MountEntryKind: Sendable, Hashable {
  case file
  case directory
  case symlink
}

/// One entry of a ``MountSource``: the metadata the mounted view needs, never the content.
///
/// The adapter over the zip reader fills one of these per central-directory record.
public struct MountEntry: Sendable {
  /// The archive name: `/`-separated, relative (no leading `/`); a trailing `/` marks a
  /// directory entry. Names with empty, `.` or `..` components are not mounted (see
  /// ``VirtualTree/skipped``).
  public var path: String
  /// File, directory or symbolic link.
  public var kind: MountEntryKind
  /// Uncompressed size in bytes (files); ignored for directories and symlinks.
  public var size: UInt64
  /// Unix permission bits from the archive's external attributes, or `nil` when the archive
  /// records none. Only the execute bits matter: see ``VirtualTree`` for the mode policy.
  public var mode: UInt16?
  /// The member's modification time.
  public var modificationTime: MountTime
  /// The link target, for ``MountEntryKind/symlink`` entries.
  public var symlinkTarget: String?
  /// Compressed size in the archive, exposed as `user.wheelfs.compressed_size`.
  public var compressedSize: UInt64?
  /// CRC-32 recorded in the archive, exposed as `user.wheelfs.crc32`.
  public var crc32: UInt32?
  /// The member's RECORD hash (`sha256=...`), exposed as `user.wheelfs.record_hash`.
  public var recordHash: String?
  /// Why this entry cannot be served (for example a corrupt member). The entry is still listed
  /// and `stat`-able, but opening or reading it fails with ``MountError/Code/corruptEntry``
  /// (EIO), for this file only.
  public var problem: (any Error & Sendable)?

  /// Creates an entry; only `path` and `kind` are required.
  public init(
    path: String, kind: MountEntryKind, size: UInt64 = 0, mode: UInt16? = nil,
    modificationTime: MountTime = .epoch, symlinkTarget: String? = nil,
    compressedSize: UInt64? = nil, crc32: UInt32? = nil, recordHash: String? = nil,
    problem: (any Error & Sendable)? = nil
  ) {
    self.path = path
    self.kind = kind
    self.size = size
    self.mode = mode
    self.modificationTime = modificationTime
    self.symlinkTarget = symlinkTarget
    self.compressedSize = compressedSize
    self.crc32 = crc32
    self.recordHash = recordHash
    self.problem = problem
  }
}

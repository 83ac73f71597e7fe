/// Everything that can go wrong in the mounted view or while mounting it.
///
/// One opaque error per orchestration layer: a ``Code`` saying what failed, the path it concerns,
/// and the underlying error when another layer (the zip reader, the audit, the OS) caused it.
/// Messages are rendered in `MountError+Description.swift`; the mapping to `errno` lives in one
/// function in FUSEBridge.
public struct MountError: Error, Sendable {
  /// What failed.
  public enum Code: Equatable, Sendable {
    // Lookups and I/O on the tree.
    /// No node at this path.
    case notFound
    /// A path component, or the target of a directory operation, is not a directory.
    case notADirectory
    /// A file operation was asked of a directory.
    case isADirectory
    /// `readlink` on something that is not a symbolic link; `read` on a symbolic link.
    case notASymlink
    /// Any modification of a read-only node (everything but `.audit/repair`).
    case readOnly
    /// Execute permission asked of a file without execute bits.
    case permissionDenied
    /// The entry is known to be unreadable (``MountEntry/problem``).
    case corruptEntry
    /// The source failed while reading this entry.
    case readFailed
    /// No such extended attribute on this node.
    case noSuchAttribute
    /// A write to `.audit/repair` that is not a platform tag, or that the trigger rejected.
    case invalidRepairTag
    /// The repair ran and failed; `errno` is what the writer sees.
    case repairFailed(errno: Int32)
    /// An `.audit/` text could not be produced (only ever rendered into the file's content).
    case auditUnavailable
    /// A sub-tree name in a multi-wheel mount is empty, reserved, contains `/`, or repeats.
    case invalidWheelName

    // Mounting.
    /// The mount point does not exist.
    case mountpointMissing
    /// The mount point exists but is not a directory.
    case mountpointNotDirectory
    /// The mount point is a non-empty directory (pass `-o nonempty` to mount anyway).
    case mountpointNotEmpty
    /// A stale FUSE mount (ENOTCONN) sits on the mount point and could not be removed.
    case staleMount
    /// `/dev/fuse` is missing or not accessible.
    case fuseUnavailable
    /// libfuse refused the options or the mount (`detail` has libfuse's message).
    case mountFailed
    /// Unmounting failed (`detail` has the reason).
    case unmountFailed
    /// Starting or talking to the background mount process failed.
    case backgroundFailed
  }

  /// What failed.
  public var code: Code
  /// The path concerned: a path inside the mount (`/pkg/mod.so`) or a mount point.
  public var path: String
  /// Extra text from a foreign layer that has no error type (libfuse's log line, a child
  /// process's message).
  public var detail: String?
  /// The error that caused this one, if any.
  public var underlying: (any Error & Sendable)?

  /// Creates an error.
  public init(
    _ code: Code, path: String, detail: String? = nil, underlying: (any Error & Sendable)? = nil
  ) {
    self.code = code
    self.path = path
    self.detail = detail
    self.underlying = underlying
  }
}

extension MountError: CustomStringConvertible {
  /// One line: what failed, where, and why.
  public var description: String {
    var text = "\(path): \(summary)"
    if let detail, !detail.isEmpty { text += ": \(detail)" }
    if let underlying { text += ": \(MountError.describe(underlying))" }
    return text
  }

  /// The message for ``code`` alone.
  public var summary: String {
    switch code {
    case .notFound: "no such file or directory"
    case .notADirectory: "not a directory"
    case .isADirectory: "is a directory"
    case .notASymlink: "not a symbolic link"
    case .readOnly: "read-only file system (only .audit/repair accepts writes)"
    case .permissionDenied: "permission denied"
    case .corruptEntry: "archive member cannot be read"
    case .readFailed: "reading the archive member failed"
    case .noSuchAttribute: "no such extended attribute"
    case .invalidRepairTag: "invalid platform tag"
    case .repairFailed(let errno): "repair failed (errno \(errno))"
    case .auditUnavailable: "audit text is not available"
    case .invalidWheelName: "invalid or duplicate wheel directory name"
    case .mountpointMissing: "mount point does not exist"
    case .mountpointNotDirectory: "mount point is not a directory"
    case .mountpointNotEmpty: "mount point is not empty (use -o nonempty to mount over it)"
    case .staleMount: "a stale FUSE mount is on the mount point and could not be removed"
    case .fuseUnavailable: "/dev/fuse is missing or not accessible (is the fuse module loaded?)"
    case .mountFailed: "mounting failed"
    case .unmountFailed: "unmounting failed"
    case .backgroundFailed: "the background mount process failed"
    }
  }

  /// Renders any error for a message or for an `.audit/` file's content.
  static func describe(_ error: any Error) -> String {
    // `String(describing:)` uses `description` when the error has one.
    String(describing: error)
  }
}

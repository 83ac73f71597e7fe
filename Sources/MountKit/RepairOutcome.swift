/// The result of a repair requested through `.audit/repair`.
public enum RepairOutcome: Sendable, Equatable {
  /// The repair succeeded; the text (for example the repaired wheel's path) becomes the content
  /// of `.audit/repair`.
  case success(String)
  /// The tag is not a platform tag this wheel can be repaired to; the writer gets EINVAL.
  case invalidTag(String)
  /// The repair failed; the writer gets `errno` (for example EIO or ENOSPC).
  case failed(String, errno: Int32)

  /// The text shown by `cat .audit/repair` after this outcome.
  public var text: String {
    switch self {
    case .success(let text), .invalidTag(let text), .failed(let text, _): text
    }
  }
}

/// Runs a repair to the given platform tag, synchronously, and reports how it went.
///
/// Called from inside the `write` that delivered the tag, on a FUSE worker thread, at most one
/// at a time per wheel. It must not read back through the mount (that would deadlock the worker
/// it runs on); it reads the wheel file directly.
public typealias RepairTrigger = @Sendable (_ tag: String) -> RepairOutcome

import FoundationEssentials
import Synchronization

/// The state behind a wheel's `.audit/repair` file.
///
/// Each `write(2)` is one request: the bytes are decoded as UTF-8, surrounding whitespace and
/// newlines are trimmed, and the remaining tag is handed to the ``RepairTrigger`` synchronously,
/// so the writer's `write` returns only when the repair is over and its error (EINVAL for a bad
/// tag) reaches the shell. Concurrent writers are serialised by a lock that belongs to this file
/// only: reads of every other file, and of this one (which show the previous outcome), go on
/// while a repair runs.
final class RepairControl: Sendable {
  /// What `.audit/repair` shows before the first request.
  static let usage = """
    Write a platform tag to this file to repair the wheel, for example:
      echo manylinux_2_28_x86_64 > .audit/repair
    The write returns when the repair is over; this file then shows its outcome.

    """

  private let trigger: RepairTrigger
  private let serial = Mutex<Void>(())
  private let outcome = Mutex<(text: [UInt8], time: MountTime?)>((Array(RepairControl.usage.utf8), nil))

  init(trigger: @escaping RepairTrigger) { self.trigger = trigger }

  /// The last outcome's text, or the usage text.
  var content: [UInt8] { outcome.withLock { $0.text } }

  /// When the last outcome was recorded (`nil` before the first request). The file's mtime: the
  /// kernel keeps file content in its page cache, and a new mtime is what makes it drop the
  /// previous outcome (the write also invalidates the cached attributes, so the next read asks).
  var modificationTime: MountTime? { outcome.withLock { $0.time } }

  /// Runs one request; returns the number of bytes consumed (all of them).
  func submit(_ bytes: [UInt8], path: String) throws(MountError) -> Int {
    guard let tag = RepairControl.tag(from: bytes) else {
      record("invalid platform tag: expected one word such as manylinux_2_28_x86_64\n")
      throw MountError(.invalidRepairTag, path: path)
    }
    // Record inside the lock so the file always shows the outcome of the latest request.
    let result = serial.withLock { _ in
      let result = trigger(tag)
      record(result.text.hasSuffix("\n") || result.text.isEmpty ? result.text : result.text + "\n")
      return result
    }
    switch result {
    case .success: return bytes.count
    case .invalidTag: throw MountError(.invalidRepairTag, path: path, detail: tag)
    case .failed(_, let errno): throw MountError(.repairFailed(errno: errno), path: path, detail: tag)
    }
  }

  private func record(_ text: String) {
    let now = Date().timeIntervalSince1970
    let seconds = now.rounded(.down)
    let time = MountTime(seconds: Int64(seconds), nanoseconds: UInt32(((now - seconds) * 1e9).rounded(.down)))
    outcome.withLock { state in
      // Strictly later than the previous outcome, even within the clock's resolution.
      var next = time
      if let previous = state.time, next <= previous {
        next = MountTime(seconds: previous.seconds, nanoseconds: previous.nanoseconds + 1)
      }
      state = (Array(text.utf8), next)
    }
  }

  /// The tag in `bytes`: valid UTF-8, trimmed, non-empty, with no inner whitespace or control
  /// characters.
  static func tag(from bytes: [UInt8]) -> String? {
    guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
    let trimmed = text.unicodeScalars
      .drop(while: { $0.properties.isWhitespace })
      .reversed().drop(while: { $0.properties.isWhitespace }).reversed()
    guard !trimmed.isEmpty,
      !trimmed.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f })
    else { return nil }
    var tag = ""
    tag.unicodeScalars.append(contentsOf: trimmed)
    return tag
  }
}

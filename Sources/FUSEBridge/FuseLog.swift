import CFuse3
import Glibc
import Logging
import Synchronization

/// Routes libfuse's own log messages to swift-log.
///
/// libfuse formats messages in fragments; they are buffered until a newline. The last error line
/// is kept so a failed `fuse_session_new`/`fuse_session_mount` can say why. Both are kept per thread: libfuse logs
/// on the thread that called it, and two sessions set up at once (tests, embedders) must neither
/// interleave their fragments nor take each other's error.
enum FuseLog {
  private struct Lines {
    var pending = ""
    var lastError: String?
  }

  private struct State {
    var logger: Logger?
    var threads: [UInt: Lines] = [:]
  }

  private static let state = Mutex(State())

  /// Sends libfuse's messages to `logger` from now on (process-wide: libfuse has one logger).
  static func install(_ logger: Logger) {
    state.withLock { $0.logger = logger }
    unsafe cfuse3_set_log_sink { level, message in
      guard let message = unsafe message else { return }
      FuseLog.receive(level: level, text: unsafe String(cString: message))
    }
  }

  /// Returns and clears the last error line libfuse logged on this thread.
  static func takeLastError() -> String? {
    let thread = currentThread()
    return state.withLock { state in
      defer { state.threads[thread]?.lastError = nil }
      return state.threads[thread]?.lastError
    }
  }

  private static func currentThread() -> UInt { UInt(bitPattern: Int(bitPattern: pthread_self())) }

  private static func receive(level: Int32, text: String) {
    let thread = currentThread()
    let (lines, logger) = state.withLock { state -> ([String], Logger?) in
      var own = state.threads[thread] ?? Lines()
      own.pending += text
      var lines: [String] = []
      while let newline = own.pending.firstIndex(of: "\n") {
        lines.append(String(own.pending[..<newline]))
        own.pending.removeSubrange(...newline)
      }
      if level <= Int32(FUSE_LOG_ERR.rawValue), let last = lines.last { own.lastError = last }
      state.threads[thread] = own.pending.isEmpty && own.lastError == nil ? nil : own
      return (lines, state.logger)
    }
    for line in lines { logger?.log(level: swiftLogLevel(level), "\(line)", metadata: ["source": "libfuse"]) }
  }

  private static func swiftLogLevel(_ level: Int32) -> Logger.Level {
    switch UInt32(bitPattern: level) {
    case FUSE_LOG_EMERG.rawValue, FUSE_LOG_ALERT.rawValue, FUSE_LOG_CRIT.rawValue: .critical
    case FUSE_LOG_ERR.rawValue: .error
    case FUSE_LOG_WARNING.rawValue: .warning
    case FUSE_LOG_NOTICE.rawValue: .notice
    case FUSE_LOG_INFO.rawValue: .info
    default: .debug
    }
  }
}

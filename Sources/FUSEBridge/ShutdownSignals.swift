import CFuse3
import Foundation
import Glibc
import Synchronization

/// SIGINT, SIGTERM and SIGHUP end serving in order: first the page-cache copies finish (the
/// workers are still there to answer the reads they may wait for), then the session is told to
/// exit and the loop's thread is woken.
///
/// libfuse's own handler ends the session at once; a copy into the page cache that was waiting
/// for a read would then wait for ever (libfuse 3.14 drops requests it reads while exiting), and
/// the process could not exit. The handler here only writes the signal number to a pipe; a
/// watcher thread does the rest.
final class ShutdownSignals: Sendable {
  /// The signal that ended serving (0: none).
  let received = Atomic<Int32>(0)

  /// Installs the handlers (replacing any, including "ignore": `cmd &` ignores SIGINT) and starts
  /// the watcher for `session`, whose loop runs on the calling thread. Nil if they could not be
  /// installed.
  static func install(session: OpaquePointer, filler: PageCacheFiller) -> ShutdownSignals? {
    let reader = cfuse3_install_shutdown_signals()
    guard reader >= 0 else { return nil }
    let loopThread = pthread_self()
    let address = unsafe UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(session)))
    let signals = ShutdownSignals()
    let watcher = Thread {
      var byte: UInt8 = 0
      while true {
        let count = unsafe Glibc.read(reader, &byte, 1)
        if count < 0 && errno == EINTR { continue }
        // 0: serving ended without a signal (or the pipe broke): nothing to do.
        guard count == 1, byte != 0 else { return }
        signals.received.store(Int32(byte), ordering: .releasing)
        filler.stopAccepting()
        guard let session = unsafe OpaquePointer(bitPattern: address) else { return }
        unsafe fuse_session_exit(session)
        // Interrupts the loop's wait so that it sees the exit.
        _ = pthread_kill(loopThread, Int32(byte))
        return
      }
    }
    watcher.name = "wheelfs-signals"
    watcher.start()
    return signals
  }

  /// Restores the default actions and ends the watcher if no signal came.
  func remove() {
    cfuse3_restore_shutdown_signals()
    cfuse3_post_shutdown(0)
  }
}

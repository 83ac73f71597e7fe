import CFuse3
import Dispatch
import MountKit
import Synchronization

/// Copies whole members into the kernel's page cache (`FUSE_NOTIFY_STORE`) after a read was
/// answered, so that the member's other pages are served by the kernel without a request.
///
/// The copies run one at a time on their own thread, never on a worker: storing a page waits for
/// its lock, which a read in progress holds until a worker answers it; workers are therefore
/// never the ones waiting. At most ``maxPending`` members wait their turn (more are skipped:
/// those reads are served as usual). ``stopAccepting()`` (on a shutdown signal, while the workers
/// still serve) and ``stop(serving:grace:timeout:abortConnection:)`` (after the loop) end the
/// copying before the session goes away.
final class PageCacheFiller: Sendable {
  /// Bytes per store message.
  static let chunkSize = 1 << 20
  /// Members queued at most.
  static let maxPending = 2

  private struct State {
    /// The session's address while stores may be sent (0: not attached, or stopped).
    var session: UInt = 0
    var pending = 0
  }

  private let state = Mutex(State())
  private let queue = DispatchQueue(label: "wheelfs-page-cache")

  /// Starts accepting members for `session`.
  func attach(_ session: OpaquePointer) {
    state.withLock { $0.session = unsafe UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(session))) }
  }

  /// Queues `content` as the whole of inode `inode`; returns whether it was queued.
  @discardableResult
  func fill(inode: UInt64, with content: ResidentContent) -> Bool {
    let accepted = state.withLock { state -> Bool in
      guard state.session != 0, state.pending < Self.maxPending else { return false }
      state.pending += 1
      return true
    }
    guard accepted else { return false }
    queue.async { [self] in
      store(inode: inode, content: content.bytes)
      withExtendedLifetime(content) {}
      state.withLock { $0.pending -= 1 }
    }
    return true
  }

  /// Stops accepting members and waits for the copies queued and in progress, while the workers
  /// still serve (so a copy waiting for a read gets it answered): the first step of a shutdown.
  func stopAccepting() {
    state.withLock { $0.session = 0 }
    queue.sync {}
  }

  /// Stops sending stores and waits for the one in progress; call once the worker loop has
  /// ended and before the session is unmounted and destroyed. Returns how many requests had to
  /// be answered meanwhile and whether the connection was aborted, or nil if a store is still
  /// stuck after `timeout` seconds (the session must then be left alive: the store uses it).
  ///
  /// A store can be waiting for a page that a read in progress holds, and that read for a worker
  /// to answer it. The workers have stopped, so requests still queued are answered here. A read
  /// that libfuse took from the kernel while stopping is dropped (libfuse 3.14), and nobody will
  /// ever answer it: after `grace` seconds the connection is aborted (`abortConnection`), which
  /// fails the pending reads (as closing the session would) and releases the store.
  func stop(
    serving session: OpaquePointer, grace: Double = 0.5, timeout: Double = 30, abortConnection: () -> Void
  ) -> (answered: Int, aborted: Bool)? {
    state.withLock { $0.session = 0 }
    let drained = DispatchSemaphore(value: 0)
    queue.async { drained.signal() }
    let start = DispatchTime.now()
    var answered = 0
    var aborted = false
    while drained.wait(timeout: .now() + 0.01) == .timedOut {
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
      if elapsed >= timeout { return nil }
      if elapsed >= grace, !aborted {
        aborted = true
        abortConnection()
      }
      let served = unsafe cfuse3_serve_one(session, 10)
      if served > 0 { answered += Int(served) }
    }
    return (answered, aborted)
  }

  private func store(inode: UInt64, content: [UInt8]) {
    unsafe content.withUnsafeBytes { bytes in
      guard let base = bytes.baseAddress else { return }
      var offset = 0
      while offset < bytes.count {
        // Read under the lock each time: `stop()` may have been called meanwhile.
        let address = state.withLock { $0.session }
        guard address != 0, let session = unsafe OpaquePointer(bitPattern: address) else { return }
        let count = min(Self.chunkSize, bytes.count - offset)
        let status = unsafe cfuse3_notify_store(session, fuse_ino_t(inode), off_t(offset), base + offset, count)
        // The kernel no longer knows the inode, or the mount is going away: give up quietly.
        guard status == 0 else { return }
        offset += count
      }
    }
  }
}

import CFuse3
import Foundation
import Glibc
import Logging
import MountKit
import Synchronization

/// One mount of a ``VirtualTree``: mounted by `init` (`fuse_session_new` + `fuse_session_mount`),
/// served by ``serve(handlingSignals:)`` (`fuse_session_loop_mt`), torn down when serving ends
/// (`fuse_session_unmount` + `fuse_session_destroy`). libfuse's low-level API: requests name
/// inodes, which are the tree's own.
///
/// Serving ends when the mount goes away (``Unmounter``, `fusermount3 -u`, `umount`) or, with
/// `handlingSignals`, on SIGINT, SIGTERM or SIGHUP. Requests are served by up to
/// ``MountConfiguration/maxThreads`` libfuse worker threads, so one slow request (a repair)
/// does not block the others, and the serving process itself can read through its own mount.
@safe public final class MountSession: @unchecked Sendable {
  /// The mount point, as mounted.
  public let mountpoint: String
  // The `struct fuse_session *` and the retained context: owned by this object, released once at the
  // end of `serve`, which the `served` flag makes single-shot.
  private let handle: OpaquePointer
  private let context: Unmanaged<MountContext>
  private let maxThreads: Int
  private let phase = Mutex(Phase.mounted)
  private let done = DispatchSemaphore(value: 0)
  private let logger: Logger

  /// Checks the mount point (recovering a stale mount), then mounts `tree` on it.
  ///
  /// - Throws: the ``MountError`` pre-mount codes (`mountpointMissing`, `mountpointNotEmpty`,
  ///   `fuseUnavailable`, `staleMount`, ...) or ``MountError/Code/mountFailed`` with libfuse's
  ///   message (a bad `-o` option, no permission).
  public init(tree: VirtualTree, configuration: MountConfiguration, logger: Logger) throws(MountError) {
    FuseLog.install(logger)
    try MountPreflight.check(configuration, logger: logger)
    let owner = (uid: getuid(), gid: getgid())
    let context = unsafe Unmanaged.passRetained(
      MountContext(tree: tree, cacheTimeout: configuration.cacheTimeout, owner: owner, logger: logger))
    var ops = makeOperations(extendedAttributes: configuration.servesExtendedAttributes)
    var arguments = unsafe fuse_args()
    for argument in configuration.fuseArguments { unsafe _ = fuse_opt_add_arg(&arguments, argument) }
    defer { unsafe fuse_opt_free_args(&arguments) }
    _ = FuseLog.takeLastError()
    let path = configuration.mountpoint
    guard
      let handle = unsafe fuse_session_new(
        &arguments, &ops, MemoryLayout<fuse_lowlevel_ops>.size, context.toOpaque())
    else {
      unsafe context.release()
      throw MountError(.mountFailed, path: path, detail: FuseLog.takeLastError() ?? "fuse_session_new failed")
    }
    guard unsafe fuse_session_mount(handle, path) == 0 else {
      unsafe fuse_session_destroy(handle)
      unsafe context.release()
      throw MountError(.mountFailed, path: path, detail: FuseLog.takeLastError() ?? "fuse_session_mount failed")
    }
    unsafe context.takeUnretainedValue().pageCache.attach(handle)
    unsafe self.handle = handle
    unsafe self.context = context
    self.mountpoint = path
    self.maxThreads = max(2, configuration.maxThreads)
    self.logger = logger
    logger.info("mounted", metadata: ["mountpoint": "\(path)", "nodes": "\(tree.statistics.nodes)"])
  }

  deinit {
    // Mounted but never served: nobody would answer the kernel, so unmount instead of leaking a
    // mount that hangs every access. (While serving, the loop thread keeps `self` alive.)
    let unserved = phase.withLock { $0 == .mounted }
    if unserved {
      unsafe fuse_session_unmount(handle)
      unsafe fuse_session_destroy(handle)
      unsafe context.release()
    }
  }

  /// Serves requests on the calling thread until the mount goes away (or a signal arrives, when
  /// `handlingSignals`), then unmounts and frees everything. Returns `fuse_session_loop_mt`'s status:
  /// 0, or the number of the signal that ended it. Only the first call serves.
  ///
  /// `beforeLoop` runs once the signal handlers are installed, just before serving starts: the
  /// place to report readiness, so that a signal sent as soon as the caller hears "ready" is
  /// handled (a clean unmount) rather than killing the process (a stale mount).
  @discardableResult
  public func serve(handlingSignals: Bool, beforeLoop: () -> Void = {}) -> Int32 {
    let first = phase.withLock { phase in
      guard phase == .mounted else { return false }
      phase = .serving
      return true
    }
    guard first else { return -1 }
    let session = unsafe handle
    let signals =
      handlingSignals
      ? unsafe ShutdownSignals.install(session: session, filler: context.takeUnretainedValue().pageCache) : nil
    if handlingSignals && signals == nil { logger.warning("could not install the signal handlers") }
    beforeLoop()
    let config = unsafe fuse_loop_cfg_create()
    unsafe fuse_loop_cfg_set_max_threads(config, UInt32(maxThreads))
    var status = unsafe cfuse3_session_loop_mt(handle, config)
    if let signal = signals?.received.load(ordering: .acquiring), signal != 0 { status = signal }
    unsafe fuse_loop_cfg_destroy(config)
    // Page-cache stores in progress use the session: let them finish first. One that stays
    // stuck (a kernel that no longer answers) keeps the session alive rather than freed under it.
    let mountpoint = self.mountpoint
    let outcome = unsafe context.takeUnretainedValue().pageCache.stop(serving: handle) {
      Unmounter.abort(mountpoint)
    }
    let drained = outcome != nil
    if let outcome, outcome.answered > 0 || outcome.aborted {
      logger.info(
        "a page-cache store waited for reads after serving ended",
        metadata: ["answered": "\(outcome.answered)", "aborted": "\(outcome.aborted)"])
    } else if outcome == nil {
      logger.error("a page-cache store did not finish; the session is left open")
    }
    // Under the lock, so a concurrent `abort()` never touches a destroyed session.
    phase.withLock { phase in
      signals?.remove()
      unsafe fuse_session_unmount(handle)
      if drained {
        unsafe fuse_session_destroy(handle)
        unsafe context.release()
      }
      phase = .finished
    }
    logger.info("unmounted", metadata: ["mountpoint": "\(mountpoint)", "status": "\(status)"])
    done.signal()
    return status
  }

  /// Serves on a new thread (for tests and embedders); stop with ``stop(timeout:)``.
  public func serveInBackground() {
    let thread = Thread { [self] in _ = self.serve(handlingSignals: false) }
    thread.name = "wheelfs-fuse-loop"
    thread.start()
  }

  /// Unmounts (lazily) and waits up to `timeout` seconds for serving to end. Returns whether it
  /// ended.
  public func stop(timeout: Double) throws(MountError) -> Bool {
    try Unmounter.unmount(mountpoint, lazy: true)
    return waitUntilStopped(timeout: timeout)
  }

  /// Emergency stop: aborts the kernel connection, so every pending and future request on the
  /// mount fails (ENOTCONN) instead of hanging, then detaches the mount; serving ends.
  /// A forced unmount (`MNT_FORCE`) is what aborts a FUSE connection; it needs root (otherwise
  /// this falls back to a lazy `fusermount3 -uz`, which cannot interrupt a hung request).
  public func abort() {
    let active = phase.withLock { $0 != .finished }
    guard active else { return }
    Unmounter.abort(mountpoint)
  }

  /// Waits up to `timeout` seconds for ``serve(handlingSignals:)`` to return.
  public func waitUntilStopped(timeout: Double) -> Bool {
    guard done.wait(timeout: .now() + timeout) == .success else { return false }
    done.signal()
    return true
  }

  private enum Phase {
    case mounted, serving, finished
  }
}

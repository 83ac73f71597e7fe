import Glibc
import Logging
import MountKit

/// The foreground lifecycle used by `wheelfs mount`: mount, report readiness, serve until
/// unmounted or signalled, tear down.
public enum MountRunner {
  /// Mounts `tree` as `configuration` says and serves it until the mount goes away or SIGINT,
  /// SIGTERM or SIGHUP arrives (each unmounts cleanly).
  ///
  /// With `readiness` (background mode), success is reported on the pipe once the mount is live
  /// and the signal handlers are installed; the process then detaches from its caller's stdio.
  /// Failures are the caller's to report (it may fail before calling this).
  /// - Returns: the process exit status: 0 after a clean shutdown, 1 if the loop failed.
  /// - Throws: the pre-mount and mount errors of ``MountSession/init(tree:configuration:logger:)``.
  public static func run(
    tree: VirtualTree, configuration: MountConfiguration, readiness: ReadinessPipe?, logger: Logger
  ) throws(MountError) -> Int32 {
    let session = try MountSession(tree: tree, configuration: configuration, logger: logger)
    let status = session.serve(handlingSignals: true) {
      readiness?.reportReady()
      // After the report: the trimmer thread is not needed to answer the first request.
      MemoryTuning.apply(cacheSize: configuration.cacheSize)
    }
    // fuse_session_loop_mt returns the number of the signal that ended a clean shutdown.
    return status == 0 || [SIGINT, SIGTERM, SIGHUP].contains(status) ? 0 : 1
  }
}

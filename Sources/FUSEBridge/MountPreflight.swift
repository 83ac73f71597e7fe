import CFuse3
import Foundation
import Glibc
import Logging
import MountKit

/// Checks made before mounting, each with a clear error, plus stale-mount recovery.
enum MountPreflight {
  /// Verifies that `configuration.mountpoint` is an existing (empty, unless `-o nonempty`)
  /// directory and that `/dev/fuse` is usable. A stale FUSE mount on the mount point (its daemon
  /// died: `stat` fails with ENOTCONN or ECONNABORTED) is detached first.
  static func check(_ configuration: MountConfiguration, logger: Logger) throws(MountError) {
    let path = configuration.mountpoint
    var info = stat()
    // A dead daemon's mount answers ENOTCONN (or ECONNABORTED for a request caught in flight).
    if unsafe stat(path, &info) != 0, errno == ENOTCONN || errno == ECONNABORTED {
      logger.warning("removing a stale FUSE mount", metadata: ["mountpoint": "\(path)"])
      do { try Unmounter.unmount(path, lazy: true) } catch {
        throw MountError(.staleMount, path: path, underlying: error)
      }
    }
    guard unsafe stat(path, &info) == 0 else {
      let code = errno
      if code == ENOENT { throw MountError(.mountpointMissing, path: path) }
      if code == ENOTCONN || code == ECONNABORTED { throw MountError(.staleMount, path: path) }
      throw MountError(.mountFailed, path: path, detail: systemMessage(code))
    }
    guard info.st_mode & S_IFMT == S_IFDIR else { throw MountError(.mountpointNotDirectory, path: path) }
    if !configuration.allowsNonEmptyMountpoint {
      let children = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      guard children.isEmpty else { throw MountError(.mountpointNotEmpty, path: path) }
    }
    guard unsafe access("/dev/fuse", R_OK | W_OK) == 0 else {
      throw MountError(.fuseUnavailable, path: path, detail: systemMessage(errno))
    }
  }
}

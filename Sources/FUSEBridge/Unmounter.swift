import CFuse3
import Foundation
import Glibc
import MountKit

/// Unmounts a FUSE mount: `umount2` as root, `fusermount3 -u` otherwise.
public enum Unmounter {
  /// Unmounts `mountpoint`. `lazy` detaches it even while files are open (`MNT_DETACH`,
  /// `fusermount3 -z`); the file system goes away when the last one is closed.
  public static func unmount(_ mountpoint: String, lazy: Bool = false) throws(MountError) {
    if geteuid() == 0 {
      guard unsafe umount2(mountpoint, lazy ? cfuse3_mnt_detach() : 0) != 0 else { return }
      let code = errno
      let reason =
        switch code {
        case EINVAL: "not a mount point"
        case EBUSY: "busy (files are open; try --lazy)"
        default: systemMessage(code)
        }
      throw MountError(.unmountFailed, path: mountpoint, detail: reason)
    }
    try runFusermount(["-u"] + (lazy ? ["-z"] : []) + [mountpoint], mountpoint: mountpoint)
  }

  /// Aborts the FUSE connection behind `mountpoint` (pending requests fail instead of hanging)
  /// and detaches it. Best effort: errors are ignored.
  public static func abort(_ mountpoint: String) {
    if geteuid() == 0 {
      _ = unsafe umount2(mountpoint, cfuse3_mnt_force())
      _ = unsafe umount2(mountpoint, cfuse3_mnt_detach())
    } else {
      try? runFusermount(["-u", "-z", mountpoint], mountpoint: mountpoint)
    }
  }

  private static func runFusermount(_ arguments: [String], mountpoint: String) throws(MountError) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["fusermount3"] + arguments
    let errors = Pipe()
    process.standardError = errors
    do { try process.run() } catch {
      throw MountError(.unmountFailed, path: mountpoint, detail: "cannot run fusermount3", underlying: error)
    }
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw MountError(
        .unmountFailed, path: mountpoint,
        detail: message.trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }
}

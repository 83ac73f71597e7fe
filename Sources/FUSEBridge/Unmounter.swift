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
  ///
  /// Through the connection's `abort` file in fusectl (`/sys/fs/fuse/connections/N/abort`,
  /// writable by the user who mounted) when it is there, else by a forced unmount (root only),
  /// else by a lazy `fusermount3 -uz` (which detaches but cannot interrupt a hung request).
  public static func abort(_ mountpoint: String) {
    if let connection = connection(of: mountpoint),
      let file = FileHandle(forWritingAtPath: "/sys/fs/fuse/connections/\(connection)/abort")
    {
      try? file.write(contentsOf: Data("1".utf8))
      try? file.close()
    }
    if geteuid() == 0 {
      _ = unsafe umount2(mountpoint, cfuse3_mnt_force())
      _ = unsafe umount2(mountpoint, cfuse3_mnt_detach())
    } else {
      try? runFusermount(["-u", "-z", mountpoint], mountpoint: mountpoint)
    }
  }

  /// The FUSE connection number of the mount on `mountpoint` (the minor of its device, from
  /// /proc/self/mountinfo; the topmost mount when several are stacked). Never touches the mount
  /// itself, which may not be answering.
  static func connection(of mountpoint: String) -> String? {
    guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return nil }
    var found: String?
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: " ")
      guard fields.count > 4, unescapeMountField(fields[4]) == mountpoint,
        let separator = fields.firstIndex(of: "-"), separator + 1 < fields.count,
        fields[separator + 1].hasPrefix("fuse")
      else { continue }
      found = fields[2].split(separator: ":").last.map(String.init)
    }
    return found
  }

  /// Undoes mountinfo's octal escapes (`\040` for a space, ...).
  static func unescapeMountField(_ field: Substring) -> String {
    var bytes: [UInt8] = []
    var utf8 = Array(field.utf8)[...]
    while let byte = utf8.popFirst() {
      if byte == UInt8(ascii: "\\"), utf8.count >= 3,
        let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8)
      {
        bytes.append(value)
        utf8 = utf8.dropFirst(3)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
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

import CFuse3
import Glibc
import MountKit

extension Callbacks {
  /// Only `.audit/repair` accepts writes; each `write(2)` runs one repair, synchronously.
  static func write(_ path: UnsafePointer<CChar>?, _ buffer: UnsafePointer<CChar>?, _ size: Int) -> Int32 {
    answer {
      guard let buffer = unsafe buffer else { return -EINVAL }
      let bytes = unsafe Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(buffer), count: size))
      return Int32(try MountContext.current.tree.write(unsafe decode(path), bytes: bytes))
    }
  }

  /// Accepted (and ignored) for `.audit/repair`; EROFS elsewhere.
  static func truncate(_ path: UnsafePointer<CChar>?) -> Int32 {
    answer {
      try MountContext.current.tree.truncate(unsafe decode(path))
      return 0
    }
  }

  /// Every other mutating operation.
  static func readOnly() -> Int32 { -EROFS }
}

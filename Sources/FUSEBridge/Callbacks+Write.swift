import CFuse3
import Glibc
import MountKit

extension Callbacks {
  /// Only `.audit/repair` accepts writes; each `write(2)` runs one repair, synchronously.
  static func write(_ request: Request, _ inode: fuse_ino_t, _ buffer: UnsafePointer<CChar>?, _ size: Int) {
    let context = MountContext.of(request)
    answer(request) { () throws(MountError) in
      guard let buffer = unsafe buffer else { return reply(request, error: EINVAL) }
      let bytes = unsafe Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(buffer), count: size))
      let consumed = try context.tree.write(inode: UInt64(inode), bytes: bytes)
      unsafe _ = fuse_reply_write(request.raw, consumed)
    }
  }

  /// Every request that would create, remove, rename or change something.
  static func readOnly(_ request: Request) { reply(request, error: EROFS) }
}

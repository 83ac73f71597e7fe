import CFuse3
import Logging
import MountKit

/// The state every FUSE request reaches through `fuse_req_userdata`.
///
/// One `Sendable` object per mount: requests are served on libfuse's worker threads.
final class MountContext: Sendable {
  let tree: VirtualTree
  let cacheTimeout: Double
  let owner: (uid: UInt32, gid: UInt32)
  let logger: Logger
  /// Copies members into the kernel's page cache; attached once the session exists.
  let pageCache = PageCacheFiller()

  init(tree: VirtualTree, cacheTimeout: Double, owner: (uid: UInt32, gid: UInt32), logger: Logger) {
    self.tree = tree
    self.cacheTimeout = cacheTimeout
    self.owner = owner
    self.logger = logger
  }

  /// The context of the mount that `request` belongs to.
  static func of(_ request: Request) -> MountContext {
    unsafe Unmanaged<MountContext>.fromOpaque(fuse_req_userdata(request.raw)!).takeUnretainedValue()
  }
}

/// A request being served (`fuse_req_t`): valid until it is replied to, which every callback
/// does exactly once.
@safe struct Request {
  let raw: fuse_req_t?
  init(_ raw: fuse_req_t?) { unsafe self.raw = raw }
}

import CFuse3
import Logging
import MountKit

/// The state every FUSE callback reaches through `fuse_get_context().private_data`.
///
/// One immutable, `Sendable` object per mount: the callbacks run on libfuse's worker threads.
final class MountContext: Sendable {
  let tree: VirtualTree
  let cacheTimeout: Double
  let owner: (uid: UInt32, gid: UInt32)
  let logger: Logger

  init(tree: VirtualTree, cacheTimeout: Double, owner: (uid: UInt32, gid: UInt32), logger: Logger) {
    self.tree = tree
    self.cacheTimeout = cacheTimeout
    self.owner = owner
    self.logger = logger
  }

  /// The context of the mount whose request the calling worker thread is serving.
  static var current: MountContext {
    unsafe Unmanaged<MountContext>.fromOpaque(fuse_get_context().pointee.private_data!)
      .takeUnretainedValue()
  }
}

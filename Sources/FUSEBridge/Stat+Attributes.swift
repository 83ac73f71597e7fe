import CFuse3
import Glibc
import MountKit

extension stat {
  /// `getattr`'s answer for `attributes`, owned by the mounting user.
  init(_ attributes: NodeAttributes, owner: (uid: UInt32, gid: UInt32)) {
    self.init()
    st_ino = ino_t(attributes.inode)
    st_mode = stat.typeBits(attributes.kind) | mode_t(attributes.permissions)
    st_nlink = nlink_t(attributes.linkCount)
    st_uid = owner.uid
    st_gid = owner.gid
    st_size = off_t(clamping: attributes.size)
    st_blksize = 4096
    st_blocks = blkcnt_t(clamping: (attributes.size / 512) + (attributes.size % 512 == 0 ? 0 : 1))
    let time = timespec(
      tv_sec: Int(attributes.modificationTime.seconds),
      tv_nsec: Int(attributes.modificationTime.nanoseconds))
    st_mtim = time
    st_atim = time
    st_ctim = time
  }

  /// A directory-listing entry: inode and type only.
  init(_ entry: DirectoryEntry) {
    self.init()
    st_ino = ino_t(entry.inode)
    st_mode = stat.typeBits(entry.kind)
  }

  static func typeBits(_ kind: NodeKind) -> mode_t {
    switch kind {
    case .directory: S_IFDIR
    case .regularFile: S_IFREG
    case .symlink: S_IFLNK
    }
  }
}

import CFuse3
import Glibc
import MountKit

/// The FUSE operations: decode the C arguments, ask the ``VirtualTree``, map errors.
///
/// Each function is called from `Operations.swift` on a libfuse worker thread and returns 0 or a
/// byte count on success and `-errno` on failure.
enum Callbacks {
  static func initialize(
    _ connection: UnsafeMutablePointer<fuse_conn_info>?, _ config: UnsafeMutablePointer<fuse_config>?
  ) -> UnsafeMutableRawPointer? {
    let context = MountContext.current
    if let connection = unsafe connection {
      // READDIRPLUS for every batch of a listing, not only the first (the kernel's "auto" mode
      // asks for attributes only at offset 0; the rest of a large directory then costs one
      // LOOKUP per name when `ls -l`, `cat` or `tar` reach it).
      unsafe connection.pointee.want &= ~UInt32(FUSE_CAP_READDIRPLUS_AUTO)
      // Before a read, refresh attributes that are no longer valid and drop the cached pages if
      // the mtime or size changed: how a new `.audit/repair` outcome replaces the cached one
      // (its write invalidates the attributes; files are opened without OPEN, so no open flag
      // can bypass the page cache).
      // O_TRUNC as a separate SETATTR, not inside OPEN (which is never sent): members answer it
      // with EROFS, so `open(O_TRUNC)` fails instead of the kernel believing the file is empty.
      unsafe connection.pointee.want &= ~UInt32(FUSE_CAP_ATOMIC_O_TRUNC)
      if unsafe connection.pointee.capable & UInt32(FUSE_CAP_AUTO_INVAL_DATA) != 0 {
        unsafe connection.pointee.want |= UInt32(FUSE_CAP_AUTO_INVAL_DATA)
      }
    }
    if let config = unsafe config {
      unsafe config.pointee.use_ino = 1
      unsafe config.pointee.entry_timeout = context.cacheTimeout
      unsafe config.pointee.attr_timeout = context.cacheTimeout
      unsafe config.pointee.negative_timeout = context.cacheTimeout
    }
    // The value returned here becomes private_data for every later request.
    return unsafe fuse_get_context().pointee.private_data
  }

  static func getattr(_ path: UnsafePointer<CChar>?, _ buffer: UnsafeMutablePointer<stat>?) -> Int32 {
    answer {
      let context = MountContext.current
      let attributes = try context.tree.attributes(at: unsafe decode(path))
      unsafe buffer?.pointee = stat(attributes, owner: context.owner)
      return 0
    }
  }

  /// Lists a directory, from entry number `offset` on (`.` is 0, `..` 1, then the children in
  /// bytewise order); each entry carries `offset + 1` as the position to resume after it.
  ///
  /// When the kernel asks for attributes too (`READDIRPLUS`), every entry carries its full
  /// `stat`, so `ls -l`, `cat` and `tar` need no LOOKUP per name afterwards; `.audit/` texts are
  /// listed without (their size means computing them). Offsets are given to the filler because
  /// libfuse 3.14 drops the attributes of entries filled without one.
  static func readdir(
    _ path: UnsafePointer<CChar>?, _ buffer: UnsafeMutableRawPointer?, _ fill: fuse_fill_dir_t?,
    _ offset: off_t, _ flags: fuse_readdir_flags
  ) -> Int32 {
    answer {
      let context = MountContext.current
      let directory = unsafe decode(path)
      let listing = try context.tree.listing(at: directory)
      guard let fill = unsafe fill else { return -EIO }
      let plus = flags.rawValue & FUSE_READDIR_PLUS.rawValue != 0 && !directory.hasSuffix("/.audit")
      let prefix = directory == "/" ? "/" : directory + "/"
      let dots = [DirectoryEntry(name: ".", inode: 0, kind: .directory), .init(name: "..", inode: 0, kind: .directory)]
      let entries = dots + listing
      var index = max(0, Int(clamping: offset))
      while index < entries.count {
        let entry = entries[index]
        var info = stat(entry)
        var fillFlags = fuse_fill_dir_flags(0)
        if plus, entry.inode != 0, let attributes = try? context.tree.attributes(at: prefix + entry.name) {
          info = stat(attributes, owner: context.owner)
          fillFlags = FUSE_FILL_DIR_PLUS
        }
        index += 1
        let full = unsafe entry.name.withCString { unsafe fill(buffer, $0, &info, off_t(index), fillFlags) }
        if full != 0 { break }
      }
      return 0
    }
  }

  static func read(
    _ path: UnsafePointer<CChar>?, _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ offset: off_t
  ) -> Int32 {
    answer {
      guard let buffer = unsafe buffer, offset >= 0 else { return -EINVAL }
      let count = min(size, Int(Int32.max))
      let bytes = try MountContext.current.tree.read(unsafe decode(path), offset: UInt64(offset), count: count)
      unsafe bytes.withUnsafeBytes { source in
        guard let base = source.baseAddress else { return }
        unsafe UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: source.count)
      }
      return Int32(bytes.count)
    }
  }

  static func readlink(_ path: UnsafePointer<CChar>?, _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int) -> Int32 {
    answer {
      guard let buffer = unsafe buffer, size > 0 else { return -EINVAL }
      let target = Array(try MountContext.current.tree.symlinkTarget(at: unsafe decode(path)).utf8.prefix(size - 1))
      unsafe copy(target + [0], to: buffer)
      return 0
    }
  }

  static func statfs(_ buffer: UnsafeMutablePointer<statvfs>?) -> Int32 {
    let statistics = MountContext.current.tree.statistics
    var info = statvfs()
    info.f_bsize = 4096
    info.f_frsize = 4096
    info.f_blocks = fsblkcnt_t(statistics.memberBytes / 4096 + 1)
    info.f_files = fsfilcnt_t(statistics.nodes)
    info.f_namemax = 255
    unsafe buffer?.pointee = info
    return 0
  }

  static func access(_ path: UnsafePointer<CChar>?, _ mask: Int32) -> Int32 {
    answer {
      try MountContext.current.tree.checkAccess(
        unsafe decode(path), write: mask & W_OK != 0, execute: mask & X_OK != 0)
      return 0
    }
  }

  static func getxattr(
    _ path: UnsafePointer<CChar>?, _ name: UnsafePointer<CChar>?, _ value: UnsafeMutablePointer<CChar>?, _ size: Int
  ) -> Int32 {
    answer {
      guard let name = unsafe name else { return -EINVAL }
      // Only `user.wheelfs.*` exist. `ls -l` asks every file for `security.selinux` and
      // `system.posix_acl_access`: answered without decoding the path, and for namespaces other
      // than `user.` with "not supported", which `ls` remembers per file system (one request per
      // listing instead of two per file; ENODATA would be asked again for every file).
      if unsafe strncmp(name, "user.", 5) != 0 { return -EOPNOTSUPP }
      if unsafe strncmp(name, "user.wheelfs.", 13) != 0 { return -ENODATA }
      let bytes = try MountContext.current.tree.extendedAttribute(unsafe String(cString: name), at: unsafe decode(path))
      return unsafe sized(bytes, into: value, capacity: size)
    }
  }

  static func listxattr(_ path: UnsafePointer<CChar>?, _ list: UnsafeMutablePointer<CChar>?, _ size: Int) -> Int32 {
    answer {
      let names = try MountContext.current.tree.extendedAttributeNames(at: unsafe decode(path))
      return unsafe sized(names.flatMap { Array($0.utf8) + [0] }, into: list, capacity: size)
    }
  }

  // MARK: - Helpers

  /// Runs `body`, turning a thrown error into `-errno`.
  static func answer(_ body: () throws -> Int32) -> Int32 {
    do { return try body() } catch { return -errnoValue(for: error) }
  }

  static func decode(_ path: UnsafePointer<CChar>?) -> String {
    guard let path = unsafe path else { return "/" }
    return unsafe String(cString: path)
  }

  static func copy(_ bytes: [UInt8], to destination: UnsafeMutablePointer<CChar>) {
    unsafe bytes.withUnsafeBytes { source in
      guard let base = source.baseAddress else { return }
      unsafe UnsafeMutableRawPointer(destination).copyMemory(from: base, byteCount: source.count)
    }
  }

  /// The xattr convention: size 0 asks for the length; a too-small buffer is ERANGE.
  static func sized(_ bytes: [UInt8], into buffer: UnsafeMutablePointer<CChar>?, capacity: Int) -> Int32 {
    if capacity == 0 { return Int32(bytes.count) }
    guard let buffer = unsafe buffer, bytes.count <= capacity else { return -ERANGE }
    unsafe copy(bytes, to: buffer)
    return Int32(bytes.count)
  }
}

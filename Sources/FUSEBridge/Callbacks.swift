import CFuse3
import Glibc
import MountKit

/// The FUSE requests (libfuse's low-level API): decode the C arguments, ask the ``VirtualTree``
/// by inode number, reply.
///
/// Each function is called from `Operations.swift` on a libfuse worker thread and replies exactly
/// once. Inode numbers are the tree's own (the root is 1, `FUSE_ROOT_ID`); they never change while
/// mounted, so FORGET needs no bookkeeping.
enum Callbacks {
  static func initialize(_ connection: UnsafeMutablePointer<fuse_conn_info>?) {
    guard let connection = unsafe connection else { return }
    // READDIRPLUS for every batch of a listing, not only the first (the kernel's "auto" mode
    // asks for attributes only at offset 0; the rest of a large directory then costs one
    // LOOKUP per name when `ls -l`, `cat` or `tar` reach it).
    unsafe connection.pointee.want &= ~UInt32(FUSE_CAP_READDIRPLUS_AUTO)
    // O_TRUNC as a separate SETATTR, not inside OPEN (which is never sent): members answer it
    // with EROFS, so `open(O_TRUNC)` fails instead of the kernel believing the file is empty.
    unsafe connection.pointee.want &= ~UInt32(FUSE_CAP_ATOMIC_O_TRUNC)
    // Before a read, refresh attributes that are no longer valid and drop the cached pages if
    // the mtime or size changed: how a new `.audit/repair` outcome replaces the cached one.
    if unsafe connection.pointee.capable & UInt32(FUSE_CAP_AUTO_INVAL_DATA) != 0 {
      unsafe connection.pointee.want |= UInt32(FUSE_CAP_AUTO_INVAL_DATA)
    }
  }

  static func lookup(_ request: Request, _ parent: fuse_ino_t, _ name: UnsafePointer<CChar>?) {
    let context = MountContext.of(request)
    guard let name = unsafe name else { return reply(request, error: EINVAL) }
    do {
      let attributes = try context.tree.lookup(unsafe String(cString: name), inDirectory: UInt64(parent))
      var entry = context.entry(for: attributes)
      unsafe _ = fuse_reply_entry(request.raw, &entry)
    } catch where error.code == .notFound && context.cacheTimeout > 0 {
      // The tree never changes: the kernel may remember that the name does not exist.
      var entry = fuse_entry_param()
      entry.entry_timeout = context.cacheTimeout
      unsafe _ = fuse_reply_entry(request.raw, &entry)
    } catch {
      reply(request, error: errnoValue(for: error))
    }
  }

  static func getattr(_ request: Request, _ inode: fuse_ino_t) {
    let context = MountContext.of(request)
    answer(request) { () throws(MountError) in
      let attributes = try context.tree.attributes(ofInode: UInt64(inode))
      var info = stat(attributes, owner: context.owner)
      unsafe _ = fuse_reply_attr(request.raw, &info, context.attributeTimeout(for: attributes.inode))
    }
  }

  /// Only truncation is accepted, and only by `.audit/repair` (the `>` of `echo TAG >`); the
  /// time update that comes with a truncation is ignored. Every other change is EROFS.
  static func setattr(_ request: Request, _ inode: fuse_ino_t, _ changes: Int32) {
    let context = MountContext.of(request)
    answer(request) { () throws(MountError) in
      let tree = context.tree
      let others = FUSE_SET_ATTR_MODE | FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID
      guard changes & FUSE_SET_ATTR_SIZE != 0, changes & others == 0 else {
        return try tree.refuseAttributeChange(inode: UInt64(inode))
      }
      try tree.truncate(inode: UInt64(inode))
      let attributes = try tree.attributes(ofInode: UInt64(inode))
      var info = stat(attributes, owner: context.owner)
      unsafe _ = fuse_reply_attr(request.raw, &info, context.attributeTimeout(for: attributes.inode))
    }
  }

  static func readlink(_ request: Request, _ inode: fuse_ino_t) {
    let context = MountContext.of(request)
    answer(request) { () throws(MountError) in
      let target = try context.tree.symlinkTarget(ofInode: UInt64(inode))
      unsafe _ = target.withCString { unsafe fuse_reply_readlink(request.raw, $0) }
    }
  }

  /// Lists a directory from entry number `offset` on (`.` is 0, `..` 1, then the children in
  /// bytewise order); each entry carries `offset + 1` as the position to resume after it.
  ///
  /// With `plus` (READDIRPLUS) every member carries its attributes, so `ls -l`, `cat` and `tar`
  /// need no LOOKUP per name afterwards; `.audit/` texts are listed without (their size means
  /// computing them), as are `.` and `..`.
  static func readdir(_ request: Request, _ inode: fuse_ino_t, _ size: Int, _ offset: off_t, plus: Bool) {
    let context = MountContext.of(request)
    answer(request) { () throws(MountError) in
      let tree = context.tree
      let directory = UInt64(inode)
      let listing = try tree.listing(ofInode: directory)
      let parent = tree.parentInode(ofInode: directory)
      let entries =
        [DirectoryEntry(name: ".", inode: directory, kind: .directory),
         DirectoryEntry(name: "..", inode: parent, kind: .directory)] + listing
      let capacity = max(0, min(size, 1 << 20))
      let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(capacity, 1))
      defer { unsafe buffer.deallocate() }
      var used = 0
      var index = max(0, Int(clamping: offset))
      while index < entries.count {
        let item = entries[index]
        let next = off_t(index + 1)
        let needed: Int
        if plus {
          var entry = fuse_entry_param()
          entry.attr = stat(item)
          if index >= 2, !tree.isComputed(inode: item.inode),
            let attributes = try? tree.attributes(ofInode: item.inode)
          {
            entry = context.entry(for: attributes)
          }
          needed = unsafe item.name.withCString {
            unsafe fuse_add_direntry_plus(request.raw, buffer + used, capacity - used, $0, &entry, next)
          }
        } else {
          var info = stat(item)
          needed = unsafe item.name.withCString {
            unsafe fuse_add_direntry(request.raw, buffer + used, capacity - used, $0, &info, next)
          }
        }
        if needed > capacity - used { break }
        used += needed
        index += 1
      }
      unsafe _ = fuse_reply_buf(request.raw, buffer, used)
    }
  }

  /// Answers the read, then (once per member) hands the whole member to the page cache when the
  /// read left part of it unread and it is already inflated: later reads need no request.
  static func read(_ request: Request, _ inode: fuse_ino_t, _ size: Int, _ offset: off_t) {
    let context = MountContext.of(request)
    answer(request) { () throws(MountError) in
      let bytes = try context.tree.read(inode: UInt64(inode), offset: UInt64(max(0, offset)), count: size)
      unsafe bytes.withUnsafeBytes { raw in
        unsafe _ = fuse_reply_buf(request.raw, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
      }
    }
    if let content = context.tree.pageCacheContent(inode: UInt64(inode), afterReading: size, at: UInt64(max(0, offset))) {
      context.pageCache.fill(inode: UInt64(inode), with: content)
    }
  }

  static func statfs(_ request: Request) {
    let statistics = MountContext.of(request).tree.statistics
    var info = statvfs()
    info.f_bsize = 4096
    info.f_frsize = 4096
    info.f_blocks = fsblkcnt_t(statistics.memberBytes / 4096 + 1)
    info.f_files = fsfilcnt_t(statistics.nodes)
    info.f_namemax = 255
    unsafe _ = fuse_reply_statfs(request.raw, &info)
  }

  static func access(_ request: Request, _ inode: fuse_ino_t, _ mask: Int32) {
    let context = MountContext.of(request)
    answer(request) { () throws(MountError) in
      try context.tree.checkAccess(inode: UInt64(inode), write: mask & W_OK != 0, execute: mask & X_OK != 0)
      reply(request, error: 0)
    }
  }

  static func getxattr(_ request: Request, _ inode: fuse_ino_t, _ name: UnsafePointer<CChar>?, _ size: Int) {
    guard let name = unsafe name else { return reply(request, error: EINVAL) }
    // Only `user.wheelfs.*` exist. `ls -l` asks every file for `security.selinux` and
    // `system.posix_acl_access`: answered without a lookup, and for namespaces other than
    // `user.` with "not supported", which `ls` remembers per file system (one request per
    // listing instead of two per file; ENODATA would be asked again for every file).
    if unsafe strncmp(name, "user.", 5) != 0 { return reply(request, error: EOPNOTSUPP) }
    if unsafe strncmp(name, "user.wheelfs.", 13) != 0 { return reply(request, error: ENODATA) }
    let context = MountContext.of(request)
    answer(request) { () throws(MountError) in
      let bytes = try context.tree.extendedAttribute(unsafe String(cString: name), ofInode: UInt64(inode))
      replySized(request, bytes, capacity: size)
    }
  }

  static func listxattr(_ request: Request, _ inode: fuse_ino_t, _ size: Int) {
    let context = MountContext.of(request)
    answer(request) { () throws(MountError) in
      let names = try context.tree.extendedAttributeNames(ofInode: UInt64(inode))
      replySized(request, names.flatMap { Array($0.utf8) + [0] }, capacity: size)
    }
  }

  // MARK: - Helpers

  /// Runs `body` (which replies); a thrown error is replied as its errno.
  static func answer(_ request: Request, _ body: () throws(MountError) -> Void) {
    do { try body() } catch { reply(request, error: errnoValue(for: error)) }
  }

  /// `fuse_reply_err`: 0 is success for requests that carry no data.
  static func reply(_ request: Request, error: Int32) {
    unsafe _ = fuse_reply_err(request.raw, error)
  }

  /// The xattr convention: size 0 asks for the length; a too-small buffer is ERANGE.
  static func replySized(_ request: Request, _ bytes: [UInt8], capacity: Int) {
    if capacity == 0 {
      unsafe _ = fuse_reply_xattr(request.raw, bytes.count)
      return
    }
    guard bytes.count <= capacity else { return reply(request, error: ERANGE) }
    unsafe bytes.withUnsafeBytes { raw in
      unsafe _ = fuse_reply_buf(request.raw, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
    }
  }
}

extension MountContext {
  /// The LOOKUP / READDIRPLUS answer for a node.
  func entry(for attributes: NodeAttributes) -> fuse_entry_param {
    var entry = fuse_entry_param()
    entry.ino = fuse_ino_t(attributes.inode)
    entry.attr = stat(attributes, owner: owner)
    entry.attr_timeout = attributeTimeout(for: attributes.inode)
    entry.entry_timeout = cacheTimeout
    return entry
  }

  /// How long the kernel may keep a node's attributes: the cache timeout, except for
  /// `.audit/repair`, whose size and mtime change with every repair it runs (asking each time
  /// lets the kernel drop a stale outcome from its page cache).
  func attributeTimeout(for inode: UInt64) -> Double {
    tree.isRepairControl(inode: inode) ? 0 : cacheTimeout
  }
}

import CFuse3
import Glibc

/// The request table handed to `fuse_session_new` (libfuse's low-level API).
///
/// Kept in its own file as a plain (nonisolated) function: a closure literal formed in
/// main-actor code and called by libfuse on a worker thread traps in the executor check. Every
/// closure is non-capturing and forwards to ``Callbacks``; state comes from `fuse_req_userdata`.
/// Without `extendedAttributes`, `getxattr` and `listxattr` are left out (libfuse answers
/// ENOSYS, and the kernel then stops asking).
func makeOperations(extendedAttributes: Bool = true) -> fuse_lowlevel_ops {
  var ops = fuse_lowlevel_ops()
  unsafe ops.`init` = { _, connection in unsafe Callbacks.initialize(connection) }
  unsafe ops.lookup = { request, parent, name in unsafe Callbacks.lookup(Request(request), parent, name) }
  // No `forget`: inode numbers are the tree's own and live as long as the mount (libfuse
  // answers FORGET itself).
  unsafe ops.getattr = { request, inode, _ in unsafe Callbacks.getattr(Request(request), inode) }
  unsafe ops.setattr = { request, inode, _, changes, _ in unsafe Callbacks.setattr(Request(request), inode, changes) }
  unsafe ops.readlink = { request, inode in unsafe Callbacks.readlink(Request(request), inode) }
  // No OPEN or OPENDIR: answering ENOSYS makes the kernel open every later file and directory
  // by itself ("no_open", "no_opendir"), keeping its page cache (FOPEN_KEEP_CACHE) and sending no
  // RELEASE: reading a small file then costs one request (READ) instead of three. Write access
  // is decided per request instead: write, truncate and every modification answer EROFS except
  // on `.audit/repair`; reading a member the archive marks as corrupt answers EIO.
  unsafe ops.open = { request, _, _ in unsafe Callbacks.reply(Request(request), error: ENOSYS) }
  unsafe ops.opendir = { request, _, _ in unsafe Callbacks.reply(Request(request), error: ENOSYS) }
  unsafe ops.read = { request, inode, size, offset, _ in unsafe Callbacks.read(Request(request), inode, size, offset) }
  unsafe ops.write = { request, inode, buffer, size, _, _ in unsafe Callbacks.write(Request(request), inode, buffer, size) }
  // No `flush`: libfuse answers ENOSYS to FLUSH and the kernel stops sending it on every
  // close(2) (repairs run inside `write`, never on flush).
  unsafe ops.readdir = { request, inode, size, offset, _ in
    unsafe Callbacks.readdir(Request(request), inode, size, offset, plus: false)
  }
  unsafe ops.readdirplus = { request, inode, size, offset, _ in
    unsafe Callbacks.readdir(Request(request), inode, size, offset, plus: true)
  }
  unsafe ops.statfs = { request, _ in unsafe Callbacks.statfs(Request(request)) }
  unsafe ops.access = { request, inode, mask in unsafe Callbacks.access(Request(request), inode, mask) }
  if extendedAttributes {
    unsafe ops.getxattr = { request, inode, name, size in unsafe Callbacks.getxattr(Request(request), inode, name, size) }
    unsafe ops.listxattr = { request, inode, size in unsafe Callbacks.listxattr(Request(request), inode, size) }
  }
  addRefusals(to: &ops)
  return ops
}

/// Everything that would modify the tree: EROFS.
private func addRefusals(to ops: inout fuse_lowlevel_ops) {
  unsafe ops.mknod = { request, _, _, _, _ in unsafe Callbacks.readOnly(Request(request)) }
  unsafe ops.mkdir = { request, _, _, _ in unsafe Callbacks.readOnly(Request(request)) }
  unsafe ops.unlink = { request, _, _ in unsafe Callbacks.readOnly(Request(request)) }
  unsafe ops.rmdir = { request, _, _ in unsafe Callbacks.readOnly(Request(request)) }
  unsafe ops.symlink = { request, _, _, _ in unsafe Callbacks.readOnly(Request(request)) }
  unsafe ops.rename = { request, _, _, _, _, _ in unsafe Callbacks.readOnly(Request(request)) }
  unsafe ops.link = { request, _, _, _ in unsafe Callbacks.readOnly(Request(request)) }
  unsafe ops.create = { request, _, _, _, _ in unsafe Callbacks.readOnly(Request(request)) }
  unsafe ops.setxattr = { request, _, _, _, _, _ in unsafe Callbacks.readOnly(Request(request)) }
  unsafe ops.removexattr = { request, _, _ in unsafe Callbacks.readOnly(Request(request)) }
  unsafe ops.fallocate = { request, _, _, _, _, _ in unsafe Callbacks.readOnly(Request(request)) }
}

import CFuse3
import Glibc

/// The operation table handed to `fuse_new`.
///
/// Kept in its own file as a plain (nonisolated) function: a closure literal formed in
/// main-actor code and called by libfuse on a worker thread traps in the executor check. Every
/// closure is non-capturing and forwards to ``Callbacks``; state comes from
/// `fuse_get_context().private_data`. Without `extendedAttributes`, `getxattr` and `listxattr`
/// are left out (libfuse answers ENOSYS, and the kernel then stops asking).
func makeOperations(extendedAttributes: Bool = true) -> fuse_operations {
  var ops = fuse_operations()
  unsafe ops.`init` = { connection, config in unsafe Callbacks.initialize(connection, config) }
  unsafe ops.getattr = { path, buffer, _ in unsafe Callbacks.getattr(path, buffer) }
  unsafe ops.readdir = { path, buffer, fill, offset, _, flags in
    unsafe Callbacks.readdir(path, buffer, fill, offset, flags)
  }
  // No OPEN: answering the first one with ENOSYS makes the kernel open every later file by
  // itself ("no_open"), keeping its page cache (FOPEN_KEEP_CACHE) and sending no RELEASE: reading
  // a small file then costs one request (READ) instead of three (OPEN, READ, RELEASE). Write
  // access is decided per operation instead: write, truncate and every modification answer EROFS
  // except on `.audit/repair`; reading a member the archive marks as corrupt answers EIO.
  // (OPENDIR stays: libfuse's high-level API keeps its directory handle in the opendir reply.)
  unsafe ops.open = { _, _ in -ENOSYS }
  unsafe ops.read = { path, buffer, size, offset, _ in unsafe Callbacks.read(path, buffer, size, offset) }
  unsafe ops.write = { path, buffer, size, _, _ in unsafe Callbacks.write(path, buffer, size) }
  unsafe ops.truncate = { path, _, _ in unsafe Callbacks.truncate(path) }
  // No `flush` or `release`: libfuse answers ENOSYS to FLUSH and the kernel stops sending it on
  // every close(2) (repairs run inside `write`, never on flush); without OPEN there is no RELEASE.
  unsafe ops.statfs = { _, buffer in unsafe Callbacks.statfs(buffer) }
  unsafe ops.readlink = { path, buffer, size in unsafe Callbacks.readlink(path, buffer, size) }
  unsafe ops.access = { path, mask in unsafe Callbacks.access(path, mask) }
  if extendedAttributes {
    unsafe ops.getxattr = { path, name, value, size in unsafe Callbacks.getxattr(path, name, value, size) }
    unsafe ops.listxattr = { path, list, size in unsafe Callbacks.listxattr(path, list, size) }
  }
  addRefusals(to: &ops)
  return ops
}

/// Everything that would modify the tree: EROFS.
private func addRefusals(to ops: inout fuse_operations) {
  unsafe ops.mknod = { _, _, _ in Callbacks.readOnly() }
  unsafe ops.mkdir = { _, _ in Callbacks.readOnly() }
  unsafe ops.unlink = { _ in Callbacks.readOnly() }
  unsafe ops.rmdir = { _ in Callbacks.readOnly() }
  unsafe ops.symlink = { _, _ in Callbacks.readOnly() }
  unsafe ops.rename = { _, _, _ in Callbacks.readOnly() }
  unsafe ops.link = { _, _ in Callbacks.readOnly() }
  unsafe ops.chmod = { _, _, _ in Callbacks.readOnly() }
  unsafe ops.chown = { _, _, _, _ in Callbacks.readOnly() }
  unsafe ops.create = { _, _, _ in Callbacks.readOnly() }
  unsafe ops.utimens = { _, _, _ in Callbacks.readOnly() }
  unsafe ops.setxattr = { _, _, _, _, _ in Callbacks.readOnly() }
  unsafe ops.removexattr = { _, _ in Callbacks.readOnly() }
}

/// Why a dependency tree could not be built at all.
///
/// Problems with individual libraries never throw: they are recorded on the library's node
/// (``UnresolvedReason``). Messages are rendered in `ResolutionError+Description.swift`.
public enum ResolutionError: Error, Sendable, Hashable {
  /// The root file does not exist (under the sysroot).
  case rootNotFound(path: String)
  /// The root file is not an ELF file.
  case rootNotELF(path: String)
  /// The root file is an ELF file the reader could not parse.
  case rootUnreadable(path: String, message: String)
  /// `$ORIGIN` in a list that belongs to no object (`LD_LIBRARY_PATH`,
  /// `AUDITWHEEL_LD_LIBRARY_PATH` or `--ldpaths` in `.auditwheel` mode): auditwheel raises
  /// "can't expand $ORIGIN without a path".
  case originWithoutObject(list: String, value: String)
  /// The root needs both glibc and musl (auditwheel's `InvalidLibcError`).
  case conflictingLibc(detected: LibcFlavor, needed: String)
  /// More than one `/etc/ld-musl-*.path` (auditwheel asserts there is at most one).
  case multipleMuslPathFiles([String])
}

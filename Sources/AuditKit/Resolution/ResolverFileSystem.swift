import BinaryKit

/// The kind of a directory entry, as `lstat(2)` reports it (a final symbolic link not followed).
public enum FileEntryKind: Sendable, Hashable {
  case regular
  case directory
  case symbolicLink
  /// Devices, sockets, FIFOs.
  case other

  /// The kind of a host file's `lstat`/`stat` result.
  init(_ kind: FileStatus.Kind) {
    switch kind {
    case .regular: self = .regular
    case .directory: self = .directory
    case .symbolicLink: self = .symbolicLink
    case .other: self = .other
    }
  }
}

/// The file-system questions library resolution asks, so it can run against the real disk
/// (``HostFileSystem``) or an in-memory fake in tests.
///
/// All paths are *physical* host paths. A sysroot is applied by the resolver, which also walks
/// symbolic links itself (so absolute links inside a sysroot stay inside it); implementations
/// only answer about single entries and must follow symbolic links in the *directory* part of a
/// path the way the kernel does.
public protocol ResolverFileSystem: Sendable {
  /// The kind of the entry at `path` without following a final symbolic link, or `nil` when
  /// nothing is there.
  func entryKind(atPath path: String) -> FileEntryKind?

  /// The target stored in the symbolic link at `path` (unresolved, possibly relative), or `nil`
  /// when `path` is not a symbolic link.
  func symbolicLinkTarget(atPath path: String) -> String?

  /// The names in the directory at `path` (symbolic links followed), in any order, or `nil` when
  /// it is not a readable directory.
  func directoryContents(atPath path: String) -> [String]?

  /// The contents of a small text file such as `/etc/ld.so.conf`, or `nil` when unreadable.
  func readTextFile(atPath path: String) -> String?

  /// What resolution needs from the ELF file at `path` (symbolic links followed).
  ///
  /// - Returns: `nil` when the file is not an ELF file.
  /// - Throws: when the file is an ELF file that cannot be read or parsed; the resolver records
  ///   the message on the library instead of failing the whole tree.
  func linkInfo(atPath path: String) throws -> ELFLinkInfo?
}

extension ResolverFileSystem {
  /// The canonical absolute path of `path` with every symbolic link resolved, or `nil` when it
  /// does not exist (a dangling link, a loop, a file used as a directory). Relative paths are
  /// taken against `currentDirectory`.
  public func realpath(_ path: String, currentDirectory: String = "/") -> String? {
    SysrootView(fileSystem: self, sysroot: "/", currentDirectory: currentDirectory).canonicalPath(path)
  }

  /// Whether `path` names a regular file once symbolic links are followed.
  public func isRegularFile(_ path: String) -> Bool {
    guard let real = realpath(path) else { return false }
    return entryKind(atPath: real) == .regular
  }

  /// Whether `path` names a directory once symbolic links are followed (`os.path.isdir`).
  public func directoryExists(_ path: String) -> Bool {
    guard let real = realpath(path) else { return false }
    return entryKind(atPath: real) == .directory
  }

  /// The paths matching the shell pattern `pattern`, sorted bytewise like glibc's `glob(3)`.
  /// Wildcards do not cross `/`, and do not match a leading `.` unless the pattern does.
  public func glob(_ pattern: String) -> [String] {
    SysrootView(fileSystem: self, sysroot: "/", currentDirectory: "/").glob(pattern)
  }
}

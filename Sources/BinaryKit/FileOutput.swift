#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The file-system calls that output files need and Foundation on Linux does not offer
/// safely: an atomic replacing rename and a directory fsync.
///
/// Together with `ByteSource.swift` this is BinaryKit's only boundary file with unsafe code.
public enum FileOutput {
  /// Renames `source` to `destination` with `rename(2)`, replacing an existing destination
  /// atomically: readers see either the old complete file or the new one, never neither.
  /// Both paths must be on the same file system (callers write temporaries next to the
  /// destination).
  public static func replace(_ source: String, with destination: String) throws(FileError) {
    guard unsafe rename(source, destination) == 0 else {
      throw FileError(path: destination, operation: .rename, errno: errno)
    }
  }

  /// `fsync(2)` on a directory, so a rename inside it survives a crash. Errors are reported;
  /// file systems that cannot sync directories return `EINVAL`, which callers may ignore.
  public static func syncDirectory(_ path: String) throws(FileError) {
    let fd = unsafe open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw FileError(path: path, operation: .open, errno: errno) }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw FileError(path: path, operation: .write, errno: errno) }
  }
}

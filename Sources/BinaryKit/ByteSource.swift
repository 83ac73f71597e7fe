#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Random access to immutable bytes: a file on disk, or a buffer in memory.
///
/// Parsers pull the tables they need on demand through this one protocol, never the whole file.
/// Implementations are safe to share between threads.
public protocol ByteSource: Sendable {
  /// Total number of bytes.
  var size: UInt64 { get }
  /// Exactly `count` bytes starting at `offset`, or a ``ByteReadError`` when that range is not
  /// inside the source.
  func read(at offset: UInt64, count: Int) throws(ByteReadError) -> [UInt8]
}

extension ByteSource {
  /// A ``ByteReader`` over `count` bytes at `offset`, whose errors report absolute offsets.
  public func reader(at offset: UInt64, count: Int, order: ByteOrder) throws(ByteReadError)
    -> ByteReader
  {
    ByteReader(try read(at: offset, count: count), order: order, baseOffset: offset)
  }
}

/// Bytes already in memory (an inflated zip member, a test buffer).
public struct InMemoryBytes: ByteSource {
  public let bytes: [UInt8]

  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  public var size: UInt64 { UInt64(bytes.count) }

  public func read(at offset: UInt64, count: Int) throws(ByteReadError) -> [UInt8] {
    guard count >= 0, Checked.range(offset: offset, size: UInt64(count), within: size) else {
      throw ByteReadError(offset: offset, count: UInt64(max(count, 0)), available: size)
    }
    let start = Int(offset)
    return Array(bytes[start..<(start + count)])
  }
}

/// Why a file could not be opened or read. `errno` is the C error number.
public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Operation: String, Sendable { case open, stat, read, write, rename, mkdir, remove }
  public var path: String
  public var operation: Operation
  public var errno: Int32

  public init(path: String, operation: Operation, errno: Int32) {
    self.path = path
    self.operation = operation
    self.errno = errno
  }

  public var description: String {
    let reason = unsafe String(cString: strerror(errno))
    return "\(path): cannot \(operation.rawValue): \(reason)"
  }
}

/// A regular file read with `pread(2)`; concurrent reads need no locking.
///
/// This file, the zlib boundary and the FUSE bridge are the only places with unsafe code.
public final class FileBytes: ByteSource {
  public let path: String
  public let size: UInt64
  private let fd: Int32

  /// Opens `path` read-only. Directories and other non-regular files are refused.
  public init(path: String) throws(FileError) {
    let fd = unsafe open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileError(path: path, operation: .open, errno: errno) }
    var st = stat()
    guard unsafe fstat(fd, &st) == 0 else {
      let e = errno
      close(fd)
      throw FileError(path: path, operation: .stat, errno: e)
    }
    guard (st.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      throw FileError(path: path, operation: .open, errno: (st.st_mode & S_IFMT) == S_IFDIR ? EISDIR : EINVAL)
    }
    self.path = path
    self.fd = fd
    self.size = UInt64(st.st_size)
  }

  deinit { close(fd) }

  public func read(at offset: UInt64, count: Int) throws(ByteReadError) -> [UInt8] {
    guard count >= 0, Checked.range(offset: offset, size: UInt64(count), within: size) else {
      throw ByteReadError(offset: offset, count: UInt64(max(count, 0)), available: size)
    }
    if count == 0 { return [] }
    var failed = false
    let result = unsafe [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      var done = 0
      while done < count {
        let n = unsafe pread(fd, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        done += n
      }
      if done < count {
        // The file shrank under us or the device failed: never hand out uninitialised bytes.
        unsafe buffer.baseAddress!.initialize(repeating: 0, count: count)
        failed = true
      }
      initialized = count
    }
    if failed { throw ByteReadError(offset: offset, count: UInt64(count), available: size) }
    return result
  }

  /// Reads the whole file. Fails for files over `limit` bytes rather than allocating blindly.
  public func readAll(limit: UInt64 = 1 << 34) throws(ByteReadError) -> [UInt8] {
    guard size <= limit, let n = Checked.int(size) else {
      throw ByteReadError(offset: 0, count: size, available: limit)
    }
    return try read(at: 0, count: n)
  }
}

/// What is at a path, from `lstat(2)` or `stat(2)`: the type and size only.
///
/// `FileManager.attributesOfItem` also resolves the owner's and group's names (an NSS lookup,
/// reading /etc/passwd and /etc/group on every call), which the library search and the mount's
/// start-up do not need.
public struct FileStatus: Sendable, Equatable {
  /// The file types this project distinguishes.
  public enum Kind: Sendable, Equatable { case regular, directory, symbolicLink, other }

  public let kind: Kind
  public let size: UInt64
  /// The permission bits (`st_mode & 07777`).
  public let permissions: UInt16

  /// The status of `path` itself (`followingSymlinks: false`, lstat) or of what it points to
  /// (stat); `nil` when it does not exist or cannot be examined.
  public init?(path: String, followingSymlinks: Bool = false) {
    var st = stat()
    let result = unsafe followingSymlinks ? stat(path, &st) : lstat(path, &st)
    guard result == 0 else { return nil }
    switch st.st_mode & S_IFMT {
    case S_IFREG: kind = .regular
    case S_IFDIR: kind = .directory
    case S_IFLNK: kind = .symbolicLink
    default: kind = .other
    }
    size = UInt64(clamping: st.st_size)
    permissions = UInt16(truncatingIfNeeded: st.st_mode & 0o7777)
  }
}

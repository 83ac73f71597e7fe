import Dispatch
import Synchronization

/// How the writer stores a new member's bytes.
public enum ZipCompression: Hashable, Sendable {
  /// Method 0: the bytes as they are.
  case stored
  /// Method 8 at a zlib level: -1 (zlib's default, the same output as 6) or 0...9. Level 0 is
  /// deflate with stored blocks, as Python's `ZIP_DEFLATED` with `compresslevel=0` (auditwheel
  /// `-z 0`) writes it.
  case deflate(level: Int)

  /// Python zipfile's and auditwheel's default: deflate at zlib's default level.
  public static let `default` = ZipCompression.deflate(level: -1)
}

/// A new member to compress: input to ``PreparedMember/prepare(_:threads:)``.
public struct NewMember: Sendable {
  public var name: String
  public var contents: [UInt8]
  public var compression: ZipCompression
  /// Permission bits (`0o7777` part of the mode); the regular-file type bits are added.
  public var permissions: UInt32
  public var timestamp: DOSTimestamp

  public init(
    name: String, contents: [UInt8], compression: ZipCompression = .default,
    permissions: UInt32 = 0o644, timestamp: DOSTimestamp
  ) {
    self.name = name
    self.contents = contents
    self.compression = compression
    self.permissions = permissions
    self.timestamp = timestamp
  }
}

/// A member whose bytes are already compressed, ready for ``ZipWriter/add(_:)``.
///
/// Compression is the slow part of writing; preparing members first lets it run on all cores
/// (``prepare(_:threads:)``) while the writer itself stays sequential and deterministic.
public struct PreparedMember: Sendable {
  public let name: String
  public let kind: ZipMember.Kind
  public let method: CompressionMethod
  public let crc32: UInt32
  public let uncompressedSize: UInt64
  /// The bytes stored in the archive (deflated, or as-is for stored members).
  public let compressedData: [UInt8]
  public let externalAttributes: UInt32
  public let timestamp: DOSTimestamp

  /// A regular file compressed with `compression`.
  public static func file(_ spec: NewMember) throws(ZipError) -> PreparedMember {
    try checkName(spec.name, directory: false)
    let data: [UInt8]
    let method: CompressionMethod
    switch spec.compression {
    case .stored:
      data = spec.contents
      method = .stored
    case .deflate(let level):
      guard (-1...9).contains(level) else { throw .invalidCompressionLevel(level) }
      guard let deflated = Zlib.deflate(spec.contents, level: Int32(level)) else {
        throw .compressorUnavailable(name: spec.name)
      }
      data = deflated
      method = .deflate
    }
    return PreparedMember(
      name: spec.name, kind: .file, method: method, crc32: Zlib.crc32(spec.contents),
      uncompressedSize: UInt64(spec.contents.count), compressedData: data,
      externalAttributes: (0o100000 | spec.permissions & 0o7777) << 16, timestamp: spec.timestamp)
  }

  /// A regular file compressed with `compression`.
  public static func file(
    name: String, contents: [UInt8], compression: ZipCompression = .default,
    permissions: UInt32 = 0o644, timestamp: DOSTimestamp
  ) throws(ZipError) -> PreparedMember {
    try file(
      NewMember(
        name: name, contents: contents, compression: compression, permissions: permissions,
        timestamp: timestamp))
  }

  /// A directory entry (`name` gets a trailing `/` if it lacks one). Like Python's
  /// `ZipInfo.from_file`, the external attributes carry the Unix mode and the MS-DOS
  /// directory bit (0x10).
  public static func directory(
    name: String, permissions: UInt32 = 0o755, timestamp: DOSTimestamp
  ) throws(ZipError) -> PreparedMember {
    let dirName = name.hasSuffix("/") ? name : name + "/"
    try checkName(dirName, directory: true)
    return PreparedMember(
      name: dirName, kind: .directory, method: .stored, crc32: 0, uncompressedSize: 0,
      compressedData: [], externalAttributes: (0o040000 | permissions & 0o7777) << 16 | 0x10,
      timestamp: timestamp)
  }

  /// A symlink to `target` (stored; its content is the target), which must stay inside the
  /// archive.
  public static func symlink(name: String, target: String, timestamp: DOSTimestamp) throws(ZipError)
    -> PreparedMember
  {
    try checkName(name, directory: false)
    guard !target.isEmpty, !target.utf8.contains(0) else {
      throw .invalidSymlinkTarget(name: name, reason: target.isEmpty ? .empty : .nul)
    }
    guard MemberPath.symlinkStaysInside(name: name, target: target) else {
      throw .symlinkEscapesArchive(name: name, target: target)
    }
    let bytes = Array(target.utf8)
    return PreparedMember(
      name: name, kind: .symlink, method: .stored, crc32: Zlib.crc32(bytes),
      uncompressedSize: UInt64(bytes.count), compressedData: bytes,
      externalAttributes: 0o120777 << 16, timestamp: timestamp)
  }

  /// Compresses `members` on `threads` threads (default: one per core). Result `i` belongs to
  /// `members[i]`; the output does not depend on the thread count.
  public static func prepare(_ members: [NewMember], threads: Int? = nil) -> [Result<PreparedMember, ZipError>] {
    let count = members.count
    guard count > 0 else { return [] }
    let workers = max(1, min(threads ?? System.coreCount, count))
    let order = members.indices.sorted { members[$0].contents.count > members[$1].contents.count }
    let next = Atomic<Int>(0)
    let placeholder = Result<PreparedMember, ZipError>.failure(.writerClosed)
    let results = Mutex([Result<PreparedMember, ZipError>](repeating: placeholder, count: count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let k = next.add(1, ordering: .relaxed).oldValue
        guard k < count else { return }
        let i = order[k]
        let result = Result { () throws(ZipError) -> PreparedMember in try file(members[i]) }
        results.withLock { $0[i] = result }
      }
    }
    return results.withLock { $0 }
  }

  private static func checkName(_ name: String, directory: Bool) throws(ZipError) {
    if let reason = MemberPath.problem(with: name) { throw .invalidMemberName(name, reason: reason) }
    if !directory && name.hasSuffix("/") { throw .invalidMemberName(name, reason: .emptySegment) }
  }
}

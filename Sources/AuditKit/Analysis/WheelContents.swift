import BinaryKit
import WheelKit

/// One regular file of a wheel: its path inside the wheel and its uncompressed size.
public struct ContentMember: Sendable, Hashable {
  /// The path inside the wheel, `/`-separated, e.g. `pkg/_ext.cpython-311-x86_64-linux-gnu.so`.
  public var name: String
  /// The uncompressed size in bytes.
  public var size: UInt64
  /// The zip member's problem, if any (reading it then fails with that error).
  public var problem: ZipError?

  public init(name: String, size: UInt64, problem: ZipError? = nil) {
    self.name = name
    self.size = size
    self.problem = problem
  }
}

/// The files of a wheel, wherever they live: a zip archive, an unpacked directory, or a single
/// ELF file. The analyzer only lists them and reads them; it never unpacks anything to disk.
public protocol WheelContents: Sendable {
  /// Every regular file (no directories, no symbolic links), in archive order.
  var files: [ContentMember] { get }
  /// Up to `count` bytes from the start of `member` (fewer for a short file).
  func prefix(of member: ContentMember, count: Int) throws(AuditError) -> [UInt8]
  /// The whole content of `member`, as a byte source to parse.
  func source(of member: ContentMember) throws(AuditError) -> any ByteSource
  /// The whole content of `member` as bytes.
  func bytes(of member: ContentMember) throws(AuditError) -> [UInt8]
}

/// The members of a zip archive (a `.whl` file).
public struct ZipWheelContents: WheelContents {
  /// The archive. Opening it with a small cache capacity keeps memory bounded: each ELF
  /// member is inflated once for parsing and dropped.
  public let archive: ZipArchive
  public let files: [ContentMember]

  public init(archive: ZipArchive) {
    self.archive = archive
    self.files = archive.members.compactMap { member in
      member.kind == .file
        ? ContentMember(name: member.name, size: member.uncompressedSize, problem: member.problem) : nil
    }
  }

  /// Opens the wheel at `path` with a 1 MiB member cache: members larger than that are read
  /// by streaming (a 4-byte prefix costs one small inflate) and never kept.
  public init(path: String) throws(AuditError) {
    do {
      self.init(archive: try ZipArchive(path: path, cacheCapacity: 1 << 20))
    } catch {
      if case .file(_, _, let errno) = error, errno == 2 { throw .fileNotFound(path: path) }
      throw .archive(path: path, error)
    }
  }

  private func zipMember(_ member: ContentMember) throws(AuditError) -> ZipMember {
    guard let zip = archive.member(named: member.name) else {
      throw .corruptMember(name: member.name, .memberNotFound(member.name))
    }
    return zip
  }

  public func prefix(of member: ContentMember, count: Int) throws(AuditError) -> [UInt8] {
    let zip = try zipMember(member)
    do { return try archive.read(zip, offset: 0, count: count) } catch {
      throw .corruptMember(name: member.name, error)
    }
  }

  public func bytes(of member: ContentMember) throws(AuditError) -> [UInt8] {
    let zip = try zipMember(member)
    do { return try archive.data(of: zip) } catch { throw .corruptMember(name: member.name, error) }
  }

  public func source(of member: ContentMember) throws(AuditError) -> any ByteSource {
    InMemoryBytes(try bytes(of: member))
  }
}

import BinaryKit
import Synchronization
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
  /// The size and SHA-256 of `member` (for RECORD verification).
  func digest(of member: ContentMember) throws(AuditError) -> MemberDigest
}

extension WheelContents {
  public func digest(of member: ContentMember) throws(AuditError) -> MemberDigest {
    MemberHasher.digest(of: try bytes(of: member))
  }
}

/// The members of a zip archive (a `.whl` file).
public struct ZipWheelContents: WheelContents {
  /// The archive. Opening it with a small cache capacity keeps memory bounded: each ELF
  /// member is inflated once for parsing and dropped.
  public let archive: ZipArchive
  public let files: [ContentMember]
  /// Members larger than this are parsed and hashed through the archive's random access (a
  /// checkpointed streaming inflate, memory bounded by the archive's cache) instead of being
  /// inflated whole; `nil`: every member whole. The mount sets it to an eighth of its cache
  /// (whole members go through the cache, accounted, and at most a few are held at once), so
  /// that the audit keeps the daemon's memory bound; `wheelfs show` inflates whole (faster; its
  /// memory is the largest member).
  public let wholeMemberLimit: UInt64?

  public init(archive: ZipArchive, wholeMemberLimit: UInt64? = nil) {
    self.archive = archive
    self.wholeMemberLimit = wholeMemberLimit
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

  /// Whether `member` is read whole (see ``wholeMemberLimit``).
  public func readsWhole(_ member: ContentMember) -> Bool {
    wholeMemberLimit.map { member.size <= $0 } ?? true
  }

  public func source(of member: ContentMember) throws(AuditError) -> any ByteSource {
    guard readsWhole(member) else { return ZipMemberSource(archive: archive, member: try zipMember(member)) }
    return InMemoryBytes(try bytes(of: member))
  }

  public func digest(of member: ContentMember) throws(AuditError) -> MemberDigest {
    guard !readsWhole(member) else { return MemberHasher.digest(of: try bytes(of: member)) }
    let zip = try zipMember(member)
    do { return try archive.digest(of: zip) } catch { throw .corruptMember(name: member.name, error) }
  }
}

/// A zip member as a ``ByteSource`` read through the archive's random access, for parsing a
/// member too large to inflate whole. A read the archive fails (corrupt data, CRC mismatch) is
/// reported to the parser as a short read and kept in ``failure`` for the caller to report.
final class ZipMemberSource: ByteSource {
  let archive: ZipArchive
  let member: ZipMember
  private let failed = Mutex<ZipError?>(nil)
  /// Reads of at least this many bytes are accounted in the archive's cache while this source
  /// lives (the parse of one member).
  static let reservedReadSize = 1 << 20
  private let reservations = Mutex<[CacheReservation]>([])

  init(archive: ZipArchive, member: ZipMember) {
    self.archive = archive
    self.member = member
  }

  var size: UInt64 { member.uncompressedSize }

  /// The first error the archive reported, if any.
  var failure: ZipError? { failed.withLock { $0 } }

  func read(at offset: UInt64, count: Int) throws(ByteReadError) -> [UInt8] {
    let outOfRange = ByteReadError(offset: offset, count: UInt64(max(count, 0)), available: size)
    guard count >= 0, offset <= size, UInt64(count) <= size - offset else { throw outOfRange }
    guard count > 0 else { return [] }
    // A large read is a table the parser keeps until it is done with this member (a big C++
    // library's `.dynstr` is 80 MB): account it in the archive's cache for that long.
    if count >= Self.reservedReadSize {
      let reservation = archive.reserve(count)
      reservations.withLock { $0.append(reservation) }
    }
    do {
      let bytes = try archive.read(member, offset: offset, count: count)
      guard bytes.count == count else { throw outOfRange }
      return bytes
    } catch let error as ZipError {
      failed.withLock { if $0 == nil { $0 = error } }
      throw outOfRange
    } catch {
      throw outOfRange
    }
  }
}

import BinaryKit

/// A zip archive opened for reading: the central directory is parsed and checked once into an
/// immutable index, and members are read (inflated, size- and CRC-checked) on demand.
///
/// `ZipArchive` is `Sendable` and meant to be shared: reads go through `pread`-style
/// ``ByteSource`` access, and inflated members are kept in a byte-bounded LRU cache, each
/// inflated at most once while cached even when many threads ask for it at the same time.
///
/// A member that breaks a rule (a name escaping the root, unsupported method, overlap, zip-bomb limit…) stays
/// listed with its ``ZipMember/problem``; reading it throws that problem, and the other members
/// stay readable.
public final class ZipArchive: Sendable {
  /// Default capacity of the inflated-member cache: 256 MiB.
  public static let defaultCacheCapacity = 256 << 20

  /// The archive's bytes.
  public let source: any ByteSource
  /// Every central directory entry, in directory order (`members[i].index == i`).
  public let members: [ZipMember]
  /// The archive comment.
  public let comment: [UInt8]
  /// The limits the archive was checked against.
  public let limits: ZipLimits
  /// Whether the archive uses ZIP64 end records.
  public let isZip64: Bool
  /// Offset of the central directory in the file.
  public let centralDirectoryOffset: UInt64

  let indexByName: [String: Int]
  let dataLimits: [UInt64]
  let reader: MemberReader
  let cache: MemberCache

  /// Opens the archive held by `source`.
  ///
  /// - Parameters:
  ///   - limits: zip-bomb and symlink limits; members that break them are refused.
  ///   - cacheCapacity: most bytes of inflated members kept in memory. Larger members are still
  ///     served, inflated per request.
  /// - Throws: an archive-level ``ZipError`` when the end records or the central directory
  ///   cannot be used.
  public init(
    source: any ByteSource, limits: ZipLimits = .default,
    cacheCapacity: Int = ZipArchive.defaultCacheCapacity
  ) throws(ZipError) {
    let location = try EndRecords.locate(in: source)
    guard let directorySize = Checked.int(location.size) else {
      throw .centralDirectoryOutOfBounds(offset: location.offset, size: location.size, limit: source.size)
    }
    let directory = try EndRecords.read(
      source, at: location.offset, count: directorySize, .centralDirectory)
    let parsed = try CentralDirectory.parse(directory, location: location)
    let checked = ArchiveValidator.validate(parsed, centralDirectoryOffset: location.offset, limits: limits)
    let reader = MemberReader(source: source)
    var members = checked.members
    for i in members.indices where members[i].kind == .symlink && members[i].problem == nil {
      if let problem = Self.symlinkProblem(members[i], reader: reader, limit: checked.dataLimits[i], limits: limits) {
        members[i] = members[i].with(problem: problem)
      }
    }
    self.source = source
    self.members = members
    self.comment = location.comment
    self.limits = limits
    self.isZip64 = location.isZip64
    self.centralDirectoryOffset = location.offset
    self.indexByName = checked.indexByName
    self.dataLimits = checked.dataLimits
    self.reader = reader
    self.cache = MemberCache(capacity: cacheCapacity)
  }

  /// Opens the zip file at `path` (read with `pread`).
  public convenience init(
    path: String, limits: ZipLimits = .default, cacheCapacity: Int = ZipArchive.defaultCacheCapacity
  ) throws(ZipError) {
    let file: FileBytes
    do { file = try FileBytes(path: path) } catch {
      throw .file(path: error.path, operation: error.operation, errno: error.errno)
    }
    try self.init(source: file, limits: limits, cacheCapacity: cacheCapacity)
  }

  /// Most bytes of inflated members kept in memory (the `cacheCapacity` it was opened with).
  public var cacheCapacity: Int { cache.capacity }

  /// The member called `name` (exact match; directories end in `/`), or nil.
  public func member(named name: String) -> ZipMember? {
    indexByName[name].map { members[$0] }
  }

  /// The symlink's target when it is a readable symlink member.
  public func symlinkTarget(of member: ZipMember) throws(ZipError) -> String {
    String(decoding: try data(of: member), as: UTF8.self)
  }

  private static func symlinkProblem(
    _ member: ZipMember, reader: MemberReader, limit: UInt64, limits: ZipLimits
  ) -> ZipError? {
    guard member.uncompressedSize <= UInt64(limits.maxSymlinkTargetLength) else {
      return .invalidSymlinkTarget(name: member.name, reason: .tooLong)
    }
    let bytes: [UInt8]
    do { bytes = try reader.contents(of: member, limit: limit) } catch { return error }
    guard let target = String(validating: bytes, as: UTF8.self) else {
      return .invalidSymlinkTarget(name: member.name, reason: .invalidUTF8)
    }
    if target.isEmpty { return .invalidSymlinkTarget(name: member.name, reason: .empty) }
    if bytes.contains(0) { return .invalidSymlinkTarget(name: member.name, reason: .nul) }
    guard MemberPath.symlinkStaysInside(name: member.name, target: target) else {
      return .symlinkEscapesArchive(name: member.name, target: target)
    }
    return nil
  }
}

import BinaryKit
import WheelKit

/// A wheel's zip archive as a ``MountSource``: one entry per member, in archive order, with
/// content served by ``ZipArchive``'s bounded cache of inflated members.
///
/// Members that the reader refused (bad name, CRC or size mismatch, unsupported method,
/// escaping symlink, …) stay listed with their ``MountEntry/problem``, so reading them fails
/// with EIO while the rest of the wheel stays readable.
public final class ZipMountSource: MountSource {
  public let archive: ZipArchive
  public let entries: [MountEntry]
  public let modificationTime: MountTime?

  /// Opens the wheel at `path`. `cacheSize` bounds the bytes of inflated members kept.
  public convenience init(path: String, cacheSize: Int) throws {
    let file = try FileBytes(path: path)
    try self.init(archive: ZipArchive(source: file, cacheCapacity: cacheSize))
  }

  public init(archive: ZipArchive) {
    self.archive = archive
    var entries: [MountEntry] = []
    entries.reserveCapacity(archive.members.count)
    var newest: Int64 = 0
    for member in archive.members {
      newest = max(newest, member.modificationTime)
      entries.append(Self.entry(for: member, in: archive))
    }
    self.entries = entries
    self.modificationTime = archive.members.isEmpty ? nil : MountTime(seconds: newest)
  }

  public func read(entry: Int, offset: UInt64, count: Int) throws -> [UInt8] {
    try archive.read(archive.members[entry], offset: offset, count: count)
  }

  /// Inflated members already in the cache, up to a sixteenth of the cache (at most 64 MiB),
  /// reserved in the cache's budget while they are held: the copy handed to the page cache may
  /// outlive the member's eviction.
  public func residentContent(entry: Int) -> ResidentContent? {
    let member = archive.members[entry]
    let limit = min(UInt64(64 << 20), UInt64(archive.cacheCapacity / 16))
    guard member.uncompressedSize <= limit, let bytes = archive.cachedContents(of: member) else { return nil }
    return ResidentContent(bytes: bytes, hold: archive.reserve(bytes.count))
  }

  private static func entry(for member: ZipMember, in archive: ZipArchive) -> MountEntry {
    var problem: (any Error & Sendable)? = member.problem
    var target: String?
    let kind: MountEntryKind
    switch member.kind {
    case .directory: kind = .directory
    case .file: kind = .file
    case .symlink:
      kind = .symlink
      if problem == nil {
        do { target = try archive.symlinkTarget(of: member) } catch { problem = error }
      }
    }
    return MountEntry(
      path: member.name, kind: kind, size: member.uncompressedSize,
      mode: member.permissions.map { UInt16(truncatingIfNeeded: $0) },
      modificationTime: MountTime(seconds: member.modificationTime), symlinkTarget: target,
      compressedSize: member.compressedSize, crc32: member.crc32, problem: problem)
  }
}

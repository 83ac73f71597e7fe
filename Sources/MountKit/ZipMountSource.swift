import BinaryKit
import Synchronization
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
  /// RECORD's rows by path, read on first use (empty without a readable RECORD).
  private let recordRows = Mutex<[String: RecordEntry]?>(nil)
  /// ``recordMatch(entry:)`` answers, computed once per member.
  private let matches = Mutex<[Int: RecordMatch]>([:])

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

  public func recordHash(entry: Int) -> String? {
    guard let row = rows()[archive.members[entry].name], !row.hash.isEmpty else { return nil }
    return row.hash
  }

  /// Hashes the member (in 1 MiB pieces through the cache) and compares it with its RECORD row.
  public func recordMatch(entry: Int) -> RecordMatch? {
    if let known = matches.withLock({ $0[entry] }) { return known }
    let member = archive.members[entry]
    guard let row = rows()[member.name], !row.hash.isEmpty else { return nil }
    let algorithm = row.hash.split(separator: "=", maxSplits: 1).first.map(String.init) ?? row.hash
    let match: RecordMatch
    if algorithm != "sha256" {
      match = .unverified(algorithm: algorithm)
    } else if let digest = try? archive.digest(of: member) {
      let hash = "sha256=" + Base64URL.encode(digest.sha256)
      match = hash == row.hash && String(digest.size) == row.size ? .matches : .differs(hash: hash, size: UInt64(digest.size))
    } else {
      match = .unreadable
    }
    matches.withLock { $0[entry] = match }
    return match
  }

  private func rows() -> [String: RecordEntry] {
    recordRows.withLock { rows in
      if let rows { return rows }
      var found: [String: RecordEntry] = [:]
      // The RECORD of the wheel's single `.dist-info` directory (none when there are several).
      if let distInfo = try? DistInfo.find(in: archive.members.map(\.name)),
        let bytes = try? archive.data(named: distInfo.recordPath), let parsed = try? RecordFile.parse(bytes)
      {
        for entry in parsed.entries where found[entry.path] == nil { found[entry.path] = entry }
      }
      rows = found
      return found
    }
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

/// One entry of a zip archive's central directory, decoded and checked once at open.
///
/// A member with a ``problem`` stays in the index (so it can be listed and reported) but every
/// attempt to read it throws that problem.
public struct ZipMember: Hashable, Sendable {
  /// What the entry is.
  public enum Kind: Hashable, Sendable {
    case file
    /// A name ending in `/`.
    case directory
    /// A Unix symlink (`S_IFLNK` in the external attributes); its content is the target.
    case symlink
  }

  /// Position in central-directory order.
  public let index: Int
  /// The name, decoded as UTF-8 (invalid bytes shown as U+FFFD; such members have a problem).
  public let name: String
  public let kind: Kind
  public let method: CompressionMethod
  /// General-purpose bit flags (bit 0 encrypted, bit 3 data descriptor, bit 11 UTF-8 name).
  public let flags: UInt16
  /// The CRC-32 the central directory declares for the uncompressed data.
  public let crc32: UInt32
  public let compressedSize: UInt64
  public let uncompressedSize: UInt64
  /// Absolute offset of the local file header in the file (prefix data included).
  public let localHeaderOffset: UInt64
  /// "Version made by": high byte is the host system (3 = Unix), low byte the spec version.
  public let versionMadeBy: UInt16
  public let externalAttributes: UInt32
  public let dosTimestamp: DOSTimestamp
  /// Modification time from an extended-timestamp (0x5455), Info-ZIP Unix (0x5855) or PKWARE
  /// Unix (0x000d) extra field, in seconds since 1970 UTC.
  public let extraModificationTime: Int64?
  /// Why this member cannot be read, or nil when it can.
  public let problem: ZipError?
  /// Byte length of the name as stored (needed to check the local header cheaply).
  let rawNameLength: Int

  init(
    index: Int, name: String, rawNameLength: Int, kind: Kind, method: CompressionMethod,
    flags: UInt16, crc32: UInt32, compressedSize: UInt64, uncompressedSize: UInt64,
    localHeaderOffset: UInt64, versionMadeBy: UInt16, externalAttributes: UInt32,
    dosTimestamp: DOSTimestamp, extraModificationTime: Int64?, problem: ZipError?
  ) {
    self.index = index
    self.name = name
    self.rawNameLength = rawNameLength
    self.kind = kind
    self.method = method
    self.flags = flags
    self.crc32 = crc32
    self.compressedSize = compressedSize
    self.uncompressedSize = uncompressedSize
    self.localHeaderOffset = localHeaderOffset
    self.versionMadeBy = versionMadeBy
    self.externalAttributes = externalAttributes
    self.dosTimestamp = dosTimestamp
    self.extraModificationTime = extraModificationTime
    self.problem = problem
  }

  /// The same member with `problem` recorded (the first problem found wins).
  func with(problem newProblem: ZipError) -> ZipMember {
    guard problem == nil else { return self }
    return ZipMember(
      index: index, name: name, rawNameLength: rawNameLength, kind: kind, method: method,
      flags: flags, crc32: crc32, compressedSize: compressedSize,
      uncompressedSize: uncompressedSize, localHeaderOffset: localHeaderOffset,
      versionMadeBy: versionMadeBy, externalAttributes: externalAttributes,
      dosTimestamp: dosTimestamp, extraModificationTime: extraModificationTime, problem: newProblem)
  }

  /// The host system that wrote the entry (3 = Unix, 19 = macOS, 0 = MS-DOS).
  public var hostSystem: UInt8 { UInt8(versionMadeBy >> 8) }

  /// The Unix `st_mode` (type and permission bits) when the entry was written on a Unix host and
  /// records one; nil otherwise.
  public var unixMode: UInt32? {
    let mode = externalAttributes >> 16
    guard hostSystem == 3 || hostSystem == 19, mode != 0 else { return nil }
    return mode
  }

  /// The permission bits (`0o7777` part of ``unixMode``), if recorded.
  public var permissions: UInt32? { unixMode.map { $0 & 0o7777 } }

  /// Whether the data is followed by a data descriptor (flag bit 3).
  public var hasDataDescriptor: Bool { flags & 0x0008 != 0 }

  /// Whether the entry claims to be encrypted (flag bit 0, or bit 6 for strong encryption).
  public var isEncrypted: Bool { flags & 0x0041 != 0 }

  /// Modification time in seconds since 1970: the extra field's when present, else the DOS
  /// timestamp read as UTC.
  public var modificationTime: Int64 { extraModificationTime ?? dosTimestamp.unixTime }

  /// Whether the member can be read (it has no recorded problem).
  public var isReadable: Bool { problem == nil }
}

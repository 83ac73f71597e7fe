import BinaryKit

/// Everything that can go wrong reading or writing a zip archive, with where it happened.
///
/// Archive-level cases (the first group) make the whole archive unreadable: the central directory
/// cannot be trusted. Member-level cases are recorded on the member (``ZipMember/problem``) or
/// thrown when that one member is read; the rest of the archive stays readable. Messages are
/// rendered in `ZipError+Description.swift`.
public indirect enum ZipError: Error, Hashable, Sendable {
  // MARK: Archive level

  /// The file could not be opened, read or written (`errno` is the C error number).
  case file(path: String, operation: FileError.Operation, errno: Int32)
  /// No end-of-central-directory record in the last 65,557 bytes: not a zip archive.
  case endOfCentralDirectoryNotFound(fileSize: UInt64)
  /// A structure runs past the end of the file (or of the central directory).
  case truncated(ZipStructure, offset: UInt64, needed: UInt64, available: UInt64)
  /// A structure does not start with its signature; `found` is the little-endian word read.
  case badSignature(ZipStructure, offset: UInt64, found: UInt32)
  /// The archive spans several disks (split or spanned archives are not supported).
  case multiDiskArchive(disk: UInt32, centralDirectoryDisk: UInt32)
  /// The central directory's declared range is not inside the file before its end record.
  case centralDirectoryOutOfBounds(offset: UInt64, size: UInt64, limit: UInt64)
  /// The declared entry count cannot fit: every entry takes at least 46 bytes.
  case impossibleEntryCount(count: UInt64, centralDirectorySize: UInt64)
  /// The central directory holds a different number of entries than its end record declares.
  case entryCountMismatch(declared: UInt64, found: UInt64)

  // MARK: Member level, found while indexing

  /// The member's name is not a safe relative path (see ``NameProblem``).
  case invalidName(index: Int, name: String, reason: NameProblem)
  /// Several members share this name; none of them is served.
  case duplicateName(String, count: Int)
  /// The member uses a compression method other than stored or deflate.
  case unsupportedMethod(name: String, method: CompressionMethod)
  /// The member is encrypted (general-purpose flag bit 0 or 6).
  case encrypted(name: String, flags: UInt16)
  /// The member starts on another disk.
  case memberOnOtherDisk(name: String, disk: UInt32)
  /// An extra field's length runs past the end of the extra data.
  case malformedExtraField(name: String, id: UInt16, offset: UInt64)
  /// A 32-bit field is 0xFFFFFFFF but the ZIP64 extra field does not carry its 64-bit value.
  case missingZip64Field(name: String, field: Zip64Field)
  /// The member's local header and data (`[offset, end)`) do not fit before `limit` (the
  /// start of the central directory).
  case memberOutOfBounds(name: String, offset: UInt64, end: UInt64, limit: UInt64)
  /// The member's bytes overlap those of `other`.
  case overlappingMembers(name: String, other: String)
  /// A stored member whose compressed and uncompressed sizes differ.
  case storedSizeMismatch(name: String, compressed: UInt64, uncompressed: UInt64)
  /// The declared uncompressed size exceeds `limit` times the compressed size.
  case compressionRatioTooHigh(name: String, compressed: UInt64, uncompressed: UInt64, limit: UInt64)
  /// Counting this member, the archive's declared uncompressed total exceeds `limit`.
  case totalSizeLimitExceeded(name: String, total: UInt64, limit: UInt64)
  /// A symlink whose target leaves the archive root (absolute, or too many `..`).
  case symlinkEscapesArchive(name: String, target: String)
  /// A symlink whose target is not a usable path (invalid UTF-8, NUL, empty or too long).
  case invalidSymlinkTarget(name: String, reason: NameProblem)

  // MARK: Member level, found while reading

  /// The local header disagrees with the central directory.
  case localHeaderMismatch(name: String, field: LocalHeaderField, offset: UInt64)
  /// The deflate stream is corrupt (`zlibCode` is zlib's return code, e.g. -3 `Z_DATA_ERROR`).
  case corruptData(name: String, offset: UInt64, zlibCode: Int32)
  /// The compressed bytes end before the deflate stream does.
  case truncatedData(name: String, declaredSize: UInt64, produced: UInt64)
  /// The data inflates to a size other than the declared one (`actual` is nil when it is larger).
  case sizeMismatch(name: String, declared: UInt64, actual: UInt64?)
  /// The data's CRC-32 differs from the declared one.
  case crcMismatch(name: String, declared: UInt32, actual: UInt32)
  /// No member has this name.
  case memberNotFound(String)
  /// The ``ZipMember`` value does not belong to this archive.
  case foreignMember(name: String, index: Int)

  // MARK: Writing

  /// A name given to the writer is not a safe relative path.
  case invalidMemberName(String, reason: NameProblem)
  /// The writer was given the same name twice.
  case duplicateMemberName(String)
  /// A compression level outside -1...9.
  case invalidCompressionLevel(Int)
  /// zlib could not initialise a stream (out of memory).
  case compressorUnavailable(name: String)
  /// `SOURCE_DATE_EPOCH` is not an integer.
  case invalidSourceDateEpoch(String)
  /// The writer was used after `finish()` or `cancel()`.
  case writerClosed
}

/// A field of the ZIP64 extended-information extra field (header ID 0x0001), in its fixed order.
public enum Zip64Field: String, Hashable, Sendable {
  case uncompressedSize = "uncompressed size"
  case compressedSize = "compressed size"
  case localHeaderOffset = "local header offset"
  case diskNumber = "disk number"
  case centralDirectoryCount = "entry count"
  case centralDirectorySize = "central directory size"
  case centralDirectoryOffset = "central directory offset"
}

/// A field of a local file header that must agree with the central directory.
public enum LocalHeaderField: String, Hashable, Sendable {
  case name
  case method = "compression method"
  case encryption = "encryption flag"
}

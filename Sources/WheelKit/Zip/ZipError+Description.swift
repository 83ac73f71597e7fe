import BinaryKit

extension ZipError: CustomStringConvertible {
  /// One line naming what is wrong and where (member name and/or hex offset).
  public var description: String {
    switch self {
    case .file(let path, let operation, let errno):
      return FileError(path: path, operation: operation, errno: errno).description
    case .endOfCentralDirectoryNotFound(let size):
      return "not a zip archive: no end-of-central-directory record in the last 65,557 bytes (file is \(size) bytes)"
    case .truncated(let structure, let offset, let needed, let available):
      return "truncated \(structure): needs \(needed) byte(s) at \(hex(offset)), but only \(available) byte(s) exist"
    case .badSignature(let structure, let offset, let found):
      return "bad signature for \(structure) at \(hex(offset)): found \(hex(UInt64(found)))"
    case .multiDiskArchive(let disk, let cdDisk):
      return "multi-disk (split or spanned) archives are not supported: disk \(disk), central directory on disk \(cdDisk)"
    case .centralDirectoryOutOfBounds(let offset, let size, let limit):
      return "central directory (\(size) bytes at \(hex(offset))) does not fit before \(hex(limit))"
    case .impossibleEntryCount(let count, let size):
      return "central directory declares \(count) entries, more than its \(size) bytes can hold (46 bytes each at least)"
    case .entryCountMismatch(let declared, let found):
      return "central directory holds \(found) entries but the end record declares \(declared)"
    case .invalidName(let index, let name, let reason):
      return "member #\(index) '\(name)': name \(reason.rawValue)"
    case .duplicateName(let name, let count):
      return "'\(name)': \(count) members have this name; none is served"
    case .unsupportedMethod(let name, let method):
      return "'\(name)': compression method \(method) is not supported (only stored and deflate)"
    case .encrypted(let name, let flags):
      return "'\(name)': encrypted members are not supported (flags \(hex(UInt64(flags))))"
    case .memberOnOtherDisk(let name, let disk):
      return "'\(name)': starts on disk \(disk); multi-disk archives are not supported"
    case .malformedExtraField(let name, let id, let offset):
      return "'\(name)': extra field \(hex(UInt64(id))) at \(hex(offset)) runs past the end of the extra data"
    case .missingZip64Field(let name, let field):
      return "'\(name)': the ZIP64 extra field lacks the 64-bit \(field.rawValue)"
    case .memberOutOfBounds(let name, let offset, let end, let limit):
      return "'\(name)': header at \(hex(offset)) and data ending at \(hex(end)) run past \(hex(limit))"
    case .overlappingMembers(let name, let other):
      return "'\(name)': its bytes overlap those of '\(other)'"
    case .storedSizeMismatch(let name, let compressed, let uncompressed):
      return "'\(name)': stored member with compressed size \(compressed) but uncompressed size \(uncompressed)"
    case .compressionRatioTooHigh(let name, let compressed, let uncompressed, let limit):
      return "'\(name)': declares \(uncompressed) bytes from \(compressed) compressed, over the \(limit):1 ratio limit"
    case .totalSizeLimitExceeded(let name, let total, let limit):
      return "'\(name)': brings the archive's uncompressed total to \(total) bytes, over the limit of \(limit)"
    case .symlinkEscapesArchive(let name, let target):
      return "'\(name)': symlink target '\(target)' points outside the archive"
    case .invalidSymlinkTarget(let name, let reason):
      return "'\(name)': symlink target \(reason.rawValue)"
    case .localHeaderMismatch(let name, let field, let offset):
      return "'\(name)': local header \(field.rawValue) at \(hex(offset)) differs from the central directory"
    case .corruptData(let name, let offset, let code):
      return "'\(name)': corrupt deflate data near \(hex(offset)) (zlib error \(code))"
    case .truncatedData(let name, let declared, let produced):
      return "'\(name)': compressed data ends after \(produced) of \(declared) bytes"
    case .sizeMismatch(let name, let declared, let actual):
      let found = actual.map { "\($0) bytes" } ?? "more bytes"
      return "'\(name)': declared size is \(declared) bytes but the data holds \(found)"
    case .crcMismatch(let name, let declared, let actual):
      return "'\(name)': CRC-32 is \(hex(UInt64(actual))), declared \(hex(UInt64(declared)))"
    case .memberNotFound(let name):
      return "no member named '\(name)'"
    case .foreignMember(let name, let index):
      return "member #\(index) '\(name)' does not belong to this archive"
    case .invalidMemberName(let name, let reason):
      return "cannot write member '\(name)': name \(reason.rawValue)"
    case .duplicateMemberName(let name):
      return "cannot write member '\(name)' twice"
    case .invalidCompressionLevel(let level):
      return "compression level \(level) is not in -1...9"
    case .compressorUnavailable(let name):
      return "'\(name)': zlib could not start a compressor"
    case .invalidSourceDateEpoch(let value):
      return "SOURCE_DATE_EPOCH '\(value)' is not an integer"
    case .writerClosed:
      return "the zip writer is already finished or cancelled"
    }
  }
}

private func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

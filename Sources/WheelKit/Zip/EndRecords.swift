import BinaryKit

/// Where the central directory is, as the end records describe it.
struct CentralDirectoryLocation: Hashable, Sendable {
  /// Absolute offset of the first central directory header.
  var offset: UInt64
  var size: UInt64
  var entryCount: UInt64
  var isZip64: Bool
  /// Bytes in front of the archive (a self-extractor stub); added to every stored offset.
  var prefixLength: UInt64
  /// The archive comment.
  var comment: [UInt8]
}

/// Finds and decodes the end-of-central-directory record and its ZIP64 companions.
enum EndRecords {
  static let eocdSignature: UInt32 = 0x0605_4b50
  static let locatorSignature: UInt32 = 0x0706_4b50
  static let zip64RecordSignature: UInt32 = 0x0606_4b50
  static let eocdSize = 22
  static let locatorSize = 20
  static let zip64RecordSize = 56

  static func locate(in source: any ByteSource) throws(ZipError) -> CentralDirectoryLocation {
    let fileSize = source.size
    guard fileSize >= UInt64(eocdSize) else { throw .endOfCentralDirectoryNotFound(fileSize: fileSize) }
    let tailLength = Int(min(fileSize, UInt64(eocdSize + 0xFFFF)))
    let tailStart = fileSize - UInt64(tailLength)
    let tail = try read(source, at: tailStart, count: tailLength, .endOfCentralDirectory)
    guard let eocdIndex = findRecord(in: tail) else {
      throw .endOfCentralDirectoryNotFound(fileSize: fileSize)
    }
    let eocdPosition = tailStart + UInt64(eocdIndex)
    let r = ByteReader(tail, order: .little, baseOffset: tailStart)
    let (disk, cdDisk, entriesOnDisk, entries, cdSize32, cdOffset32, commentLength):
      (UInt16, UInt16, UInt16, UInt16, UInt32, UInt32, UInt16)
    do {
      disk = try r.u16(at: eocdIndex + 4)
      cdDisk = try r.u16(at: eocdIndex + 6)
      entriesOnDisk = try r.u16(at: eocdIndex + 8)
      entries = try r.u16(at: eocdIndex + 10)
      cdSize32 = try r.u32(at: eocdIndex + 12)
      cdOffset32 = try r.u32(at: eocdIndex + 16)
      commentLength = try r.u16(at: eocdIndex + 20)
    } catch {
      throw truncated(.endOfCentralDirectory, error)
    }
    let comment = Array(tail[(eocdIndex + eocdSize)..<(eocdIndex + eocdSize + Int(commentLength))])

    var location = CentralDirectoryLocation(
      offset: UInt64(cdOffset32), size: UInt64(cdSize32), entryCount: UInt64(entries),
      isZip64: false, prefixLength: 0, comment: comment)
    // Where the central directory must end: at the ZIP64 record if there is one, else here.
    var directoryEnd = eocdPosition

    if eocdPosition >= UInt64(locatorSize),
      let sig = try? r.u32(at: eocdIndex - locatorSize), sig == locatorSignature
    {
      let record = try zip64Record(
        source, locatorPosition: eocdPosition - UInt64(locatorSize), reader: r,
        locatorIndex: eocdIndex - locatorSize)
      location.offset = record.cdOffset
      location.size = record.cdSize
      location.entryCount = record.entries
      location.isZip64 = true
      directoryEnd = record.position
    } else {
      guard disk == 0, cdDisk == 0, entriesOnDisk == entries else {
        throw .multiDiskArchive(disk: UInt32(disk), centralDirectoryDisk: UInt32(cdDisk))
      }
    }

    // The central directory ends where the end records begin. A difference between that and
    // the declared offset is data prepended to the archive (Python's zipfile accepts it too).
    guard location.size <= directoryEnd, location.offset <= directoryEnd - location.size else {
      throw .centralDirectoryOutOfBounds(
        offset: location.offset, size: location.size, limit: directoryEnd)
    }
    let actualStart = directoryEnd - location.size
    location.prefixLength = actualStart - location.offset
    location.offset = actualStart
    guard let minimum = Checked.multiply(location.entryCount, 46), minimum <= location.size else {
      throw .impossibleEntryCount(count: location.entryCount, centralDirectorySize: location.size)
    }
    return location
  }

  /// The index of the end record in `tail`: the last signature whose comment ends exactly at the
  /// end of the file, else the last one whose comment fits.
  private static func findRecord(in tail: [UInt8]) -> Int? {
    let r = ByteReader(tail, order: .little)
    var fallback: Int? = nil
    var i = tail.count - eocdSize
    while i >= 0 {
      if tail[i] == 0x50, tail[i + 1] == 0x4b, tail[i + 2] == 5, tail[i + 3] == 6,
        let commentLength = try? r.u16(at: i + 20)
      {
        let end = i + eocdSize + Int(commentLength)
        if end == tail.count { return i }
        if end < tail.count, fallback == nil { fallback = i }
      }
      i -= 1
    }
    return fallback
  }

  private struct Zip64Record {
    var position: UInt64
    var entries: UInt64
    var cdSize: UInt64
    var cdOffset: UInt64
  }

  private static func zip64Record(
    _ source: any ByteSource, locatorPosition: UInt64, reader r: ByteReader, locatorIndex: Int
  ) throws(ZipError) -> Zip64Record {
    let (recordDisk, recordOffset, totalDisks): (UInt32, UInt64, UInt32)
    do {
      recordDisk = try r.u32(at: locatorIndex + 4)
      recordOffset = try r.u64(at: locatorIndex + 8)
      totalDisks = try r.u32(at: locatorIndex + 16)
    } catch {
      throw truncated(.zip64Locator, error)
    }
    guard recordDisk == 0, totalDisks <= 1 else {
      throw .multiDiskArchive(disk: totalDisks, centralDirectoryDisk: recordDisk)
    }
    // The locator's offset does not count prepended data; the record normally sits right
    // before the locator, so try there when the stated offset does not hold one.
    var candidates = [recordOffset]
    if locatorPosition >= UInt64(zip64RecordSize) {
      let adjacent = locatorPosition - UInt64(zip64RecordSize)
      if adjacent != recordOffset { candidates.append(adjacent) }
    }
    var found: (position: UInt64, reader: ByteReader)? = nil
    var firstFailure: ZipError? = nil
    for position in candidates where found == nil {
      do {
        let record = try source.reader(at: position, count: zip64RecordSize, order: .little)
        let signature = try record.u32(at: 0)
        if signature == zip64RecordSignature {
          found = (position, record)
        } else if firstFailure == nil {
          firstFailure = .badSignature(.zip64EndOfCentralDirectory, offset: position, found: signature)
        }
      } catch {
        if firstFailure == nil { firstFailure = truncated(.zip64EndOfCentralDirectory, error) }
      }
    }
    guard let (position, record) = found else {
      throw firstFailure ?? .badSignature(.zip64EndOfCentralDirectory, offset: recordOffset, found: 0)
    }
    let (disk, cdDisk, entriesOnDisk, entries, cdSize, cdOffset):
      (UInt32, UInt32, UInt64, UInt64, UInt64, UInt64)
    do {
      disk = try record.u32(at: 16)
      cdDisk = try record.u32(at: 20)
      entriesOnDisk = try record.u64(at: 24)
      entries = try record.u64(at: 32)
      cdSize = try record.u64(at: 40)
      cdOffset = try record.u64(at: 48)
    } catch {
      throw truncated(.zip64EndOfCentralDirectory, error)
    }
    guard disk == 0, cdDisk == 0, entriesOnDisk == entries else {
      throw .multiDiskArchive(disk: disk, centralDirectoryDisk: cdDisk)
    }
    return Zip64Record(position: position, entries: entries, cdSize: cdSize, cdOffset: cdOffset)
  }

  static func read(
    _ source: any ByteSource, at offset: UInt64, count: Int, _ structure: ZipStructure
  ) throws(ZipError) -> [UInt8] {
    do { return try source.read(at: offset, count: count) } catch { throw truncated(structure, error) }
  }

  static func truncated(_ structure: ZipStructure, _ error: ByteReadError) -> ZipError {
    .truncated(structure, offset: error.offset, needed: error.count, available: error.available)
  }
}

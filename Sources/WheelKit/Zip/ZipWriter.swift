import BinaryKit

/// Writes a new zip archive: members copied raw from an existing archive (their compressed
/// bytes, CRC-32 and sizes carried over, nothing inflated) and new members compressed by
/// ``PreparedMember``.
///
/// Output is deterministic: the same calls produce the same bytes. Nothing depends on the
/// clock, the thread count or the machine; headers follow Python zipfile's layout (version
/// made by Unix, 2.0 or 4.5 with ZIP64, no extra fields but ZIP64, UTF-8 flag only for
/// non-ASCII names), and ZIP64 records appear exactly when zipfile would write them.
///
/// The archive is written to a temporary file beside `path` and renamed into place by
/// ``finish()``; if the writer is cancelled, fails or is dropped unfinished, the temporary file
/// is removed and `path` is untouched.
public final class ZipWriter {
  public let path: String
  private var output: AtomicOutputFile?
  private var entries: [ZipRecords.Entry] = []
  private var names: Set<String> = []
  private var offset: UInt64 = 0
  private var pending = ByteWriter(order: .little)
  private static let flushThreshold = 4 << 20
  private static let copyChunk = 8 << 20

  /// Starts writing the archive that will appear at `path` once finished.
  public init(path: String) throws(ZipError) {
    self.path = path
    self.output = try AtomicOutputFile(destination: path)
  }

  deinit { output?.cancel() }

  /// Appends a prepared member.
  public func add(_ member: PreparedMember) throws(ZipError) {
    let (name, flags) = ZipRecords.encode(name: member.name)
    let entry = ZipRecords.Entry(
      name: name, flags: flags, method: member.method, timestamp: member.timestamp,
      crc32: member.crc32, compressedSize: UInt64(member.compressedData.count),
      uncompressedSize: member.uncompressedSize, externalAttributes: member.externalAttributes,
      localHeaderOffset: offset,
      localZip64: ZipRecords.needsZip64LocalHeader(
        uncompressed: member.uncompressedSize, compressed: UInt64(member.compressedData.count)))
    try begin(entry, name: member.name)
    try emit(member.compressedData)
  }

  /// Appends a regular file, compressing it now (see ``PreparedMember/prepare(_:threads:)`` to
  /// compress many files in parallel first).
  public func addFile(
    name: String, contents: [UInt8], compression: ZipCompression = .default,
    permissions: UInt32 = 0o644, timestamp: DOSTimestamp
  ) throws(ZipError) {
    try add(
      PreparedMember.file(
        name: name, contents: contents, compression: compression, permissions: permissions,
        timestamp: timestamp))
  }

  /// Appends a directory entry.
  public func addDirectory(name: String, permissions: UInt32 = 0o755, timestamp: DOSTimestamp) throws(ZipError) {
    try add(PreparedMember.directory(name: name, permissions: permissions, timestamp: timestamp))
  }

  /// Copies `member` from `archive` without inflating it: its compressed bytes, method, CRC-32,
  /// sizes and external attributes are carried over. The name and timestamp may be replaced.
  ///
  /// - Throws: the member's problem or local-header error; `invalidMemberName` for a new name.
  public func addCopy(
    of member: ZipMember, from archive: ZipArchive, name newName: String? = nil,
    timestamp: DOSTimestamp? = nil
  ) throws(ZipError) {
    let own = try archive.resolve(member)
    let dataOffset = try archive.compressedDataOffset(of: own)
    let memberName = newName ?? own.name
    if let reason = MemberPath.problem(with: memberName) {
      throw .invalidMemberName(memberName, reason: reason)
    }
    let (name, flags) = ZipRecords.encode(name: memberName)
    let entry = ZipRecords.Entry(
      name: name, flags: flags, method: own.method, timestamp: timestamp ?? own.dosTimestamp,
      crc32: own.crc32, compressedSize: own.compressedSize, uncompressedSize: own.uncompressedSize,
      externalAttributes: own.externalAttributes, localHeaderOffset: offset,
      localZip64: ZipRecords.needsZip64LocalHeader(
        uncompressed: own.uncompressedSize, compressed: own.compressedSize))
    try begin(entry, name: memberName)
    var position = dataOffset
    var remaining = own.compressedSize
    while remaining > 0 {
      let n = Int(min(remaining, UInt64(Self.copyChunk)))
      let chunk: [UInt8]
      do { chunk = try archive.source.read(at: position, count: n) } catch {
        throw EndRecords.truncated(.memberData(member: own.name), error)
      }
      try emit(chunk)
      position += UInt64(n)
      remaining -= UInt64(n)
    }
  }

  /// Writes the central directory and end records, flushes to disk and renames the archive
  /// into place.
  public func finish() throws(ZipError) {
    guard output != nil else { throw .writerClosed }
    let directoryOffset = offset
    var w = ByteWriter(order: .little, capacity: entries.count * 64)
    for entry in entries { ZipRecords.appendCentralHeader(entry, to: &w) }
    let directorySize = UInt64(w.count)
    ZipRecords.appendEndRecords(
      count: UInt64(entries.count), offset: directoryOffset, size: directorySize, to: &w)
    do {
      try emit(w.bytes)
      try flush()
      try output?.commit()
    } catch {
      cancel()
      throw error
    }
    output = nil
  }

  /// Abandons the archive: the temporary file is removed and `path` is left as it was.
  public func cancel() {
    output?.cancel()
    output = nil
  }

  private func begin(_ entry: ZipRecords.Entry, name: String) throws(ZipError) {
    guard output != nil else { throw .writerClosed }
    guard names.insert(name).inserted else { throw .duplicateMemberName(name) }
    entries.append(entry)
    try emit(ZipRecords.localHeader(entry))
  }

  private func emit(_ bytes: [UInt8]) throws(ZipError) {
    offset += UInt64(bytes.count)
    if bytes.count >= Self.flushThreshold {
      try flush()
      try write(bytes)
      return
    }
    pending.append(contentsOf: bytes)
    if pending.count >= Self.flushThreshold { try flush() }
  }

  private func flush() throws(ZipError) {
    guard pending.count > 0 else { return }
    let bytes = pending.bytes
    pending = ByteWriter(order: .little)
    try write(bytes)
  }

  private func write(_ bytes: [UInt8]) throws(ZipError) {
    guard let output else { throw .writerClosed }
    do { try output.write(bytes) } catch {
      cancel()
      throw error
    }
  }
}

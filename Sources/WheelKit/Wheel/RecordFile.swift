import Crypto

/// One RECORD row: `path,hash,size`.
public struct RecordEntry: Sendable, Hashable {
  /// The member path, `/`-separated.
  public var path: String
  /// `<algorithm>=<urlsafe-b64 digest>`, or empty (RECORD itself).
  public var hash: String
  /// The size in bytes as text, or empty.
  public var size: String

  public init(path: String, hash: String, size: String) {
    self.path = path
    self.hash = hash
    self.size = size
  }

  /// The row auditwheel writes for a file: `sha256=<digest>` and the byte count.
  public init(path: String, contents: [UInt8]) {
    self.init(path: path, sha256: Array(SHA256.hash(data: contents)), size: contents.count)
  }

  /// The row for a file whose SHA-256 digest and size are known.
  public init(path: String, sha256 digest: [UInt8], size: Int) {
    self.init(path: path, hash: "sha256=" + Base64URL.encode(digest), size: String(size))
  }
}

/// A `.dist-info/RECORD` file: CSV rows as Python's `csv` module reads and writes them.
public struct RecordFile: Sendable, Hashable {
  /// Well-formed rows (three fields), in file order, with their 1-based starting line.
  public var entries: [RecordEntry]
  /// The starting line of each entry, parallel to ``entries``.
  public var lines: [Int]
  /// Rows that do not have three fields (blank lines excepted): line and field count.
  public var malformedRows: [MalformedRow]

  /// A row of the wrong shape.
  public struct MalformedRow: Sendable, Hashable {
    public var line: Int
    public var fields: [String]
  }

  public init(entries: [RecordEntry]) {
    self.entries = entries
    self.lines = entries.indices.map { $0 + 1 }
    self.malformedRows = []
  }

  /// Parses RECORD bytes (UTF-8, as `read_text()` on a UTF-8 system).
  ///
  /// - Throws: ``WheelError/recordNotUTF8(offset:)``, ``WheelError/recordFieldTooLong(line:limit:)``.
  public static func parse(_ bytes: [UInt8]) throws(WheelError) -> RecordFile {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw .recordNotUTF8(offset: firstInvalidUTF8(bytes))
    }
    var record = RecordFile(entries: [])
    for row in try CSVReader.parse(text) where !row.fields.isEmpty {
      if row.fields.count == 3 {
        record.entries.append(RecordEntry(path: row.fields[0], hash: row.fields[1], size: row.fields[2]))
        record.lines.append(row.line)
      } else {
        record.malformedRows.append(MalformedRow(line: row.line, fields: row.fields))
      }
    }
    return record
  }

  /// The bytes Python's `csv.writer` writes for ``entries``: UTF-8, `\r\n` line ends, fields
  /// quoted only when needed.
  public func serialized() -> [UInt8] {
    Array(entries.map { CSVWriter.row([$0.path, $0.hash, $0.size]) }.joined().utf8)
  }

  /// The RECORD auditwheel's `rewrite_record` writes: one row per file in `files` order, the
  /// RECORD file itself with empty hash and size.
  ///
  /// - Parameters:
  ///   - files: every file of the wheel with its digest and size, in the desired order (see
  ///     ``walkOrder(_:)`` for auditwheel's order).
  ///   - recordPath: `<name>-<version>.dist-info/RECORD`.
  public static func generate(
    files: [(path: String, sha256: [UInt8], size: Int)], recordPath: String
  ) -> RecordFile {
    RecordFile(
      entries: files.map { file in
        file.path == recordPath
          ? RecordEntry(path: file.path, hash: "", size: "")
          : RecordEntry(path: file.path, sha256: file.sha256, size: file.size)
      })
  }

  /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
    var index = 0
    while index < bytes.count {
      let lead = bytes[index]
      let length: Int
      var low: UInt8 = 0x80, high: UInt8 = 0xBF
      switch lead {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; low = 0xA0
      case 0xED: length = 3; high = 0x9F
      case 0xE1...0xEF: length = 3
      case 0xF0: length = 4; low = 0x90
      case 0xF4: length = 4; high = 0x8F
      case 0xF1...0xF3: length = 4
      default: return index
      }
      for offset in 1..<max(length, 1) {
        guard index + offset < bytes.count else { return index }
        let byte = bytes[index + offset]
        let (min, max): (UInt8, UInt8) = offset == 1 ? (low, high) : (0x80, 0xBF)
        guard byte >= min && byte <= max else { return index }
      }
      index += length
    }
    return index
  }
}

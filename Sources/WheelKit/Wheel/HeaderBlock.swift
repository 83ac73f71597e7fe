/// An RFC 822-style header block (`WHEEL`, `METADATA`), parsed and re-emitted the way Python's
/// `email` package does it for auditwheel: `email.parser.Parser` with the `compat32` policy to
/// read, `BytesGenerator(maxheaderlen=0)` to write (auditwheel's vendored `wheel.pkginfo`).
///
/// Text is handled as bytes mapped one-to-one onto `U+0000`–`U+00FF` (Latin-1), mirroring
/// Python's `ascii`/`surrogateescape` reading: every byte round-trips unchanged, and ASCII
/// values (all of `WHEEL`) read naturally. See ``HeaderBlock/utf8Value(_:)`` for UTF-8 fields.
public struct HeaderBlock: Sendable, Hashable {
  /// One `Name: value` header; `value` keeps continuation lines (`"a\n b"`).
  public struct Header: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  /// Headers in file order (the unix-from line and malformed lines are dropped, as Python does).
  public var headers: [Header]
  /// Everything after the header block, with `\n` line ends.
  public var body: String

  public init(headers: [Header] = [], body: String = "") {
    self.headers = headers
    self.body = body
  }

  /// Values of headers named `name`, compared case-insensitively like `Message.get_all`.
  public func values(_ name: String) -> [String] {
    let key = name.lowercased()
    return headers.filter { $0.name.lowercased() == key }.map(\.value)
  }

  /// The first value of `name` (case-insensitive), like `Message.get`.
  public func value(_ name: String) -> String? { values(name).first }

  /// The first value of `name` re-decoded as UTF-8 (for `METADATA`), or `nil` when absent or
  /// not valid UTF-8.
  public func utf8Value(_ name: String) -> String? {
    guard let value = value(name) else { return nil }
    let bytes = value.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    return String(validating: bytes, as: UTF8.self)
  }

  /// Removes every header named `name` (case-insensitive), like `del message[name]`.
  public mutating func removeAll(_ name: String) {
    let key = name.lowercased()
    headers.removeAll { $0.name.lowercased() == key }
  }

  /// Appends a header at the end, like `message.add_header(name, value)`.
  public mutating func append(_ name: String, _ value: String) {
    headers.append(Header(name: name, value: value))
  }
}

extension HeaderBlock {
  /// Parses bytes as Python's `Parser().parse(open(path, encoding="ascii",
  /// errors="surrogateescape"))` does (universal newlines, `compat32`). Never fails: malformed
  /// lines are dropped or start the body, as in Python.
  public static func parse(_ bytes: [UInt8]) -> HeaderBlock {
    let lines = splitLines(translateNewlines(bytes))
    var headerLines: [[UInt8]] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      if !isHeaderLine(line) {
        if line.first != 0x0A { break }  // not the blank separator: this line starts the body
        index += 1
        break
      }
      headerLines.append(line)
      index += 1
    }
    var headers: [Header] = []
    var pushedBack: [UInt8] = []
    var current: [[UInt8]] = []
    func flush() {
      if let first = current.first, let colon = first.firstIndex(of: 0x3A) {
        let rest = first[(colon + 1)...]
        var value = Array(rest.drop { $0 == 0x20 || $0 == 0x09 })
        for line in current.dropFirst() { value += line }
        while let byte = value.last, byte == 0x0A || byte == 0x0D { value.removeLast() }
        headers.append(Header(name: latin1(first[..<colon]), value: latin1(value[...])))
      }
      current = []
    }
    for (number, line) in headerLines.enumerated() {
      if line.first == 0x20 || line.first == 0x09 {
        if !current.isEmpty { current.append(line) }
        continue
      }
      flush()
      if line.starts(with: Array("From ".utf8)) {
        // The unix-from line (first) and misplaced ones are dropped; as the last header line it
        // is taken for the body's first line, after the already consumed separator.
        if number == headerLines.count - 1 && number > 0 { pushedBack = line }
        continue
      }
      if line.first == 0x3A { continue }  // "Missing header name."
      current = [line]
    }
    flush()
    let body = pushedBack + lines[index...].flatMap { $0 }
    return HeaderBlock(headers: headers, body: latin1(body[...]))
  }

  /// Lines of `bytes`, each with its terminator, split at `\n` as the feed parser's
  /// `StringIO(newline="")` does (`\r` was already translated).
  static func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var line: [UInt8] = []
    for byte in bytes {
      line.append(byte)
      if isLineBreak(byte) {
        lines.append(line)
        line = []
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

  static func isLineBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }

  /// Universal newlines: `\r\n` and lone `\r` become `\n`.
  static func translateNewlines(_ bytes: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x0D {
        result.append(0x0A)
        if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
      } else {
        result.append(byte)
      }
      index += 1
    }
    return result
  }

  /// `^(From |[\041-\071\073-\176]*:|[\t ])`.
  private static func isHeaderLine(_ line: [UInt8]) -> Bool {
    if line.starts(with: Array("From ".utf8)) { return true }
    if line.first == 0x20 || line.first == 0x09 { return true }
    for byte in line {
      if byte == 0x3A { return true }
      if byte < 0x21 || byte > 0x7E { return false }
    }
    return false
  }

  static func latin1(_ bytes: ArraySlice<UInt8>) -> String {
    var text = ""
    text.unicodeScalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
    return text
  }
}

extension HeaderBlock {
  /// The bytes Python's `BytesGenerator(out, mangle_from_=False, maxheaderlen=0)` writes for
  /// this block: each header as `Name: value\n` (ASCII values folded by `email.header.Header`'s
  /// rules, others written raw), a blank line, then the body with `\n` line ends.
  public func serialized() -> [UInt8] {
    var text = ""
    for header in headers {
      text += header.name + ": "
      text += header.value.unicodeScalars.allSatisfy(\.isASCII)
        ? HeaderFolder.fold(header.value, headerLength: header.name.unicodeScalars.count + 2)
        : header.value
      text += "\n"
    }
    text += "\n"
    text += HeaderFolder.normalizeBodyNewlines(body)
    return text.unicodeScalars.flatMap { scalar -> [UInt8] in
      scalar.value <= 0xFF ? [UInt8(scalar.value)] : Array(String(scalar).utf8)
    }
  }
}

/// `email.header.Header.encode(maxlinelen=0)` for ASCII values: the value is split into lines,
/// each line into (whitespace, word) chunks; in a multi-line value a line's trailing chunk that
/// is exactly one space is dropped, and whitespace-only continuation lines are appended to the
/// previous line.
/// Values longer than Python's 1,000,000-character "unlimited" width are not folded further.
enum HeaderFolder {
  static func fold(_ value: String, headerLength: Int) -> String {
    var lines: [String] = []
    var chunks: [(String, String)] = []
    var initialSize = headerLength

    func feed(_ text: String) {
      // re.split("([ \t]+)", text), then paired as (whitespace, word) like `_ascii_split`.
      var parts = [""]
      var inSpace = false
      for scalar in text.unicodeScalars {
        let isSpace = scalar == " " || scalar == "\t"
        if isSpace != inSpace {
          parts.append("")
          inSpace = isSpace
        }
        parts[parts.count - 1].unicodeScalars.append(scalar)
      }
      if inSpace { parts.append("") }
      if parts[0].isEmpty { parts.removeFirst() } else { parts.insert("", at: 0) }
      var index = 0
      while index + 1 < parts.count {
        chunks.append((parts[index], parts[index + 1]))
        index += 2
      }
    }

    func newline() {
      if let last = chunks.last, last == (" ", "") { chunks.removeLast() }
      let text = chunks.map { $0.0 + $0.1 }.joined()
      if initialSize > 0 || !text.isEmpty {
        if initialSize == 0 && isPythonSpace(text) && !lines.isEmpty {
          lines[lines.count - 1] += text
        } else {
          lines.append(text)
        }
      }
      chunks = []
      initialSize = 0
    }

    let valueLines = pythonSplitLines(value)
    feed(valueLines.first ?? "")
    for line in valueLines.dropFirst() {
      newline()
      feed(line)  // leading whitespace becomes the first chunk's whitespace, as `fws`
    }
    if valueLines.count > 1 { newline() }
    chunks.append((" ", ""))  // `add_transition()`, which the final `newline()` drops again
    newline()
    return lines.joined(separator: "\n")
  }

  /// `str.splitlines()` for ASCII text (terminators dropped).
  static func pythonSplitLines(_ text: String) -> [String] {
    var lines: [String] = []
    var line = ""
    var pendingCR = false
    for scalar in text.unicodeScalars {
      if pendingCR {
        pendingCR = false
        if scalar == "\n" { continue }
      }
      switch scalar.value {
      case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x0D:
        lines.append(line)
        line = ""
        pendingCR = scalar.value == 0x0D
      default:
        line.unicodeScalars.append(scalar)
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

  /// `str.isspace()` for ASCII text (false for the empty string).
  static func isPythonSpace(_ text: String) -> Bool {
    !text.isEmpty
      && text.unicodeScalars.allSatisfy {
        $0 == " " || (0x09...0x0D).contains($0.value) || (0x1C...0x1F).contains($0.value)
      }
  }

  /// `Generator._write_lines`: `\r\n`, `\r` and `\n` all become `\n`.
  static func normalizeBodyNewlines(_ body: String) -> String {
    var result = ""
    var pendingCR = false
    for scalar in body.unicodeScalars {
      if pendingCR {
        pendingCR = false
        if scalar == "\n" { continue }
      }
      if scalar == "\r" {
        result += "\n"
        pendingCR = true
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}

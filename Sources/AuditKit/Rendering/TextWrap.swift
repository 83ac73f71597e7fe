/// Python's `textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)`, as
/// `auditwheel show` uses it for every paragraph: tabs expanded, every whitespace character
/// turned into a space, words packed greedily, whitespace dropped at line ends and at the start
/// of every line but the first, a word longer than the width kept whole on its own line.
enum TextWrap {
  static let pythonWhitespace: Set<Unicode.Scalar> = ["\t", "\n", "\u{0B}", "\u{0C}", "\r", " "]

  static func wrap(_ text: String, width: Int = 70) -> [String] {
    let normalized = expandTabs(text).unicodeScalars.map { pythonWhitespace.contains($0) ? " " : $0 }
    // Chunks: maximal runs of spaces or of non-spaces.
    var chunks: [[Unicode.Scalar]] = []
    for scalar in normalized {
      let isSpace = scalar == " "
      if let last = chunks.last?.last, (last == " ") == isSpace {
        chunks[chunks.count - 1].append(scalar)
      } else {
        chunks.append([scalar])
      }
    }
    var lines: [String] = []
    var pending = Array(chunks.reversed())
    while !pending.isEmpty {
      var line: [[Unicode.Scalar]] = []
      var length = 0
      if let top = pending.last, isBlank(top), !lines.isEmpty { pending.removeLast() }
      while let top = pending.last, length + top.count <= width {
        line.append(top)
        length += top.count
        pending.removeLast()
      }
      if let top = pending.last, top.count > width, line.isEmpty {
        line.append(top)
        pending.removeLast()
      }
      if let last = line.last, isBlank(last) { line.removeLast() }
      if !line.isEmpty {
        var out = String.UnicodeScalarView()
        for chunk in line { out.append(contentsOf: chunk) }
        lines.append(String(out))
      }
    }
    return lines
  }

  /// `auditwheel`'s `printp`: a blank line, then the wrapped paragraph.
  static func paragraph(_ text: String) -> String {
    "\n" + wrap(text).joined(separator: "\n") + "\n"
  }

  private static func isBlank(_ chunk: [Unicode.Scalar]) -> Bool { chunk.allSatisfy { $0 == " " } }

  /// `str.expandtabs(8)`.
  private static func expandTabs(_ text: String) -> String {
    guard text.contains("\t") else { return text }
    var out = ""
    var column = 0
    for scalar in text.unicodeScalars {
      if scalar == "\t" {
        let spaces = 8 - column % 8
        out += String(repeating: " ", count: spaces)
        column += spaces
      } else {
        out.unicodeScalars.append(scalar)
        column = scalar == "\n" || scalar == "\r" ? 0 : column + 1
      }
    }
    return out
  }
}

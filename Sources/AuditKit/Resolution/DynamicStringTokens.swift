/// The values `$ORIGIN`, `$PLATFORM` and `$LIB` take for one object.
struct TokenValues: Sendable, Hashable {
  /// The directory of the object (`l_origin`), or `nil` when unknown.
  var origin: String?
  /// `AT_PLATFORM`, or `nil` when the kernel provides none.
  var platform: String?
  /// glibc's `DL_DST_LIB`.
  var lib: String
}

/// Dynamic string token expansion, in glibc's and in auditwheel's flavours.
enum DynamicStringTokens {
  /// glibc's `_dl_dst_substitute`: `$NAME` or `${NAME}` for `ORIGIN`, `PLATFORM` and `LIB`.
  /// An unbraced name must not be followed by a letter, digit or `_` (`$ORIGINAL` is no
  /// token). Any other `$` is kept literally.
  ///
  /// - Returns: the expanded text, or `nil` when a recognised token has no value: ld.so then
  ///   discards the whole element.
  static func glibcExpand(_ text: String, values: TokenValues) -> String? {
    guard text.contains("$") else { return text }
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      index += 1
      guard scalar == "$" else {
        out.append(scalar)
        continue
      }
      var matched: (length: Int, value: String?)? = nil
      for (name, value) in [("ORIGIN", values.origin), ("PLATFORM", values.platform), ("LIB", values.lib)] {
        if let length = tokenLength(scalars, at: index, name: name) {
          matched = (length, value)
          break
        }
      }
      guard let token = matched else {
        out.append("$")
        continue
      }
      guard let value = token.value else { return nil }
      out.append(contentsOf: value.unicodeScalars)
      index += token.length
    }
    return String(out)
  }

  /// glibc's `is_dst`: the number of characters the token occupies after the `$`, or `nil`.
  private static func tokenLength(_ scalars: [Unicode.Scalar], at start: Int, name: String) -> Int? {
    let nameScalars = Array(name.unicodeScalars)
    var index = start
    let curly = index < scalars.count && scalars[index] == "{"
    if curly { index += 1 }
    guard index + nameScalars.count <= scalars.count,
      Array(scalars[index..<(index + nameScalars.count)]) == nameScalars
    else { return nil }
    let after = index + nameScalars.count
    if curly {
      guard after < scalars.count, scalars[after] == "}" else { return nil }
      return nameScalars.count + 2
    }
    if after < scalars.count {
      let next = scalars[after]
      if next == "_" || (next.isASCII && (next.properties.isAlphabetic || ("0"..."9").contains(next))) {
        return nil
      }
    }
    return nameScalars.count
  }

  /// Whether auditwheel's `ORIGIN_RE` (`\$(ORIGIN|\{ORIGIN\})`) occurs in `text`.
  static func containsAuditwheelOrigin(_ text: String) -> Bool {
    text.contains("$ORIGIN") || text.contains("${ORIGIN}")
  }

  /// `re.sub(ORIGIN_RE, origin, text)`: every `$ORIGIN` and `${ORIGIN}` replaced, with no check
  /// of what follows (`$ORIGINAL` becomes `<origin>AL`).
  static func auditwheelExpandOrigin(_ text: String, origin: String) -> String {
    let scalars = Array(text.unicodeScalars)
    let plain = Array("$ORIGIN".unicodeScalars)
    let braced = Array("${ORIGIN}".unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      if hasPrefix(scalars, at: index, braced) {
        out.append(contentsOf: origin.unicodeScalars)
        index += braced.count
      } else if hasPrefix(scalars, at: index, plain) {
        out.append(contentsOf: origin.unicodeScalars)
        index += plain.count
      } else {
        out.append(scalars[index])
        index += 1
      }
    }
    return String(out)
  }

  private static func hasPrefix(_ scalars: [Unicode.Scalar], at index: Int, _ prefix: [Unicode.Scalar]) -> Bool {
    index + prefix.count <= scalars.count && Array(scalars[index..<(index + prefix.count)]) == prefix
  }
}

/// A JSON value with ordered object members, rendered byte for byte as Python's
/// `json.dumps(value, indent=4)` renders it (ASCII-only output, `\uXXXX` escapes in lowercase
/// hex, surrogate pairs above U+FFFF, `[]`/`{}` for empty containers).
public indirect enum PythonJSON: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case string(String)
  case array([PythonJSON])
  case object([Member])

  /// One `key: value` pair of an object.
  public struct Member: Sendable, Hashable {
    public var key: String
    public var value: PythonJSON

    public init(_ key: String, _ value: PythonJSON) {
      self.key = key
      self.value = value
    }
  }

  /// `.string(text)` or `.null`.
  static func optional(_ text: String?) -> PythonJSON { text.map(PythonJSON.string) ?? .null }

  /// The text `json.dumps(self, indent=4)` produces.
  public func rendered() -> String {
    var out = ""
    render(into: &out, level: 0)
    return out
  }

  private func render(into out: inout String, level: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .int(let value): out += String(value)
    case .string(let text): PythonJSON.quote(text, into: &out)
    case .array(let items):
      guard !items.isEmpty else {
        out += "[]"
        return
      }
      out += "[\n"
      for (index, item) in items.enumerated() {
        out += String(repeating: " ", count: 4 * (level + 1))
        item.render(into: &out, level: level + 1)
        out += index + 1 < items.count ? ",\n" : "\n"
      }
      out += String(repeating: " ", count: 4 * level) + "]"
    case .object(let members):
      guard !members.isEmpty else {
        out += "{}"
        return
      }
      out += "{\n"
      for (index, member) in members.enumerated() {
        out += String(repeating: " ", count: 4 * (level + 1))
        PythonJSON.quote(member.key, into: &out)
        out += ": "
        member.value.render(into: &out, level: level + 1)
        out += index + 1 < members.count ? ",\n" : "\n"
      }
      out += String(repeating: " ", count: 4 * level) + "}"
    }
  }

  private static func quote(_ text: String, into out: inout String) {
    // Fast path: printable ASCII without `"` or `\\` is copied as is.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
      out += "\""
      out += text
      out += "\""
      return
    }
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value >= 0x20 && scalar.value < 0x7F {
          out.unicodeScalars.append(scalar)
        } else if scalar.value > 0xFFFF {
          let v = scalar.value - 0x10000
          out += hex4(0xD800 + (v >> 10)) + hex4(0xDC00 + (v & 0x3FF))
        } else {
          out += hex4(scalar.value)
        }
      }
    }
    out += "\""
  }

  private static func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}

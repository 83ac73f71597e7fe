/// URL-safe base64 (RFC 4648 §5) without padding, as RECORD hashes use
/// (`urlsafe_b64encode(digest).rstrip(b"=")`).
public enum Base64URL {
  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

  /// Encodes `bytes` without `=` padding.
  public static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count * 4 + 2) / 3)
    var index = 0
    while index < bytes.count {
      let b0 = bytes[index]
      let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
      let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
      out.append(alphabet[Int(b0 >> 2)])
      out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
      if index + 1 < bytes.count { out.append(alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)]) }
      if index + 2 < bytes.count { out.append(alphabet[Int(b2 & 0x3F)]) }
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes unpadded (or correctly padded) URL-safe base64; `nil` on any other character, a
  /// bad length, or non-zero trailing bits (so every decodable text has one spelling).
  public static func decode(_ text: String) -> [UInt8]? {
    var values: [UInt8] = []
    var chars = Array(text.utf8)
    while chars.last == UInt8(ascii: "=") { chars.removeLast() }
    guard chars.count % 4 != 1, text.utf8.count - chars.count <= 2 else { return nil }
    if text.utf8.count != chars.count && text.utf8.count % 4 != 0 { return nil }
    for char in chars {
      guard let value = sextet(char) else { return nil }
      values.append(value)
    }
    var out: [UInt8] = []
    out.reserveCapacity(values.count * 3 / 4)
    var index = 0
    while index < values.count {
      let remaining = values.count - index
      let v0 = values[index], v1 = values[index + 1]
      let v2 = remaining > 2 ? values[index + 2] : 0
      let v3 = remaining > 3 ? values[index + 3] : 0
      out.append(v0 << 2 | v1 >> 4)
      if remaining > 2 { out.append((v1 & 0x0F) << 4 | v2 >> 2) }
      if remaining > 3 { out.append((v2 & 0x03) << 6 | v3) }
      if remaining == 2 && v1 & 0x0F != 0 { return nil }
      if remaining == 3 && v2 & 0x03 != 0 { return nil }
      index += 4
    }
    return out
  }

  private static func sextet(_ char: UInt8) -> UInt8? {
    switch char {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): char - UInt8(ascii: "A")
    case UInt8(ascii: "a")...UInt8(ascii: "z"): char - UInt8(ascii: "a") + 26
    case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0") + 52
    case UInt8(ascii: "-"): 62
    case UInt8(ascii: "_"): 63
    default: nil
    }
  }
}

/// A PEP 440 version as `packaging.version.Version` parses it, kept in normalized form.
///
/// Accepts exactly what packaging 25's `VERSION_PATTERN` accepts (case-insensitive, optional
/// `v`, surrounding whitespace), restricted to ASCII: packaging's `\s` and `IGNORECASE` also
/// accept a few non-ASCII characters, which wheelfs rejects. Numbers are kept as digit strings
/// without leading zeros, so arbitrarily long ones never overflow.
public struct PEP440Version: Sendable, Hashable, CustomStringConvertible {
  /// The epoch (`"0"` when absent).
  public let epoch: String
  /// The release numbers, e.g. `["1", "0", "2"]`.
  public let release: [String]
  /// Normalized pre-release: label `a`, `b` or `rc`, and its number.
  public let pre: (label: String, number: String)?
  /// Post-release number.
  public let post: String?
  /// Development-release number.
  public let dev: String?
  /// Local version segments, lower-cased, numeric ones without leading zeros.
  public let local: [String]?

  /// Parses `text`.
  ///
  /// - Throws: ``WheelError/invalidPEP440Version(_:)``.
  public static func parse(_ text: String) throws(WheelError) -> PEP440Version {
    var scanner = VersionScanner(text)
    guard let version = scanner.parse() else {
      throw .invalidPEP440Version(text)
    }
    return version
  }

  init(
    epoch: String, release: [String], pre: (String, String)?, post: String?, dev: String?,
    local: [String]?
  ) {
    self.epoch = epoch
    self.release = release
    self.pre = pre.map { (label: $0.0, number: $0.1) }
    self.post = post
    self.dev = dev
    self.local = local
  }

  /// The normalized text, as `str(Version(...))`: `1!2.0rc1.post3.dev4+abc.5`.
  public var description: String {
    var text = epoch == "0" ? "" : "\(epoch)!"
    text += release.joined(separator: ".")
    if let pre { text += pre.label + pre.number }
    if let post { text += ".post\(post)" }
    if let dev { text += ".dev\(dev)" }
    if let local { text += "+" + local.joined(separator: ".") }
    return text
  }

  public static func == (lhs: PEP440Version, rhs: PEP440Version) -> Bool {
    lhs.description == rhs.description
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

/// A hand-written matcher for packaging's version regex; returns `nil` on no match.
private struct VersionScanner {
  private let bytes: [UInt8]
  private var position = 0

  init(_ text: String) {
    let all = Array(text.utf8)
    let start = all.firstIndex { !Self.isSpace($0) } ?? all.endIndex
    let end = (all.lastIndex { !Self.isSpace($0) }).map { $0 + 1 } ?? start
    self.bytes = all[start..<max(start, end)].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
  }

  mutating func parse() -> PEP440Version? {
    _ = accept("v")
    guard var first = digits() else { return nil }
    var epoch = "0"
    if accept("!") {
      epoch = first
      guard let next = digits() else { return nil }
      first = next
    }
    var release = [first]
    while peek(0) == UInt8(ascii: "."), let digit = peek(1), isDigit(digit) {
      position += 1
      release.append(digits() ?? "0")
    }
    let pre = labelled(["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"])
    var post: String?
    if peek(0) == UInt8(ascii: "-"), let digit = peek(1), isDigit(digit) {
      position += 1
      post = digits()
    } else {
      post = labelled(["post", "rev", "r"])?.number
    }
    let dev = labelled(["dev"])?.number
    var local: [String]?
    if accept("+") {
      guard let segment = alphanumerics() else { return nil }
      var segments = [segment]
      while let sep = peek(0), Self.isSeparator(sep), let next = peek(1), isAlphanumeric(next) {
        position += 1
        segments.append(alphanumerics() ?? "")
      }
      local = segments.map { $0.utf8.allSatisfy(isDigit) ? Self.trimZeros(Substring($0)) : $0 }
    }
    guard position == bytes.count else { return nil }
    let normalizedPre = pre.map { (Self.normalizeLabel($0.label), $0.number) }
    return PEP440Version(
      epoch: epoch, release: release, pre: normalizedPre, post: post, dev: dev, local: local)
  }

  /// `[-_.]? label [-_.]? digits?`, restoring the position when no label matches.
  private mutating func labelled(_ labels: [String]) -> (label: String, number: String)? {
    let start = position
    if let sep = peek(0), Self.isSeparator(sep) { position += 1 }
    guard let label = labels.first(where: matches) else {
      position = start
      return nil
    }
    position += label.utf8.count
    // The regex's greedy `[-_\.]?` keeps a trailing separator even without a number; no later
    // part can need it, since each has its own optional separator.
    if let sep = peek(0), Self.isSeparator(sep) { position += 1 }
    return (label, digits() ?? "0")
  }

  private func matches(_ word: String) -> Bool {
    let word = Array(word.utf8)
    guard position + word.count <= bytes.count else { return false }
    return Array(bytes[position..<position + word.count]) == word
  }

  private mutating func accept(_ char: Unicode.Scalar) -> Bool {
    guard peek(0) == UInt8(ascii: char) else { return false }
    position += 1
    return true
  }

  private func peek(_ offset: Int) -> UInt8? {
    position + offset < bytes.count ? bytes[position + offset] : nil
  }

  private mutating func digits() -> String? {
    let start = position
    while let byte = peek(0), isDigit(byte) { position += 1 }
    guard position > start else { return nil }
    return Self.trimZeros(Substring(decoding: bytes[start..<position], as: UTF8.self))
  }

  private mutating func alphanumerics() -> String? {
    let start = position
    while let byte = peek(0), isAlphanumeric(byte) { position += 1 }
    guard position > start else { return nil }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
  private func isAlphanumeric(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= 0x61 && byte <= 0x7A)
  }
  private static func isSeparator(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
  }
  /// ASCII characters Python's `\s` matches: space, `\t\n\v\f\r` and `\x1c`-`\x1f`.
  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x1F)
  }

  private static func trimZeros(_ digits: Substring) -> String {
    let trimmed = digits.drop { $0 == "0" }
    return trimmed.isEmpty ? "0" : String(trimmed)
  }

  private static func normalizeLabel(_ label: String) -> String {
    switch label {
    case "alpha": "a"
    case "beta": "b"
    case "c", "pre", "preview": "rc"
    default: label
    }
  }
}

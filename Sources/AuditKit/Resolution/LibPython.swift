/// Recognises `libpython` sonames, which auditwheel records as unresolved and never follows
/// (pypa/auditwheel#589: the interpreter provides them at run time).
public enum LibPython {
  /// Whether `name` is a libpython soname.
  ///
  /// - Parameter extended: `false` applies auditwheel 6.8.2's `LIBPYTHON_RE`,
  ///   `^libpython\d+\.\d+m?.so(\.\d)*$`, quirks included (the `.` before `so` matches any
  ///   character, each version suffix is a single digit, `\d` is any Unicode decimal digit).
  ///   `true` also accepts `libpython<X>.<Y><flags>.so[.<N>...]` with ABI flags from `d`, `m`,
  ///   `t`, which covers the free-threaded `libpython3.13t.so.1.0` and debug builds.
  public static func matches(_ name: String, extended: Bool) -> Bool {
    if auditwheelMatches(name) { return true }
    return extended && extendedMatches(Array(name.unicodeScalars))
  }

  private static func auditwheelMatches(_ name: String) -> Bool {
    var scalars = Array(name.unicodeScalars)
    // Python's `$` also matches just before a final newline.
    if scalars.last == "\n" {
      if auditwheelMatches(scalars) { return true }
      scalars.removeLast()
    }
    return auditwheelMatches(scalars)
  }

  private static func auditwheelMatches(_ s: [Unicode.Scalar]) -> Bool {
    guard let afterMajor = versionPrefix(s) else { return false }
    // `\d+` for the minor version may give back digits to the `.` wildcard: try every split.
    var digitsEnd = afterMajor
    while digitsEnd < s.count, isDecimal(s[digitsEnd]) { digitsEnd += 1 }
    guard digitsEnd > afterMajor else { return false }
    for minorEnd in stride(from: digitsEnd, to: afterMajor, by: -1) {
      var candidates = [minorEnd]
      if minorEnd < s.count, s[minorEnd] == "m" { candidates.insert(minorEnd + 1, at: 0) }
      for start in candidates {
        // `.` (any character but a newline), then `so`, then `(\.\d)*` to the end.
        guard start + 3 <= s.count, s[start] != "\n", s[start + 1] == "s", s[start + 2] == "o" else { continue }
        if singleDigitSuffixes(s, from: start + 3) { return true }
      }
    }
    return false
  }

  private static func extendedMatches(_ s: [Unicode.Scalar]) -> Bool {
    guard let afterMajor = versionPrefix(s) else { return false }
    var index = afterMajor
    while index < s.count, isDecimal(s[index]) { index += 1 }
    guard index > afterMajor else { return false }
    while index < s.count, "dmt".unicodeScalars.contains(s[index]) { index += 1 }
    guard index + 3 <= s.count, s[index] == ".", s[index + 1] == "s", s[index + 2] == "o" else { return false }
    index += 3
    while index < s.count {
      guard s[index] == "." else { return false }
      index += 1
      let digitsStart = index
      while index < s.count, isDecimal(s[index]) { index += 1 }
      guard index > digitsStart else { return false }
    }
    return true
  }

  /// Index after `libpython\d+\.`, or `nil`.
  private static func versionPrefix(_ s: [Unicode.Scalar]) -> Int? {
    let prefix = Array("libpython".unicodeScalars)
    guard s.count > prefix.count, Array(s[0..<prefix.count]) == prefix else { return nil }
    var index = prefix.count
    let start = index
    while index < s.count, isDecimal(s[index]) { index += 1 }
    guard index > start, index < s.count, s[index] == "." else { return nil }
    return index + 1
  }

  private static func singleDigitSuffixes(_ s: [Unicode.Scalar], from start: Int) -> Bool {
    var index = start
    while index < s.count {
      guard index + 1 < s.count, s[index] == ".", isDecimal(s[index + 1]) else { return false }
      index += 2
    }
    return true
  }

  /// Python's `\d` for `str` patterns: Unicode category Nd.
  private static func isDecimal(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.numericType == .decimal
  }
}

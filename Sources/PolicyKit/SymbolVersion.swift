/// A symbol-version node name such as `GLIBC_2.2.5`, `GLIBCXX_3.4.21` or `CXXABI_FLOAT128`.
///
/// auditwheel matches version nodes by *prefix*: the text before the first `_` (`GLIBC`,
/// `GLIBCXX`, `CXXABI`, `GCC`, `ZLIB`, `LIBATOMIC`). ``SymbolVersion`` also gives the nodes a
/// deterministic, version-aware order (`GLIBC_2.2.5 < GLIBC_2.14`), which auditwheel itself
/// never had (its JSON output sorts lexicographically, its text output not at all).
public struct SymbolVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The full node name, e.g. `GLIBC_2.2.5`.
  public let name: String

  public init(_ name: String) { self.name = name }

  /// The text before the first `_`, or the whole name when there is none (`IAMALIBRARY`).
  public var prefix: String { SymbolVersion.prefix(of: name) }

  /// The text after the first `_`, or the empty string.
  public var version: String {
    guard let index = name.firstIndex(of: "_") else { return "" }
    return String(name[name.index(after: index)...])
  }

  /// The prefix of a version node name, as Python's `name.partition("_")[0]`.
  public static func prefix(of name: String) -> String {
    guard let index = name.firstIndex(of: "_") else { return name }
    return String(name[..<index])
  }

  public var description: String { name }

  /// Orders by prefix, then by the rest in "natural" order: runs of digits compare numerically
  /// and sort before non-digit runs (so `CXXABI_1.3.15 < CXXABI_FLOAT128` and
  /// `GLIBC_2.36 < GLIBC_ABI_DT_RELR`); the raw text breaks remaining ties (`2.02` vs `2.2`).
  public static func < (lhs: SymbolVersion, rhs: SymbolVersion) -> Bool {
    let lp = lhs.prefix, rp = rhs.prefix
    if lp != rp { return lp < rp }
    let order = NaturalOrder.compare(Array(lhs.version.utf8), Array(rhs.version.utf8))
    if order != 0 { return order < 0 }
    return lhs.name < rhs.name
  }
}

/// Sorting helpers over version node names.
extension Sequence where Element == String {
  /// The names sorted with ``SymbolVersion``'s version-aware order.
  public func sortedAsSymbolVersions() -> [String] {
    map(SymbolVersion.init).sorted().map(\.name)
  }
}

/// Natural comparison of byte strings: digit runs compare as numbers of unbounded size.
enum NaturalOrder {
  /// Returns a negative number, zero or a positive number as `a` sorts before, equal to or
  /// after `b`.
  static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
    var i = 0, j = 0
    while i < a.count && j < b.count {
      let aDigit = isDigit(a[i]), bDigit = isDigit(b[j])
      if aDigit && bDigit {
        let aEnd = runEnd(a, from: i), bEnd = runEnd(b, from: j)
        let order = compareNumbers(a[i..<aEnd], b[j..<bEnd])
        if order != 0 { return order }
        i = aEnd
        j = bEnd
      } else if aDigit != bDigit {
        return aDigit ? -1 : 1
      } else {
        if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
        i += 1
        j += 1
      }
    }
    return (a.count - i) - (b.count - j)
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  private static func runEnd(_ bytes: [UInt8], from start: Int) -> Int {
    var end = start
    while end < bytes.count && isDigit(bytes[end]) { end += 1 }
    return end
  }

  private static func compareNumbers(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Int {
    let a = a.drop { $0 == 0x30 }, b = b.drop { $0 == 0x30 }
    if a.count != b.count { return a.count - b.count }
    for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
    return 0
  }
}

import ELFKit
import PolicyKit

/// Per-symbol diagnostics (auditwheel #36): which symbol requires which version node.
///
/// Every undefined dynamic symbol whose `.gnu.version` entry points into `.gnu.version_r`
/// gives one ``SymbolUse`` (library = the need's `vn_file`, version = its `vna_name`). ELFKit
/// resolves that link from the dynamic section alone, so stripped files and files without
/// section headers give the same answer. A version listed in `.gnu.version_r` that no symbol
/// refers to gets a use with `symbol == nil`.
public enum SymbolDiagnostics {
  /// The uses of one ELF file.
  public static func uses(file: String, origin: FileOrigin, facts: ELFFacts) -> [SymbolUse] {
    var uses: [SymbolUse] = []
    var covered: Set<String> = []
    for symbol in facts.symbols where !symbol.defined {
      guard let version = symbol.version, let library = symbol.versionFile else { continue }
      uses.append(
        SymbolUse(file: file, origin: origin, library: library, version: version, symbol: symbol.name, weak: symbol.weak))
      covered.insert(library + "\u{0}" + version)
    }
    for need in facts.versionNeeds {
      for version in need.versions where !covered.contains(need.file + "\u{0}" + version.name) {
        covered.insert(need.file + "\u{0}" + version.name)
        uses.append(SymbolUse(file: file, origin: origin, library: need.file, version: version.name, symbol: nil))
      }
    }
    return sorted(uses)
  }

  /// Uses in display order: wheel files before external ones, then by file, library, version
  /// (version-aware: `GLIBC_2.2.5 < GLIBC_2.14`), symbol (a missing symbol first).
  public static func sorted(_ uses: [SymbolUse]) -> [SymbolUse] {
    uses.sorted(by: precedes)
  }

  /// The display order of ``sorted(_:)``.
  public static func precedes(_ a: SymbolUse, _ b: SymbolUse) -> Bool {
    if a.origin != b.origin { return a.origin == .wheel }
    if a.file != b.file { return codePointLess(a.file, b.file) }
    if a.library != b.library { return codePointLess(a.library, b.library) }
    if a.version != b.version { return SymbolVersion(a.version) < SymbolVersion(b.version) }
    switch (a.symbol, b.symbol) {
    case (nil, nil): return false
    case (nil, _): return true
    case (_, nil): return false
    case (let x?, let y?): return x != y ? codePointLess(x, y) : (!a.weak && b.weak)
    }
  }
}

/// Python's `str` ordering (by code point), which Swift's `<` on `String` does not promise.
func codePointLess(_ a: String, _ b: String) -> Bool {
  a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}

extension Sequence where Element == String {
  /// Sorted by code point, like Python's `sorted()` on strings.
  func sortedByCodePoint() -> [String] { sorted(by: codePointLess) }
}

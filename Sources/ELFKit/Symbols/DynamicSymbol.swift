/// One `.dynsym` entry with its name and GNU symbol version resolved.
public struct DynamicSymbol: Sendable, Hashable, Codable {
  /// Index in the dynamic symbol table.
  public var index: Int
  public var name: String
  /// `st_value`
  public var value: UInt64
  /// `st_size`
  public var size: UInt64
  public var type: SymbolType
  public var binding: SymbolBinding
  public var visibility: SymbolVisibility
  /// `st_shndx`: 0 (`SHN_UNDEF`) for undefined symbols.
  public var sectionIndex: UInt16
  /// Whether the symbol is defined here (`st_shndx != SHN_UNDEF`).
  public var defined: Bool
  /// Whether the binding is `STB_WEAK`.
  public var weak: Bool
  /// The raw `.gnu.version` entry (index plus hidden bit), or `nil` without `DT_VERSYM`.
  public var versionIndex: UInt16?
  /// Whether the hidden bit (0x8000) of the version entry is set.
  public var hidden: Bool
  /// The version name (`GLIBC_2.14`): from the version definition with the symbol's index for
  /// defined symbols, else from the version need whose `vna_other` equals it. `nil` for the
  /// local/global indices 0 and 1 and for the base definition.
  public var version: String?
  /// For a version found in `.gnu.version_r`: the needed file that must provide it
  /// (`libc.so.6`).
  public var versionFile: String?

  /// `readelf`'s rendering of the versioned name: `name@@VER` (default definition), `name@VER`
  /// (hidden definition), `name@VER (N)` (a need), or the plain name.
  public var versionedName: String {
    guard let version else { return name }
    if versionFile != nil { return "\(name)@\(version) (\((versionIndex ?? 0) & 0x7fff))" }
    return hidden ? "\(name)@\(version)" : "\(name)@@\(version)"
  }
}

/// A symbol's type, the low nibble of `st_info` (`STT_*`).
public struct SymbolType: ELFConstant {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }
  /// `STT_NOTYPE`
  public static let notype = SymbolType(rawValue: 0)
  /// `STT_OBJECT`
  public static let object = SymbolType(rawValue: 1)
  /// `STT_FUNC`
  public static let function = SymbolType(rawValue: 2)
  /// `STT_SECTION`
  public static let section = SymbolType(rawValue: 3)
  /// `STT_FILE`
  public static let file = SymbolType(rawValue: 4)
  /// `STT_COMMON`
  public static let common = SymbolType(rawValue: 5)
  /// `STT_TLS`
  public static let tls = SymbolType(rawValue: 6)
  /// `STT_GNU_IFUNC`
  public static let gnuIFunc = SymbolType(rawValue: 10)

  public static let names: [UInt8: String] = [
    0: "NOTYPE", 1: "OBJECT", 2: "FUNC", 3: "SECTION", 4: "FILE", 5: "COMMON", 6: "TLS",
    10: "IFUNC",
  ]
}

/// A symbol's binding, the high nibble of `st_info` (`STB_*`).
public struct SymbolBinding: ELFConstant {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }
  /// `STB_LOCAL`
  public static let local = SymbolBinding(rawValue: 0)
  /// `STB_GLOBAL`
  public static let global = SymbolBinding(rawValue: 1)
  /// `STB_WEAK`
  public static let weak = SymbolBinding(rawValue: 2)
  /// `STB_GNU_UNIQUE`
  public static let gnuUnique = SymbolBinding(rawValue: 10)

  public static let names: [UInt8: String] = [0: "LOCAL", 1: "GLOBAL", 2: "WEAK", 10: "UNIQUE"]
}

/// A symbol's visibility, the low two bits of `st_other` (`STV_*`).
public struct SymbolVisibility: ELFConstant {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }
  /// `STV_DEFAULT`
  public static let `default` = SymbolVisibility(rawValue: 0)
  /// `STV_INTERNAL`
  public static let `internal` = SymbolVisibility(rawValue: 1)
  /// `STV_HIDDEN`
  public static let hidden = SymbolVisibility(rawValue: 2)
  /// `STV_PROTECTED`
  public static let protected = SymbolVisibility(rawValue: 3)

  public static let names: [UInt8: String] = [
    0: "DEFAULT", 1: "INTERNAL", 2: "HIDDEN", 3: "PROTECTED",
  ]
}

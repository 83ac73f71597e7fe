/// Whether a file is part of the wheel or a system library the wheel would need grafted.
public enum FileOrigin: String, Sendable, Hashable, Codable {
  /// A member of the wheel (its path inside the wheel).
  case wheel
  /// A library found outside the wheel (its absolute path).
  case external
}

/// One symbol that requires a version node, or a version node no symbol refers to.
///
/// Derived from each undefined dynamic symbol's `.gnu.version` entry and the `.gnu.version_r`
/// need it points to, so it works on stripped files (no `.symtab` needed).
public struct SymbolUse: Sendable, Hashable, Codable {
  /// The ELF file that needs the symbol: a member path, or an external library's path.
  public var file: String
  public var origin: FileOrigin
  /// The library that must provide the version (`vn_file`), e.g. `libc.so.6`.
  public var library: String
  /// The version node, e.g. `GLIBC_2.34`.
  public var version: String
  /// The symbol, e.g. `close_range`; `nil` for a version listed in `.gnu.version_r` that no
  /// dynamic symbol refers to.
  public var symbol: String?
  /// Whether the symbol is a weak reference.
  public var weak: Bool

  public init(file: String, origin: FileOrigin, library: String, version: String, symbol: String?, weak: Bool = false) {
    self.file = file
    self.origin = origin
    self.library = library
    self.version = version
    self.symbol = symbol
    self.weak = weak
  }
}

/// An external library a policy would have to graft (or the wheel eliminate).
public struct BarrierLibrary: Sendable, Hashable, Codable {
  public var soname: String
  public var path: String?
  /// The analysed ELFs whose dependency trees reach it.
  public var neededBy: [String]

  public init(soname: String, path: String?, neededBy: [String]) {
    self.soname = soname
    self.path = path
    self.neededBy = neededBy
  }
}

/// A blacklisted symbol imported from a direct dependency.
public struct BarrierSymbol: Sendable, Hashable, Codable {
  public var library: String
  public var symbol: String
  public var neededBy: [String]

  public init(library: String, symbol: String, neededBy: [String]) {
    self.library = library
    self.symbol = symbol
    self.neededBy = neededBy
  }
}

/// A file needing an x86-64 ISA level above the baseline.
public struct ISAFact: Sendable, Hashable, Codable {
  /// The member path, or the external library's path.
  public var file: String
  /// Set for an external library.
  public var soname: String?
  /// `x86_64_v2`, `x86_64_v3` or `x86_64_v4`.
  public var level: String
  /// The ceiling this imposes.
  public var ceiling: String

  public init(file: String, soname: String?, level: String, ceiling: String) {
    self.file = file
    self.soname = soname
    self.level = level
    self.ceiling = ceiling
  }
}

/// Offending symbols of one file (PyFPE, UCS2).
public struct FileSymbols: Sendable, Hashable, Codable {
  public var file: String
  public var symbols: [String]

  public init(file: String, symbols: [String]) {
    self.file = file
    self.symbols = symbols
  }
}

/// What keeps the wheel from one policy more compatible than its verdict.
public struct PolicyBarrier: Sendable, Hashable, Codable {
  public var policy: String
  /// Symbols requiring versions the policy does not allow (including those of the libraries
  /// it would graft).
  public var symbolVersions: [SymbolUse]
  /// External libraries (`show` allows no grafting).
  public var externalLibraries: [BarrierLibrary]
  /// Blacklisted symbols.
  public var blacklistedSymbols: [BarrierSymbol]
  /// ISA levels beyond the policy's ceiling.
  public var isa: [ISAFact]
  /// PyFPE references (they exclude every policy).
  public var pyfpe: [FileSymbols]
  /// UCS2 symbols (they exclude every policy).
  public var ucs2: [FileSymbols]

  public init(
    policy: String, symbolVersions: [SymbolUse] = [], externalLibraries: [BarrierLibrary] = [],
    blacklistedSymbols: [BarrierSymbol] = [], isa: [ISAFact] = [], pyfpe: [FileSymbols] = [],
    ucs2: [FileSymbols] = []
  ) {
    self.policy = policy
    self.symbolVersions = symbolVersions
    self.externalLibraries = externalLibraries
    self.blacklistedSymbols = blacklistedSymbols
    self.isa = isa
    self.pyfpe = pyfpe
    self.ucs2 = ucs2
  }

  /// Whether nothing stands in the way.
  public var isEmpty: Bool {
    symbolVersions.isEmpty && externalLibraries.isEmpty && blacklistedSymbols.isEmpty && isa.isEmpty
      && pyfpe.isEmpty && ucs2.isEmpty
  }
}

/// An ELF file asking for an executable stack: `PF_X` in `PT_GNU_STACK`, or no `PT_GNU_STACK`.
public struct ExecutableStackFact: Sendable, Hashable, Codable {
  public var file: String
  public var origin: FileOrigin
  /// `PT_GNU_STACK RWE` or `no PT_GNU_STACK`.
  public var reason: String

  public init(file: String, origin: FileOrigin, reason: String) {
    self.file = file
    self.origin = origin
    self.reason = reason
  }
}

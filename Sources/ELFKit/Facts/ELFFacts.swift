import BinaryKit

/// Everything the packaging layers (audit, repair, mount) need from one ELF file, extracted in
/// one pass by ``ELFFacts/parse(_:)``.
public struct ELFFacts: Sendable, Codable, Equatable {
  // Identity.
  public var elfClass: ELFClass
  public var encoding: ELFEncoding
  /// `e_ident[EI_OSABI]`
  public var osABI: UInt8
  /// `e_ident[EI_ABIVERSION]`
  public var abiVersion: UInt8
  public var type: ObjectType
  public var machine: Machine
  /// `e_flags`
  public var flags: UInt32
  /// auditwheel's base architecture for (machine, class, byte order, flags).
  public var baseArchitecture: BaseArchitecture

  // Loading.
  /// `PT_INTERP`
  public var interpreter: String?
  /// `DT_NEEDED`, in order.
  public var needed: [String]
  /// `DT_SONAME`
  public var soname: String?
  /// `DT_RPATH`, unsplit (see ``DynamicInfo/splitPath(_:)``).
  public var rpath: String?
  /// `DT_RUNPATH`, unsplit.
  public var runpath: String?
  /// `DT_FLAGS`
  public var dynamicFlags: UInt64?
  /// `DT_FLAGS_1`
  public var dynamicFlags1: UInt64?
  /// `p_flags` of `PT_GNU_STACK`, if present.
  public var stackFlags: UInt32?
  /// Whether the stack is executable (`PF_X` in `PT_GNU_STACK`, or no `PT_GNU_STACK`).
  public var executableStack: Bool

  // Notes.
  /// Raw `GNU_PROPERTY_X86_ISA_1_NEEDED` bits.
  public var x86ISANeeded: UInt32?
  /// The level auditwheel derives from ``x86ISANeeded`` (x86-64 only; `nil` without the
  /// property).
  public var x86ISALevel: X86ISALevel?
  /// `GNU_PROPERTY_X86_FEATURE_1_AND`
  public var x86FeatureAnd: UInt32?
  /// `GNU_PROPERTY_AARCH64_FEATURE_1_AND`
  public var aarch64FeatureAnd: UInt32?
  /// `NT_GNU_BUILD_ID`, lowercase hex.
  public var buildID: String?

  // Versions and symbols.
  /// `.gnu.version_r`: file → versions.
  public var versionNeeds: [VersionRequirement]
  /// `.gnu.version_d`
  public var versionDefinitions: [VersionDefinition]
  /// `.dynsym` with versions resolved, in table order (only those the ``SymbolSelection`` given
  /// to `parse` keeps; all by default).
  public var symbols: [DynamicSymbol]

  /// Reads every fact from `source` in one pass: the header tables once, `.dynamic`,
  /// `.dynstr`, `.dynsym` and `.gnu.version` with one read each, the version chains from one
  /// window, and the notes. `symbols` chooses which dynamic symbols ``symbols`` keeps.
  public static func parse(_ source: any ByteSource, symbols: SymbolSelection = .all) throws(ELFError) -> ELFFacts {
    try parse(ELFFile(source), symbols: symbols)
  }

  /// The facts of an already opened file.
  public static func parse(_ file: ELFFile, symbols selection: SymbolSelection = .all) throws(ELFError) -> ELFFacts {
    let h = file.header
    let (dynOffset, entries) = try file.dynamicEntries()
    var strings = try file.dynamicStringTable(entries)
    let info = try ELFFile.dynamicInfo(entries, offset: dynOffset, strings: &strings)
    var needs: [VersionRequirement] = []
    var defs: [VersionDefinition] = []
    var symbols: [DynamicSymbol] = []
    if var table = strings {
      needs = try file.versionRequirements(entries, strings: &table)
      defs = try file.versionDefinitions(entries, strings: &table)
      symbols = try file.dynamicSymbols(entries, strings: &table, needs: needs, definitions: defs, selection: selection)
    }
    let notes = try file.noteSummary()
    let arch = BaseArchitecture(
      machine: h.machine, elfClass: h.elfClass, encoding: h.encoding, flags: h.flags)
    return ELFFacts(
      elfClass: h.elfClass, encoding: h.encoding, osABI: h.osABI, abiVersion: h.abiVersion,
      type: h.type, machine: h.machine, flags: h.flags, baseArchitecture: arch,
      interpreter: try file.interpreter(), needed: info.needed, soname: info.soname,
      rpath: info.rpath, runpath: info.runpath, dynamicFlags: info.flags,
      dynamicFlags1: info.flags1, stackFlags: file.stackFlags,
      executableStack: file.hasExecutableStack, x86ISANeeded: notes.x86ISANeeded,
      x86ISALevel: arch == .x86_64 ? notes.x86ISANeeded.map(X86ISALevel.init(neededBits:)) : nil,
      x86FeatureAnd: notes.x86FeatureAnd, aarch64FeatureAnd: notes.aarch64FeatureAnd,
      buildID: notes.buildID, versionNeeds: needs, versionDefinitions: defs, symbols: symbols)
  }

  /// `rpath` split on `:`, or `[]`.
  public var rpathEntries: [String] { rpath.map(DynamicInfo.splitPath) ?? [] }
  /// `runpath` split on `:`, or `[]`.
  public var runpathEntries: [String] { runpath.map(DynamicInfo.splitPath) ?? [] }
  /// Symbols defined here (exported or not).
  public var definedSymbols: [DynamicSymbol] { symbols.filter { $0.defined } }
  /// Undefined symbols except index 0.
  public var undefinedSymbols: [DynamicSymbol] {
    symbols.filter { !$0.defined && $0.index != 0 }
  }
}

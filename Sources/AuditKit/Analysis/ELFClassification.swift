import ELFKit
import PolicyKit

/// auditwheel's per-ELF symbol checks (`elfutils.py`), over facts already parsed.
///
/// auditwheel reads `.dynsym` through the section headers; these read the dynamic symbol
/// table ELFKit located through `DT_SYMTAB`, which is the same table, and is still there in
/// files without section headers (docs/compatibility.md).
public enum ELFClassification {
  /// The symbols these checks look at: every undefined symbol, and the defined functions that
  /// can make a file a Python extension (`init<mod>`, `PyInit_<mod>`, `_cffi_pypyinit_<mod>`).
  /// The audit parses with this selection.
  public static let symbolSelection = SymbolSelection.undefinedAndFunctions(
    prefixes: ["init", "PyInit_", "_cffi_pypyinit_"])

  /// `elf_is_python_extension`: the first defined `FUNC` symbol, in table order, named
  /// `init<mod>`, `PyInit_<mod>` or `_cffi_pypyinit_<mod>`, where `<mod>` is the file name up to
  /// its first `.`.
  public static func pythonExtension(fileName: String, facts: ELFFacts) -> PythonExtensionKind? {
    let module = fileName.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? fileName
    let kinds: [String: PythonExtensionKind] = [
      "init" + module: .python2, "PyInit_" + module: .python3, "_cffi_pypyinit_" + module: .python2,
    ]
    for symbol in facts.symbols where symbol.defined && symbol.type == .function {
      if let kind = kinds[symbol.name] { return kind }
    }
    return nil
  }

  /// `elf_references_pyfpe_jbuf`: an undefined `FUNC` or `NOTYPE` symbol named `PyFPE_jbuf`,
  /// `PyFPE_dummy` or `PyFPE_counter`.
  public static func pyFPESymbols(_ facts: ELFFacts) -> [String] {
    let names: Set<String> = ["PyFPE_jbuf", "PyFPE_dummy", "PyFPE_counter"]
    return facts.symbols.filter {
      !$0.defined && names.contains($0.name) && ($0.type == .function || $0.type == .notype)
    }.map(\.name)
  }

  /// `elf_find_ucs2_symbols`: undefined `FUNC` symbols whose name contains `PyUnicodeUCS2_`.
  public static func ucs2Symbols(_ facts: ELFFacts) -> [String] {
    facts.symbols.filter { !$0.defined && $0.type == .function && $0.name.contains("PyUnicodeUCS2_") }
      .map(\.name)
  }

  /// `get_undefined_symbols`: names of undefined, non-weak symbols (the null symbol's empty
  /// name included, as pyelftools lists it).
  public static func undefinedNonWeakSymbols(_ facts: ELFFacts) -> Set<String> {
    Set(facts.symbols.filter { !$0.defined && !$0.weak }.map(\.name))
  }

  /// The policy architecture for a parsed ELF's ISA level.
  public static func extendedArchitecture(_ facts: ELFFacts) -> Architecture? {
    facts.extendedArchitectureName.flatMap(Architecture.init(rawValue:))
  }

  /// The policy architecture of an ELF's base architecture, `nil` when unknown.
  public static func baseArchitecture(_ facts: ELFFacts) -> Architecture? {
    facts.baseArchitecture == .unknown ? nil : Architecture(rawValue: facts.baseArchitecture.rawValue)
  }
}

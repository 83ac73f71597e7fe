/// Names the ELF structure an ``ELFError`` is about, so a message can say exactly what was
/// being read ("program header 3", "version need at 0x1ab0").
public enum ELFStructure: Equatable, Hashable, Sendable {
  /// `Elf{32,64}_Ehdr` at offset 0.
  case fileHeader
  /// The whole program header table (`e_phoff`, `e_phnum × e_phentsize`).
  case programHeaderTable
  /// One `Elf{32,64}_Phdr`.
  case programHeader(index: Int)
  /// The whole section header table (`e_shoff`, `e_shnum × e_shentsize`).
  case sectionHeaderTable
  /// One `Elf{32,64}_Shdr`.
  case sectionHeader(index: Int)
  /// The section name string table (`e_shstrndx`).
  case sectionNameTable
  /// The contents of one section.
  case section(index: Int)
  /// The `PT_INTERP` string.
  case interpreter
  /// The `PT_DYNAMIC` segment (or `.dynamic` section) as a whole.
  case dynamicSection
  /// One `Elf{32,64}_Dyn` entry.
  case dynamicEntry(index: Int)
  /// The dynamic string table (`DT_STRTAB`, `DT_STRSZ`; `.dynstr`).
  case dynamicStringTable
  /// The dynamic symbol table (`DT_SYMTAB`; `.dynsym`).
  case dynamicSymbolTable
  /// One dynamic symbol.
  case dynamicSymbol(index: Int)
  /// The symbol version table (`DT_VERSYM`; `.gnu.version`).
  case versionSymbolTable
  /// One `Elf_Verneed` (`.gnu.version_r`) at a file offset.
  case versionNeed(offset: UInt64)
  /// One `Elf_Vernaux` at a file offset.
  case versionNeedAux(offset: UInt64)
  /// One `Elf_Verdef` (`.gnu.version_d`) at a file offset.
  case versionDefinition(offset: UInt64)
  /// One `Elf_Verdaux` at a file offset.
  case versionDefinitionAux(offset: UInt64)
  /// The SysV hash table (`DT_HASH`).
  case hashTable
  /// The GNU hash table (`DT_GNU_HASH`).
  case gnuHashTable
  /// A `PT_NOTE` segment or `SHT_NOTE` section.
  case noteRegion(offset: UInt64)
  /// One note (`Elf_Nhdr` + name + descriptor) at a file offset.
  case note(offset: UInt64)
  /// One GNU property inside an `NT_GNU_PROPERTY_TYPE_0` note, at a file offset.
  case gnuProperty(offset: UInt64)
}

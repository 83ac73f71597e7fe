/// Human-readable messages for ``ELFError`` and ``ELFStructure``; the only place they are
/// worded.
extension ELFError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .notELF(let magic):
      return "not an ELF file (magic \(magic.map { hex2($0) }.joined(separator: " ")))"
    case .unsupportedClass(let c):
      return "unsupported ELF class \(c) (expected 1 for ELF32 or 2 for ELF64)"
    case .unsupportedEncoding(let e):
      return "unsupported ELF data encoding \(e) (expected 1 little endian or 2 big endian)"
    case .unsupportedVersion(let v):
      return "unsupported ELF version \(v) (expected 1)"
    case .truncated(let s, let offset, let needed, let available):
      return "\(s) at offset \(hex(offset)) is truncated: needs \(needed) byte(s), "
        + "only \(available) left in the file"
    case .rangeOutsideFile(let s, let offset, let size, let fileSize):
      return "\(s) at offset \(hex(offset)) (size \(size)) lies outside the file "
        + "(\(fileSize) bytes)"
    case .invalidEntrySize(let s, let size, let expected):
      return "\(s) has entry size \(size), expected \(expected)"
    case .countTooLarge(let s, let offset, let count, let entrySize, let fileSize):
      return "\(s) at offset \(hex(offset)) claims \(count) entries of \(entrySize) bytes, "
        + "more than the file (\(fileSize) bytes) can hold"
    case .invalidLink(let section, let link):
      return "section \(section) links to section \(link), which does not exist"
    case .invalidSectionNameIndex(let index, let count):
      return "e_shstrndx \(index) does not name one of the \(count) sections"
    case .stringOffsetOutOfRange(let table, let offset):
      return "string offset \(hex(offset)) is outside the \(table)"
    case .unterminatedString(let table, let offset):
      return "string at offset \(hex(offset)) in the \(table) has no terminating NUL"
    case .stringDataTooLarge(let table, let limit):
      return "strings referenced from the \(table) exceed \(limit) bytes"
    case .malformedVersionChain(let s, let offset):
      return "malformed version chain at \(s): next entry offset \(hex(offset)) loops or "
        + "leaves the file"
    case .addressNotMapped(let s, let address):
      return "address \(hex(address)) of the \(s) is not inside any PT_LOAD segment"
    case .missingDynamicTag(let tag, let neededBy):
      return "DT_\(neededBy) requires DT_\(tag), which is missing"
    case .malformedHashTable(let s, let offset):
      return "malformed \(s) at offset \(hex(offset))"
    case .malformedNote(let s, let offset):
      return "malformed \(s): entry at offset \(hex(offset)) runs past its region"
    }
  }
}

extension ELFStructure: CustomStringConvertible {
  public var description: String {
    switch self {
    case .fileHeader: return "ELF file header"
    case .programHeaderTable: return "program header table"
    case .programHeader(let i): return "program header \(i)"
    case .sectionHeaderTable: return "section header table"
    case .sectionHeader(let i): return "section header \(i)"
    case .sectionNameTable: return "section name string table"
    case .section(let i): return "section \(i)"
    case .interpreter: return "PT_INTERP string"
    case .dynamicSection: return "dynamic section"
    case .dynamicEntry(let i): return "dynamic entry \(i)"
    case .dynamicStringTable: return "dynamic string table"
    case .dynamicSymbolTable: return "dynamic symbol table"
    case .dynamicSymbol(let i): return "dynamic symbol \(i)"
    case .versionSymbolTable: return "symbol version table (.gnu.version)"
    case .versionNeed(let o): return "version need (.gnu.version_r) at \(hex(o))"
    case .versionNeedAux(let o): return "version need aux at \(hex(o))"
    case .versionDefinition(let o): return "version definition (.gnu.version_d) at \(hex(o))"
    case .versionDefinitionAux(let o): return "version definition aux at \(hex(o))"
    case .hashTable: return "hash table (DT_HASH)"
    case .gnuHashTable: return "GNU hash table (DT_GNU_HASH)"
    case .noteRegion(let o): return "note region at \(hex(o))"
    case .note(let o): return "note at \(hex(o))"
    case .gnuProperty(let o): return "GNU property note at \(hex(o))"
    }
  }
}

private func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

private func hex2(_ byte: UInt8) -> String {
  byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
}

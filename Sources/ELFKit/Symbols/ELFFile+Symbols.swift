import BinaryKit

extension ELFFile {
  /// The dynamic symbols with names and versions. Each of `.dynsym`, `.dynstr` and
  /// `.gnu.version` is fetched with one read.
  public func dynamicSymbols() throws(ELFError) -> [DynamicSymbol] {
    let (_, entries) = try dynamicEntries()
    guard var strings = try dynamicStringTable(entries) else { return [] }
    let needs = try versionRequirements(entries, strings: &strings)
    let defs = try versionDefinitions(entries, strings: &strings)
    return try dynamicSymbols(entries, strings: &strings, needs: needs, definitions: defs)
  }

  func dynamicSymbols(
    _ entries: [DynamicEntry], strings: inout StringTable, needs: [VersionRequirement],
    definitions: [VersionDefinition], selection: SymbolSelection = .all
  ) throws(ELFError) -> [DynamicSymbol] {
    guard let location = try SymbolTableLocation.find(self, entries) else { return [] }
    let cls = elfClass
    let symSize = cls.symbolSize
    let table = try self.table(
      .dynamicSymbolTable, offset: location.offset, count: location.count, entrySize: symSize)
    let count = Int(location.count)
    let versions = try versionEntries(entries, count: count)
    let lookup = VersionLookup(requirements: needs, definitions: definitions)
    var symbols: [DynamicSymbol] = []
    if case .all = selection { symbols.reserveCapacity(count) }
    for i in 0..<count {
      let at = table.start + i * symSize
      let nameOffset: UInt32, info: UInt8, other: UInt8, shndx: UInt16
      let value: UInt64, size: UInt64
      do {
        nameOffset = try table.u32(at: at)
        if cls == .elf64 {
          info = try table.u8(at: at + 4)
          other = try table.u8(at: at + 5)
          shndx = try table.u16(at: at + 6)
          value = try table.u64(at: at + 8)
          size = try table.u64(at: at + 16)
        } else {
          value = UInt64(try table.u32(at: at + 4))
          size = UInt64(try table.u32(at: at + 8))
          info = try table.u8(at: at + 12)
          other = try table.u8(at: at + 13)
          shndx = try table.u16(at: at + 14)
        }
      } catch { throw ELFError.from(error, .dynamicSymbol(index: i)) }
      let binding = SymbolBinding(rawValue: info >> 4)
      let defined = shndx != 0
      if case .undefinedAndFunctions(let prefixes) = selection, defined {
        // Defined symbols are kept only when they are functions named with one of the
        // prefixes, checked on the table's bytes (no string is made for the others).
        guard SymbolType(rawValue: info & 0xf) == .function else { continue }
        let name = try strings.bytes(at: UInt64(nameOffset))
        guard prefixes.contains(where: { name.starts(with: $0.utf8) }) else { continue }
      }
      var symbol = DynamicSymbol(
        index: i, name: try strings.string(at: UInt64(nameOffset)), value: value, size: size,
        type: SymbolType(rawValue: info & 0xf), binding: binding,
        visibility: SymbolVisibility(rawValue: other & 3), sectionIndex: shndx,
        defined: defined, weak: binding == .weak, versionIndex: nil, hidden: false,
        version: nil, versionFile: nil)
      if let versions {
        let entry: UInt16
        do { entry = try versions.u16(at: versions.start + 2 * i) } catch {
          throw ELFError.from(error, .versionSymbolTable)
        }
        symbol.versionIndex = entry
        symbol.hidden = entry & 0x8000 != 0
        (symbol.version, symbol.versionFile) = lookup.resolve(entry, defined: defined)
      }
      symbols.append(symbol)
    }
    return symbols
  }

  /// The `.gnu.version` array for `count` symbols (one read), or `nil` without `DT_VERSYM`.
  func versionEntries(_ entries: [DynamicEntry], count: Int) throws(ELFError) -> ByteReader? {
    guard let address = entries.first(where: { $0.tag == .versym })?.value else { return nil }
    let offset = try addressMap.fileOffset(of: address, for: .versionSymbolTable)
    return try table(.versionSymbolTable, offset: offset, count: UInt64(count), entrySize: 2)
  }
}

/// Which dynamic symbols ``ELFFacts/parse(_:symbols:)`` keeps.
///
/// A large C++ library has hundreds of thousands of defined symbols, whose names take more
/// memory than everything else parsed; the audit only looks at undefined symbols and at a few
/// defined functions by name.
public enum SymbolSelection: Sendable, Hashable {
  /// Every symbol of `.dynsym`.
  case all
  /// Every undefined symbol (the null symbol included), and the defined `FUNC` symbols whose
  /// name starts with one of `prefixes`.
  case undefinedAndFunctions(prefixes: [String])
}

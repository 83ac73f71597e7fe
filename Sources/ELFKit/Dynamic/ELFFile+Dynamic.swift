import BinaryKit

extension ELFFile {
  /// The `PT_INTERP` string (without its NUL), or `nil` for objects without one.
  public func interpreter() throws(ELFError) -> String? {
    guard let seg = segment(ofType: .interp) else { return nil }
    let r = try region(.interpreter, offset: seg.offset, size: seg.fileSize)
    var table = StringTable(r, structure: .interpreter, fileSize: fileSize)
    if seg.fileSize == 0 { return "" }
    return try table.string(at: 0)
  }

  /// The `p_flags` of `PT_GNU_STACK`, or `nil` when the file has none.
  public var stackFlags: UInt32? { segment(ofType: .gnuStack)?.flags }

  /// Whether the loader gives this object an executable stack: `PT_GNU_STACK` with `PF_X`, or
  /// no `PT_GNU_STACK` at all (glibc's default stack permissions include execute).
  public var hasExecutableStack: Bool {
    guard let flags = stackFlags else { return true }
    return flags & SegmentFlags.execute != 0
  }

  /// File offset and size of the dynamic array: `PT_DYNAMIC`, else the `SHT_DYNAMIC` section.
  func dynamicLocation() -> (offset: UInt64, size: UInt64)? {
    if let seg = segment(ofType: .dynamic) { return (seg.offset, seg.fileSize) }
    if let (_, s) = section(ofType: .dynamic) { return (s.offset, s.size) }
    return nil
  }

  /// Every dynamic entry before the first `DT_NULL` (empty for static objects).
  public func dynamicEntries() throws(ELFError) -> (offset: UInt64, entries: [DynamicEntry]) {
    guard let (offset, size) = dynamicLocation() else { return (0, []) }
    let entrySize = UInt64(elfClass.dynamicEntrySize)
    let count = size / entrySize
    var r = try table(.dynamicSection, offset: offset, count: count, entrySize: Int(entrySize))
    var entries: [DynamicEntry] = []
    entries.reserveCapacity(Int(count))
    let cls = elfClass
    for i in 0..<Int(count) {
      let tag: UInt64, value: UInt64
      do {
        tag = try r.word(cls)
        value = try r.word(cls)
      } catch { throw ELFError.from(error, .dynamicEntry(index: i)) }
      if tag == 0 { break }
      entries.append(DynamicEntry(tag: DynamicTag(rawValue: tag), value: value))
    }
    return (offset, entries)
  }

  /// The dynamic string table located through `DT_STRTAB`/`DT_STRSZ` (and the address map), or
  /// `nil` when the object has no `DT_STRTAB`.
  func dynamicStringTable(_ entries: [DynamicEntry]) throws(ELFError) -> StringTable? {
    guard let address = entries.first(where: { $0.tag == .strtab })?.value else { return nil }
    guard let (offset, available) = addressMap.lookup(address) else {
      throw .addressNotMapped(.dynamicStringTable, address: address)
    }
    let size = entries.first(where: { $0.tag == .strsz })?.value ?? available
    let r = try region(.dynamicStringTable, offset: offset, size: size)
    return StringTable(r, structure: .dynamicStringTable, fileSize: fileSize)
  }

  /// Needed libraries, soname, search paths and flags from the dynamic section.
  public func dynamicInfo() throws(ELFError) -> DynamicInfo {
    let (offset, entries) = try dynamicEntries()
    var strings = try dynamicStringTable(entries)
    return try Self.dynamicInfo(entries, offset: offset, strings: &strings)
  }

  static func dynamicInfo(_ entries: [DynamicEntry], offset: UInt64, strings: inout StringTable?)
    throws(ELFError) -> DynamicInfo
  {
    var info = DynamicInfo.none
    info.entries = entries
    info.offset = offset
    for entry in entries {
      switch entry.tag {
      case .needed, .soname, .rpath, .runpath:
        guard var table = strings else { throw .missingDynamicTag(.strtab, neededBy: entry.tag) }
        let s = try table.string(at: entry.value)
        strings = table
        switch entry.tag {
        case .needed: info.needed.append(s)
        case .soname: if info.soname == nil { info.soname = s }
        case .rpath: if info.rpath == nil { info.rpath = s }
        default: if info.runpath == nil { info.runpath = s }
        }
      case .flags: info.flags = info.flags ?? entry.value
      case .flags1: info.flags1 = info.flags1 ?? entry.value
      case .strsz: info.stringTableSize = info.stringTableSize ?? entry.value
      case .verneednum: info.versionNeedCount = info.versionNeedCount ?? entry.value
      case .verdefnum: info.versionDefinitionCount = info.versionDefinitionCount ?? entry.value
      default: break
      }
    }
    return info
  }
}

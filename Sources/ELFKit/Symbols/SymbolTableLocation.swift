import BinaryKit

/// Where `.dynsym` is and how many entries it has: from the `SHT_DYNSYM` section header when
/// present, otherwise from `DT_HASH`'s `nchain`, otherwise by walking `DT_GNU_HASH`.
struct SymbolTableLocation: Sendable {
  var offset: UInt64
  var count: UInt64

  /// Bytes fetched per read while walking a GNU hash chain.
  static let chainChunk: UInt64 = 4096

  static func find(_ file: ELFFile, _ entries: [DynamicEntry]) throws(ELFError)
    -> SymbolTableLocation?
  {
    let symSize = UInt64(file.elfClass.symbolSize)
    let address = entries.first { $0.tag == .symtab }?.value
    var dynamicOffset: UInt64?
    if let address {
      dynamicOffset = try file.addressMap.fileOffset(of: address, for: .dynamicSymbolTable)
    }
    if let (index, s) = file.section(ofType: .dynsym) {
      try file.checkStringTableLink(of: index)
      guard s.entrySize == symSize else {
        throw .invalidEntrySize(.section(index: index), size: s.entrySize, expected: symSize)
      }
      return SymbolTableLocation(offset: dynamicOffset ?? s.offset, count: s.size / symSize)
    }
    guard let offset = dynamicOffset else { return nil }
    if let hash = entries.first(where: { $0.tag == .hash })?.value {
      return SymbolTableLocation(offset: offset, count: try sysvCount(file, hash))
    }
    if let gnu = entries.first(where: { $0.tag == .gnuHash })?.value,
      let count = try gnuCount(file, gnu)
    {
      return SymbolTableLocation(offset: offset, count: count)
    }
    return SymbolTableLocation(offset: offset, count: layoutCount(file, entries, address ?? 0))
  }

  /// Tags whose values are addresses of tables that linkers place after `.dynsym`.
  static let addressTags: Set<DynamicTag> = [
    .strtab, .versym, .verneed, .verdef, .hash, .gnuHash,
    DynamicTag(rawValue: 7), DynamicTag(rawValue: 17), DynamicTag(rawValue: 23),
    DynamicTag(rawValue: 36),  // DT_RELA, DT_REL, DT_JMPREL, DT_RELR
  ]

  /// The symbol count when no hash table gives it (an executable whose GNU hash table hashes
  /// nothing): the table runs up to the next dynamic table in address order (`.dynstr` in
  /// every GNU ld and lld layout), and never past its segment's file image.
  static func layoutCount(_ file: ELFFile, _ entries: [DynamicEntry], _ symtab: UInt64) -> UInt64 {
    let symSize = UInt64(file.elfClass.symbolSize)
    let available = file.addressMap.lookup(symtab)?.available ?? 0
    let next = entries.lazy.filter { addressTags.contains($0.tag) && $0.value > symtab }
      .map(\.value).min()
    let extent = next.map { min($0 - symtab, available) } ?? available
    return extent / symSize
  }

  /// `nchain` from the SysV hash table (8-byte entries on 64-bit s390x, as in binutils).
  static func sysvCount(_ file: ELFFile, _ address: UInt64) throws(ELFError) -> UInt64 {
    let offset = try file.addressMap.fileOffset(of: address, for: .hashTable)
    let wide = file.header.machine == .s390 && file.elfClass == .elf64
    let r = try file.region(.hashTable, offset: offset, size: wide ? 16 : 8)
    do {
      return wide ? try r.u64(at: 8) : UInt64(try r.u32(at: 4))
    } catch { throw ELFError.from(error, .hashTable) }
  }

  /// One past the highest symbol index reachable from the GNU hash table, or `nil` when every
  /// bucket is empty (the table then says nothing about the unhashed symbols). Reads the chain
  /// in small chunks and never walks further than the file allows.
  static func gnuCount(_ file: ELFFile, _ address: UInt64) throws(ELFError) -> UInt64? {
    let offset = try file.addressMap.fileOffset(of: address, for: .gnuHashTable)
    let head = try file.region(.gnuHashTable, offset: offset, size: 16)
    let nbuckets: UInt64, symoffset: UInt64, bloomSize: UInt64
    do {
      nbuckets = UInt64(try head.u32(at: 0))
      symoffset = UInt64(try head.u32(at: 4))
      bloomSize = UInt64(try head.u32(at: 8))
    } catch { throw ELFError.from(error, .gnuHashTable) }
    let word = UInt64(file.elfClass.wordSize)
    guard let bloomBytes = Checked.multiply(bloomSize, word),
      let bucketBytes = Checked.multiply(nbuckets, 4),
      let bucketsAt = Checked.add(offset + 16, bloomBytes),
      let chainAt = Checked.add(bucketsAt, bucketBytes)
    else {
      throw .countTooLarge(
        .gnuHashTable, offset: offset, count: nbuckets, entrySize: 4, fileSize: file.fileSize)
    }
    let buckets = try file.table(
      .gnuHashTable, offset: bucketsAt, count: nbuckets, entrySize: 4)
    var highest: UInt64 = 0
    do {
      for i in 0..<Int(nbuckets) { highest = max(highest, UInt64(try buckets.u32(at: i * 4))) }
    } catch { throw ELFError.from(error, .gnuHashTable) }
    if highest == 0 { return nil }
    guard highest >= symoffset else { throw .malformedHashTable(.gnuHashTable, offset: offset) }
    // Walk the chain of the highest bucket until an entry with the low bit set.
    var index = highest
    var chunkStart: UInt64 = .max
    var chunk = ByteReader([])
    while true {
      guard let at = Checked.add(chainAt, (index - symoffset) * 4), at < file.fileSize else {
        throw .malformedHashTable(.gnuHashTable, offset: offset)
      }
      if at < chunkStart || at + 4 > chunkStart + UInt64(chunk.end) {
        chunkStart = at
        let size = min(chainChunk, file.fileSize - at) & ~3
        guard size >= 4 else { throw .malformedHashTable(.gnuHashTable, offset: offset) }
        chunk = try file.region(.gnuHashTable, offset: at, size: size)
      }
      let value: UInt32
      do { value = try chunk.u32(at: Int(at - chunkStart)) } catch {
        throw ELFError.from(error, .gnuHashTable)
      }
      if value & 1 == 1 { return index + 1 }
      index += 1
    }
  }
}

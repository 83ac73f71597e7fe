import BinaryKit

extension ELFFile {
  /// Where a version table starts and how far its window may extend: the section when one of
  /// `type` exists at the translated address, else the rest of the address's segment.
  func versionTableStart(
    _ entries: [DynamicEntry], tag: DynamicTag, type: SectionType, structure: ELFStructure
  ) throws(ELFError) -> (offset: UInt64, available: UInt64, sectionCount: UInt64?)? {
    let found = self.section(ofType: type)
    if let found { try checkStringTableLink(of: found.index) }
    let section = found?.header
    if let address = entries.first(where: { $0.tag == tag })?.value {
      guard let (offset, available) = addressMap.lookup(address) else {
        throw .addressNotMapped(structure, address: address)
      }
      if let section, section.offset == offset {
        return (offset, max(section.size, available), UInt64(section.info))
      }
      return (offset, available, nil)
    }
    return nil
  }

  /// Charges one chain record of `size` bytes: the records of a well-formed table never
  /// overlap, so all of them together fit in the file. Overlapping hostile chains (steps of
  /// one byte, absurd counts) stop here instead of materialising more than the file holds.
  func charge(_ consumed: inout UInt64, _ size: UInt64, _ structure: ELFStructure, _ offset: UInt64)
    throws(ELFError)
  {
    consumed += size
    guard consumed <= fileSize else {
      throw .countTooLarge(
        structure, offset: offset, count: consumed / size, entrySize: size, fileSize: fileSize)
    }
  }

  /// `.gnu.version_r`, located through `DT_VERNEED` and counted by `DT_VERNEEDNUM`.
  func versionRequirements(_ entries: [DynamicEntry], strings: inout StringTable)
    throws(ELFError) -> [VersionRequirement]
  {
    guard
      let (start, available, sectionCount) = try versionTableStart(
        entries, tag: .verneed, type: .gnuVerneed, structure: .versionNeed(offset: 0))
    else { return [] }
    let count = entries.first { $0.tag == .verneednum }?.value ?? sectionCount
    let chain = try ChainWindow(
      self, offset: start, available: available, structure: .versionNeed(offset: start))
    var result: [VersionRequirement] = []
    var seen = Set<UInt64>()
    var consumed: UInt64 = 0
    var offset = start
    while count.map({ UInt64(result.count) < $0 }) ?? true {
      let here = ELFStructure.versionNeed(offset: offset)
      guard seen.insert(offset).inserted else { throw .malformedVersionChain(here, offset: offset) }
      try charge(&consumed, 16, here, offset)
      let r = try chain.record(at: offset, size: 16, here)
      let revision: UInt16, auxCount: UInt16, fileName: UInt32, aux: UInt32, next: UInt32
      do {
        revision = try r.u16(at: r.start)
        auxCount = try r.u16(at: r.start + 2)
        fileName = try r.u32(at: r.start + 4)
        aux = try r.u32(at: r.start + 8)
        next = try r.u32(at: r.start + 12)
      } catch { throw ELFError.from(error, here) }
      let file = try strings.string(at: UInt64(fileName))
      var versions: [VersionRequirement.Version] = []
      var auxSeen = Set<UInt64>()
      var auxOffset = try ChainWindow.next(offset, aux, here, fileSize: fileSize, allowZero: true)
      for j in 0..<Int(auxCount) {
        let there = ELFStructure.versionNeedAux(offset: auxOffset)
        guard auxSeen.insert(auxOffset).inserted else {
          throw .malformedVersionChain(there, offset: auxOffset)
        }
        try charge(&consumed, 16, there, auxOffset)
        let a = try chain.record(at: auxOffset, size: 16, there)
        let hash: UInt32, flags: UInt16, other: UInt16, name: UInt32, auxNext: UInt32
        do {
          hash = try a.u32(at: a.start)
          flags = try a.u16(at: a.start + 4)
          other = try a.u16(at: a.start + 6)
          name = try a.u32(at: a.start + 8)
          auxNext = try a.u32(at: a.start + 12)
        } catch { throw ELFError.from(error, there) }
        versions.append(
          .init(name: try strings.string(at: UInt64(name)), hash: hash, flags: flags, other: other))
        if j + 1 < Int(auxCount) {
          auxOffset = try ChainWindow.next(auxOffset, auxNext, there, fileSize: fileSize)
        }
      }
      result.append(
        VersionRequirement(file: file, revision: revision, versions: versions, offset: offset))
      if next == 0 {
        if let count, UInt64(result.count) < count {
          throw .malformedVersionChain(here, offset: offset)
        }
        break
      }
      offset = try ChainWindow.next(offset, next, here, fileSize: fileSize)
    }
    return result
  }

  /// `.gnu.version_d`, located through `DT_VERDEF` and counted by `DT_VERDEFNUM`.
  func versionDefinitions(_ entries: [DynamicEntry], strings: inout StringTable)
    throws(ELFError) -> [VersionDefinition]
  {
    guard
      let (start, available, sectionCount) = try versionTableStart(
        entries, tag: .verdef, type: .gnuVerdef, structure: .versionDefinition(offset: 0))
    else { return [] }
    let count = entries.first { $0.tag == .verdefnum }?.value ?? sectionCount
    let chain = try ChainWindow(
      self, offset: start, available: available, structure: .versionDefinition(offset: start))
    var result: [VersionDefinition] = []
    var seen = Set<UInt64>()
    var consumed: UInt64 = 0
    var offset = start
    while count.map({ UInt64(result.count) < $0 }) ?? true {
      let here = ELFStructure.versionDefinition(offset: offset)
      guard seen.insert(offset).inserted else { throw .malformedVersionChain(here, offset: offset) }
      try charge(&consumed, 20, here, offset)
      let r = try chain.record(at: offset, size: 20, here)
      let revision: UInt16, flags: UInt16, index: UInt16, auxCount: UInt16
      let hash: UInt32, aux: UInt32, next: UInt32
      do {
        revision = try r.u16(at: r.start)
        flags = try r.u16(at: r.start + 2)
        index = try r.u16(at: r.start + 4)
        auxCount = try r.u16(at: r.start + 6)
        hash = try r.u32(at: r.start + 8)
        aux = try r.u32(at: r.start + 12)
        next = try r.u32(at: r.start + 16)
      } catch { throw ELFError.from(error, here) }
      var names: [String] = []
      var auxSeen = Set<UInt64>()
      var auxOffset = try ChainWindow.next(offset, aux, here, fileSize: fileSize, allowZero: true)
      for j in 0..<Int(auxCount) {
        let there = ELFStructure.versionDefinitionAux(offset: auxOffset)
        guard auxSeen.insert(auxOffset).inserted else {
          throw .malformedVersionChain(there, offset: auxOffset)
        }
        try charge(&consumed, 8, there, auxOffset)
        let a = try chain.record(at: auxOffset, size: 8, there)
        let name: UInt32, auxNext: UInt32
        do {
          name = try a.u32(at: a.start)
          auxNext = try a.u32(at: a.start + 4)
        } catch { throw ELFError.from(error, there) }
        names.append(try strings.string(at: UInt64(name)))
        if j + 1 < Int(auxCount) {
          auxOffset = try ChainWindow.next(auxOffset, auxNext, there, fileSize: fileSize)
        }
      }
      result.append(
        VersionDefinition(
          index: index, flags: flags, revision: revision, hash: hash, names: names,
          offset: offset))
      if next == 0 {
        if let count, UInt64(result.count) < count {
          throw .malformedVersionChain(here, offset: offset)
        }
        break
      }
      offset = try ChainWindow.next(offset, next, here, fileSize: fileSize)
    }
    return result
  }
}

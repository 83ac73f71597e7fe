import BinaryKit

extension ELFFile {
  /// The note regions to read: `SHT_NOTE` sections when the file has section headers (the
  /// order auditwheel scans), otherwise `PT_NOTE` segments. Notes are padded to 8 bytes in a
  /// region aligned to 8 (`.note.gnu.property` on 64-bit) and to 4 otherwise, as readelf does.
  func noteRegions() -> [(offset: UInt64, size: UInt64, alignment: UInt64)] {
    if !sections.isEmpty {
      return sections.filter { $0.type == .note }.map { ($0.offset, $0.size, $0.addressAlignment) }
    }
    return programHeaders.filter { $0.type == .note }.map { ($0.offset, $0.fileSize, $0.alignment) }
  }

  /// Every note in the file's note regions, in order.
  public func notes() throws(ELFError) -> [Note] {
    var result: [Note] = []
    for region in noteRegions() {
      let r = try self.region(.noteRegion(offset: region.offset), offset: region.offset, size: region.size)
      let align = region.alignment == 8 ? 8 : 4
      var at = r.start
      while r.end - at >= 12 {
        let offset = r.baseOffset + UInt64(at)
        let here = ELFStructure.note(offset: offset)
        let namesz: UInt32, descsz: UInt32, type: UInt32
        do {
          namesz = try r.u32(at: at)
          descsz = try r.u32(at: at + 4)
          type = try r.u32(at: at + 8)
        } catch { throw ELFError.from(error, here) }
        let nameAt = at + 12
        guard Int(namesz) <= r.end - nameAt else { throw .malformedNote(here, offset: offset) }
        let descAt = Self.padded(nameAt + Int(namesz), align)
        guard descAt <= r.end, Int(descsz) <= r.end - descAt else {
          throw .malformedNote(here, offset: offset)
        }
        var nameBytes = r.bytes[nameAt..<(nameAt + Int(namesz))]
        if let nul = nameBytes.firstIndex(of: 0) { nameBytes = nameBytes[..<nul] }
        result.append(
          Note(
            name: String(decoding: nameBytes, as: UTF8.self), type: type,
            descriptor: Array(r.bytes[descAt..<(descAt + Int(descsz))]), offset: offset))
        at = Self.padded(descAt + Int(descsz), align)
      }
    }
    return result
  }

  static func padded(_ value: Int, _ align: Int) -> Int { (value + align - 1) & ~(align - 1) }

  /// The properties of an `NT_GNU_PROPERTY_TYPE_0` note; each is padded to 8 bytes in ELF64
  /// and 4 in ELF32.
  public func gnuProperties(_ note: Note) throws(ELFError) -> [GNUProperty] {
    let r = ByteReader(note.descriptor, order: byteOrder, baseOffset: note.offset)
    let align = elfClass == .elf64 ? 8 : 4
    var props: [GNUProperty] = []
    var at = 0
    while r.end - at >= 8 {
      let type: UInt32, size: UInt32
      do {
        type = try r.u32(at: at)
        size = try r.u32(at: at + 4)
      } catch { throw ELFError.from(error, .gnuProperty(offset: note.offset)) }
      guard Int(size) <= r.end - at - 8 else {
        throw .malformedNote(.gnuProperty(offset: note.offset), offset: note.offset + UInt64(at))
      }
      props.append(GNUProperty(type: type, data: Array(r.bytes[(at + 8)..<(at + 8 + Int(size))])))
      at = Self.padded(at + 8 + Int(size), align)
    }
    return props
  }

  /// The ISA bits, feature bits and build ID from the notes.
  public func noteSummary() throws(ELFError) -> NoteSummary {
    var summary = NoteSummary()
    let little = header.encoding == .little
    let x86 = header.machine == .x86_64 || header.machine == .i386
    let arm64 = header.machine == .aarch64
    for note in try notes() where note.name == "GNU" {
      if note.type == Note.gnuBuildID, summary.buildID == nil {
        summary.buildID = note.descriptor.map { b in
          let s = String(b, radix: 16)
          return b < 16 ? "0" + s : s
        }.joined()
      } else if note.type == Note.gnuPropertyType0 {
        for p in try gnuProperties(note) {
          switch p.type {
          case GNUProperty.x86ISANeeded where x86 && summary.x86ISANeeded == nil:
            summary.x86ISANeeded = p.word32(little)
          case GNUProperty.x86FeatureAnd where x86 && summary.x86FeatureAnd == nil:
            summary.x86FeatureAnd = p.word32(little)
          case GNUProperty.aarch64FeatureAnd where arm64 && summary.aarch64FeatureAnd == nil:
            summary.aarch64FeatureAnd = p.word32(little)
          default: break
          }
        }
      }
    }
    return summary
  }
}

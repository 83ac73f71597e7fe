import BinaryKit

/// Why an ELF file could not be read. Every case says *where*: the structure being read and the
/// file offset (or address) involved. Messages are rendered in `ELFError+Description.swift`.
public enum ELFError: Error, Equatable, Hashable, Sendable {
  /// The first four bytes are not `\x7fELF` (carries up to the first four bytes seen).
  case notELF(magic: [UInt8])
  /// `e_ident[EI_CLASS]` is neither `ELFCLASS32` nor `ELFCLASS64`.
  case unsupportedClass(UInt8)
  /// `e_ident[EI_DATA]` is neither `ELFDATA2LSB` nor `ELFDATA2MSB`.
  case unsupportedEncoding(UInt8)
  /// `e_ident[EI_VERSION]` or `e_version` is not `EV_CURRENT` (1).
  case unsupportedVersion(UInt32)
  /// The structure starts inside the file but the file ends before it does.
  case truncated(ELFStructure, offset: UInt64, needed: UInt64, available: UInt64)
  /// The structure starts at or past the end of the file, or `offset + size` overflows.
  case rangeOutsideFile(ELFStructure, offset: UInt64, size: UInt64, fileSize: UInt64)
  /// A table declares an entry size this reader cannot use (`e_phentsize`, `sh_entsize`, …).
  case invalidEntrySize(ELFStructure, size: UInt64, expected: UInt64)
  /// `count × entrySize` overflows or exceeds the file size: the table cannot be in the file.
  case countTooLarge(
    ELFStructure, offset: UInt64, count: UInt64, entrySize: UInt64, fileSize: UInt64)
  /// A section's `sh_link` (or `e_shstrndx`) names a section that does not exist or has the
  /// wrong type.
  case invalidLink(section: Int, link: UInt32)
  /// `e_shstrndx` names a section that does not exist (or has no file bytes).
  case invalidSectionNameIndex(UInt64, sectionCount: UInt64)
  /// A string offset points outside its string table.
  case stringOffsetOutOfRange(table: ELFStructure, offset: UInt64)
  /// A string starts inside its table but has no terminating NUL before the table ends.
  case unterminatedString(table: ELFStructure, offset: UInt64)
  /// Materialising the strings referenced by the file would exceed a bound derived from the
  /// file size (a hostile table pointing many entries at one huge string).
  case stringDataTooLarge(table: ELFStructure, limit: UInt64)
  /// A `vn_next`/`vna_next`/`vd_next`/`vda_next` chain loops, points outside the file, or
  /// ends before its declared count.
  case malformedVersionChain(ELFStructure, offset: UInt64)
  /// A virtual address used by the dynamic section is not inside any `PT_LOAD` segment's file
  /// image.
  case addressNotMapped(ELFStructure, address: UInt64)
  /// A dynamic tag needed to read another one is absent (e.g. `DT_NEEDED` without
  /// `DT_STRTAB`).
  case missingDynamicTag(DynamicTag, neededBy: DynamicTag)
  /// A hash table's header is inconsistent (zero buckets with symbols, bloom size not a power
  /// of two, a chain that runs off its table).
  case malformedHashTable(ELFStructure, offset: UInt64)
  /// A note's name or descriptor runs past the end of its region.
  case malformedNote(ELFStructure, offset: UInt64)
}

extension ELFError {
  /// Maps a BinaryKit read failure while reading `structure` to a located ELF error.
  static func from(_ error: ByteReadError, _ structure: ELFStructure) -> ELFError {
    if error.offset >= error.available {
      return .rangeOutsideFile(
        structure, offset: error.offset, size: error.count, fileSize: error.available)
    }
    return .truncated(
      structure, offset: error.offset, needed: error.count,
      available: error.available - error.offset)
  }
}

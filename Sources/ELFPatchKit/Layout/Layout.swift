import ELFKit

/// Where everything goes in the output: the result of ``LayoutPlanner/plan(_:_:)``, applied by
/// ``ELFWriter``. It says which bytes are written where; the writer decides nothing.
public struct Layout: Sendable, Equatable {
  /// Which case of the algorithm applied (see `docs/elf-patching.md`).
  public var kind: Kind
  public var format: ELFFormat
  /// Size of the output file.
  public var outputSize: UInt64
  /// How many leading bytes of the input are copied unchanged (all of it, or up to the end of
  /// the loaded image when stripping).
  public var keptInputPrefix: UInt64
  /// Non-allocated section contents moved down when stripping: `(from input offset, to output
  /// offset, size)`.
  public var moves: [Move]

  /// The whole program header table and where it goes (`e_phoff`, `e_phnum`).
  public var programHeaderOffset: UInt64
  public var programHeaders: [ProgramHeader]
  /// The `PT_LOAD` added at the end of the file, if one was needed.
  public var newSegment: ProgramHeader?

  /// The dynamic array: entries (without `DT_NULL`), file offset, and slots to fill (the rest
  /// is padded with `DT_NULL`).
  public var dynamicEntries: [DynamicEntry]
  public var dynamicOffset: UInt64
  public var dynamicSlots: Int
  /// Whether `.dynamic` moved into the new segment.
  public var dynamicMoved: Bool

  /// The dynamic string table's bytes when it moved (`nil` when the original is still used),
  /// its file offset and address, and `DT_STRSZ`.
  public var newStrings: [UInt8]?
  public var stringTableOffset: UInt64
  public var stringTableAddress: UInt64
  public var stringTableSize: UInt64

  /// `vn_file` fields to overwrite: the file offset of the 32-bit field and its new value.
  public var versionNeedFiles: [VersionNeedFile]

  /// The section header table to write (`nil`: unchanged), at `sectionHeaderOffset`, with
  /// `e_shstrndx` = `sectionNameIndex`.
  public var sections: [SectionHeader]?
  public var sectionHeaderOffset: UInt64
  public var sectionNameIndex: UInt64
  /// Names of the sections stripped (in their original order).
  public var strippedSections: [String]

  /// The cases of the layout algorithm.
  public enum Kind: Sendable, Hashable {
    /// Nothing changes: the output is the input.
    case unchanged
    /// Everything fits where it is: `.dynamic` (and `vn_file` fields, and the section header
    /// table when stripping) are rewritten in place.
    case inPlace
    /// The string table and/or `.dynamic` moved to a new `PT_LOAD` at the end of the file;
    /// the program header table grew as described.
    case newSegment(ProgramHeaderPlacement)
  }

  /// How the program header table made room for the new `PT_LOAD`.
  public enum ProgramHeaderPlacement: Sendable, Hashable {
    /// Free, zeroed bytes followed the table inside its `PT_LOAD`: it grew in place.
    case grownInPlace
    /// The table moved to the start of the new segment (`PT_PHDR` follows it).
    case movedToNewSegment
  }

  /// One block of non-allocated data moved by stripping.
  public struct Move: Sendable, Hashable {
    public var from: UInt64
    public var to: UInt64
    public var size: UInt64
  }

  /// One `vn_file` field to overwrite.
  public struct VersionNeedFile: Sendable, Hashable {
    public var fieldOffset: UInt64
    public var value: UInt32
  }
}

extension Layout {
  /// The byte ranges of the original loaded image the writer may change: the file header, the
  /// program header table (old place, grown in place), the dynamic array's slots, and the
  /// `vn_file` fields. ``ELFValidator`` checks nothing else below the end of the loaded image
  /// changed.
  var plannedWrites: [Range<UInt64>] {
    var ranges: [Range<UInt64>] = [0..<UInt64(format.fileHeaderSize)]
    let tableSize = UInt64(programHeaders.count * format.programHeaderSize)
    ranges.append(programHeaderOffset..<(programHeaderOffset + tableSize))
    if !dynamicMoved {
      let size = UInt64(dynamicSlots * format.dynamicEntrySize)
      ranges.append(dynamicOffset..<(dynamicOffset + size))
    }
    for f in versionNeedFiles { ranges.append(f.fieldOffset..<(f.fieldOffset + 4)) }
    if let sections {
      let size = UInt64(sections.count * format.sectionHeaderSize)
      ranges.append(sectionHeaderOffset..<(sectionHeaderOffset + size))
    }
    return ranges
  }
}

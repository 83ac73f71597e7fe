import ELFKit

/// Why a file could not be patched. Carries the file's path (a zip member name, or a path on
/// disk) and a structured reason; messages are rendered in `PatchError+Description.swift`.
///
/// A patch either returns bytes that passed ``ELFValidator`` or throws this error: a corrupt
/// output is never returned.
public struct PatchError: Error, Equatable, Hashable, Sendable {
  /// The file being patched, as the caller named it.
  public var path: String
  /// What went wrong.
  public var reason: Reason

  public init(path: String, reason: Reason) {
    self.path = path
    self.reason = reason
  }

  /// What went wrong.
  public enum Reason: Error, Equatable, Hashable, Sendable {
    /// ELFKit could not read the input.
    case unreadable(ELFError)
    /// Two edits contradict each other (the second was being added).
    case conflictingEdits(ELFEdit, ELFEdit)
    /// A name or path is empty or contains a NUL byte.
    case invalidString(ELFEdit)
    /// `replaceNeeded`/`removeNeeded` named a library the file does not need.
    case neededNotFound(String)
    /// `removeNeeded` named a library that `.gnu.version_r` requires versions from.
    case neededHasVersionRequirements(String)
    /// The file is valid but outside what the patcher handles safely.
    case unsupported(Unsupported)
    /// The planned output failed validation and was discarded. The input's segment invariants
    /// are checked first (``Unsupported/brokenInput(_:)``), so this means a patcher bug, or a
    /// file ELFKit reads differently once `.dynstr` moved (see `docs/elf-patching.md`).
    case invalidOutput(Violation)
  }

  /// Valid files the patcher refuses, and why.
  public enum Unsupported: Equatable, Hashable, Sendable {
    /// Only `ET_DYN` and `ET_EXEC` files have dynamic sections to patch.
    case objectType(ObjectType)
    /// No `PT_DYNAMIC` program header: a static or relocatable object.
    case noDynamicSegment
    /// `DT_STRTAB` or `DT_STRSZ` is missing, or the table is not inside a `PT_LOAD` file image.
    case noDynamicStringTable
    /// A program header's file range runs past the end of the file, its memory range past the
    /// class's address space, or a `PT_LOAD` has `p_filesz > p_memsz`.
    case segmentOutsideFile(index: Int)
    /// `PT_DYNAMIC` is not inside the file image of a `PT_LOAD`.
    case dynamicOutsideLoad
    /// The input already breaks an invariant every output must keep (a misaligned `PT_LOAD`,
    /// `PT_DYNAMIC` outside its segment's memory, a `PT_PHDR` that does not describe the
    /// table): patching it could not produce a file that passes validation.
    case brokenInput(Violation)
    /// `e_phnum` uses extended numbering (`PN_XNUM`), or `e_phentsize` is not the standard size.
    case programHeaderTable
    /// `.dynamic` would have to move, and the machine (MIPS) stores addresses relative to it.
    case dynamicMoveOnMachine(Machine)
    /// The new segment would not fit in the class's address space or file offsets.
    case addressSpaceExhausted
    /// Keeping an executable's new segment at the first segment's `p_vaddr - p_offset` (needed
    /// by kernels that compute `AT_PHDR` from `e_phoff`) would pad the file by this many bytes.
    case executableHoleTooLarge(UInt64)
    /// `PT_LOAD` `p_align` is not a power of two, or is implausibly large (over 1 MiB × 64).
    case implausibleAlignment(UInt64)
    /// A section that stripping would move lies outside the file, or has an implausible
    /// alignment (over 64 KiB).
    case sectionOutsideFile(section: String)
    /// Stripping would renumber a section that allocated content or `.dynsym` refers to by
    /// index (a removed section precedes an allocated one).
    case stripWouldRenumber(section: String)
    /// A kept section links (`sh_link`/`sh_info` with `SHF_INFO_LINK`) to a removed one.
    case stripLinkedSection(section: String, linkedTo: String)
  }

  /// An invariant the re-read output broke.
  public enum Violation: Equatable, Hashable, Sendable {
    /// ELFKit cannot read the output.
    case unreadable(ELFError)
    /// `PT_DYNAMIC` is not inside the memory and file image of one `PT_LOAD`.
    case dynamicNotLoaded
    /// `PT_DYNAMIC`'s `PT_LOAD` lost the write permission the original had.
    case dynamicNotWritable(flags: UInt32)
    /// A `PT_LOAD` has `p_offset % p_align != p_vaddr % p_align`.
    case misalignedLoad(index: Int)
    /// Two `PT_LOAD`s overlap in the file or in memory.
    case overlappingLoads(Int, Int)
    /// An original `PT_LOAD` was moved, resized, or lost.
    case loadChanged(index: Int)
    /// A non-`PT_LOAD` segment other than `PT_PHDR`/`PT_DYNAMIC` changed (GNU_RELRO, notes,
    /// GNU_STACK, GNU_PROPERTY, INTERP, …).
    case segmentChanged(SegmentType)
    /// `PT_PHDR` does not describe the program header table, or the table is not loaded.
    case programHeadersNotLoaded
    /// `DT_STRSZ` differs from the planned string table size.
    case stringTableSize(expected: UInt64, actual: UInt64?)
    /// A fact differs from the expected one.
    case factChanged(Fact)
    /// The layout placed a table outside the output (a planner bug caught by the writer).
    case writeOutsideOutput(offset: UInt64)
    /// A byte of the original loaded image changed outside the planned writes.
    case unplannedChange(offset: UInt64)
  }

  /// The facts the validator compares with their expected values.
  public enum Fact: String, Equatable, Hashable, Sendable {
    case needed, soname, rpath, runpath, versionNeeds, versionDefinitions, symbols
    /// Anything else in ``ELFFacts`` (identity, interpreter, flags, notes).
    case other
  }
}

import ELFKit

/// Human-readable messages for ``PatchError``; the only place they are worded.
extension PatchError: CustomStringConvertible {
  public var description: String { "\(path): \(reason)" }
}

extension PatchError.Reason: CustomStringConvertible {
  public var description: String {
    switch self {
    case .unreadable(let e): "cannot read the ELF file: \(e)"
    case .conflictingEdits(let a, let b): "conflicting edits: \(b.summary) contradicts \(a.summary)"
    case .invalidString(let e): "\(e.summary): names and paths must be non-empty and contain no NUL byte"
    case .neededNotFound(let n): "the file does not need \(n) (no DT_NEEDED entry names it)"
    case .neededHasVersionRequirements(let n):
      "cannot remove DT_NEEDED \(n): .gnu.version_r requires versions from it, and the loader "
        + "asserts when that library is not loaded"
    case .unsupported(let u): "cannot patch safely: \(u)"
    case .invalidOutput(let v): "the patched file failed validation and was discarded: \(v)"
    }
  }
}

extension PatchError.Unsupported: CustomStringConvertible {
  public var description: String {
    switch self {
    case .objectType(let t): "object type \(t) has no dynamic section to patch (only DYN and EXEC)"
    case .segmentOutsideFile(let i):
      "program header \(i) lies outside the file or the address space, or has p_filesz > p_memsz"
    case .noDynamicSegment: "no PT_DYNAMIC program header (a static or relocatable object)"
    case .noDynamicStringTable:
      "DT_STRTAB/DT_STRSZ missing, or the string table is not inside a PT_LOAD's file image"
    case .dynamicOutsideLoad: "PT_DYNAMIC is not inside a PT_LOAD's file image"
    case .brokenInput(let v): "the input is already inconsistent: \(v)"
    case .programHeaderTable:
      "the program header table uses extended numbering or a non-standard entry size"
    case .dynamicMoveOnMachine(let m):
      ".dynamic would have to move, and \(m) stores addresses relative to it"
    case .addressSpaceExhausted: "the new segment would not fit in the address space or file offsets"
    case .executableHoleTooLarge(let n):
      "the executable's new segment would need a hole of \(n) bytes to keep p_vaddr - p_offset "
        + "equal to the first PT_LOAD's (older kernels compute AT_PHDR from it)"
    case .implausibleAlignment(let a): "PT_LOAD alignment 0x\(String(a, radix: 16)) is implausible"
    case .sectionOutsideFile(let s):
      "section \(s) lies outside the file or has an implausible alignment"
    case .stripWouldRenumber(let s):
      "stripping would renumber section \(s), which is referred to by index"
    case .stripLinkedSection(let s, let l): "section \(s) links to \(l), which stripping removes"
    }
  }
}

extension PatchError.Violation: CustomStringConvertible {
  public var description: String {
    switch self {
    case .unreadable(let e): "ELFKit cannot read it: \(e)"
    case .dynamicNotLoaded: "PT_DYNAMIC is not inside a PT_LOAD"
    case .dynamicNotWritable(let f):
      "PT_DYNAMIC's PT_LOAD has flags 0x\(String(f, radix: 16)), without the original write permission"
    case .misalignedLoad(let i): "PT_LOAD \(i) has p_offset % p_align != p_vaddr % p_align"
    case .overlappingLoads(let a, let b): "PT_LOADs \(a) and \(b) overlap"
    case .loadChanged(let i): "original PT_LOAD \(i) moved, changed size, or disappeared"
    case .segmentChanged(let t): "a \(t) segment changed"
    case .programHeadersNotLoaded: "PT_PHDR does not describe a loaded program header table"
    case .stringTableSize(let e, let a):
      "DT_STRSZ is \(a.map(String.init) ?? "missing"), expected \(e), or DT_STRTAB is not loaded"
    case .factChanged(let f): "\(f.rawValue) differs from the expected result"
    case .writeOutsideOutput(let o): "a table was placed outside the output at 0x\(String(o, radix: 16))"
    case .unplannedChange(let o): "the loaded image changed at offset 0x\(String(o, radix: 16))"
    }
  }
}

extension ELFEdit {
  /// The edit as patchelf-style flags, for messages.
  public var summary: String {
    switch self {
    case .setSoname(let n): "--set-soname \(n)"
    case .replaceNeeded(let o, let n): "--replace-needed \(o) \(n)"
    case .removeNeeded(let n): "--remove-needed \(n)"
    case .setRunpathOrRpath(let v, .rpath): "--set-rpath \(v) (DT_RPATH)"
    case .setRunpathOrRpath(let v, .runpath): "--set-runpath \(v) (DT_RUNPATH)"
    case .removeRunpathAndRpath: "--remove-rpath"
    case .strip(let level): "--strip-\(level.rawValue)"
    }
  }
}

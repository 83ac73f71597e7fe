import BinaryKit
import ELFKit

/// Re-reads a patched file with ELFKit and checks the invariants whose violation corrupted
/// files in patchelf's history (#146, #152, #239, #446), plus that the edits took effect and
/// nothing else changed. See `docs/elf-patching.md` for the list and the reasons.
enum ELFValidator {
  /// Throws the first violated invariant of `output`, the result of applying `layout`
  /// (planned from `plan`) to `input`.
  static func validate(_ output: [UInt8], input: PatchInput, plan: PatchPlan, layout: Layout)
    throws(PatchError.Reason)
  {
    let file: ELFFile, facts: ELFFacts
    do {
      file = try ELFFile(InMemoryBytes(output))
      facts = try ELFFacts.parse(file)
    } catch {
      throw .invalidOutput(.unreadable(error))
    }
    try checkSegments(file, input)
    try checkDynamic(file, input, layout)
    try checkFacts(facts, expected(input.facts, plan))
    try checkUnplannedChanges(output, input, layout)
  }

  /// The segment invariants every output must keep, checked on the input first, so that a
  /// validation failure of the output always means a patcher bug.
  static func checkInput(_ input: PatchInput) throws(PatchError.Reason) {
    do {
      try checkLoadAlignment(input.file.programHeaders)
      try checkProgramHeaderSegment(input.file, input.tables.format)
      guard let dyn = input.file.segment(ofType: .dynamic) else { return }
      try checkDynamicMemory(dyn, input.file.programHeaders)
    } catch {
      if case .invalidOutput(let v) = error { throw .unsupported(.brokenInput(v)) }
      throw error
    }
  }

  static func checkLoadAlignment(_ phdrs: [ProgramHeader]) throws(PatchError.Reason) {
    for (i, p) in phdrs.enumerated() where p.type == .load && p.alignment > 1 {
      guard p.offset % p.alignment == p.virtualAddress % p.alignment else {
        throw .invalidOutput(.misalignedLoad(index: i))
      }
    }
  }

  /// `PT_PHDR`, if present, equals the table and lies in a `PT_LOAD`.
  static func checkProgramHeaderSegment(_ file: ELFFile, _ format: ELFFormat) throws(PatchError.Reason) {
    let phdrs = file.programHeaders
    guard let p = phdrs.first(where: { $0.type == .phdr }) else { return }
    let size = UInt64(phdrs.count * format.programHeaderSize)
    guard p.offset == file.header.programHeaderOffset, p.fileSize == size, p.memorySize == size,
      phdrs.contains(where: { $0.type == .load && $0.mapsFile(of: p) })
    else { throw .invalidOutput(.programHeadersNotLoaded) }
  }

  /// The `PT_LOAD` holding `PT_DYNAMIC`, which must lie inside its memory image too.
  @discardableResult
  static func checkDynamicMemory(_ dyn: ProgramHeader, _ phdrs: [ProgramHeader])
    throws(PatchError.Reason) -> ProgramHeader
  {
    guard let holder = phdrs.first(where: { $0.type == .load && $0.mapsFile(of: dyn) }),
      dyn.virtualAddress - holder.virtualAddress <= holder.memorySize,
      dyn.memorySize <= holder.memorySize - (dyn.virtualAddress - holder.virtualAddress)
    else { throw .invalidOutput(.dynamicNotLoaded) }
    return holder
  }

  /// `PT_LOAD`s: aligned, disjoint, the original ones untouched; other segments untouched
  /// (except `PT_PHDR` and `PT_DYNAMIC`, which follow their tables).
  static func checkSegments(_ file: ELFFile, _ input: PatchInput) throws(PatchError.Reason) {
    let phdrs = file.programHeaders
    let loads = phdrs.indices.filter { phdrs[$0].type == .load }
    try checkLoadAlignment(phdrs)
    let original = input.tables.programHeaders.filter { $0.type == .load }
    for (n, i) in loads.enumerated() {
      for j in loads[(n + 1)...] where overlap(phdrs[i], phdrs[j]) {
        // Overlaps the input already had (both segments original) are the linker's business.
        let inherited = original.contains(phdrs[i]) && original.contains(phdrs[j])
        if !inherited { throw .invalidOutput(.overlappingLoads(i, j)) }
      }
    }
    // The original PT_LOADs, in order, with nothing but one added segment after them.
    let kept = loads.map { phdrs[$0] }.filter { original.contains($0) }
    if kept != original {
      let index = original.indices.first { $0 >= kept.count || kept[$0] != original[$0] } ?? 0
      throw .invalidOutput(.loadChanged(index: index))
    }
    let untouched: (ProgramHeader) -> Bool = { ![.load, .phdr, .dynamic].contains($0.type) }
    let others = input.tables.programHeaders.filter(untouched)
    let othersNow = phdrs.filter(untouched)
    if others != othersNow {
      let changed = zip(others, othersNow).first { $0 != $1 }?.0 ?? (others.last ?? othersNow.last)
      throw .invalidOutput(.segmentChanged(changed?.type ?? .null))
    }
    // The program header table is loaded, and PT_PHDR describes it.
    try checkProgramHeaderSegment(file, input.tables.format)
    let tableOffset = file.header.programHeaderOffset
    let tableSize = UInt64(phdrs.count * input.tables.format.programHeaderSize)
    // A table the loader could find in memory before still can.
    let t = input.tables
    let before = UInt64(t.programHeaders.count * t.format.programHeaderSize)
    let wasLoaded = t.programHeaders.contains {
      $0.type == .load && $0.offset <= t.programHeaderOffset
        && t.programHeaderOffset + before <= $0.offset + $0.fileSize
    }
    let isLoaded = phdrs.contains {
      $0.type == .load && $0.offset <= tableOffset
        && tableOffset + tableSize <= $0.offset + $0.fileSize
    }
    if wasLoaded && !isLoaded { throw .invalidOutput(.programHeadersNotLoaded) }
  }

  /// `PT_DYNAMIC` inside a `PT_LOAD` with the original write permission; `DT_STRSZ` as planned.
  static func checkDynamic(_ file: ELFFile, _ input: PatchInput, _ layout: Layout)
    throws(PatchError.Reason)
  {
    guard let dyn = file.segment(ofType: .dynamic) else { throw .invalidOutput(.dynamicNotLoaded) }
    let holder = try checkDynamicMemory(dyn, file.programHeaders)
    let write = SegmentFlags.write
    guard holder.flags & write == input.tables.dynamic.loadFlags & write else {
      throw .invalidOutput(.dynamicNotWritable(flags: holder.flags))
    }
    let entries: [DynamicEntry]
    do { entries = try file.dynamicEntries().entries } catch { throw .invalidOutput(.unreadable(error)) }
    let strsz = entries.first { $0.tag == .strsz }?.value
    guard strsz == layout.stringTableSize,
      let strtab = entries.first(where: { $0.tag == .strtab })?.value,
      let hit = file.addressMap.lookup(strtab), layout.stringTableSize <= hit.available
    else {
      throw .invalidOutput(.stringTableSize(expected: layout.stringTableSize, actual: strsz))
    }
  }

  /// The facts the edits should produce from `input`.
  static func expected(_ input: ELFFacts, _ plan: PatchPlan) -> ELFFacts {
    var f = input
    f.needed = input.needed.compactMap(plan.neededAfter)
    f.soname = plan.soname ?? input.soname
    switch plan.searchPath {
    case nil: break
    case .remove: (f.rpath, f.runpath) = (nil, nil)
    case .set(let value, .rpath): (f.rpath, f.runpath) = (value, nil)
    case .set(let value, .runpath): (f.rpath, f.runpath) = (nil, value)
    }
    let renamed = { (file: String) in plan.neededAfter(file) ?? file }
    for i in f.versionNeeds.indices { f.versionNeeds[i].file = renamed(f.versionNeeds[i].file) }
    for i in f.symbols.indices { f.symbols[i].versionFile = f.symbols[i].versionFile.map(renamed) }
    return f
  }

  static func checkFacts(_ actual: ELFFacts, _ expected: ELFFacts) throws(PatchError.Reason) {
    let checks: [(PatchError.Fact, Bool)] = [
      (.needed, actual.needed == expected.needed), (.soname, actual.soname == expected.soname),
      (.rpath, actual.rpath == expected.rpath), (.runpath, actual.runpath == expected.runpath),
      (.versionNeeds, actual.versionNeeds == expected.versionNeeds),
      (.versionDefinitions, actual.versionDefinitions == expected.versionDefinitions),
      (.symbols, actual.symbols == expected.symbols), (.other, actual == expected),
    ]
    if let failed = checks.first(where: { !$0.1 }) { throw .invalidOutput(.factChanged(failed.0)) }
  }

  /// Below the end of the original loaded image, only planned ranges may differ.
  static func checkUnplannedChanges(_ output: [UInt8], _ input: PatchInput, _ layout: Layout)
    throws(PatchError.Reason)
  {
    let end = Int(min(input.tables.loadedImageEnd, UInt64(output.count), UInt64(input.bytes.count)))
    var allowed = [Bool](repeating: false, count: end)
    for r in layout.plannedWrites where r.lowerBound < UInt64(end) {
      for i in Int(r.lowerBound)..<Int(min(r.upperBound, UInt64(end))) { allowed[i] = true }
    }
    for i in 0..<end where !allowed[i] && output[i] != input.bytes[i] {
      throw .invalidOutput(.unplannedChange(offset: UInt64(i)))
    }
  }

  private static func overlap(_ a: ProgramHeader, _ b: ProgramHeader) -> Bool {
    func meets(_ x: UInt64, _ xs: UInt64, _ y: UInt64, _ ys: UInt64) -> Bool {
      xs > 0 && ys > 0 && x < y &+ ys && y < x &+ xs
    }
    return meets(a.offset, a.fileSize, b.offset, b.fileSize)
      || meets(a.virtualAddress, a.memorySize, b.virtualAddress, b.memorySize)
  }
}

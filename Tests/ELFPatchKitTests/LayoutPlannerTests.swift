import BinaryKit
import ELFKit
import TestSupport
import Testing

@testable import ELFPatchKit

/// The planner is a pure function of tables: these tests feed it tables read from fixtures and
/// then altered, to reach decisions real linkers rarely force.
@Suite struct LayoutPlannerTests {
  static func tables(_ fixture: String, _ derive: ([UInt8]) throws -> [UInt8] = { $0 }) throws -> PatchTables {
    try PatchInput(try derive(try Fixtures.bytes(fixture)), readSymbolTable: false).tables
  }

  static let rpath = try! PatchPlan([.setRunpathOrRpath("$ORIGIN/../some.libs", kind: .rpath)])

  @Test func removalIsInPlace() throws {
    let t = try Self.tables("private/lib/liba.so.1.0.0")
    let layout = try LayoutPlanner.plan(t, try PatchPlan([.removeNeeded("libb.so.1")]))
    #expect(layout.kind == .inPlace)
    #expect(layout.newSegment == nil)
    #expect(layout.dynamicEntries.count == t.dynamic.entries.count - 1)
    #expect(layout.dynamicSlots == t.dynamic.slots)
    #expect(layout.dynamicOffset == t.dynamic.offset)
    #expect(layout.outputSize == t.fileSize)
  }

  /// (c) A zeroed, unclaimed entry after the table inside the first PT_LOAD: the table grows in
  /// place; anything claiming those bytes, or no section headers to prove they are free,
  /// moves it instead.
  @Test func programHeaderSlackDecision() throws {
    var t = try Self.tables("private/lib/liba.so.1.0.0")
    t.programHeaders.removeAll { $0.type == .gnuStack }
    t.bytesAfterProgramHeaders = Array(repeating: 0, count: 56)
    let grown = try LayoutPlanner.plan(t, Self.rpath)
    #expect(grown.kind == .newSegment(.grownInPlace))
    #expect(grown.programHeaderOffset == t.programHeaderOffset)
    #expect(grown.programHeaders.count == t.programHeaders.count + 1)

    var dirty = t
    dirty.bytesAfterProgramHeaders[3] = 1
    #expect(try LayoutPlanner.plan(dirty, Self.rpath).kind == .newSegment(.movedToNewSegment))

    var claimed = t
    claimed.sections[1].offset = t.programHeaderOffset + UInt64(t.programHeaders.count * 56) + 8
    #expect(try LayoutPlanner.plan(claimed, Self.rpath).kind == .newSegment(.movedToNewSegment))

    var unknown = t
    unknown.sections = []
    #expect(try LayoutPlanner.plan(unknown, Self.rpath).kind == .newSegment(.movedToNewSegment))
  }

  /// 64 KiB-aligned segments (aarch64): the new segment starts on a fresh 64 KiB boundary in
  /// memory, but its file offset is only page-aligned, congruent modulo p_align.
  @Test func largeAlignmentDoesNotPadTheFile() throws {
    let t = try Self.tables("cross/aarch64/libtiny.so.1")
    let layout = try LayoutPlanner.plan(t, Self.rpath)
    let s = try #require(layout.newSegment)
    let top = t.programHeaders.filter { $0.type == .load }.map { $0.virtualAddress + $0.memorySize }.max() ?? 0
    #expect(s.alignment == 0x10000)
    #expect(s.offset == (t.fileSize + 0xfff) / 0x1000 * 0x1000)
    #expect(s.offset % s.alignment == s.virtualAddress % s.alignment)
    #expect(s.virtualAddress >= (top + 0xffff) / 0x10000 * 0x10000)
    #expect(s.virtualAddress < (top + 0xffff) / 0x10000 * 0x10000 + 0x10000)
  }

  @Test func refusals() throws {
    // An executable whose huge .bss would force a hole of more than 64 MiB in the file.
    var exe = try Self.tables("bin/hello_nopie")
    let last = try #require(exe.programHeaders.lastIndex { $0.type == .load })
    exe.programHeaders[last].memorySize = 1 << 28
    #expect {
      try LayoutPlanner.plan(exe, Self.rpath)
    } throws: { e in
      if case .unsupported(.executableHoleTooLarge) = e as? PatchError.Reason { true } else { false }
    }

    // ELF32 with segments at the top of the address space.
    var top = try Self.tables("cross/i686/libtiny.so.1")
    let tl = try #require(top.programHeaders.lastIndex { $0.type == .load })
    top.programHeaders[tl].virtualAddress = 0xffff_0000
    top.programHeaders[tl].memorySize = 0xfff0
    #expect(throws: PatchError.Reason.unsupported(.addressSpaceExhausted)) {
      try LayoutPlanner.plan(top, Self.rpath)
    }

    // MIPS keeps addresses relative to .dynamic: it may not move.
    var mips = try Self.tables("private/lib/liba.so.1.0.0", Derived.squeezedDynamic)
    mips.machine = Machine(rawValue: 8)
    #expect(throws: PatchError.Reason.unsupported(.dynamicMoveOnMachine(Machine(rawValue: 8)))) {
      try LayoutPlanner.plan(mips, Self.rpath)
    }
    // …but edits that keep .dynamic where it is are fine.
    #expect(try LayoutPlanner.plan(mips, try PatchPlan([.removeNeeded("libb.so.1")])).kind == .inPlace)

    // p_align not a power of two.
    var odd = try Self.tables("private/lib/liba.so.1.0.0")
    odd.programHeaders[0].alignment = 0x3000
    #expect(throws: PatchError.Reason.unsupported(.implausibleAlignment(0x3000))) {
      try LayoutPlanner.plan(odd, Self.rpath)
    }
  }

  /// A moved `.dynamic` keeps the write permission of the segment it came from, and the new
  /// segment lies past every existing one.
  @Test func movedDynamicIsWritable() throws {
    let t = try Self.tables("private/lib/liba.so.1.0.0", Derived.squeezedDynamic)
    let layout = try LayoutPlanner.plan(t, Self.rpath)
    let s = try #require(layout.newSegment)
    #expect(layout.dynamicMoved)
    #expect(s.flags == SegmentFlags.read | SegmentFlags.write)
    #expect(layout.dynamicSlots == t.dynamic.entries.count + 2)
    for p in t.programHeaders where p.type == .load {
      #expect(s.virtualAddress >= p.virtualAddress + p.memorySize)
      #expect(s.offset >= p.offset + p.fileSize)
    }
    let dynamic = try #require(layout.programHeaders.first { $0.type == .dynamic })
    #expect(dynamic.offset == layout.dynamicOffset)
    #expect(dynamic.virtualAddress - s.virtualAddress == dynamic.offset - s.offset)
  }
}

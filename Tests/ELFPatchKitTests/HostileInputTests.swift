import BinaryKit
import ELFKit
import TestSupport
import Testing

@testable import ELFPatchKit

/// Damaged inputs give a typed ``PatchError`` naming the file, never a crash; whatever is
/// returned passed validation.
@Suite struct HostileInputTests {
  static let edits: [ELFEdit] = [
    .setSoname("libhostile-00000000.so"), .setRunpathOrRpath("$ORIGIN/../hostile.libs", kind: .rpath),
  ]

  /// A small deterministic generator (SplitMix64), so failures reproduce.
  struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9e37_79b9_7f4a_7c15
      var z = state
      z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
      z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
      return z ^ (z >> 31)
    }
  }

  /// Outcome of one patch attempt: the output re-reads, or a typed error names the file.
  static func attempt(_ bytes: [UInt8], edits: [ELFEdit] = edits, path: String = "hostile.so") -> PatchError? {
    do {
      let out = try ELFPatcher.patch(bytes: bytes, edits: edits, path: path)
      #expect((try? ELFFacts.parse(InMemoryBytes(out))) != nil, "a returned output must re-read")
      return nil
    } catch {
      #expect(error.path == path)
      return error
    }
  }

  @Test(arguments: ["private/lib/liba.so.1.0.0", "bin/hello_nopie", "cross/i686/libtiny.so.1", "libnoshdr.so"])
  func truncationsFailWithTypedErrors(_ fixture: String) throws {
    let bytes = try Fixtures.bytes(fixture)
    var failures = 0
    // Every 61st length plus the interesting boundaries: header, table ends, the file end.
    var lengths = Array(stride(from: 0, to: bytes.count, by: 61))
    lengths += [0, 1, 4, 16, 52, 63, 64, 65, bytes.count - 1]
    for n in lengths where n >= 0 && n < bytes.count {
      if Self.attempt(Array(bytes.prefix(n))) != nil { failures += 1 }
    }
    #expect(failures > lengths.count / 2, "most truncations lose a table the patcher needs")
  }

  @Test(arguments: ["private/lib/liba.so.1.0.0", "bin/hello_pie", "cross/s390x/libtiny.so.1"])
  func corruptedHeaderTablesNeverCrash(_ fixture: String) throws {
    let bytes = try Fixtures.bytes(fixture)
    let file = try ELFFile(InMemoryBytes(bytes))
    // The header, the program header table and the dynamic array: what the planner trusts.
    let dyn = try #require(file.segment(ofType: .dynamic))
    let regions: [Range<Int>] = [
      0..<64,
      Int(file.header.programHeaderOffset)..<Int(file.header.programHeaderOffset) + file.programHeaders.count * 56,
      Int(dyn.offset)..<Int(dyn.offset + dyn.fileSize),
    ]
    var rng = SplitMix(state: 0x5eed)
    var outcomes = (ok: 0, failed: 0)
    for _ in 0..<400 {
      var damaged = bytes
      for _ in 0..<(1 + Int(rng.next() % 4)) {
        let region = regions[Int(rng.next() % UInt64(regions.count))]
        let at = region.lowerBound + Int(rng.next() % UInt64(region.count))
        damaged[at] = UInt8(truncatingIfNeeded: rng.next())
      }
      if Self.attempt(damaged) == nil { outcomes.ok += 1 } else { outcomes.failed += 1 }
    }
    #expect(outcomes.ok + outcomes.failed == 400)
    #expect(outcomes.failed > 0)
  }

  /// Specific damage, specific reasons.
  @Test func specificReasons() throws {
    let good = try Fixtures.bytes("private/lib/liba.so.1.0.0")
    let file = try ELFFile(InMemoryBytes(good))
    let phoff = Int(file.header.programHeaderOffset)
    func expect(
      _ bytes: [UInt8], _ reason: PatchError.Reason, edits: [ELFEdit] = Self.edits,
      sourceLocation: SourceLocation = #_sourceLocation
    ) {
      #expect(Self.attempt(bytes, edits: edits)?.reason == reason, sourceLocation: sourceLocation)
    }
    expect([0x7f, 0x45], .unreadable(.notELF(magic: [0x7f, 0x45])))

    var rel = good
    rel.put(1, width: 2, at: 16, order: .little)
    expect(rel, .unsupported(.objectType(.relocatable)))

    let dynIndex = try #require(file.programHeaders.firstIndex { $0.type == .dynamic })
    var noDynamic = good
    noDynamic.put(0x6000_0000, width: 4, at: phoff + dynIndex * 56, order: .little)
    expect(noDynamic, .unsupported(.noDynamicSegment))

    // A PT_LOAD whose file image runs past the end of the file.
    let loadIndex = try #require(file.programHeaders.lastIndex { $0.type == .load })
    var outside = good
    outside.put(UInt64(good.count), width: 8, at: phoff + loadIndex * 56 + 8, order: .little)
    expect(outside, .unsupported(.segmentOutsideFile(index: loadIndex)))

    // An absurd p_align on the last PT_LOAD (its offset and address stay congruent).
    var aligned = good
    aligned.put(1 << 40, width: 8, at: phoff + loadIndex * 56 + 48, order: .little)
    expect(aligned, .unsupported(.implausibleAlignment(1 << 40)))

    // A misaligned PT_LOAD in the input: refused before planning, not blamed on the output.
    var misaligned = good
    misaligned.put(file.programHeaders[1].virtualAddress + 8, width: 8, at: phoff + 56 + 16, order: .little)
    expect(misaligned, .unsupported(.brokenInput(.misalignedLoad(index: 1))))

    expect(good, .neededNotFound("libz.so.1"), edits: [.removeNeeded("libz.so.1")])
  }

  /// removeNeeded refuses a library the version requirements name (glibc would assert).
  @Test func removingAVersionedNeedIsRefused() throws {
    let bytes = try Fixtures.bytes("bin/hello_pie")
    #expect(throws: PatchError(path: "hello", reason: .neededHasVersionRequirements("libversioned.so"))) {
      _ = try ELFPatcher.patch(bytes: bytes, edits: [.removeNeeded("libversioned.so")], path: "hello")
    }
  }

  /// Without section headers the patcher works from PT_DYNAMIC and DT_STRTAB alone, and there
  /// is nothing to strip.
  @Test func noSectionHeaders() throws {
    let bytes = try Fixtures.bytes("libnoshdr.so")
    #expect(try ELFPatcher.patch(bytes: bytes, edits: [.strip(.all)], path: "noshdr") == bytes)
    let out = try ELFPatcher.patch(bytes: bytes, edits: Self.edits, path: "noshdr")
    let facts = try ELFFacts.parse(InMemoryBytes(out))
    #expect(facts.soname == "libhostile-00000000.so")
    #expect(facts.rpath == "$ORIGIN/../hostile.libs")
    #expect(try ELFFile(InMemoryBytes(out)).sections.isEmpty)
  }
}

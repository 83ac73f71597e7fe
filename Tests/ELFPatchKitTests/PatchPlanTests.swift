import TestSupport
import Testing

@testable import ELFPatchKit

/// Contradictory edits are rejected when added, with both edits named; repeats are harmless.
@Suite struct PatchPlanTests {
  @Test func conflictingEditsAreRejectedWhenAdded() throws {
    let cases: [(ELFEdit, ELFEdit)] = [
      (.setSoname("a.so"), .setSoname("b.so")),
      (.replaceNeeded(old: "x.so", new: "y.so"), .replaceNeeded(old: "x.so", new: "z.so")),
      (.replaceNeeded(old: "x.so", new: "y.so"), .removeNeeded("x.so")),
      (.removeNeeded("x.so"), .replaceNeeded(old: "x.so", new: "y.so")),
      (.setRunpathOrRpath("$ORIGIN", kind: .rpath), .setRunpathOrRpath("$ORIGIN", kind: .runpath)),
      (.setRunpathOrRpath("$ORIGIN", kind: .rpath), .setRunpathOrRpath("/opt", kind: .rpath)),
      (.setRunpathOrRpath("$ORIGIN", kind: .rpath), .removeRunpathAndRpath),
      (.removeRunpathAndRpath, .setRunpathOrRpath("$ORIGIN", kind: .runpath)),
      (.strip(.all), .strip(.debug)),
    ]
    for (first, second) in cases {
      var plan = PatchPlan()
      try plan.add(first)
      #expect(throws: PatchError.Reason.conflictingEdits(first, second)) { try plan.add(second) }
      #expect(plan.edits == [first], "a rejected edit leaves the plan unchanged")
    }
  }

  @Test func repeatsAndIndependentEditsCombine() throws {
    let plan = try PatchPlan([
      .setSoname("liba-12345678.so.1"), .setSoname("liba-12345678.so.1"),
      .replaceNeeded(old: "libb.so.1", new: "libb-87654321.so.1"),
      .replaceNeeded(old: "libc_chain.so.1", new: "libb.so.1"),
      .removeNeeded("libpython3.11.so.1.0"), .removeNeeded("libpython3.11.so.1.0"),
      .setRunpathOrRpath("$ORIGIN", kind: .rpath), .strip(.all),
    ])
    #expect(plan.edits.count == 6)
    #expect(plan.soname == "liba-12345678.so.1")
    #expect(plan.searchPath == .set("$ORIGIN", .rpath))
    #expect(plan.strip == .all)
    // Replacements apply to original names only: nothing is renamed twice.
    #expect(plan.neededAfter("libb.so.1") == "libb-87654321.so.1")
    #expect(plan.neededAfter("libc_chain.so.1") == "libb.so.1")
    #expect(plan.neededAfter("libpython3.11.so.1.0") == nil)
    #expect(plan.neededAfter("libc.so.6") == "libc.so.6")
  }

  @Test func emptyAndNulNamesAreRejected() {
    for edit: ELFEdit in [
      .setSoname(""), .removeNeeded(""), .replaceNeeded(old: "a", new: ""),
      .replaceNeeded(old: "", new: "b"), .setRunpathOrRpath("", kind: .rpath),
      .setSoname("a\u{0}b"),
    ] {
      #expect(throws: PatchError.Reason.invalidString(edit)) { try PatchPlan([edit]) }
    }
  }

  @Test func errorsNameTheFileAndBothEdits() {
    let error = PatchError(
      path: "pkg/_ext.so",
      reason: .conflictingEdits(.setSoname("a"), .setSoname("b")))
    #expect(error.description == "pkg/_ext.so: conflicting edits: --set-soname b contradicts --set-soname a")
    let api = #expect(throws: PatchError.self) {
      _ = try ELFPatcher.patch(bytes: [], edits: [.removeRunpathAndRpath, .setRunpathOrRpath("x", kind: .rpath)], path: "f.so")
    }
    #expect(api?.path == "f.so")
    #expect(api?.reason == .conflictingEdits(.removeRunpathAndRpath, .setRunpathOrRpath("x", kind: .rpath)))
  }
}

/// The rebuilt `.dynstr` keeps the old bytes as a prefix and reuses any string already there.
@Suite struct StringTableBuilderTests {
  @Test func existingStringsAndSuffixesAreReused() {
    let original = Array("\u{0}libfoo.so.1\u{0}bar\u{0}".utf8)
    var b = StringTableBuilder(original)
    #expect(b.offset(of: "libfoo.so.1") == 1)
    #expect(b.offset(of: "foo.so.1") == 4, "a tail of a longer string is a valid C string")
    #expect(b.offset(of: "bar") == 13)
    #expect(!b.grew)
    #expect(b.offset(of: "new") == UInt64(original.count))
    #expect(b.offset(of: "ew") == UInt64(original.count) + 1)
    #expect(b.offset(of: "new") == UInt64(original.count))
    #expect(b.bytes == original + Array("new\u{0}".utf8))
    #expect(b.grew)
    #expect(b.offset(of: "fo") == UInt64(original.count) + 4, "not a match: 'fo' is not followed by NUL")
  }
}

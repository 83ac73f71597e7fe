import Foundation
import ELFKit
import Testing

@testable import RepairKit

/// The search-path rules against auditwheel's own functions (`append_rpath_within_wheel`,
/// `_is_valid_rpath`, the `$ORIGIN/relpath` computation) run on a real temporary tree.
@Suite struct SearchPathRulesTests {
  /// auditwheel's unit test (`test_repair.py`): existing `$ORIGIN/.existinglibdir` + new.
  @Test func existingInWheelEntryIsKeptBeforeTheNewOne() {
    let merged = SearchPathRules.merged(
      existing: ["$ORIGIN/.existinglibdir"], adding: "$ORIGIN/.lib", elfPath: "pkg/x.so",
      architecture: .x86_64)
    #expect(merged == ["$ORIGIN/.existinglibdir", "$ORIGIN/.lib"])
  }

  @Test func outsideRelativeAndDuplicateEntriesAreDropped() {
    let merged = SearchPathRules.merged(
      existing: ["/usr/local/lib", "lib", "", "$ORIGIN/.lib", "$ORIGIN/../../outside", "$ORIGIN/.lib"],
      adding: "$ORIGIN/.lib", elfPath: "pkg/x.so", architecture: .x86_64)
    #expect(merged == ["$ORIGIN/.lib"])
  }

  @Test(arguments: [
    ("toplevel.so", "dist.libs", "$ORIGIN/dist.libs"),
    ("pkg/_ext.so", "dist.libs", "$ORIGIN/../dist.libs"),
    ("pkg/sub/_ext.so", "dist.libs", "$ORIGIN/../../dist.libs"),
    ("dist.libs/libx.so", "dist.libs", "$ORIGIN"),
    ("dist.scripts/tool", "dist.libs", "$ORIGIN/../dist.libs"),
  ])
  func librariesEntry(elf: String, libraries: String, expected: String) {
    #expect(SearchPathRules.librariesEntry(elfPath: elf, librariesDirectory: libraries) == expected)
  }

  static let entries = [
    "$ORIGIN", "${ORIGIN}", "$ORIGIN/.existinglibdir", "${ORIGIN}/../lib", "$ORIGIN/..",
    "$ORIGIN/../..", "$ORIGIN/../../..", "$ORIGIN/../../../..", "/usr/lib", "/", "", "lib", "./lib",
    "$LIB", "$ORIGIN/$LIB", "$ORIGIN/../$PLATFORM/x", "${ORIGIN}/${LIB}/${PLATFORM}", "$ORIGINAL",
    "/$ORIGIN", "$ORIGIN/./a/../b", "$ORIGIN//a", "$ORIGIN/../../dist.libs", "$ORIGIN/a/../../..",
    "$$ORIGIN", "${ORIGIN", "$ORIGIN/../sub/../../x",
  ]
  static let elves = ["top.so", "pkg/x.so", "pkg/sub/y.so"]

  /// Every (entry, ELF location) pair decided like auditwheel's `append_rpath_within_wheel`,
  /// which is run with a stub patcher on files in a temporary wheel tree.
  @Test func mergedEqualsAuditwheel() throws {
    var cases: [[String]] = []
    for elf in Self.elves {
      for entry in Self.entries { cases.append([elf, entry, "$ORIGIN/../new.libs"]) }
      cases.append([elf, Self.entries.joined(separator: ":"), "$ORIGIN/../new.libs"])
    }
    let script = #"""
      import json, sys, tempfile
      from pathlib import Path
      from auditwheel.patcher import ElfPatcher
      from auditwheel.repair import append_rpath_within_wheel

      class Stub(ElfPatcher):
          def __init__(self, old):
              super().__init__("manylinux_2_5_x86_64")
              self.old = old
              self.result = None
          def get_rpath_direct(self, file_name):
              return self.old
          def set_rpath(self, file_name, rpath):
              self.result = rpath

      out = []
      with tempfile.TemporaryDirectory() as tmp:
          root = Path(tmp) / "wheel"
          for elf, old, new in json.loads(sys.argv[1]):
              f = root / elf
              f.parent.mkdir(parents=True, exist_ok=True)
              f.touch()
              stub = Stub(old)
              append_rpath_within_wheel(f, new, root, stub)
              out.append(stub.result)
      print(json.dumps(out))
      """#
    let data = try JSONSerialization.data(withJSONObject: cases)
    let text = try RepairOracle.python(script, [String(decoding: data, as: UTF8.self)])
    let expected = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
    #expect(expected.count == cases.count)
    for (c, want) in zip(cases, expected) {
      let got = SearchPathRules.merged(
        existing: c[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init),
        adding: c[2], elfPath: c[0], architecture: .x86_64)
      #expect(got.joined(separator: ":") == want, "ELF \(c[0]), existing \(c[1])")
    }
  }

  /// `Path("$ORIGIN") / os.path.relpath(dest_dir, fn.parent)`, as `repair_wheel` computes it.
  @Test func librariesEntryEqualsAuditwheel() throws {
    let elves = ["a.so", "p/a.so", "p/q/r/a.so", "d.libs/a.so", "d.libs/x/a.so", "d.scripts/t"]
    let directories = ["d.libs", "d/x", "p"]
    var cases: [[String]] = []
    for elf in elves { for directory in directories { cases.append([elf, directory]) } }
    let script = #"""
      import json, os, sys
      from pathlib import Path
      print(json.dumps([str(Path("$ORIGIN") / os.path.relpath(d, Path(f).parent)) for f, d in json.loads(sys.argv[1])]))
      """#
    let data = try JSONSerialization.data(withJSONObject: cases)
    let text = try RepairOracle.python(script, [String(decoding: data, as: UTF8.self)])
    let expected = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
    for (c, want) in zip(cases, expected) {
      #expect(SearchPathRules.librariesEntry(elfPath: c[0], librariesDirectory: c[1]) == want, "\(c)")
    }
  }

  @Test(arguments: [
    (BaseArchitecture.x86_64, "lib64"), (.aarch64, "lib64"), (.i686, "lib"), (.armv7l, "lib"),
    (.s390x, "lib64"), (.ppc64le, "lib64"), (.riscv64, "lib64"),
  ])
  func libTokenFollowsTheELFClass(architecture: BaseArchitecture, expected: String) {
    #expect(SearchPathRules.libDirectory(architecture) == expected)
    #expect(
      SearchPathRules.isInsideWheel(
        "$ORIGIN/../$LIB/${PLATFORM}", elfDirectory: ["pkg"], architecture: architecture))
  }
}

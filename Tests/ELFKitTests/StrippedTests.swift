import BinaryKit
import Testing

@testable import ELFKit

/// Files without section headers (`strip` + header removal, or `sstrip`) give the same facts:
/// symbols are counted through DT_HASH / DT_GNU_HASH and versions found through DT_VERSYM,
/// DT_VERNEED and DT_VERDEF.
@Suite struct StrippedTests {
  static let systemLibraries = [
    "/usr/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/bin/ls",
  ]

  static func paths() throws -> [String] {
    try CrossBuild.build().objects.map(\.path) + systemLibraries
  }

  @Test func factsSurviveSectionHeaderRemoval() throws {
    for path in try Self.paths() {
      let original = try ELFEditor(path: path)
      let expected = try ELFFacts.parse(InMemoryBytes(original.bytes))
      #expect(!(try original.file.sections.isEmpty))
      for truncate in [false, true] {
        var stripped = original
        try stripped.stripSectionHeaders(truncate: truncate)
        let file = try stripped.file
        #expect(file.sections.isEmpty)
        let facts = try ELFFacts.parse(file)
        let same = facts == expected
        #expect(
          same,
          "\(path) truncate=\(truncate): \(facts.symbols.count) symbols vs \(expected.symbols.count)")
      }
    }
  }

  @Test func gnuHashAndSysVHashAreBothWalked() throws {
    let objects = try CrossBuild.build().objects.filter { $0.path.hasSuffix(".so") }
    var sawGNU = false, sawSysV = false
    for object in objects {
      var e = try ELFEditor(path: object.path)
      let symbols = try e.file.dynamicSymbols().count
      try e.stripSectionHeaders(truncate: true)
      let info = try e.file.dynamicInfo()
      sawGNU = sawGNU || (info.value(of: .gnuHash) != nil && info.value(of: .hash) == nil)
      sawSysV = sawSysV || info.value(of: .hash) != nil
      #expect(try e.file.dynamicSymbols().count == symbols, "\(object.path)")
    }
    #expect(sawGNU && sawSysV)
  }
}

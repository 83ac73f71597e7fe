import BinaryKit
import Foundation
import Testing

@testable import ELFKit

/// Every ELF shared object and executable on this machine, compared with readelf.
///
/// Scope: regular files (symlinks skipped, hard links once) that are ELF `ET_DYN`/`ET_EXEC`:
/// every `*.so*` under /usr/lib/x86_64-linux-gnu (recursively) and every file in /usr/bin.
/// Compared: DT_NEEDED (in order), DT_SONAME, DT_RPATH, DT_RUNPATH, the version needs (file →
/// versions), the version definitions (index, base flag, names with parents) and the
/// versioned name of every `.dynsym` entry, as `readelf -dW --dyn-syms -V` prints them.
/// Exclusions: none.
@Suite struct SystemDifferentialTests {
  static let files = DifferentialRunner.elfFiles(under: [
    ("/usr/lib/x86_64-linux-gnu", true, true),
    ("/usr/bin", false, false),
  ])

  @Test func systemObjectsAgreeWithReadelf() async throws {
    let files = Self.files
    #expect(files.count > 300, "expected hundreds of system ELF files, found \(files.count)")
    let outcome = try await DifferentialRunner.compare(files)
    let mismatches = outcome.mismatches
    // Guard against a vacuous pass (both sides parsing nothing).
    #expect(outcome.symbols > 100_000 && outcome.versionedSymbols > 50_000)
    #expect(outcome.needed > 3_000 && outcome.versionNeeds > 1_500 && outcome.versionDefinitions > 500)
    let report = mismatches.prefix(20).map(\.description).joined(separator: "\n")
    #expect(
      mismatches.isEmpty,
      "\(mismatches.count) of \(files.count) files disagree with readelf:\n\(report)")
  }

  /// The same files seen without section headers give the same facts: symbols counted through
  /// DT_HASH / DT_GNU_HASH (or the dynamic table layout), versions through DT_VERSYM etc.
  @Test func systemObjectsSurviveSectionHeaderRemoval() throws {
    var differing: [String] = []
    for path in Self.files {
      let source = try FileBytes(path: path)
      let file = try ELFFile(source)
      let view = SectionlessView(inner: source, is64: file.elfClass == .elf64)
      let stripped = try ELFFile(view)
      #expect(stripped.sections.isEmpty)
      if try ELFFacts.parse(stripped) != ELFFacts.parse(file) { differing.append(path) }
    }
    #expect(differing.isEmpty, "\(differing.count) differ: \(differing.prefix(20))")
  }
}

import BinaryKit
import ELFKit
import Foundation
import TestSupport
import Testing

@testable import AuditKit

/// The overlay that shows a wheel's members at a virtual root on top of the host.
@Suite struct AuditFileSystemTests {
  @Test func overlayAnswersForTheWheelAndDefersToTheHost() throws {
    let facts = try ELFFacts.parse(try FileBytes(path: try Fixture.path("libnewglibc.so")))
    let fs = AuditFileSystem(
      overlayRoot: "/.wheelfs/wheel",
      members: [("pkg/_ext.so", facts), ("pkg/__init__.py", nil), ("pkg.libs/libz.so.1", facts)],
      store: ELFFactsStore())
    #expect(fs.entryKind(atPath: "/.wheelfs/wheel") == .directory)
    #expect(fs.entryKind(atPath: "/.wheelfs") == .directory)
    #expect(fs.entryKind(atPath: "/.wheelfs/wheel/pkg") == .directory)
    #expect(fs.entryKind(atPath: "/.wheelfs/wheel/pkg/_ext.so") == .regular)
    #expect(fs.entryKind(atPath: "/.wheelfs/wheel/pkg/missing.so") == nil)
    #expect(fs.directoryContents(atPath: "/.wheelfs/wheel") == ["pkg", "pkg.libs"])
    #expect(fs.directoryContents(atPath: "/.wheelfs/wheel/pkg") == ["__init__.py", "_ext.so"])
    #expect(try fs.linkInfo(atPath: "/.wheelfs/wheel/pkg/_ext.so") == ELFLinkInfo(facts: facts))
    #expect(try fs.linkInfo(atPath: "/.wheelfs/wheel/pkg/__init__.py") == nil)
    #expect(fs.memberName("/.wheelfs/wheel/pkg.libs/libz.so.1") == "pkg.libs/libz.so.1")
    // The host is still visible, including next to the overlay.
    #expect(fs.entryKind(atPath: "/usr") == .directory)
    #expect(fs.directoryContents(atPath: "/")?.contains("usr") == true)
    #expect(fs.directoryContents(atPath: "/")?.contains(".wheelfs") == true)
  }

  @Test func linkInfoAdapterMatchesTheFile() throws {
    let path = try Fixture.path("librunpath.so")
    let facts = try ELFFacts.parse(try FileBytes(path: path))
    let info = ELFLinkInfo(facts: facts)
    #expect(info.needed == facts.needed && info.runpath == facts.runpath && info.rpath == nil)
    #expect(info.elfClass == 2 && info.byteOrder == .little && info.machine == 62)
    // The store parses a host file once, keeping the symbols the audit looks at, and reuses
    // the answer.
    let store = ELFFactsStore()
    let audited = try ELFFacts.parse(try FileBytes(path: path), symbols: ELFClassification.symbolSelection)
    #expect(try store.facts(atPath: path) == audited)
    #expect(audited.symbols == facts.symbols.filter { symbol in
      !symbol.defined
        || (symbol.type == .function && ["init", "PyInit_", "_cffi_pypyinit_"].contains { symbol.name.hasPrefix($0) })
    })
    #expect(store.count == 1)
    #expect(try store.facts(atPath: try Fixture.repoPath("Fixtures/README.md")) == nil)
  }
}


/// The mount's `.audit/` texts through `AuditFileSet`.
@Suite struct AuditFileSetTests {
  @Test func textsOfAPlatformWheel() throws {
    let files = AuditFileSet(input: try AuditInput.open(try Fixture.path("wheels/badhash-1.0.0-cp311-cp311-linux_x86_64.whl")))
    #expect(try files.policy().hasPrefix("manylinux_2_5_x86_64\n"))
    #expect(try files.symbols() == "")
    #expect(try files.needed() == "badhash/_ext.cpython-311-x86_64-linux-gnu.so\n")
    #expect(try files.reportJSON().hasPrefix("{\n    \"version\": 1,\n"))
    let record = try files.record()
    #expect(record.hasPrefix("hash-mismatch: badhash/__init__.py: RECORD says sha256="))
    #expect(record.split(separator: "\n").count == 1)
  }

  @Test func pureWheelIsNotAnError() throws {
    let files = AuditFileSet(input: try AuditInput.open(try Fixture.repoPath("Fixtures/pypi/six-1.17.0-py2.py3-none-any.whl")))
    #expect(try files.policy() == "any\npure: no ELF file in the wheel\n")
    #expect(try files.reportJSON().contains("\"pure\": true"))
    #expect(try files.record() == "OK\n")
    #expect(try files.report() == nil)
  }
}

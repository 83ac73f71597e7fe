import BinaryKit
import Foundation
import TestSupport
import Testing

@testable import ELFKit

/// Objects for other architectures, ELF32 and big endian, built by the cross compilers and
/// compared with readelf.
@Suite struct ForeignArchitectureTests {
  @Test func crossBuiltObjectsAgreeWithReadelf() async throws {
    let built = try CrossBuild.build()
    let outcome = try DifferentialRunner.compareBatch(built.objects.map(\.path))
    #expect(outcome.versionedSymbols > 50)
    let report = outcome.mismatches.map(\.description).joined(separator: "\n")
    #expect(outcome.mismatches.isEmpty, "\(report)")
  }

  @Test func identityMatchesTheCompiler() throws {
    for object in try CrossBuild.build().objects {
      let facts = try ELFFacts.parse(try FileBytes(path: object.path))
      #expect(facts.baseArchitecture.rawValue == object.arch, "\(object.path)")
      let elf32 = ["armv7l", "i686"].contains(object.arch)
      #expect(facts.elfClass == (elf32 ? .elf32 : .elf64), "\(object.path)")
      #expect(facts.encoding == (object.arch == "s390x" ? .big : .little), "\(object.path)")
    }
  }

  @Test func librariesCarryTheirVersionsAndPaths() throws {
    for object in try CrossBuild.build().objects where object.path.hasSuffix(".so") {
      let facts = try ELFFacts.parse(try FileBytes(path: object.path))
      let sysv = object.path.hasSuffix("-sysv.so")
      #expect(facts.runpath == (sysv ? nil : "$ORIGIN/../lib:/opt/x"), "\(object.path)")
      #expect(facts.rpath == (sysv ? "$ORIGIN/../lib:/opt/x" : nil), "\(object.path)")
      #expect(facts.soname == (sysv ? nil : "libx.so.1"))
      #expect(facts.versionDefinitions.compactMap(\.name).suffix(2) == ["VERS_1", "VERS_2"])
      let api = facts.symbols.filter { $0.name == "api" }.map { "\($0.version ?? "-")\($0.hidden ? "h" : "")" }
      #expect(api.sorted() == ["VERS_1h", "VERS_2"], "\(object.path)")
      let sqrt = facts.symbols.first { $0.name == "sqrt" }
      #expect(sqrt?.defined == false)
      if object.cc != "musl-gcc" {
        #expect(sqrt?.versionFile == "libm.so.6", "\(object.path)")
        #expect(sqrt?.version?.hasPrefix("GLIBC_") == true)
      }
    }
  }

  @Test func programsNameTheirInterpreter() throws {
    for object in try CrossBuild.build().objects where object.path.contains("/prog-") {
      let facts = try ELFFacts.parse(try FileBytes(path: object.path))
      let expected = try Tool.run(["readelf", "-lW", object.path]).stdout
      let interp = try #require(facts.interpreter, "\(object.path)")
      #expect(expected.contains("[Requesting program interpreter: \(interp)]"), "\(object.path)")
      #expect(interp.contains(object.cc == "musl-gcc" ? "ld-musl" : "ld"))
      #expect(!facts.executableStack)
    }
  }
}

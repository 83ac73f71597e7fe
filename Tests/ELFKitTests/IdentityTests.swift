import BinaryKit
import Foundation
import TestSupport
import Testing

@testable import ELFKit

/// Base architecture and x86-64 ISA level against auditwheel 6.8.2's own `_get_platform`, and
/// the header rules (extended numbering, ARM flags) on constructed values.
@Suite struct IdentityTests {
  /// The project's venv (`make venv`, with auditwheel 6.8.2), else the main checkout's.
  static var python: String {
    let candidates = [
      Fixture.root.appendingPathComponent(".venv/bin/python").path,
      "/work/main/.venv/bin/python",
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "python3"
  }

  /// auditwheel's verdict for each path: (base arch or "None", ext arch or "None", error).
  static func auditwheelPlatforms(_ paths: [String]) throws -> [String: [String]] {
    let script = """
      import sys
      from auditwheel.lddtree import _get_platform
      from elftools.elf.elffile import ELFFile
      for p in sys.argv[1:]:
          with open(p, "rb") as f:
              pl = _get_platform(ELFFile(f))
          base = pl._base_arch.value if pl._base_arch else "None"
          ext = pl._ext_arch.value if pl._ext_arch else "None"
          print(p, base, ext, pl._error_msg or "None", sep="\\t")
      """
    let r = try Tool.run([python, "-c", script] + paths)
    #expect(r.status == 0, "\(r.stderr)")
    var out: [String: [String]] = [:]
    for line in r.stdout.split(separator: "\n") {
      let f = line.split(separator: "\t").map(String.init)
      if f.count == 4 { out[f[0]] = Array(f[1...]) }
    }
    return out
  }

  @Test func platformMatchesAuditwheel() throws {
    let paths = try CrossBuild.build().objects.map(\.path) + StrippedTests.systemLibraries
    let expected = try Self.auditwheelPlatforms(paths)
    #expect(expected.count == paths.count)
    var levels = Set<X86ISALevel>()
    for path in paths {
      let facts = try ELFFacts.parse(try FileBytes(path: path))
      let want = try requireValue(expected[path], path)
      let base = facts.baseArchitecture == .unknown ? "None" : facts.baseArchitecture.rawValue
      #expect(base == want[0], "\(path)")
      let level = facts.x86ISALevel
      if let level { levels.insert(level) }
      let ext: String
      switch level {
      case .v2?: ext = "x86_64_v2"
      case .v3?: ext = "x86_64_v3"
      case .v4?: ext = "x86_64_v4"
      default: ext = "None"
      }
      #expect(ext == want[1], "\(path)")
      #expect((level == .unknown) == (want[2] == "unknown x86_64 ISA"), "\(path)")
    }
    #expect(levels.isSuperset(of: [.v2, .v3, .v4]))
  }

  @Test func armNeedsEABI5HardFloat() {
    func arch(_ flags: UInt32) -> BaseArchitecture {
      BaseArchitecture(machine: .arm, elfClass: .elf32, encoding: .little, flags: flags)
    }
    #expect(arch(0x0500_0400) == .armv7l)
    #expect(arch(0x0500_0200) == .unknown)  // soft float
    #expect(arch(0x0400_0400) == .unknown)  // EABI4
    #expect(ARMFlags(0x0500_0400).eabiVersion == 5 && ARMFlags(0x0500_0400).isHardFloat)
    #expect(
      BaseArchitecture(machine: .ppc64, elfClass: .elf64, encoding: .big, flags: 0) == .ppc64)
    #expect(
      BaseArchitecture(machine: .s390, elfClass: .elf32, encoding: .big, flags: 0) == .unknown)
    #expect(
      BaseArchitecture(machine: .loongarch, elfClass: .elf64, encoding: .little, flags: 0)
        == .loongarch64)
  }

  @Test(arguments: [
    (UInt32(0), X86ISALevel.baseline), (1, .baseline), (3, .v2), (7, .v3), (0xf, .v4),
    (0x8, .v4), (0x10, .unknown), (0x11, .unknown), (0x12, .v2),
  ])
  func isaLevelRule(_ bits: UInt32, _ level: X86ISALevel) {
    #expect(X86ISALevel(neededBits: bits) == level)
  }

  /// `e_phnum == PN_XNUM`, `e_shnum == 0` and `e_shstrndx == SHN_XINDEX` take their values
  /// from section 0.
  @Test func extendedNumberingComesFromSectionZero() throws {
    var e = try MalformedInputTests.good()
    let original = try e.file
    let h = original.header
    let size0 = try e.shdrSizeField(0)
    e.put(h.sectionHeaderCount, width: size0.width, at: size0.at)
    e.put(h.sectionNameIndex, width: 4, at: try e.shdrLinkField(0))
    e.put(h.programHeaderCount, width: 4, at: try e.shdrLinkField(0) + 4)  // sh_info
    e.put(0xffff, width: 2, at: e.phnumField)
    e.put(0, width: 2, at: e.shnumField)
    e.put(0xffff, width: 2, at: e.shstrndxField)
    let file = try e.file
    #expect(file.header.rawCounts == [0xffff, 0, 0xffff])
    #expect(file.programHeaders == original.programHeaders)
    #expect(file.sections.map(\.name) == original.sections.map(\.name))
    #expect(file.sections.dropFirst() == original.sections.dropFirst())
  }
}

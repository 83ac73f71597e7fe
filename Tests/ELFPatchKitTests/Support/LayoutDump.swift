import BinaryKit
import ELFKit
import Foundation
import Testing
import TestSupport

/// A stable, readelf-like text dump of the parts of an ELF file the patcher changes: header
/// table positions, program headers, dynamic entries (strings resolved), and the `.dynstr` /
/// `.dynamic` section headers. Golden files hold these dumps.
enum LayoutDump {
  static func dump(_ bytes: [UInt8]) throws -> String {
    let file = try ELFFile(InMemoryBytes(bytes))
    let h = file.header
    var lines: [String] = []
    lines.append(
      "file: \(h.elfClass == .elf64 ? "ELF64" : "ELF32") \(h.encoding)-endian \(h.type) \(h.machine), \(bytes.count) bytes")
    lines.append(
      "e_phoff \(hex(h.programHeaderOffset)) e_phnum \(h.programHeaderCount) e_shoff \(hex(h.sectionHeaderOffset)) e_shnum \(file.sections.count)")
    lines.append("program headers:")
    lines.append("  type          offset     vaddr      paddr      filesz     memsz      flg align")
    for p in file.programHeaders {
      lines.append(
        "  " + [
          pad(p.type.description, 13), hex8(p.offset), hex8(p.virtualAddress),
          hex8(p.physicalAddress), hex8(p.fileSize), hex8(p.memorySize), pad(flags(p.flags), 3),
          hex(p.alignment),
        ].joined(separator: " "))
    }
    let info = try file.dynamicInfo()
    var needed = info.needed.makeIterator()
    lines.append("dynamic (\(info.entries.count) entries at \(hex(info.offset))):")
    for e in info.entries {
      var value = hex(e.value)
      switch e.tag {
      case .needed: value = "[\(needed.next() ?? "?")]"
      case .soname: value = "[\(info.soname ?? "?")]"
      case .rpath: value = "[\(info.rpath ?? "?")]"
      case .runpath: value = "[\(info.runpath ?? "?")]"
      default: break
      }
      lines.append("  \(pad(e.tag.description, 12)) \(value)")
    }
    lines.append("sections:")
    if file.sections.isEmpty { lines.append("  (none)") }
    for (i, s) in file.sections.enumerated() where s.name == ".dynstr" || s.name == ".dynamic" {
      lines.append(
        "  [\(i)] \(pad(s.name ?? "?", 9)) offset \(hex8(s.offset)) addr \(hex8(s.address)) size \(hex8(s.size))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
  static func hex8(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
  }
  static func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
  static func flags(_ f: UInt32) -> String {
    (f & 4 != 0 ? "R" : " ") + (f & 2 != 0 ? "W" : " ") + (f & 1 != 0 ? "E" : " ")
  }
}

/// Compares a dump with `Fixtures/golden/<name>`; `UPDATE_GOLDENS=1` rewrites the file instead.
enum Golden {
  static func check(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let path = Fixture.root.appendingPathComponent("Fixtures/golden/\(name)").path
    if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
      Issue.record("golden \(path) is missing: run with UPDATE_GOLDENS=1", sourceLocation: sourceLocation)
      return
    }
    #expect(text == expected, "golden \(name) differs (regenerate with UPDATE_GOLDENS=1 and review)",
      sourceLocation: sourceLocation)
  }
}

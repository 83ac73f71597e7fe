import ArgumentParser
import BinaryKit
import ELFKit
import Foundation

/// `wheelfs elf FILE... [--json]`: a packaging-focused readelf.
struct ElfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "elf",
    abstract: "Show what matters for packaging about ELF files (needed libraries, versions, ISA).")

  @Argument(help: "ELF files to read.")
  var files: [String]

  @Flag(help: "Print the facts as JSON (one object; several files give an object keyed by path).")
  var json = false

  @Flag(help: .hidden)
  var countOnly = false

  func run() throws {
    var failed = false
    var all: [String: ELFFacts] = [:]
    var symbolCount = 0, parsed = 0
    for path in files {
      let facts: ELFFacts
      do {
        facts = try ELFFacts.parse(try FileBytes(path: path))
      } catch let error as FileError {
        FileHandle.standardError.write(Data("wheelfs: \(error)\n".utf8))
        failed = true
        continue
      } catch {
        FileHandle.standardError.write(Data("wheelfs: \(path): \(error)\n".utf8))
        failed = true
        continue
      }
      parsed += 1
      symbolCount += facts.symbols.count
      if countOnly { continue }
      if json {
        all[path] = facts
      } else {
        print(ElfCommand.render(path: path, facts))
      }
    }
    if countOnly {
      print("\(parsed) files, \(symbolCount) dynamic symbols")
    } else if json, !all.isEmpty {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      let data: Data
      if files.count == 1, let only = all.values.first {
        data = try encoder.encode(only)
      } else {
        data = try encoder.encode(all)
      }
      print(String(decoding: data, as: UTF8.self))
    }
    if failed { throw ExitCode(1) }
  }
}

extension ElfCommand {
  /// The human-readable summary of one file.
  static func render(path: String, _ f: ELFFacts) -> String {
    var lines = ["\(path):"]
    func add(_ key: String, _ value: String) { lines.append("  \(key): \(value)") }
    let hexFlags = "0x" + String(f.flags, radix: 16)
    add(
      "identity",
      "\(f.elfClass == .elf64 ? "ELF64" : "ELF32") \(f.encoding)-endian \(f.type) "
        + "\(f.machine) flags \(hexFlags) osabi \(f.osABI) → \(f.baseArchitecture)")
    add("interpreter", f.interpreter ?? "-")
    add("needed", f.needed.isEmpty ? "-" : f.needed.joined(separator: ", "))
    add("soname", f.soname ?? "-")
    add("rpath", f.rpath ?? "-")
    add("runpath", f.runpath ?? "-")
    add("execstack", f.executableStack ? "yes" : "no")
    if let bits = f.x86ISANeeded {
      add("x86 ISA needed", "0x\(String(bits, radix: 16)) (\(f.x86ISALevel?.rawValue ?? "-"))")
    }
    if let id = f.buildID { add("build id", id) }
    if !f.versionNeeds.isEmpty {
      lines.append("  version needs:")
      for need in f.versionNeeds {
        lines.append("    \(need.file): \(need.versions.map(\.name).joined(separator: " "))")
      }
    }
    if !f.versionDefinitions.isEmpty {
      lines.append("  version definitions:")
      for d in f.versionDefinitions {
        let base = d.flags & VersionDefinition.baseFlag != 0 ? " (base)" : ""
        lines.append("    \(d.index)\(base): \(d.names.joined(separator: " <- "))")
      }
    }
    let defined = f.symbols.filter(\.defined).count
    let undefined = f.undefinedSymbols.count
    let weak = f.symbols.filter { $0.weak && !$0.defined }.count
    add(
      "dynamic symbols",
      "\(f.symbols.count) (\(defined) defined, \(undefined) undefined, \(weak) weak undefined)")
    return lines.joined(separator: "\n")
  }
}

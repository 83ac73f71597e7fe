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
      let data =
        files.count == 1 && all.count == 1
        ? try encoder.encode(all.values.first!) : try encoder.encode(all)
      print(String(decoding: data, as: UTF8.self))
    }
    if failed { throw ExitCode(1) }
  }
}

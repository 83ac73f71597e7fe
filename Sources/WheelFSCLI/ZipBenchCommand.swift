import ArgumentParser
import Dispatch
import WheelKit

/// `wheelfs zip-bench WHEEL`: hidden timing of the zip reader (Tests/scripts/bench_zip.sh).
struct ZipBenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "zip-bench",
    abstract: "Time opening and inflating a zip archive (for benchmarks).",
    shouldDisplay: false)

  @Argument(help: "The zip archive (wheel) to read.")
  var path: String

  @Option(help: "Threads for inflate-all (default: one per core).")
  var threads: Int?

  @Option(help: "Repetitions; the best time is reported.")
  var repeats: Int = 5

  @Flag(help: "Only time opening and indexing.")
  var indexOnly = false

  func run() throws {
    var bestOpen = UInt64.max
    var members = 0
    for _ in 0..<max(repeats, 1) {
      let start = DispatchTime.now().uptimeNanoseconds
      let archive = try ZipArchive(path: path)
      bestOpen = min(bestOpen, DispatchTime.now().uptimeNanoseconds - start)
      members = archive.members.count
    }
    if indexOnly {
      print("members \(members)")
      print("open_index_ms \(milliseconds(bestOpen))")
      return
    }
    let archive = try ZipArchive(path: path)
    var bestExtract = UInt64.max
    var total = 0
    var failures = 0
    for _ in 0..<max(repeats, 1) {
      let start = DispatchTime.now().uptimeNanoseconds
      let results = archive.extractAll(threads: threads)
      bestExtract = min(bestExtract, DispatchTime.now().uptimeNanoseconds - start)
      total = 0
      failures = 0
      for result in results {
        switch result {
        case .success(let bytes): total += bytes.count
        case .failure: failures += 1
        }
      }
    }
    print("members \(members)")
    print("open_index_ms \(milliseconds(bestOpen))")
    print("inflate_all_ms \(milliseconds(bestExtract))")
    print("uncompressed_bytes \(total)")
    print("failed_members \(failures)")
    if failures > 0 { throw ExitCode(1) }
  }

  private func milliseconds(_ ns: UInt64) -> String {
    let tenths = (ns + 5_000) / 10_000
    return "\(tenths / 100).\(tenths % 100 < 10 ? "0" : "")\(tenths % 100)"
  }
}

import Dispatch
import Foundation
import Synchronization
import WheelKit

/// The order auditwheel visits a wheel's files in: RECORD's rows (it only ever sees those),
/// here followed by the members RECORD does not list, which wheelfs analyses too.
enum AnalysisOrder {
  /// Indices into `input.contents.files`, and the names RECORD lists (`nil` without a readable
  /// RECORD: then archive order).
  static func order(input: AuditInput, warnings: inout [AuditWarning]) -> (order: [Int], listed: Set<String>?) {
    let files = input.contents.files
    guard input.kind != .elf else { return (Array(files.indices), nil) }
    guard let distInfo = try? DistInfo.find(in: files.map(\.name)),
      let recordMember = files.first(where: { $0.name == distInfo.recordPath }),
      let bytes = try? input.contents.bytes(of: recordMember),
      let record = try? RecordFile.parse(bytes)
    else {
      warnings.append(AuditWarning(kind: "no-record", message: "no readable RECORD: files analysed in archive order"))
      return (Array(files.indices), nil)
    }
    let indexByName = Dictionary(files.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    var seen: Set<Int> = []
    var result: [Int] = []
    for entry in record.entries {
      if let index = indexByName[entry.path], seen.insert(index).inserted { result.append(index) }
    }
    let listed = seen
    for index in files.indices where !listed.contains(index) { result.append(index) }
    return (result, Set(record.entries.map(\.path)))
  }
}

/// `map` over all cores, order preserved.
enum ParallelMap {
  static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int?, _ transform: @Sendable (T) -> R) -> [R] {
    guard !items.isEmpty else { return [] }
    let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, items.count))
    if workers == 1 { return items.map(transform) }
    let results = Mutex([R?](repeating: nil, count: items.count))
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let k = next.add(1, ordering: .relaxed).oldValue
        guard k < items.count else { return }
        let value = transform(items[k])
        results.withLock { $0[k] = value }
      }
    }
    return results.withLock { $0.compactMap { $0 } }
  }
}

extension SysrootView {
  /// The host path of a logical absolute path under `sysroot` (as ``physical(_:)``).
  static func physicalPath(_ logical: String, sysroot: String) -> String {
    let normalized = PathSyntax.normpath(sysroot.isEmpty ? "/" : sysroot)
    let prefix = normalized == "/" || normalized == "//" ? "" : normalized
    return prefix.isEmpty ? logical : prefix + logical
  }
}

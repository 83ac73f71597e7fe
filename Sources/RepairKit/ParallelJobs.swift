import Dispatch
import Foundation
import Synchronization
import WheelKit

/// Runs independent jobs on several threads, largest first, and returns their results in job
/// order: the outcome never depends on the thread count or on scheduling.
enum ParallelJobs {
  /// `body(i)` for every `i` in `0..<count`, on up to `threads` threads (default: one per core).
  ///
  /// - Parameter weight: a size estimate per job; heavier jobs start first so the threads finish
  ///   together.
  static func run<T: Sendable>(
    count: Int, threads: Int?, weight: (Int) -> UInt64,
    _ body: @Sendable (Int) -> Result<T, RepairError>
  ) -> [Result<T, RepairError>] {
    guard count > 0 else { return [] }
    let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, count))
    let order = (0..<count).sorted { (weight($0), $1) > (weight($1), $0) }
    let next = Atomic<Int>(0)
    let results = Mutex([Result<T, RepairError>?](repeating: nil, count: count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let k = next.add(1, ordering: .relaxed).oldValue
        guard k < count else { return }
        let i = order[k]
        let result = body(i)
        results.withLock { $0[i] = result }
      }
    }
    return results.withLock { $0 }.map { $0 ?? .failure(.zip(.writerClosed)) }
  }
}

import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension ZipArchive {
  /// Inflates and verifies every member into memory using `threads` threads (default: one per
  /// core), bypassing the cache. Result `i` belongs to `members[i]`.
  ///
  /// Work is handed out largest member first so the threads finish together.
  public func extractAll(threads: Int? = nil) -> [Result<[UInt8], ZipError>] {
    let count = members.count
    let workers = max(1, min(threads ?? System.coreCount, count))
    let order = members.indices.sorted { members[$0].compressedSize > members[$1].compressedSize }
    let next = Atomic<Int>(0)
    let results = Mutex([Result<[UInt8], ZipError>](repeating: .success([]), count: count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let k = next.add(1, ordering: .relaxed).oldValue
        guard k < count else { return }
        let member = members[order[k]]
        let result = Result { () throws(ZipError) -> [UInt8] in
          if let problem = member.problem { throw problem }
          return try reader.contents(of: member, limit: dataLimits[member.index])
        }
        results.withLock { $0[member.index] = result }
      }
    }
    return results.withLock { $0 }
  }
}

/// Facts about the machine.
enum System {
  /// Number of cores available to this process.
  static var coreCount: Int {
    let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    return n > 0 ? n : 1
  }
}

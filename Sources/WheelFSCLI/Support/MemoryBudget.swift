import Foundation
import Glibc

/// The default `--cache-size` of `wheelfs mount`: an eighth of the memory available to this
/// process, within [256 MiB, 2 GiB].
///
/// The cache bounds the daemon's memory whatever is read. A member larger than the cache is
/// still served, from checkpoints through a streaming inflater (zlib: about half the speed of
/// whole-member inflation with libdeflate, and every cold random read pays for the inflation up
/// to its offset); a member that fits is inflated whole, once. Scaling with the machine gives the
/// fast path to the large members of large wheels where the memory is there (2 GiB holds the
/// 972 MB library of tensorflow 2.20), and keeps small machines and tight containers at 256 MiB
/// to 512 MiB. `--cache-size` overrides it either way.
enum MemoryBudget {
  static let minimumCache = 256 << 20
  static let maximumCache = 2 << 30

  static func defaultCacheSize() -> Int {
    guard let available = availableMemory() else { return minimumCache }
    return min(max(available / 8, minimumCache), maximumCache)
  }

  /// Physical memory, or the cgroup v2 limit of this process when that is lower.
  static func availableMemory() -> Int? {
    let pages = sysconf(Int32(_SC_PHYS_PAGES))
    let pageSize = sysconf(Int32(_SC_PAGESIZE))
    guard pages > 0, pageSize > 0 else { return nil }
    let physical = pages.multipliedReportingOverflow(by: pageSize)
    var available = physical.overflow ? Int.max : physical.partialValue
    if let limit = cgroupLimit() { available = min(available, limit) }
    return available
  }

  /// The memory limit of this process's cgroup: `memory.max` (v2) or `memory.limit_in_bytes`
  /// (v1), if it is a number.
  static func cgroupLimit() -> Int? {
    guard let membership = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
    for line in membership.split(separator: "\n") {
      let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3 else { continue }
      let group = fields[2] == "/" ? "" : String(fields[2])
      let file: String
      if fields[0] == "0" && fields[1].isEmpty {
        file = "/sys/fs/cgroup\(group)/memory.max"
      } else if fields[1].split(separator: ",").contains("memory") {
        file = "/sys/fs/cgroup/memory\(group)/memory.limit_in_bytes"
      } else {
        continue
      }
      if let text = try? String(contentsOfFile: file, encoding: .utf8),
        let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
      {
        return limit
      }
    }
    return nil
  }
}

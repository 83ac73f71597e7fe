import Foundation
import Glibc

/// glibc malloc settings and a trimmer that keep the daemon's resident memory close to what it
/// holds (the cache's bytes, bounded by `--cache-size`, plus the tree and the runtime).
///
/// - glibc raises its mmap threshold to the size of every large block freed (up to 32 MiB), so
///   after the first inflated member is dropped, later member-sized buffers come from the
///   per-thread arenas, whose freed space is kept rather than returned: with eight workers
///   reading a 24 MiB member in turns the daemon grew to seven times its cache. A fixed
///   threshold maps every buffer of ``mmapThreshold`` bytes or more on its own (returned when
///   freed), and fewer arenas bound how far the smaller ones spread.
/// - Smaller buffers (inflated small members, chunks of large ones) still come from the arenas,
///   and an arena keeps freed space that is not at its top: after the cache has held many
///   small members and then large ones, both stay resident. A trimmer thread therefore returns
///   free arena pages (`malloc_trim(0)`) whenever the resident size has grown by
///   ``trimStep(cacheSize:)`` since it last did.
enum MemoryTuning {
  /// Blocks of at least this many bytes are mapped individually. Above the chunk size of large
  /// members (1 to about 2 MiB), so chunks reuse freed memory instead of faulting in new pages.
  static let mmapThreshold: Int32 = 4 << 20
  /// Most malloc arenas (glibc's default is eight per core).
  static let arenas: Int32 = 1
  /// Resident growth that makes the trimmer return free pages: a 128th of the cache, between
  /// 2 and 8 MiB (with a small cache, freed chunks waiting for a trim are a larger share of the
  /// daemon's memory; tensorflow at 256 MiB peaked 40-80 MiB higher with 8 MiB steps).
  static func trimStep(cacheSize: Int?) -> Int {
    min(8 << 20, max(2 << 20, (cacheSize ?? Int.max) / 128))
  }
  /// How often the trimmer looks at the resident size: every 20 ms with a small cache (steps
  /// under 8 MiB), every 50 ms otherwise (a large cache fills for seconds, and a trim every
  /// 20 ms while it does slowed tensorflow's read-all by a tenth).
  static func trimInterval(cacheSize: Int?) -> Double {
    trimStep(cacheSize: cacheSize) < 8 << 20 ? 0.02 : 0.05
  }

  /// Applies the settings to this process and starts the trimmer (`cacheSize`: the mount's
  /// cache budget, if known).
  static func apply(cacheSize: Int? = nil) {
    let trimStep = trimStep(cacheSize: cacheSize)
    let trimInterval = trimInterval(cacheSize: cacheSize)
    guard let mallopt = function("mallopt", as: Mallopt.self) else { return }
    _ = mallopt(mmapThresholdParameter, mmapThreshold)
    _ = mallopt(arenaMaxParameter, arenas)
    guard let trim = function("malloc_trim", as: MallocTrim.self) else { return }
    let thread = Thread {
      var base = residentBytes()
      while true {
        Thread.sleep(forTimeInterval: trimInterval)
        let resident = residentBytes()
        if resident > base + trimStep {
          _ = trim(0)
          base = residentBytes()
        } else if resident < base {
          base = resident
        }
      }
    }
    thread.name = "wheelfs-malloc-trim"
    thread.start()
  }

  /// The process's resident size, from /proc/self/statm (0 if unreadable).
  static func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }

  private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
  private typealias MallocTrim = @convention(c) (Int) -> Int32

  /// A libc function that <malloc.h> declares (not part of the Glibc module), looked up at run time.
  private static func function<T>(_ name: String, as type: T.Type) -> T? {
    guard let symbol = unsafe dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
    return unsafe unsafeBitCast(symbol, to: type)
  }

  /// `M_MMAP_THRESHOLD` and `M_ARENA_MAX` from <malloc.h>.
  private static let mmapThresholdParameter: Int32 = -3
  private static let arenaMaxParameter: Int32 = -8
}

import Glibc

/// glibc malloc settings that keep the daemon's resident memory close to what it holds.
///
/// By default glibc raises its mmap threshold to the size of every large block freed (up to
/// 32 MiB), so after the first inflated member is dropped, later member-sized buffers come
/// from the per-thread arenas, whose freed space is kept rather than returned: with eight
/// workers reading a 24 MiB member in turns, the daemon's RSS grew to seven times its cache.
/// A fixed threshold makes every buffer of 1 MiB or more a mapping of its own, returned to the
/// system when freed (at the price of a fresh, zeroed mapping for each), and fewer arenas bound
/// what the small blocks can spread over.
enum MemoryTuning {
  /// Blocks of at least this many bytes are mapped individually.
  static let mmapThreshold: Int32 = 1 << 20
  /// Most malloc arenas (glibc's default is eight per core).
  static let arenas: Int32 = 4

  /// Applies the settings to this process (idempotent).
  static func apply() {
    // <malloc.h> is not part of the Glibc module: look `mallopt` up at run time.
    guard let symbol = unsafe dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    let mallopt = unsafe unsafeBitCast(symbol, to: Mallopt.self)
    _ = mallopt(mmapThresholdParameter, mmapThreshold)
    _ = mallopt(arenaMaxParameter, arenas)
  }

  /// `M_MMAP_THRESHOLD` and `M_ARENA_MAX` from <malloc.h>.
  private static let mmapThresholdParameter: Int32 = -3
  private static let arenaMaxParameter: Int32 = -8
}

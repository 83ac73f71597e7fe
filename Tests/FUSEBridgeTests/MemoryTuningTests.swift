import Testing

@testable import FUSEBridge

/// The trimmer returns freed memory sooner when the cache is small (freed chunks waiting for a
/// trim are then a larger share of the daemon's memory).
@Suite struct MemoryTuningTests {
  static let mebibyte = 1 << 20
  static let cases: [(cache: Int?, step: Int)] = [
    (nil, 8 * mebibyte), (256 * mebibyte, 2 * mebibyte), (64 * mebibyte, 2 * mebibyte),
    (512 * mebibyte, 4 * mebibyte), (2048 * mebibyte, 8 * mebibyte),
  ]

  @Test func trimStepIsA128thOfTheCacheWithinBounds() {
    for (cache, step) in Self.cases {
      #expect(MemoryTuning.trimStep(cacheSize: cache) == step, "\(String(describing: cache))")
      #expect(MemoryTuning.trimInterval(cacheSize: cache) == (step < 8 * Self.mebibyte ? 0.02 : 0.05))
    }
  }
}

import Testing

@testable import RepairKit

@Suite struct GraftNameTests {
  @Test func splitsTheRealFileNameAtItsFirstDot() {
    #expect(
      GraftName.grafted(basename: "libsnappy.so.1.1.9", sha256: "f877f91f6b09dc43")
        == "libsnappy-f877f91f.so.1.1.9")
  }
}

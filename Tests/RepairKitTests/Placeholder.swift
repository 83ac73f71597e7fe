import Testing
@testable import RepairKit

@Suite struct RepairKitPlaceholderTests {
  @Test func moduleLinks() { #expect(String(describing: RepairKitModule.self) == "RepairKitModule") }
}

import Testing
@testable import WheelKit

@Suite struct WheelKitPlaceholderTests {
  @Test func moduleLinks() { #expect(String(describing: WheelKitModule.self) == "WheelKitModule") }
}

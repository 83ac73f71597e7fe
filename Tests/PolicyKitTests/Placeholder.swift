import Testing
@testable import PolicyKit

@Suite struct PolicyKitPlaceholderTests {
  @Test func moduleLinks() { #expect(String(describing: PolicyKitModule.self) == "PolicyKitModule") }
}

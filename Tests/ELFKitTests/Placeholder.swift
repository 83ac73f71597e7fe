import Testing
@testable import ELFKit

@Suite struct ELFKitPlaceholderTests {
  @Test func moduleLinks() { #expect(String(describing: ELFKitModule.self) == "ELFKitModule") }
}

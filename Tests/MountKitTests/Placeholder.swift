import Testing
@testable import MountKit

@Suite struct MountKitPlaceholderTests {
  @Test func moduleLinks() { #expect(String(describing: MountKitModule.self) == "MountKitModule") }
}

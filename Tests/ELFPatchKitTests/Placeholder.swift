import Testing
@testable import ELFPatchKit

@Suite struct ELFPatchKitPlaceholderTests {
  @Test func moduleLinks() { #expect(String(describing: ELFPatchKitModule.self) == "ELFPatchKitModule") }
}

import Testing
@testable import AuditKit

@Suite struct AuditKitPlaceholderTests {
  @Test func moduleLinks() { #expect(String(describing: AuditKitModule.self) == "AuditKitModule") }
}

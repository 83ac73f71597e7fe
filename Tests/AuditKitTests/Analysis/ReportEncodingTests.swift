import Foundation
import TestSupport
import Testing

@testable import AuditKit

/// The report's JSON has one source of truth: what `PythonJSONEncoder` writes, `JSONDecoder`
/// (snake_case keys) reads back into the same value.
@Suite struct ReportEncodingTests {
  @Test(arguments: [
    "wheels/private-1.0.0-cp311-cp311-linux_x86_64.whl", "wheels/newglibc-1.0.0-cp311-cp311-linux_x86_64.whl",
    "wheels/blacklist-1.0.0-cp311-cp311-linux_x86_64.whl", "wheels/isa-1.0.0-cp311-cp311-linux_x86_64.whl",
    "wheels/execstack-1.0.0-cp311-cp311-linux_x86_64.whl", "wheels/rpath-1.0.0-cp311-cp311-linux_x86_64.whl",
  ])
  func reportRoundTrips(_ wheel: String) throws {
    let report = try WheelAnalyzer().analyze(path: try Fixture.path(wheel)).report
    let text = AuditRendering.reportValue(report).rendered()
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let decoded = try decoder.decode(AuditReport.self, from: Data(text.utf8))
    #expect(decoded == report)
    // Optional fields are written as null, never left out.
    #expect(text.contains("\"detail\": null") || report.elves.allSatisfy { $0.detail != nil })
  }

  @Test func snakeCase() {
    let cases = [
      ("schemaVersion", "schema_version"), ("isaLevel", "isa_level"), ("libsToEliminate", "libs_to_eliminate"),
      ("a", "a"), ("x86Level", "x86_level"), ("already_snake", "already_snake"), ("URL", "url"),
    ]
    for (input, output) in cases { #expect(PythonJSONEncoder.snakeCase(input) == output, "\(input)") }
  }

  @Test func showJSONKeepsAuditwheelsKeysFirst() throws {
    let report = try WheelAnalyzer().analyze(path: try Fixture.path("wheels/simple-1.0.0-cp311-cp311-linux_x86_64.whl")).report
    let text = AuditRendering.showJSON(report)
    let plain = AuditRendering.auditwheelJSON(report)
    #expect(text.hasPrefix(String(plain.dropLast(3)) + ",\n    \"wheelfs\": {"))
    #expect(plain.hasSuffix("    \"policy_upgrades\": {}\n}\n"))
  }
}

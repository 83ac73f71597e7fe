import Foundation
import Testing
import TestSupport

@testable import PolicyKit

@Suite struct PolicyDataTests {
  /// The vendored files load and pass the PEP 600 checks.
  @Test(arguments: Libc.allCases) func vendoredDataLoads(libc: Libc) throws {
    let definitions = try PolicyData.definitions(for: libc)
    #expect(definitions.first?.name == "linux")
    #expect(definitions.first?.priority == 0)
    #expect(definitions.count == (libc == .glibc ? 17 : 3))
  }

  /// The bundled JSON is byte-identical to the reference copy of auditwheel's data.
  @Test(arguments: Libc.allCases) func bundleMatchesReferenceCopy(libc: Libc) throws {
    let name = PolicyData.resourceName(for: libc)
    let bundled = try #require(
      Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources"),
      "PolicyKit bundle lacks \(name).json")
    let vendored = try Fixture.repoPath("Sources/PolicyKit/Resources/\(name).json")
    #expect(try Data(contentsOf: bundled) == Data(contentsOf: URL(fileURLWithPath: vendored)))
  }

  /// `_validate_pep600_compliance`: a policy that drops a library whitelisted by an older one.
  @Test func whitelistMustGrowTowardsNewerPolicies() throws {
    let json = try mutatedManylinux { policies in
      let index = try #require(policies.firstIndex { $0["name"] as? String == "manylinux_2_28" })
      var whitelist = try #require(policies[index]["lib_whitelist"] as? [String])
      whitelist.removeAll { $0 == "libexpat.so.1" }
      policies[index]["lib_whitelist"] = whitelist
    }
    #expect(throws: PolicyError.missingWhitelistLibraries(policy: "manylinux_2_28", missing: ["libexpat.so.1"])) {
      try PolicyData.decode(json, file: "manylinux-policy.json")
    }
  }

  /// `_validate_pep600_compliance`: a policy that drops a symbol version an older one allows.
  @Test func symbolVersionsMustGrowTowardsNewerPolicies() throws {
    let json = try mutatedManylinux { policies in
      let index = try #require(policies.firstIndex { $0["name"] as? String == "manylinux_2_31" })
      var versions = try #require(policies[index]["symbol_versions"] as? [String: [String: [String]]])
      versions["aarch64"]?["GLIBCXX"]?.removeAll { $0 == "3.4.21" || $0 == "3.4.9" }
      policies[index]["symbol_versions"] = versions
    }
    let expected = PolicyError.missingSymbolVersions(
      policy: "manylinux_2_31_aarch64", architecture: "aarch64", prefix: "GLIBCXX",
      missing: ["3.4.9", "3.4.21"])
    #expect(throws: expected) { try PolicyData.decode(json, file: "manylinux-policy.json") }
    #expect(
      expected.description
        == "Invalid \"policy.json\" file. Symbol versions missing in \"manylinux_2_31_aarch64\" for \"GLIBCXX\" compared to previous policies: {'3.4.9', '3.4.21'}"
    )
  }

  /// Priorities order the policies, so a duplicate is refused (beyond auditwheel's checks).
  @Test func prioritiesMustBeUnique() throws {
    let json = try mutatedManylinux { policies in
      let index = try #require(policies.firstIndex { $0["name"] as? String == "manylinux_2_27" })
      policies[index]["priority"] = 64
    }
    #expect(throws: PolicyError.duplicatePriority(priority: 64, policies: ["manylinux_2_27", "manylinux_2_28"])) {
      try PolicyData.decode(json, file: "manylinux-policy.json")
    }
  }

  @Test func schemaErrorsNameTheJSONPath() throws {
    let json = try mutatedManylinux { policies in policies[3]["priority"] = "eighty" }
    do {
      _ = try PolicyData.decode(json, file: "manylinux-policy.json")
      Issue.record("decoding a string priority succeeded")
    } catch {
      guard case .malformedJSON(let file, let detail) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(file == "manylinux-policy.json")
      #expect(detail.hasPrefix("[3].priority"))
    }
  }

  /// Mutation of the glibc policies JSON as untyped objects.
  private func mutatedManylinux(_ mutate: (inout [[String: Any]]) throws -> Void) throws -> [UInt8] {
    let path = try Fixture.repoPath("Sources/PolicyKit/Resources/manylinux-policy.json")
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    var policies = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    try mutate(&policies)
    return Array(try JSONSerialization.data(withJSONObject: policies))
  }
}

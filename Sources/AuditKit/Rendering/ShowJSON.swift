/// `wheelfs show --json` (and the mount's `.audit/report.json`): exactly the object
/// `auditwheel show --json` 6.8.2 prints (schema version 1, same keys, values and order,
/// `json.dumps(indent=4)` formatting), plus one extra key, `wheelfs`, holding the whole
/// ``AuditReport``. The extra key never changes the meaning of auditwheel's keys.
extension AuditRendering {
  /// The `show --json` text (with a final newline, as Python's `print`).
  public static func showJSON(_ report: AuditReport) -> String {
    var members = auditwheelMembers(report)
    members.append(PythonJSON.Member("wheelfs", reportValue(report)))
    return PythonJSON.object(members).rendered() + "\n"
  }

  /// Only auditwheel's keys, byte-identical to `auditwheel show --json` (with a final newline).
  public static func auditwheelJSON(_ report: AuditReport) -> String {
    PythonJSON.object(auditwheelMembers(report)).rendered() + "\n"
  }

  /// auditwheel's pure-wheel answer (`--allow-pure-python-wheel`).
  public static func showJSONPure(wheel: String) -> String {
    PythonJSON.object([.init("version", .int(1)), .init("wheel", .string(wheel)), .init("pure", .bool(true))])
      .rendered() + "\n"
  }

  /// auditwheel's error answer (exit status 1).
  public static func showJSONError(wheel: String, message: String) -> String {
    PythonJSON.object([.init("version", .int(1)), .init("wheel", .string(wheel)), .init("error", .string(message))])
      .rendered() + "\n"
  }

  /// The report alone as JSON (snake_case keys, 4-space indentation).
  public static func reportValue(_ report: AuditReport) -> PythonJSON {
    // Every field of the report is a string, an integer, a boolean, an array or a struct.
    (try? PythonJSONEncoder.encode(report)) ?? .null
  }

  static func auditwheelMembers(_ report: AuditReport) -> [PythonJSON.Member] {
    let verdict = report.verdict
    let upgrades = verdict.policyUpgrades.map { upgrade -> PythonJSON.Member in
      var entry: [PythonJSON.Member] = []
      if !upgrade.libsToEliminate.isEmpty {
        entry.append(.init("libs_to_eliminate", .array(upgrade.libsToEliminate.map(PythonJSON.string))))
      }
      if !upgrade.blacklistedSymbols.isEmpty {
        entry.append(
          .init(
            "blacklisted_symbols",
            .object(upgrade.blacklistedSymbols.map { .init($0.library, .array($0.symbols.map(PythonJSON.string))) })))
      }
      return .init(upgrade.policy, .object(entry))
    }
    return [
      .init("version", .int(1)),
      .init("wheel", .string(report.wheel)),
      .init("pure", .bool(false)),
      .init("overall_tag", .string(verdict.overallTag)),
      .init("sym_tag", .string(verdict.symbolTag)),
      .init("pyfpe", .bool(verdict.pyfpe)),
      .init("ucs2", .bool(verdict.ucs2)),
      .init("unsupported_isa", .bool(verdict.unsupportedIsa)),
      .init(
        "versioned_symbols",
        .object(verdict.versionedSymbols.map { .init($0.library, .array($0.versions.map(PythonJSON.string))) })),
      .init(
        "external_libs",
        .object(verdict.externalLibraries.map { .init($0.soname, $0.path.map(PythonJSON.string) ?? .null) })),
      .init("policy_upgrades", .object(upgrades)),
    ]
  }
}

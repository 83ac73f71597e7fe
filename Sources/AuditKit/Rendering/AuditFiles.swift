/// The mount's `.audit/` files, for `cat`, `grep`, `cut` and `jq` (formats in
/// docs/audit-files.md). Every function is pure and every line ends with `\n`.
extension AuditRendering {
  /// `.audit/policy`: the best tag alone on the first line; then, one fact per line, what caps
  /// it (`capped-by: <kind> <ceiling>: <fact>`: everything between the verdict and the next
  /// more compatible policy), what caps the other ceilings that are not the most compatible
  /// policy (`also-limited-by: <kind> <ceiling>: <fact>`), every ceiling
  /// (`ceiling: <kind> <tag>`), and warnings (`warning: <kind>: …`).
  ///
  ///     manylinux_2_34_x86_64
  ///     capped-by: symbol-versions manylinux_2_34_x86_64: libc.so.6 GLIBC_2.34 (close_range in pkg/_ext.so)
  ///     ceiling: symbol-versions manylinux_2_34_x86_64
  ///     ceiling: external-libraries manylinux_2_5_x86_64
  public static func policyFile(_ report: AuditReport) -> String {
    let verdict = report.verdict
    var lines = [verdict.overallTag]
    if let next = report.barriers.first {
      for fact in BarrierFact.facts(of: next) {
        lines.append("capped-by: \(fact.kind.rawValue) \(verdict.ceiling(fact.kind) ?? verdict.overallTag): \(fact.text)")
      }
    }
    for ceiling in verdict.ceilings where ceiling.tag != verdict.overallTag && ceiling.tag != verdict.highestTag {
      guard let index = verdict.policies.firstIndex(of: ceiling.tag), index + 1 < verdict.policies.count,
        let barrier = report.barriers.first(where: { $0.policy == verdict.policies[index + 1] })
      else { continue }
      for fact in BarrierFact.facts(of: barrier) where fact.kind == ceiling.kind {
        lines.append("also-limited-by: \(fact.kind.rawValue) \(ceiling.tag): \(fact.text)")
      }
    }
    for ceiling in verdict.ceilings { lines.append("ceiling: \(ceiling.kind.rawValue) \(ceiling.tag)") }
    for fact in report.executableStacks {
      let origin = fact.origin == .external ? " (external library)" : ""
      lines.append("warning: executable-stack: \(fact.file): \(fact.reason)\(origin)")
    }
    for warning in report.warnings {
      lines.append("warning: \(warning.kind): \(warning.message.split(whereSeparator: \.isNewline).joined(separator: " "))")
    }
    return lines.map { $0 + "\n" }.joined()
  }

  /// `.audit/symbols`: one tab-separated row per symbol that requires a version node:
  /// `file  library  version  symbol`, sorted (wheel files, then external libraries by absolute
  /// path; versions in version order). A version no symbol refers to has `(no symbol)`; a weak
  /// reference has ` (weak)` after its name.
  ///
  ///     pkg/_ext.so	libc.so.6	GLIBC_2.34	close_range
  public static func symbolsFile(_ report: AuditReport) -> String {
    report.symbolUses.map { use in
      let symbol = use.symbol.map { use.weak ? "\($0) (weak)" : $0 } ?? "(no symbol)"
      return [use.file, use.library, use.version, symbol].joined(separator: "\t") + "\n"
    }.joined()
  }

  /// `.audit/needed`: each analysed ELF's resolved tree, four spaces per level; trees separated
  /// by a blank line, sorted by path.
  ///
  ///     pkg/_ext.so
  ///         libfoo.so.1 => pkg.libs/libfoo.so.1 (in wheel)
  ///         libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6
  ///             ld-linux-x86-64.so.2 => /lib64/ld-linux-x86-64.so.2
  ///         libbar.so.2 => not found
  public static func neededFile(_ report: AuditReport) -> String {
    report.neededTrees.map { tree in
      var text = tree.root + "\n"
      for line in tree.lines {
        text += String(repeating: "    ", count: line.depth) + line.soname + " => " + describe(line) + "\n"
      }
      return text
    }.joined(separator: "\n")
  }

  /// `.audit/report.json`: the same text as `show --json`.
  public static func reportJSON(_ report: AuditReport) -> String { showJSON(report) }

  static func describe(_ line: NeededLine) -> String {
    switch line.status {
    case .system: return line.path ?? "not found"
    case .inWheel: return "\(line.path ?? "?") (in wheel)"
    case .libpython: return "not found (libpython, not resolved)"
    case .notFound: return line.detail.map { "not found (\($0))" } ?? "not found"
    }
  }
}

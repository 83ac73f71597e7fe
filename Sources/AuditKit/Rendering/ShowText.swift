import PolicyKit

/// `wheelfs show` as text: auditwheel's paragraphs, wrapped the same way (70 columns), with
/// every set printed sorted (auditwheel prints Python sets in hash order), followed by
/// wheelfs' diagnostics: which symbols need each version, and what exactly stands between the
/// wheel and more compatible tags.
extension AuditRendering {
  /// The text of `show` (`verbose`: auditwheel's `-v` paragraphs for every policy, and every
  /// diagnostic rather than the most useful ones).
  public static func showText(_ report: AuditReport, verbose: Bool = false) -> String {
    auditwheelText(report, verbose: verbose) + diagnosticsText(report, verbose: verbose)
  }

  /// auditwheel's part, with sorted sets.
  static func auditwheelText(_ report: AuditReport, verbose: Bool) -> String {
    let verdict = report.verdict
    let linux = verdict.policies.first ?? ""
    var out = TextWrap.paragraph(
      "\(report.wheel) is consistent with the following platform tag: \"\(verdict.overallTag)\".")
    if verdict.pyfpe {
      out += TextWrap.paragraph(
        "This wheel uses the PyFPE_jbuf function, which is not compatible with the manylinux/musllinux tags. "
          + "(see https://www.python.org/dev/peps/pep-0513/#fpectl-builds-vs-no-fpectl-builds)")
      if !verbose { return out }
    }
    if verdict.ucs2 {
      out += TextWrap.paragraph(
        "This wheel is compiled against a narrow unicode (UCS2) version of Python, which is not "
          + "compatible with the manylinux/musllinux tags.")
      if !verbose { return out }
    }
    if verdict.ceiling(.isa) == linux {
      out += TextWrap.paragraph("This wheel depends on unsupported ISA extensions.")
      if !verbose { return out }
    }
    if verdict.versionedSymbols.isEmpty {
      out += TextWrap.paragraph(
        "The wheel references no external versioned symbols from system-provided shared libraries.")
    } else {
      let libraries = verdict.versionedSymbols.map { entry in
        let versions = entry.versions.sortedAsSymbolVersions().map { "'\($0)'" }.joined(separator: ", ")
        return "\(entry.library) with versions {\(versions)}"
      }
      out += TextWrap.paragraph(
        "The wheel references external versioned symbols in these system-provided shared libraries: "
          + libraries.joined(separator: ", "))
    }
    if verdict.symbolTag != verdict.highestTag {
      out += TextWrap.paragraph(
        "This constrains the platform tag to \"\(verdict.symbolTag)\". In order to achieve a more "
          + "compatible tag, you would need to recompile a new wheel from source on a system with "
          + "earlier versions of these libraries, such as a recent manylinux image.")
      if !verbose { return out }
    }
    if verdict.externalLibrariesNewest.isEmpty {
      out += TextWrap.paragraph("The wheel requires no external shared libraries! :)")
    } else {
      out += TextWrap.paragraph("The following external shared libraries are required by the wheel:")
      let libraries = PythonJSON.object(
        verdict.externalLibrariesNewest.map { .init($0.soname, $0.path.map(PythonJSON.string) ?? .null) })
      out += libraries.rendered() + "\n"
    }
    for upgrade in verdict.policyUpgrades {
      if !upgrade.libsToEliminate.isEmpty {
        out += TextWrap.paragraph(
          "In order to achieve the tag platform tag '\(upgrade.policy)' the following shared library "
            + "dependencies will need to be eliminated:")
        out += TextWrap.paragraph(upgrade.libsToEliminate.joined(separator: ", "))
      }
      if !upgrade.blacklistedSymbols.isEmpty {
        out += TextWrap.paragraph(
          "In order to achieve the tag platform tag '\(upgrade.policy)' the following black-listed "
            + "symbol dependencies will need to be eliminated:")
        for entry in upgrade.blacklistedSymbols {
          out += TextWrap.paragraph("From \(entry.library): " + entry.symbols.joined(separator: ", "))
        }
      }
    }
    return out
  }

  /// wheelfs' part: one fact per line, indented by four spaces under a heading.
  static func diagnosticsText(_ report: AuditReport, verbose: Bool) -> String {
    var out = ""
    let verdict = report.verdict
    // Which symbols need each version: every version with -v, else those the most compatible
    // policy does not allow (the ones that constrain anything).
    let constraining = Set(report.barriers.last.map { $0.symbolVersions.map { $0.library + " " + $0.version } } ?? [])
    let shown = report.symbolUses.filter { verbose || constraining.contains($0.library + " " + $0.version) }
    if !shown.isEmpty {
      out += verbose
        ? "\nSymbol versions required, and the symbols that require them:\n"
        : "\nSymbol versions \(verdict.highestTag) does not allow, and the symbols that require them:\n"
      out += symbolLines(shown).map { "    " + $0 + "\n" }.joined()
    }
    for barrier in verbose ? report.barriers : Array(report.barriers.prefix(1)) where !barrier.isEmpty {
      out += "\nTo achieve \"\(barrier.policy)\", eliminate:\n"
      for fact in BarrierFact.facts(of: barrier) { out += "    \(fact.kind.rawValue): \(fact.text)\n" }
    }
    if !report.executableStacks.isEmpty {
      out += "\nExecutable stack requested (not part of the verdict; pypa/auditwheel#634):\n"
      for fact in report.executableStacks {
        out += "    \(fact.file): \(fact.reason)\(fact.origin == .external ? " (external library)" : "")\n"
      }
    }
    return out
  }

  /// `libc.so.6 GLIBC_2.34 in pkg/_ext.so: close_range, pidfd_open` — one line per library,
  /// version and file, symbols sorted (`(no symbol)` for a bare version need).
  static func symbolLines(_ uses: [SymbolUse]) -> [String] {
    var lines: [String] = []
    var current: (key: String, symbols: [String])?
    for use in uses {
      let key = "\(use.library) \(use.version) in \(use.file)\(use.origin == .external ? " (external)" : "")"
      let symbol = use.symbol.map { use.weak ? "\($0) (weak)" : $0 } ?? "(no symbol)"
      if current?.key == key {
        current?.symbols.append(symbol)
      } else {
        if let done = current { lines.append("\(done.key): \(done.symbols.joined(separator: ", "))") }
        current = (key, [symbol])
      }
    }
    if let done = current { lines.append("\(done.key): \(done.symbols.joined(separator: ", "))") }
    return lines
  }
}

/// Pure renderings of an ``AuditReport``: `show` text and JSON, and the mount's `.audit/` files.
public enum AuditRendering {}

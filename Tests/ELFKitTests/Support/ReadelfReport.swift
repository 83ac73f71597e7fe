import ELFKit
import Foundation
import TestSupport

/// What `readelf -dW --dyn-syms -V` (binutils 2.40) says about one file: the independent truth
/// the differential tests compare ``ELFFacts`` with.
struct ReadelfReport: Equatable, CustomStringConvertible {
  var needed: [String] = []
  var soname: String?
  var rpath: String?
  var runpath: String?
  /// (file, [version names]) in section order.
  var versionNeeds: [Need] = []
  /// (index, base?, [name, parents…]) in section order.
  var versionDefinitions: [Definition] = []
  /// The versioned names of `.dynsym` in table order, as readelf prints them.
  var dynamicSymbols: [String] = []

  struct Need: Equatable { var file: String; var versions: [String] }
  struct Definition: Equatable { var index: Int; var base: Bool; var names: [String] }

  var description: String {
    "needed=\(needed) soname=\(soname ?? "-") rpath=\(rpath ?? "-") runpath=\(runpath ?? "-") "
      + "needs=\(versionNeeds) defs=\(versionDefinitions) symbols=\(dynamicSymbols.count)"
  }

  /// Runs readelf once over `paths` and splits its output by the `File: ` headers.
  static func run(_ paths: [String]) throws -> [String: ReadelfReport] {
    let result = try Tool.run(["readelf", "-dW", "--dyn-syms", "-V"] + paths)
    return parse(result.stdout, single: paths.count == 1 ? paths[0] : nil)
  }

  /// Parses readelf's text. With one input file readelf prints no `File:` header.
  static func parse(_ text: String, single: String?) -> [String: ReadelfReport] {
    var reports: [String: ReadelfReport] = [:]
    var current = single
    var report = ReadelfReport()
    enum Part { case none, dynamic, symbols, verdef, verneed, versym }
    var part = Part.none
    func flush() { if let current { reports[current] = report } }
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      if line.hasPrefix("File: ") {
        flush()
        current = String(line.dropFirst(6))
        report = ReadelfReport()
        part = .none
        continue
      }
      if line.hasPrefix("Dynamic section at") { part = .dynamic; continue }
      if line.hasPrefix("Symbol table '.dynsym'") { part = .symbols; continue }
      if line.hasPrefix("Version definition section") { part = .verdef; continue }
      if line.hasPrefix("Version needs section") { part = .verneed; continue }
      if line.hasPrefix("Version symbols section") { part = .versym; continue }
      if line.hasPrefix("Symbol table") || line.hasPrefix("There are no") { part = .none; continue }
      switch part {
      case .dynamic: parseDynamic(line, &report)
      case .symbols: parseSymbol(line, &report)
      case .verdef: parseDefinition(line, &report)
      case .verneed: parseNeed(line, &report)
      case .versym, .none: break
      }
    }
    flush()
    return reports
  }

  /// The `[value]` after `label` on a dynamic line tagged `(tag)`; the column spacing differs
  /// between ELF32 and ELF64 output.
  private static func bracketed(_ line: Substring, tag: String, label: String) -> String? {
    guard line.contains("(\(tag))"), let r = line.range(of: label + ": [") else { return nil }
    let rest = line[r.upperBound...]
    guard rest.hasSuffix("]") else { return nil }
    return String(rest.dropLast())
  }

  private static func parseDynamic(_ line: Substring, _ report: inout ReadelfReport) {
    if let v = bracketed(line, tag: "NEEDED", label: "Shared library") {
      report.needed.append(v)
    } else if let v = bracketed(line, tag: "SONAME", label: "Library soname") {
      report.soname = report.soname ?? v
    } else if let v = bracketed(line, tag: "RPATH", label: "Library rpath") {
      report.rpath = report.rpath ?? v
    } else if let v = bracketed(line, tag: "RUNPATH", label: "Library runpath") {
      report.runpath = report.runpath ?? v
    }
  }

  /// `   Num:    Value  Size Type Bind Vis [<other>] Ndx Name`
  private static func parseSymbol(_ line: Substring, _ report: inout ReadelfReport) {
    var rest = line.drop { $0 == " " }
    guard let colon = rest.firstIndex(of: ":"), Int(rest[..<colon]) != nil else { return }
    rest = rest[rest.index(after: colon)...]
    // Value, Size, Type, Bind, Vis; Type and Bind may read `<OS specific>: 10`.
    for _ in 0..<5 {
      rest = rest.drop { $0 == " " }
      if rest.hasPrefix("<"), let close = rest.firstIndex(of: ">") {
        rest = skipField(rest[rest.index(after: close)...].dropFirst())
      } else {
        rest = skipField(rest)
      }
    }
    rest = rest.drop { $0 == " " }
    if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {  // ppc64 [<localentry>: 8]
      rest = rest[rest.index(after: close)...]
    }
    rest = skipField(rest)  // Ndx
    if rest.first == " " { rest = rest.dropFirst() }
    report.dynamicSymbols.append(String(rest))
  }

  private static func skipField(_ s: Substring) -> Substring {
    s.drop { $0 == " " }.drop { $0 != " " }
  }

  private static func field(_ line: Substring, _ key: String) -> Substring? {
    guard let r = line.range(of: key) else { return nil }
    let rest = line[r.upperBound...]
    return rest.prefix { $0 != " " }
  }

  private static func parseDefinition(_ line: Substring, _ report: inout ReadelfReport) {
    if line.contains("Rev: "), let name = line.range(of: "Name: ") {
      let index = field(line, "Index: ").flatMap { Int($0) } ?? -1
      let flags = line.range(of: "Flags: ").map { line[$0.upperBound...] } ?? ""
      report.versionDefinitions.append(
        Definition(
          index: index, base: flags.hasPrefix("BASE"), names: [String(line[name.upperBound...])]))
    } else if line.contains(": Parent "), let r = line.range(of: ": ", options: .backwards) {
      guard !report.versionDefinitions.isEmpty else { return }
      report.versionDefinitions[report.versionDefinitions.count - 1].names.append(
        String(line[r.upperBound...]))
    }
  }

  private static func parseNeed(_ line: Substring, _ report: inout ReadelfReport) {
    if line.contains("File: "), let file = field(line, "File: ") {
      report.versionNeeds.append(Need(file: String(file), versions: []))
    } else if line.contains("  Name: "), let name = field(line, "Name: ") {
      guard !report.versionNeeds.isEmpty else { return }
      report.versionNeeds[report.versionNeeds.count - 1].versions.append(String(name))
    }
  }
}

extension ReadelfReport {
  /// The report readelf would print for `facts`, modelling readelf's display rules: a defined
  /// symbol whose version is its own name (the version node's `ABS` symbol, `st_name ==
  /// vda_name`) is printed without a version, and an unnamed `STT_SECTION` symbol is printed
  /// as its section's name (`sectionNames`, from the section headers).
  init(facts: ELFFacts, sectionNames: [String?] = []) {
    needed = facts.needed
    soname = facts.soname
    rpath = facts.rpath
    runpath = facts.runpath
    versionNeeds = facts.versionNeeds.map { Need(file: $0.file, versions: $0.versions.map(\.name)) }
    versionDefinitions = facts.versionDefinitions.map {
      Definition(index: Int($0.index), base: $0.flags & VersionDefinition.baseFlag != 0, names: $0.names)
    }
    dynamicSymbols = facts.symbols.map { s in
      if s.type == .section, s.name.isEmpty, Int(s.sectionIndex) < sectionNames.count {
        return sectionNames[Int(s.sectionIndex)] ?? ""
      }
      if s.defined, s.versionFile == nil, s.version == s.name { return s.name }
      return s.versionedName
    }
  }

  /// Human-readable differences between `self` (ours) and `other` (readelf).
  func differences(from other: ReadelfReport) -> [String] {
    var out: [String] = []
    if needed != other.needed { out.append("NEEDED ours=\(needed) readelf=\(other.needed)") }
    if soname != other.soname { out.append("SONAME ours=\(soname ?? "-") readelf=\(other.soname ?? "-")") }
    if rpath != other.rpath { out.append("RPATH ours=\(rpath ?? "-") readelf=\(other.rpath ?? "-")") }
    if runpath != other.runpath {
      out.append("RUNPATH ours=\(runpath ?? "-") readelf=\(other.runpath ?? "-")")
    }
    if versionNeeds != other.versionNeeds {
      out.append("version needs ours=\(versionNeeds) readelf=\(other.versionNeeds)")
    }
    if versionDefinitions != other.versionDefinitions {
      out.append("version defs ours=\(versionDefinitions) readelf=\(other.versionDefinitions)")
    }
    if dynamicSymbols.count != other.dynamicSymbols.count {
      out.append("symbol count ours=\(dynamicSymbols.count) readelf=\(other.dynamicSymbols.count)")
    } else {
      let diffs = zip(dynamicSymbols, other.dynamicSymbols).enumerated().filter { $0.1.0 != $0.1.1 }
      for (i, pair) in diffs.prefix(3) {
        out.append("symbol \(i) ours=\(pair.0) readelf=\(pair.1)")
      }
      if diffs.count > 3 { out.append("… \(diffs.count - 3) more symbol differences") }
    }
    return out
  }
}

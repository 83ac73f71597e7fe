import AuditKit
import ELFKit
import Foundation
import PolicyKit
import RepairKit

/// What `wheelfs repair` asks of the audit for one wheel: the flags that shape the analysis,
/// and the repair options to put in the ``RepairInput``.
struct RepairAnalysisOptions {
  /// `--plat` as given (`auto`, a policy name or an alias).
  var platform: String
  /// `--plat` checked against the wheel's file name (base, architecture).
  var request: RepairPlatform.Request
  /// `--exclude` patterns (fnmatch, on sonames and real paths).
  var exclude: [String]
  /// `--only-plat`.
  var onlyPlatform: Bool
  /// `--disable-isa-ext-check`.
  var disableISAExtensionCheck: Bool
  /// `--ldpaths` (replaces the default search directories).
  var ldpaths: String?
  /// Everything else, passed through to the input.
  var repair: RepairOptions
}

/// The audit's answer.
enum RepairAnalysis {
  /// The wheel has ELF files: what to repair, with the target already checked
  /// (``RepairPlatform/target(policies:platformBase:verdict:wheel:onlyPlatform:)``).
  case ready(RepairInput)
  /// No ELF file at all (auditwheel's `NonPlatformWheelError`), with its message.
  case nonPlatformWheel(message: String)
}

/// Analyses `wheel` for repair: the audit with repair's evaluation options, the target checked
/// against every ceiling (auditwheel's refusals, then PyFPE), and one ``RepairELF`` per analysed
/// ELF with the external libraries the first ABI needs grafted.
///
/// - Throws: `PolicyError`/`RepairError` refusals (exit 2 at the command), `CLIFailure` for
///   anything else (exit 1).
func analyzeForRepair(wheel: String, options: RepairAnalysisOptions) throws -> RepairAnalysis {
  let analysis: WheelAnalysis
  do {
    analysis = try repairAnalyzer(options).analyze(path: wheel)
  } catch {
    if case .nonPlatformWheel = error { return .nonPlatformWheel(message: "\(error)") }
    throw CLIFailure("\(error)")
  }
  let verdict = analysis.verdict(
    options: .repair(
      platformBase: options.request.base, disableISAExtensionCheck: options.disableISAExtensionCheck))
  let target: RepairTarget
  do {
    target = try RepairPlatform.target(
      policies: analysis.policies, platformBase: options.request.base, verdict: verdict, wheel: wheel,
      onlyPlatform: options.onlyPlatform)
  } catch {
    // auditwheel's sentence, then what exactly stands in the way (auditwheel #36).
    let details = refusalDetails(analysis, platformBase: options.request.base)
    throw CLIFailure(
      "error: \(error)" + details.map { "\n  \($0)" }.joined(), status: ExitStatus.usage)
  }
  let first = target.abis[0]
  let summaries = Dictionary(analysis.report.elves.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
  var elfs: [RepairELF] = []
  for member in verdict.perELF.keys.sorted() {
    let references = verdict.perELF[member]?[first]?.libraries ?? []
    var external: [ExternalLibrary] = []
    var libpython: [String] = []
    for library in references {
      if LibPython.matches(library.soname, extended: true) {
        libpython.append(library.soname)
      } else {
        // The facts name libraries as the target sees them; read them from the host (or the
        // `--root` sysroot).
        external.append(
          ExternalLibrary(
            soname: library.soname, realpath: library.realpath.flatMap(analysis.hostPath(ofLibrary:))))
      }
    }
    let summary = summaries[member]
    let searchPath = (summary?.runpath ?? summary?.rpath).map(DynamicInfo.splitPath) ?? []
    elfs.append(
      RepairELF(
        path: member, needed: summary?.needed ?? [], searchPath: searchPath,
        externalLibraries: external, libpythonToRemove: libpython))
  }
  guard let architecture = BaseArchitecture(rawValue: analysis.policies.architecture.baseline.rawValue) else {
    throw CLIFailure("\(wheel): cannot repair a wheel for architecture \(analysis.policies.architecture.rawValue)")
  }
  return .ready(
    try RepairInput(
      wheelPath: wheel, target: target, architecture: architecture, elfs: elfs,
      options: options.repair))
}

/// The analyzer `repair` runs: `--exclude`, `--disable-isa-ext-check`, `--ldpaths` and the
/// library-path variables of the process environment (read here, at the command-line edge).
private func repairAnalyzer(_ options: RepairAnalysisOptions) -> WheelAnalyzer {
  let environment = SearchEnvironment.from(
    environment: ProcessInfo.processInfo.environment, ldPaths: options.ldpaths
  ).absolutized(against: FileManager.default.currentDirectoryPath)
  return WheelAnalyzer(
    options: AuditOptions(
      disableISAExtensionCheck: options.disableISAExtensionCheck, exclude: options.exclude),
    environment: environment)
}

/// The facts that keep the wheel from the requested policy (`auto`: the newest policy), one
/// line each: `symbol-versions libc.so.6 GLIBC_2.34 (close_range in pkg/_ext.so)`.
private func refusalDetails(_ analysis: WheelAnalysis, platformBase: String) -> [String] {
  let policies = analysis.policies
  let name =
    platformBase == "auto" ? policies.lowest.name : "\(platformBase)_\(policies.architecture.rawValue)"
  guard let policy = try? policies.lookup(name),
    let barrier = analysis.report.barriers.first(where: { $0.policy == policy.name })
  else { return [] }
  return BarrierFact.facts(of: barrier).map { "\($0.kind.rawValue) \($0.text)" }
}

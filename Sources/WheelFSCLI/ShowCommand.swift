import ArgumentParser
import AuditKit
import Foundation

/// `wheelfs show WHEEL|DIR|ELF`: `auditwheel show`, with per-symbol diagnostics.
struct ShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Audit a wheel for external shared library dependencies (like auditwheel show).",
    discussion: """
      The verdict equals auditwheel 6.8.2's. The text adds which symbols require each version
      and what stands between the wheel and more compatible tags; --json prints auditwheel's
      object plus a "wheelfs" key with the full report. An unpacked wheel directory or a single
      ELF file can be audited too. Exit status: 0 for any platform wheel, compliant or not;
      1 when it is not a platform wheel (0 with --allow-pure-python-wheel for a pure one) or
      cannot be analysed; 2 for usage errors and missing files. See docs/audit.md.
      """)

  @Argument(help: "A .whl file, an unpacked wheel directory, or an ELF file.")
  var path: String

  @Flag(help: "Print auditwheel's JSON object (plus a \"wheelfs\" key with the full report).")
  var json = false

  @Flag(name: [.short, .long], help: "Print every policy's paragraph and every diagnostic.")
  var verbose = false

  @Flag(name: .customLong("disable-isa-ext-check"), help: "Do not check for extended ISA compatibility (e.g. x86_64_v2).")
  var disableISAExtensionCheck = false

  @Flag(help: "Exit 0 for a pure Python wheel (no platform-specific binaries).")
  var allowPurePythonWheel = false

  @Option(
    help: ArgumentHelp(
      "Colon-separated directories to search for external libraries, replacing the default list; add to it with AUDITWHEEL_LD_LIBRARY_PATH.",
      valueName: "paths"))
  var ldpaths: String?

  @Option(help: ArgumentHelp("Look up system libraries under this directory instead of /.", valueName: "dir"))
  var root: String?

  /// The mount's `.audit/` files, printable without mounting.
  enum AuditFile: String, ExpressibleByArgument, CaseIterable {
    case policy, symbols, needed, record
    case reportJSON = "report.json"
  }

  @Option(help: ArgumentHelp("Print what a mount shows in .audit/<name> instead.", valueName: "name"))
  var auditFile: AuditFile?

  func run() throws {
    let analyzer = AuditCommandSupport.analyzer(
      ldpaths: ldpaths, root: root, options: AuditOptions(disableISAExtensionCheck: disableISAExtensionCheck))
    let name = (path as NSString).lastPathComponent
    if auditFile == .record {
      // RECORD verification needs no ELF analysis (and works on pure wheels).
      let input: AuditInput
      do { input = try AuditInput.open(path) } catch { try fail(error, name: name) }
      print(AuditRendering.recordFile(RecordCheck.problems(input, threads: nil)), terminator: "")
      return
    }
    let analysis: WheelAnalysis
    do {
      analysis = try analyzer.analyze(path: path)
    } catch {
      try fail(error, name: name)
    }
    AuditCommandSupport.printWarnings(analysis.report)
    let report = analysis.report
    if let auditFile {
      switch auditFile {
      case .policy: print(AuditRendering.policyFile(report), terminator: "")
      case .symbols: print(AuditRendering.symbolsFile(report), terminator: "")
      case .needed: print(AuditRendering.neededFile(report), terminator: "")
      case .reportJSON: print(AuditRendering.reportJSON(report), terminator: "")
      case .record: break
      }
    } else if json {
      print(AuditRendering.showJSON(analysis.report), terminator: "")
    } else {
      print(AuditRendering.showText(analysis.report, verbose: verbose), terminator: "")
    }
  }

  /// auditwheel's answers for a wheel it cannot audit.
  private func fail(_ error: AuditError, name: String) throws -> Never {
    if case .fileNotFound = error { throw CLIFailure("\(error)", status: ExitStatus.usage) }
    if case .nonPlatformWheel(_, _, let pure) = error, pure, allowPurePythonWheel {
      if json { print(AuditRendering.showJSONPure(wheel: name), terminator: "") }
      throw ExitCode(ExitStatus.success)
    }
    if json {
      print(AuditRendering.showJSONError(wheel: name, message: "\(error)"), terminator: "")
    }
    throw CLIFailure("\(error)".trimmingCharacters(in: .whitespacesAndNewlines), status: ExitStatus.failure)
  }
}

/// What `show`, `check` and `lddtree` share: the search environment from the process (the only
/// place it is read) and warnings on standard error.
enum AuditCommandSupport {
  static var currentDirectory: String { FileManager.default.currentDirectoryPath }

  static func environment(ldpaths: String?, root: String?) -> SearchEnvironment {
    SearchEnvironment.from(environment: ProcessInfo.processInfo.environment, ldPaths: ldpaths, sysroot: root ?? "/")
      .absolutized(against: currentDirectory)
  }

  static func analyzer(ldpaths: String?, root: String?, options: AuditOptions) -> WheelAnalyzer {
    WheelAnalyzer(options: options, environment: environment(ldpaths: ldpaths, root: root))
  }

  static func printWarnings(_ report: AuditReport) {
    for warning in report.warnings { printError("wheelfs: warning: \(warning.message)") }
  }
}

import ArgumentParser
import AuditKit
import Foundation

/// `wheelfs check WHEEL`: a failing exit status when a wheel is damaged or claims more than
/// its contents satisfy (pypa/auditwheel#180).
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Verify a wheel: zip container, RECORD hashes, and that its platform tags are satisfied.",
    discussion: """
      Prints one problem per line (`code: member-or-tag: message`), then `WHEEL: OK` or
      `WHEEL: N problems`. Exit status: 0 when clean; 3 when there is any problem (a damaged
      member, a RECORD mismatch, file-name tags differing from WHEEL, or a platform tag the
      contents do not satisfy); 1 when the file is not a readable wheel at all; 2 for usage
      errors and missing files. See docs/audit.md.
      """)

  @Argument(help: "A .whl file or an unpacked wheel directory.")
  var path: String

  @Flag(help: "Print the result as JSON.")
  var json = false

  @Flag(name: .customLong("disable-isa-ext-check"), help: "Do not check for extended ISA compatibility (e.g. x86_64_v2).")
  var disableISAExtensionCheck = false

  @Option(help: ArgumentHelp("Colon-separated directories replacing the default library search list.", valueName: "paths"))
  var ldpaths: String?

  @Option(help: ArgumentHelp("Look up system libraries under this directory instead of /.", valueName: "dir"))
  var root: String?

  func run() throws {
    let analyzer = AuditCommandSupport.analyzer(
      ldpaths: ldpaths, root: root, options: AuditOptions(disableISAExtensionCheck: disableISAExtensionCheck))
    let report: CheckReport
    do {
      report = try WheelChecker(analyzer: analyzer).check(path: path)
    } catch {
      if case .fileNotFound = error { throw CLIFailure("\(error)", status: ExitStatus.usage) }
      throw CLIFailure("\(error)")
    }
    print(json ? AuditRendering.checkJSON(report) : AuditRendering.checkText(report), terminator: "")
    if !report.ok { throw ExitCode(ExitStatus.notCompliant) }
  }
}

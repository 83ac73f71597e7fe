import ArgumentParser
import Foundation

/// Exit statuses of `wheelfs`, chosen to drop in where `auditwheel` is used.
///
/// | status | meaning |
/// |---|---|
/// | 0 | success (for `show`: any platform wheel, compliant or not) |
/// | 1 | failure: unreadable input, not a platform wheel, analysis or I/O error |
/// | 2 | usage error, or a repair refused by policy (auditwheel's `parser.error`) |
/// | 3 | `check` found the wheel does not satisfy what its tags claim |
enum ExitStatus {
  static let success: Int32 = 0
  static let failure: Int32 = 1
  static let usage: Int32 = 2
  static let notCompliant: Int32 = 3
}

/// A failure already rendered for the user: printed once, as `wheelfs: <message>`, then the
/// process exits with `status`.
struct CLIFailure: Error, CustomStringConvertible {
  var message: String
  var status: Int32

  init(_ message: String, status: Int32 = ExitStatus.failure) {
    self.message = message
    self.status = status
  }

  var description: String { message }
}

/// Writes one line to standard error.
func printError(_ line: String) {
  FileHandle.standardError.write(Data((line.hasSuffix("\n") ? line : line + "\n").utf8))
}

extension WheelFS {
  /// Runs the command line with auditwheel's exit-status conventions: usage errors exit 2
  /// (ArgumentParser would exit 64), `CLIFailure`s print one line, and any other error is
  /// rendered as text — never a stack trace.
  static func runMain() -> Never {
    let arguments = Array(CommandLine.arguments.dropFirst())
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      Foundation.exit(ExitStatus.success)
    } catch let failure as CLIFailure {
      printError("wheelfs: \(failure.message)")
      Foundation.exit(failure.status)
    } catch let code as ExitCode {
      Foundation.exit(code.rawValue)
    } catch {
      let status = exitCode(for: error).rawValue
      if status == ExitCode.success.rawValue {
        // --help, --version: ArgumentParser renders them to stdout.
        print(fullMessage(for: error))
        Foundation.exit(ExitStatus.success)
      }
      // ArgumentParser's usage errors (64) become auditwheel's 2.
      printError(fullMessage(for: error))
      Foundation.exit(status == ExitCode.validationFailure.rawValue ? ExitStatus.usage : status)
    }
  }
}

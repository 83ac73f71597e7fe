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

/// The one seam between the command and the audit layer: analyse `wheel` for repair.
///
/// The audit layer replaces this body: build `PolicySet` for the wheel's libc and architecture,
/// evaluate with `.repair(platformBase: options.request.base, …)`, get the target with
/// `RepairPlatform.target` (throwing `PolicyError.repairRefused` or `RepairError.usesPyFPE`,
/// which the command turns into exit status 2), and fill a `RepairELF` per analysed ELF from
/// `verdict.perELF[path][target.abis[0]]` (libpython sonames moved to `libpythonToRemove`).
///
/// - Throws: refusals as above; any other error is reported with exit status 1.
func analyzeForRepair(wheel: String, options: RepairAnalysisOptions) throws -> RepairAnalysis {
  throw CLIFailure(
    "\(wheel): analysis not available in this build: `wheelfs repair` needs the audit layer "
      + "(AuditKit analysis), which is not merged yet")
}

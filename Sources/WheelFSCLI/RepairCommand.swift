import ArgumentParser
import BinaryKit
import Foundation
import PolicyKit
import RepairKit
import WheelKit

/// `wheelfs repair WHEEL...`: a drop-in for `auditwheel repair` (same flags, environment
/// defaults and exit statuses), so `repair-wheel-command = "wheelfs repair -w {dest_dir} {wheel}"`
/// works in cibuildwheel.
struct RepairCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repair",
    abstract: "Vendor in external shared library dependencies of a wheel (auditwheel repair).",
    discussion: """
      External libraries are copied into <name>.libs/ under hashed names, the ELF files are \
      patched to find them (DT_NEEDED, SONAME, DT_RPATH), and the wheel is re-tagged. If several \
      wheels are given, an error processing one stops the rest.

      Environment: AUDITWHEEL_PLAT and AUDITWHEEL_ZIP_COMPRESSION_LEVEL give defaults for --plat \
      and -z; SOURCE_DATE_EPOCH fixes every member's timestamp.

      Exit status: 0 success, 1 failure (or a wheel with no ELF file), 2 usage error or repair \
      refused by policy.
      """)

  @Argument(help: "Path to wheel file(s).")
  var wheels: [String]

  @Option(
    name: .customLong("plat"),
    help: "Desired target platform: auto, or a manylinux/musllinux tag for the wheel's architecture (default: $AUDITWHEEL_PLAT or auto).")
  var platform: String?

  @Option(name: [.customShort("w"), .customLong("wheel-dir")], help: "Directory to store repaired wheels.")
  var wheelDirectory = "wheelhouse/"

  @Option(help: "Exclude SONAME from grafting (fnmatch pattern; repeatable).")
  var exclude: [String] = []

  @Flag(help: "Do not check for higher policy compatibility.")
  var onlyPlat = false

  @Flag(help: "Do not update the wheel filename tags and WHEEL info.")
  var noUpdateTags = false

  @Flag(help: "Strip symbols in the resulting wheel.")
  var strip = false

  @Option(
    name: [.customShort("z"), .customLong("zip-compression-level")],
    help: "Deflate level for the members written anew, 0-9 (default: $AUDITWHEEL_ZIP_COMPRESSION_LEVEL or zlib's default, 6).")
  var zipCompressionLevel: Int?

  @Option(
    name: [.customShort("L"), .customLong("lib-sdir")],
    help: "Suffix of the directory, named after the distribution, for copied libraries.")
  var libSdir = ".libs"

  @Flag(help: "Do not check for extended ISA compatibility (e.g. x86_64_v2).")
  var disableIsaExtCheck = false

  @Flag(help: "Copy pure Python wheels (no ELF file) to the wheel directory unchanged instead of failing.")
  var allowPurePythonWheel = false

  @Option(help: "Colon-delimited directories to search for external libraries, replacing the default list.")
  var ldpaths: String?

  @Flag(help: "Print what would be done; write nothing.")
  var dryRun = false

  /// The `--plat` value after the environment default.
  var resolvedPlatform: String {
    platform ?? ProcessInfo.processInfo.environment["AUDITWHEEL_PLAT"].flatMap { $0.isEmpty ? nil : $0 } ?? "auto"
  }

  func validate() throws {
    let environment = ProcessInfo.processInfo.environment
    let plat = resolvedPlatform
    if !RepairPlatform.isKnown(plat) {
      let origin = platform == nil ? " from environment variable 'AUDITWHEEL_PLAT'" : ""
      throw ValidationError(
        "argument --plat: invalid choice: '\(plat)'\(origin) (choose auto or a manylinux/musllinux tag, e.g. manylinux_2_28_x86_64)")
    }
    _ = try compressionLevel(environment)
    _ = try sourceDateEpoch(environment)
    if wheels.isEmpty { throw ValidationError("the following arguments are required: WHEEL_FILE") }
  }

  /// `-z`, else `AUDITWHEEL_ZIP_COMPRESSION_LEVEL`, else -1.
  func compressionLevel(_ environment: [String: String]) throws -> Int {
    if let zipCompressionLevel {
      guard (-1...9).contains(zipCompressionLevel) else {
        throw ValidationError("argument -z/--zip-compression-level: invalid choice: \(zipCompressionLevel) (choose from 0 to 9)")
      }
      return zipCompressionLevel
    }
    guard let text = environment["AUDITWHEEL_ZIP_COMPRESSION_LEVEL"], !text.isEmpty else { return -1 }
    guard let level = Int(text.trimmingCharacters(in: .whitespaces)), (-1...9).contains(level) else {
      throw ValidationError(
        "argument -z/--zip-compression-level: invalid choice: '\(text)' from environment variable 'AUDITWHEEL_ZIP_COMPRESSION_LEVEL' (choose from 0 to 9)")
    }
    return level
  }

  /// `SOURCE_DATE_EPOCH` (empty means unset, as in auditwheel).
  func sourceDateEpoch(_ environment: [String: String]) throws -> DOSTimestamp? {
    guard let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty else { return nil }
    do { return try DOSTimestamp.sourceDateEpoch(text) } catch {
      throw ValidationError("invalid SOURCE_DATE_EPOCH '\(text)': expected an integer number of seconds")
    }
  }

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    let directory = URL(fileURLWithPath: wheelDirectory).standardizedFileURL.path
    let options = RepairOptions(
      wheelDirectory: directory, libSdir: libSdir, updateTags: !noUpdateTags, strip: strip,
      zipCompressionLevel: try compressionLevel(environment),
      sourceDateEpoch: try sourceDateEpoch(environment))
    let progress = RepairProgress()
    for wheel in wheels {
      try repair(wheel, options: options, progress: progress)
    }
  }

  private func repair(_ wheel: String, options: RepairOptions, progress: RepairProgress) throws {
    guard (try? FileBytes(path: wheel)) != nil else {
      throw CLIFailure("error: cannot access \(wheel). No such file", status: ExitStatus.usage)
    }
    let name = URL(fileURLWithPath: wheel).lastPathComponent
    let request: RepairPlatform.Request
    do { request = try RepairPlatform.check(wheelFilename: name, platform: resolvedPlatform) } catch {
      throw CLIFailure("error: \(error)", status: ExitStatus.usage)
    }
    progress.note("Repairing \(name)")
    let analysis: RepairAnalysis
    do {
      analysis = try analyzeForRepair(
        wheel: wheel,
        options: RepairAnalysisOptions(
          platform: resolvedPlatform, request: request, exclude: exclude, onlyPlatform: onlyPlat,
          disableISAExtensionCheck: disableIsaExtCheck, ldpaths: ldpaths, repair: options))
    } catch let error as PolicyError {
      throw CLIFailure("error: \(error)", status: ExitStatus.usage)
    } catch let error as RepairError {
      throw CLIFailure(error.isRefusal ? "error: \(error)" : "\(error)", status: error.isRefusal ? ExitStatus.usage : ExitStatus.failure)
    }
    switch analysis {
    case .nonPlatformWheel(let message):
      guard request.isPureByName && allowPurePythonWheel else { throw CLIFailure(message) }
      try copyUnchanged(wheel, into: options.wheelDirectory, progress: progress)
    case .ready(let input):
      try execute(input, progress: progress)
    }
  }

  private func execute(_ input: RepairInput, progress: RepairProgress) throws {
    do {
      let libraries = HostLibraries()
      let plan = try Repair.plan(input, libraries: libraries)
      for warning in plan.warnings { printError("wheelfs: warning: \(warning)") }
      if dryRun {
        print(plan.description)
        return
      }
      for graft in plan.grafts { progress.note("Grafting \(graft.source.realpath) -> \(graft.destination)") }
      let archive: ZipArchive
      do { archive = try ZipArchive(path: input.wheelPath, cacheCapacity: 0) } catch { throw RepairError.zip(error) }
      let outcome = try RepairExecutor.execute(plan, archive: archive) { (path: String) throws(RepairError) -> [UInt8] in
        try libraries.bytes(path)
      }
      if let outcome {
        for warning in outcome.warnings { printError("wheelfs: warning: \(warning)") }
        print("Fixed-up wheel written to \(outcome.outputPath)")
      }
    } catch let error as RepairError {
      throw CLIFailure(error.isRefusal ? "error: \(error)" : "\(error)", status: error.isRefusal ? ExitStatus.usage : ExitStatus.failure)
    }
  }

  /// `--allow-pure-python-wheel`: the wheel, byte for byte, in the wheel directory (atomically;
  /// nothing to do when it is already there).
  private func copyUnchanged(_ wheel: String, into directory: String, progress: RepairProgress) throws {
    let destination = directory + "/" + URL(fileURLWithPath: wheel).lastPathComponent
    let source = URL(fileURLWithPath: wheel).resolvingSymlinksInPath().path
    if URL(fileURLWithPath: destination).resolvingSymlinksInPath().path == source { return }
    if dryRun {
      print("copy \(wheel) -> \(destination) (pure Python wheel, unchanged)")
      return
    }
    let temporary = directory + "/." + URL(fileURLWithPath: wheel).lastPathComponent + ".tmp-\(getpid())"
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try? FileManager.default.removeItem(atPath: temporary)
      try FileManager.default.copyItem(atPath: source, toPath: temporary)
      try FileOutput.replace(temporary, with: destination)
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw CLIFailure("cannot copy \(wheel) to \(destination): \(error)")
    }
    progress.note("Copied pure Python wheel to \(destination)")
  }
}

/// Progress lines on standard error, only when it is a terminal.
struct RepairProgress {
  let enabled = isatty(STDERR_FILENO) == 1

  func note(_ line: String) {
    if enabled { printError(line) }
  }
}

import ArgumentParser
import BinaryKit
import FUSEBridge
import Foundation
import Logging
import MountKit

/// `wheelfs mount WHEEL_OR_DIR MOUNTPOINT`: a read-only view of a wheel with `.audit/`.
struct MountCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mount",
    abstract: "Mount a wheel, or a directory of wheels, read-only (with a hidden .audit/ directory).",
    discussion: """
      Without -f the command returns once the file system is live (or fails with the reason).
      Unmount with `wheelfs unmount MOUNTPOINT`; SIGTERM, SIGINT and SIGHUP also unmount cleanly.
      `echo TAG > MOUNTPOINT/.audit/repair` repairs the wheel to a platform tag. See docs/mount.md.
      """)

  @Argument(help: "A .whl file, or a directory whose *.whl files are mounted one per subdirectory.")
  var source: String

  @Argument(help: "An existing, empty directory.")
  var mountpoint: String

  @Flag(name: [.short, .long], help: "Stay in the foreground and log to stderr.")
  var foreground = false

  @Option(
    help: """
      Memory for inflated members, in bytes (accepts K, M, G suffixes). The default is an eighth \
      of the memory this process may use (physical memory, or a lower cgroup limit), at least \
      256M and at most 2G.
      """)
  var cacheSize = ByteCount(bytes: MemoryBudget.defaultCacheSize())

  @Option(help: "Where .audit/repair writes repaired wheels (default: wheelhouse/ beside the mounted wheel, or inside the mounted directory).")
  var wheelhouse: String?

  @Option(
    name: .customShort("o"),
    help: ArgumentHelp(
      "Mount options for libfuse (e.g. allow_other); repeatable. `nonempty` allows a non-empty mount point.",
      valueName: "options"))
  var options: [String] = []

  @Option(help: "Maximum number of FUSE worker threads.")
  var threads = 8

  @Flag(help: "Log every FUSE request (libfuse -d); implies --foreground.")
  var debugFuse = false

  @Option(help: .hidden)
  var readyFd: Int32?

  @Flag(help: .hidden)
  var demoSource = false

  func validate() throws {
    guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
  }

  func run() throws {
    let sourcePath = MountCommand.absolute(source)
    let mountPath = MountCommand.absolute(mountpoint)
    let wheelhousePath = MountCommand.absolute(wheelhouse ?? MountCommand.defaultWheelhouse(for: sourcePath))
    var readiness = readyFd.map { ReadinessPipe(descriptor: $0) }
    if !foreground && !debugFuse && readyFd == nil {
      switch try BackgroundLauncher.forkChild() {
      case .child(let pipe):
        readiness = pipe
      case .parent(let outcome):
        try MountCommand.finish(outcome)
        return
      case nil:
        try runInBackground(source: sourcePath, mountpoint: mountPath, wheelhouse: wheelhousePath)
        return
      }
    }
    var logger = Logger(label: "wheelfs.mount")
    // A background child keeps its caller's stderr only until it is ready: stay quiet there.
    logger.logLevel = readiness == nil || debugFuse ? .info : .warning
    do {
      try serve(source: sourcePath, mountpoint: mountPath, wheelhouse: wheelhousePath, readiness: readiness, logger: logger)
    } catch let error where readiness != nil && !(error is ExitCode) {
      // Not ready yet (readiness is reported only once serving starts): the waiting parent
      // prints the message; the child only sets its exit status.
      readiness?.reportFailure("\(error)")
      throw ExitCode.failure
    }
  }

  /// Builds the tree and serves it in this process until unmounted or signalled.
  private func serve(
    source: String, mountpoint: String, wheelhouse: String, readiness: ReadinessPipe?, logger: Logger
  ) throws {
    let tree =
      demoSource
      ? MountDemo.tree(name: URL(fileURLWithPath: source).lastPathComponent)
      : try makeTree(path: source, cacheSize: cacheSize.bytes, wheelhouse: wheelhouse)
    for skipped in tree.skipped {
      logger.warning(
        "entry not mounted",
        metadata: ["wheel": "\(skipped.wheel)", "path": "\(skipped.path)", "reason": "\(skipped.reason)"])
    }
    let configuration = MountConfiguration(
      mountpoint: mountpoint, options: options, maxThreads: threads, debug: debugFuse,
      fsName: demoSource ? "wheelfs" : source, cacheSize: cacheSize.bytes)
    let status = try MountRunner.run(tree: tree, configuration: configuration, readiness: readiness, logger: logger)
    if status != 0 { throw ExitCode(status) }
  }

  /// `wheelhouse/` beside a mounted wheel file; inside a mounted directory of wheels.
  static func defaultWheelhouse(for source: String) -> String {
    let url = URL(fileURLWithPath: source)
    if FileStatus(path: source, followingSymlinks: true)?.kind == .directory {
      return url.appendingPathComponent("wheelhouse").path
    }
    return url.deletingLastPathComponent().appendingPathComponent("wheelhouse").path
  }

  /// Re-executes this binary in the foreground with a readiness pipe and waits for its report
  /// (when the process already has threads and cannot fork safely).
  private func runInBackground(source: String, mountpoint: String, wheelhouse: String) throws {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
    var arguments = [
      "mount", source, mountpoint, "--foreground", "--cache-size", String(cacheSize.bytes),
      "--wheelhouse", wheelhouse, "--threads", String(threads),
    ]
    for option in options { arguments += ["-o", option] }
    if demoSource { arguments.append("--demo-source") }
    try MountCommand.finish(try BackgroundLauncher.launch(executable: executable, arguments: arguments))
  }

  /// The waiting parent's exit: success once the child is serving, else the child's message.
  private static func finish(_ outcome: BackgroundLauncher.Outcome) throws {
    switch outcome {
    case .ready:
      return
    case .failed(let message):
      FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
      throw ExitCode.failure
    }
  }

  static func absolute(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }
}

/// `wheelfs unmount MOUNTPOINT`.
struct UnmountCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "unmount", abstract: "Unmount a wheelfs mount (the serving process then exits).")

  @Argument(help: "The mount point.")
  var mountpoint: String

  @Flag(name: [.short, .customLong("lazy")], help: "Detach now even if files are open (umount -l).")
  var lazy = false

  func run() throws {
    try Unmounter.unmount(MountCommand.absolute(mountpoint), lazy: lazy)
  }
}

/// A byte count on the command line: digits with an optional K, M or G (binary) suffix.
struct ByteCount: ExpressibleByArgument, Sendable {
  var bytes: Int

  init(bytes: Int) { self.bytes = bytes }

  init?(argument: String) {
    let text = argument.uppercased().replacingOccurrences(of: "IB", with: "").replacingOccurrences(of: "B", with: "")
    let shifts: [Character: Int] = ["K": 10, "M": 20, "G": 30]
    var digits = Substring(text)
    var shift = 0
    if let last = digits.last, let value = shifts[last] {
      shift = value
      digits = digits.dropLast()
    }
    guard let value = Int(digits), value >= 0, value <= (Int.max >> shift) else { return nil }
    bytes = value << shift
  }

  var defaultValueDescription: String { "\(bytes >> 20)M" }
}

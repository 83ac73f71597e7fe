import Dispatch
import FUSEBridge
import Foundation
import Logging
import MountKit
import Synchronization
import TestSupport
import Testing

/// A tree mounted on a fresh directory for one test, served by libfuse worker threads of this
/// process.
///
/// A watchdog aborts the FUSE connection if the test is still running after 40 s, so a
/// regression that hangs a request fails the suite instead of hanging it.
final class TestMount: Sendable {
  let mountpoint: String
  let session: MountSession
  private let closed = Atomic<Bool>(false)

  init(_ tree: VirtualTree, options: [String] = []) throws {
    mountpoint = try TestMount.emptyDirectory()
    session = try MountSession(
      tree: tree, configuration: MountConfiguration(mountpoint: mountpoint, options: options),
      logger: quietLogger)
    session.serveInBackground()
    DispatchQueue.global().asyncAfter(deadline: .now() + 40) { [self] in
      if !closed.load(ordering: .acquiring) { session.abort() }
    }
  }

  /// Unmounts, waits for the loop to end, and checks that no mount is left behind.
  func close(sourceLocation: SourceLocation = #_sourceLocation) {
    closed.store(true, ordering: .releasing)
    var stopped = false
    do { stopped = try session.stop(timeout: 10) } catch {
      Issue.record("unmount failed: \(error)", sourceLocation: sourceLocation)
    }
    if !stopped {
      Issue.record("the FUSE loop did not stop within 10 s", sourceLocation: sourceLocation)
      session.abort()
      _ = try? Tool.run(["fusermount3", "-uz", mountpoint])
    }
    #expect(!TestMount.isMounted(mountpoint), "mount left behind", sourceLocation: sourceLocation)
    try? FileManager.default.removeItem(atPath: mountpoint)
  }

  /// `mountpoint + "/" + relative`.
  func path(_ relative: String) -> String { relative.isEmpty ? mountpoint : mountpoint + "/" + relative }

  /// Runs `script` with `bash -c` (whose messages carry strerror text), `$M` set to the mount
  /// point.
  @discardableResult
  func sh(_ script: String) throws -> Tool.Result {
    try Tool.run(["timeout", "30", "bash", "-c", script], environment: ["M": mountpoint])
  }

  static func emptyDirectory() throws -> String {
    let path = "/tmp/wheelfs-fuse-test-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    return path
  }

  static func isMounted(_ path: String) -> Bool {
    let mounts = (try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) ?? ""
    return mounts.split(separator: "\n").contains { $0.split(separator: " ").dropFirst().first == Substring(path) }
  }
}

/// Mounts `tree`, runs `body`, and always unmounts.
func withMount(
  _ tree: VirtualTree, options: [String] = [], sourceLocation: SourceLocation = #_sourceLocation,
  _ body: (TestMount) throws -> Void
) throws {
  let mount = try TestMount(tree, options: options)
  defer { mount.close(sourceLocation: sourceLocation) }
  try body(mount)
}

/// Test mounts log warnings and errors only.
let quietLogger: Logger = {
  var logger = Logger(label: "wheelfs.test")
  logger.logLevel = .warning
  return logger
}()

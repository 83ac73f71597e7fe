import Dispatch
import FUSEBridge
import Foundation
import Glibc
import Logging
import MountKit
import Synchronization
import TestSupport
import Testing

/// Pre-mount checks, libfuse option errors, unmounting, the emergency abort, errno mapping.
@Suite struct MountLifecycleTests {
  static func mountError(_ mountpoint: String, options: [String] = []) -> MountError? {
    do {
      let session = try MountSession(
        tree: TestWheel.tree(), configuration: MountConfiguration(mountpoint: mountpoint, options: options),
        logger: quietLogger)
      session.serveInBackground()
      _ = try? session.stop(timeout: 10)
      return nil
    } catch {
      return error
    }
  }

  @Test func badMountpointsAreRefusedClearly() throws {
    let missing = "/tmp/wheelfs-no-such-dir-\(UUID().uuidString.prefix(8))"
    #expect(Self.mountError(missing)?.code == .mountpointMissing)
    #expect(Self.mountError(missing)?.description == "\(missing): mount point does not exist")
    #expect(Self.mountError("/etc/hostname")?.code == .mountpointNotDirectory)
    let full = try TestMount.emptyDirectory()
    defer { try? FileManager.default.removeItem(atPath: full) }
    try Data("x".utf8).write(to: URL(fileURLWithPath: full + "/file"))
    #expect(Self.mountError(full)?.code == .mountpointNotEmpty)
    #expect(!TestMount.isMounted(full))
  }

  @Test func nonemptyMountsOverFilesAndHidesThem() throws {
    let full = try TestMount.emptyDirectory()
    try Data("x".utf8).write(to: URL(fileURLWithPath: full + "/hidden"))
    defer { try? FileManager.default.removeItem(atPath: full) }
    let session = try MountSession(
      tree: TestWheel.tree(), configuration: MountConfiguration(mountpoint: full, options: ["nonempty"]),
      logger: quietLogger)
    session.serveInBackground()
    #expect(FileManager.default.fileExists(atPath: full + "/top.txt"))
    #expect(!FileManager.default.fileExists(atPath: full + "/hidden"))
    #expect(try session.stop(timeout: 10))
    #expect(FileManager.default.fileExists(atPath: full + "/hidden"))
  }

  @Test func unknownOptionsFailWithLibfusesMessage() throws {
    let directory = try TestMount.emptyDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let error = Self.mountError(directory, options: ["no_such_option"])
    #expect(error?.code == .mountFailed)
    #expect(error?.detail?.contains("no_such_option") == true, "\(String(describing: error))")
    #expect(!TestMount.isMounted(directory))
  }

  @Test func fsnameAndOptionsReachTheKernel() throws {
    try withMount(TestWheel.tree(), options: ["allow_other"]) { (mount: TestMount) throws in
      let mounts = try String(contentsOfFile: "/proc/mounts", encoding: .utf8)
      let line = mounts.split(separator: "\n").first { $0.contains(" \(mount.mountpoint) ") }.map(String.init) ?? ""
      #expect(line.hasPrefix("wheelfs \(mount.mountpoint) fuse.wheelfs rw,"), "\(line)")
      #expect(line.contains("allow_other"), "\(line)")
    }
  }

  @Test func abortEndsServingWithoutLeavingAMount() throws {
    let directory = try TestMount.emptyDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let session = try MountSession(
      tree: TestWheel.tree(), configuration: MountConfiguration(mountpoint: directory), logger: quietLogger)
    session.serveInBackground()
    #expect(try Tool.run(["cat", directory + "/top.txt"]).stdout == "top\n")
    session.abort()
    #expect(session.waitUntilStopped(timeout: 10))
    #expect(!TestMount.isMounted(directory))
    session.abort()  // after the end: a no-op
  }

  @Test func aSessionDroppedWithoutServingUnmounts() throws {
    let directory = try TestMount.emptyDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    do {
      let session = try MountSession(
        tree: TestWheel.tree(), configuration: MountConfiguration(mountpoint: directory), logger: quietLogger)
      #expect(TestMount.isMounted(session.mountpoint))
    }
    #expect(!TestMount.isMounted(directory))
  }

  /// The watchdog's tool: a request stuck in a callback must not hang its caller forever.
  @Test func abortUnblocksAHungRequest() throws {
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let directory = try TestMount.emptyDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let tree = TestWheel.tree(repair: { _ in
      entered.signal()
      release.wait()
      return .success("too late")
    })
    let session = try MountSession(
      tree: tree, configuration: MountConfiguration(mountpoint: directory), logger: quietLogger)
    session.serveInBackground()
    let writer = DispatchGroup()
    let stderr = Mutex("")
    DispatchQueue.global().async(group: writer) {
      let result = try? Tool.run(["timeout", "30", "bash", "-c", "echo manylinux_2_17_x86_64 > \(directory)/.audit/repair"])
      stderr.withLock { $0 = result?.stderr ?? "did not run" }
    }
    #expect(entered.wait(timeout: .now() + 20) == .success)
    session.abort()
    #expect(writer.wait(timeout: .now() + 20) == .success)
    #expect(stderr.withLock { $0 }.contains("Software caused connection abort"), "\(stderr.withLock { $0 })")
    release.signal()
    #expect(session.waitUntilStopped(timeout: 10))
    #expect(!TestMount.isMounted(directory))
  }

  @Test func unmountingSomethingElseFailsClearly() throws {
    let directory = try TestMount.emptyDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    do {
      try Unmounter.unmount(directory)
      Issue.record("unmounting a plain directory must fail")
    } catch {
      #expect(error.code == .unmountFailed)
      #expect(error.description == "\(directory): unmounting failed: not a mount point")
    }
  }

  @Test(arguments: [
    (MountError.Code.notFound, ENOENT), (.notADirectory, ENOTDIR), (.isADirectory, EISDIR), (.notASymlink, EINVAL),
    (.readOnly, EROFS), (.permissionDenied, EACCES), (.corruptEntry, EIO), (.readFailed, EIO),
    (.noSuchAttribute, ENODATA), (.invalidRepairTag, EINVAL), (.repairFailed(errno: ENOSPC), ENOSPC),
    (.repairFailed(errno: 0), EIO), (.auditUnavailable, EIO), (.mountpointNotEmpty, ENOTEMPTY),
    (.staleMount, ENOTCONN), (.fuseUnavailable, ENODEV),
  ])
  func errorsMapToErrno(code: MountError.Code, errno: Int32) {
    #expect(errnoValue(for: MountError(code, path: "/x")) == errno)
  }

  @Test func foreignErrorsAreIOErrors() {
    struct Other: Error {}
    #expect(errnoValue(for: Other()) == EIO)
  }
}

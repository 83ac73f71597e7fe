import Dispatch
import FUSEBridge
import Foundation
import MountKit
import Synchronization
import TestSupport
import Testing

/// Writes through the mount: EROFS everywhere but `.audit/repair`, whose writes run the repair
/// inside `write(2)`.
@Suite struct MountedWriteTests {
  @Test func everyModificationFailsWithEROFS() throws {
    try withMount(TestWheel.tree()) { (mount: TestMount) throws in
      let commands = [
        "touch \"$M/new\"", "mkdir \"$M/dir\"", "rm \"$M/top.txt\"", "rmdir \"$M/pkg/sub/deep\"",
        "echo x > \"$M/top.txt\"", "echo x >> \"$M/top.txt\"", "mv \"$M/top.txt\" \"$M/moved\"", "ln -s top.txt \"$M/l2\"",
        "ln \"$M/top.txt\" \"$M/hard\"", "chmod 600 \"$M/top.txt\"", "truncate -s 0 \"$M/top.txt\"",
        "touch -d @0 \"$M/top.txt\"", "echo x > \"$M/.audit/policy\"", "mkfifo \"$M/fifo\"",
      ]
      for command in commands {
        let result = try mount.sh(command)
        #expect(result.status != 0, "\(command) succeeded")
        #expect(result.stderr.contains("Read-only file system"), "\(command): \(result.stderr)")
      }
      #expect(try Tool.run(["cat", mount.path("top.txt")]).stdout == "top\n")
    }
  }

  @Test func echoTagRunsTheRepairInsideTheWrite() throws {
    let log = TagLog()
    let tree = TestWheel.tree(repair: { log.append($0); return .success("repaired to \($0): wheelhouse/x.whl") })
    try withMount(tree) { (mount: TestMount) throws in
      #expect(try Tool.run(["cat", mount.path(".audit/repair")]).stdout.hasPrefix("Write a platform tag"))
      // The outcome is visible to the very next command: the repair ran inside write(2).
      let result = try mount.sh("echo manylinux_2_28_x86_64 > \"$M/.audit/repair\" && cat \"$M/.audit/repair\"")
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout == "repaired to manylinux_2_28_x86_64: wheelhouse/x.whl\n")
      #expect(log.all == ["manylinux_2_28_x86_64"])
      #expect(try mount.sh("printf 'musllinux_1_2_x86_64' > \"$M/.audit/repair\"").status == 0)
      #expect(log.all == ["manylinux_2_28_x86_64", "musllinux_1_2_x86_64"])
      #expect(try Tool.run(["cat", mount.path(".audit/repair")]).stdout == "repaired to musllinux_1_2_x86_64: wheelhouse/x.whl\n")
    }
  }

  @Test func anInvalidTagIsInvalidArgumentInTheShell() throws {
    let log = TagLog()
    let tree = TestWheel.tree(repair: { log.append($0); return .invalidTag("\($0): not a platform tag") })
    try withMount(tree) { (mount: TestMount) throws in
      let result = try mount.sh("echo win_amd64 > \"$M/.audit/repair\"")
      #expect(result.status != 0)
      #expect(result.stderr.contains("Invalid argument"), "\(result.stderr)")
      #expect(try Tool.run(["cat", mount.path(".audit/repair")]).stdout == "win_amd64: not a platform tag\n")
      let empty = try mount.sh("echo '   ' > \"$M/.audit/repair\"")
      #expect(empty.stderr.contains("Invalid argument"), "\(empty.stderr)")
      #expect(log.all == ["win_amd64"])
    }
  }

  @Test func aFailedRepairReportsItsErrno() throws {
    let tree = TestWheel.tree(repair: { _ in .failed("wheelhouse is full\n", errno: ENOSPC) })
    try withMount(tree) { (mount: TestMount) throws in
      let result = try mount.sh("echo manylinux_2_17_x86_64 > \"$M/.audit/repair\"")
      #expect(result.status != 0)
      #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
      #expect(try Tool.run(["cat", mount.path(".audit/repair")]).stdout == "wheelhouse is full\n")
    }
  }

  @Test func readsThroughTheMountGoOnDuringASlowRepair() throws {
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let tree = TestWheel.tree(repair: { tag in
      entered.signal()
      release.wait()
      return .success("slow \(tag) done")
    })
    let status = Atomic<Int32>(-1)
    try withMount(tree) { (mount: TestMount) throws in
      let writer = DispatchGroup()
      DispatchQueue.global().async(group: writer) {
        let result = try? mount.sh("echo manylinux_2_34_x86_64 > \"$M/.audit/repair\"")
        status.store(result?.status ?? -2, ordering: .sequentiallyConsistent)
      }
      #expect(entered.wait(timeout: .now() + 30) == .success)
      // The writer is blocked inside write(2) on one worker; other workers serve these.
      #expect(try Tool.run(["timeout", "20", "cat", mount.path("pkg/__init__.py")]).stdout.contains(TestWheel.needle))
      #expect(try Tool.run(["timeout", "20", "cat", mount.path(".audit/policy")]).stdout == "manylinux_2_17_x86_64\n")
      #expect(try Tool.run(["timeout", "20", "ls", mount.mountpoint]).status == 0)
      let before = status.load(ordering: .sequentiallyConsistent)
      #expect(before == -1, "the repair finished before it was released")
      release.signal()
      writer.wait()
      let after = status.load(ordering: .sequentiallyConsistent)
      #expect(after == 0)
      #expect(try Tool.run(["cat", mount.path(".audit/repair")]).stdout == "slow manylinux_2_34_x86_64 done\n")
    }
  }
}

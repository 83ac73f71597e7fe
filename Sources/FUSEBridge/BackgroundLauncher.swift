import CFuse3
import Glibc
import MountKit

/// Starts the background mount: the caller waits until the child reports that the mount is live.
///
/// `wheelfs mount` (without `-f`) forks while it is still single-threaded (``forkChild()``): the
/// child continues in a new session, with stdin on /dev/null and SIGINT/SIGTERM/SIGHUP at their
/// defaults, and builds, mounts and serves the tree; the parent reads the readiness pipe until the
/// child writes `ready` (the mount is live) or an error message, or exits. This costs no second
/// process start-up (about 10 ms of the mount time). Forking a multithreaded process is unsafe,
/// so when threads already exist the caller spawns itself again instead (``launch(executable:arguments:)``,
/// `posix_spawn` with `--foreground --ready-fd 3`), with the same protocol.
public enum BackgroundLauncher {
  /// Which side of ``forkChild()`` the caller is on.
  public enum Side: Sendable {
    /// The child: mount, then report through the pipe.
    case child(ReadinessPipe)
    /// The parent: what the child reported.
    case parent(Outcome)
  }

  /// Forks when this process has a single thread; `nil` when it has more (use
  /// ``launch(executable:arguments:)``).
  public static func forkChild() throws(MountError) -> Side? {
    guard threadCount() == 1 else { return nil }
    var ends: [Int32] = [-1, -1]
    guard unsafe pipe(&ends) == 0 else {
      throw MountError(.backgroundFailed, path: "pipe", detail: systemMessage(errno))
    }
    for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    let pid = fork()
    if pid < 0 {
      let message = systemMessage(errno)
      for end in ends { close(end) }
      throw MountError(.backgroundFailed, path: "fork", detail: message)
    }
    if pid == 0 {
      close(ends[0])
      detachChild()
      return .child(ReadinessPipe(descriptor: ends[1]))
    }
    close(ends[1])
    defer { close(ends[0]) }
    return .parent(outcome(of: pid, report: readAll(ends[0])))
  }

  /// The child's side of the detaching that `posix_spawn` does for ``launch(executable:arguments:)``.
  private static func detachChild() {
    _ = setsid()
    let null = unsafe open("/dev/null", O_RDONLY)
    if null >= 0 {
      dup2(null, 0)
      if null != 0 { close(null) }
    }
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { _ = Glibc.signal(signal, SIG_DFL) }
    var empty = sigset_t()
    unsafe sigemptyset(&empty)
    unsafe _ = sigprocmask(SIG_SETMASK, &empty, nil)
  }

  /// Threads of this process, from /proc/self/task (0 if unreadable).
  static func threadCount() -> Int {
    guard let directory = unsafe opendir("/proc/self/task") else { return 0 }
    defer { unsafe closedir(directory) }
    var count = 0
    while let entry = unsafe readdir(directory) {
      if unsafe entry.pointee.d_name.0 != UInt8(ascii: ".") { count += 1 }
    }
    return count
  }

  /// What the child reported.
  public enum Outcome: Sendable, Equatable {
    /// The mount is live; the child keeps serving it.
    case ready(pid: Int32)
    /// The child failed; the message is its error (or how it died).
    case failed(String)
  }

  /// The descriptor number the child receives its end of the pipe on.
  public static let childDescriptor: Int32 = 3

  /// Spawns `executable` with `arguments` plus `--ready-fd 3` and waits for its report.
  public static func launch(executable: String, arguments: [String]) throws(MountError) -> Outcome {
    var ends: [Int32] = [-1, -1]
    guard unsafe pipe(&ends) == 0 else {
      throw MountError(.backgroundFailed, path: executable, detail: systemMessage(errno))
    }
    // Neither end may leak into the child except as the dup2'ed descriptor 3.
    for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    let argv = [executable] + arguments + ["--ready-fd", String(childDescriptor)]
    let pid = spawn(executable, argv, pipeEnd: ends[1])
    close(ends[1])
    defer { close(ends[0]) }
    guard let pid else {
      throw MountError(.backgroundFailed, path: executable, detail: "posix_spawn failed")
    }
    return outcome(of: pid, report: readAll(ends[0]))
  }

  /// `ready`, or the child's message (or how it ended) once it exited without mounting.
  private static func outcome(of pid: Int32, report: String) -> Outcome {
    if report.hasPrefix(ReadinessPipe.readyLine + "\n") { return .ready(pid: pid) }
    var status: Int32 = 0
    while unsafe waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let message = report.trimmingTrailingNewlines()
    if !message.isEmpty { return .failed(message) }
    let signal = status & 0x7f
    return .failed(
      signal == 0
        ? "the mount process exited with status \((status >> 8) & 0xff) before mounting"
        : "the mount process was killed by signal \(signal) before mounting")
  }

  private static func spawn(_ executable: String, _ argv: [String], pipeEnd: Int32) -> Int32? {
    var actions = unsafe posix_spawn_file_actions_t()
    var attributes = posix_spawnattr_t()
    unsafe posix_spawn_file_actions_init(&actions)
    unsafe posix_spawnattr_init(&attributes)
    defer {
      unsafe posix_spawn_file_actions_destroy(&actions)
      unsafe posix_spawnattr_destroy(&attributes)
    }
    unsafe posix_spawn_file_actions_adddup2(&actions, pipeEnd, childDescriptor)
    unsafe posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    var defaults = sigset_t()
    var mask = sigset_t()
    unsafe sigemptyset(&defaults)
    unsafe sigemptyset(&mask)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { unsafe sigaddset(&defaults, signal) }
    unsafe posix_spawnattr_setsigdefault(&attributes, &defaults)
    unsafe posix_spawnattr_setsigmask(&attributes, &mask)
    let flags = Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK) | cfuse3_spawn_setsid()
    unsafe posix_spawnattr_setflags(&attributes, flags)
    var cArguments: [UnsafeMutablePointer<CChar>?] = unsafe argv.map { unsafe strdup($0) } + [nil]
    defer { unsafe cArguments.forEach { unsafe free($0) } }
    var pid: pid_t = 0
    let result = unsafe posix_spawn(&pid, executable, &actions, &attributes, &cArguments, environ)
    return result == 0 ? pid : nil
  }

  private static func readAll(_ descriptor: Int32) -> String {
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = unsafe chunk.withUnsafeMutableBytes { unsafe read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      data += chunk[..<count]
    }
    return String(decoding: data, as: UTF8.self)
  }
}

extension String {
  fileprivate func trimmingTrailingNewlines() -> String {
    var text = Substring(self)
    while text.last == "\n" { text = text.dropLast() }
    return String(text)
  }
}

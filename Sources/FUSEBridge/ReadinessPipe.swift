import Glibc

/// The child's end of the background-mount readiness pipe.
///
/// The background `wheelfs mount` forks (or, with threads running, re-executes itself with
/// `--ready-fd N`); the child writes `ready` once the file system is mounted, or its error
/// message, and the waiting parent exits accordingly (see ``BackgroundLauncher``).
public struct ReadinessPipe: Sendable {
  /// The line that means "mounted".
  static let readyLine = "ready"

  /// The inherited descriptor.
  public let descriptor: Int32

  /// Wraps an inherited descriptor.
  public init(descriptor: Int32) { self.descriptor = descriptor }

  /// Reports success, closes the pipe, and detaches from the caller: stdin, stdout and stderr
  /// become /dev/null (so a caller capturing them sees EOF) and the working directory becomes /.
  public func reportReady() {
    send(ReadinessPipe.readyLine + "\n")
    let null = unsafe open("/dev/null", O_RDWR)
    if null >= 0 {
      for stream: Int32 in [0, 1, 2] { dup2(null, stream) }
      if null > 2 { close(null) }
    }
    _ = unsafe chdir("/")
  }

  /// Reports a failure message and closes the pipe.
  public func reportFailure(_ message: String) {
    send(message.hasSuffix("\n") ? message : message + "\n")
  }

  private func send(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = unsafe bytes.withUnsafeBytes { unsafe Glibc.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { break }
      bytes = bytes.dropFirst(written)
    }
    close(descriptor)
  }
}

import BinaryKit
import Foundation

/// A file written under a temporary name in its destination directory and renamed into place
/// only once complete, so a crash or an error never leaves a partial file at the destination.
///
/// Uses Foundation's safe file APIs only:
/// 1. `Data.write(to:options: .withoutOverwriting)` creates the temporary file with
///    `O_CREAT|O_EXCL` (never reusing or following an existing name), then its mode is set to
///    0644 explicitly (independent of the umask);
/// 2. bytes are appended through `FileHandle`, then `synchronize()` (fsync) and `close()`;
/// 3. `FileManager.moveItem` renames it with `rename(2)` within the same directory. `moveItem`
///    refuses an existing destination, so an existing file is removed first: the destination is
///    always either the old complete file, absent for an instant, or the new complete file —
///    never partial. (`FileManager.replaceItemAt`, which would be atomic on Darwin, is broken
///    in swift-corelibs-foundation on Linux: it renamed the destination over the new file.)
///
/// On any error, or when cancelled, the temporary file is removed.
final class AtomicOutputFile {
  let destination: String
  let temporaryPath: String
  private var handle: FileHandle?

  init(destination: String) throws(ZipError) {
    let url = URL(fileURLWithPath: destination)
    let directory = url.deletingLastPathComponent().path
    var random = SystemRandomNumberGenerator()
    let suffix = String(random.next() as UInt64, radix: 36)
    self.destination = destination
    self.temporaryPath = directory + "/." + url.lastPathComponent + ".tmp-" + suffix
    let tmpURL = URL(fileURLWithPath: temporaryPath)
    do {
      try Data().write(to: tmpURL, options: .withoutOverwriting)
    } catch {
      throw Self.failure(error, path: temporaryPath, operation: .open)
    }
    do {
      try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: temporaryPath)
      handle = try FileHandle(forWritingTo: tmpURL)
    } catch {
      try? FileManager.default.removeItem(atPath: temporaryPath)
      throw Self.failure(error, path: temporaryPath, operation: .open)
    }
  }

  deinit { cancel() }

  /// Appends `bytes`.
  func write(_ bytes: [UInt8]) throws(ZipError) {
    guard let handle else { throw .writerClosed }
    guard !bytes.isEmpty else { return }
    do { try handle.write(contentsOf: Data(bytes)) } catch {
      throw Self.failure(error, path: temporaryPath, operation: .write)
    }
  }

  /// Flushes to disk and renames the file into place.
  func commit() throws(ZipError) {
    guard let handle else { throw .writerClosed }
    self.handle = nil
    do {
      try handle.synchronize()
      try handle.close()
    } catch {
      try? handle.close()
      try? FileManager.default.removeItem(atPath: temporaryPath)
      throw Self.failure(error, path: temporaryPath, operation: .write)
    }
    do {
      if FileManager.default.fileExists(atPath: destination) {
        try FileManager.default.removeItem(atPath: destination)
      }
      try FileManager.default.moveItem(atPath: temporaryPath, toPath: destination)
    } catch {
      try? FileManager.default.removeItem(atPath: temporaryPath)
      throw Self.failure(error, path: destination, operation: .rename)
    }
  }

  /// Abandons the file: closes and removes it. Does nothing after `commit()`.
  func cancel() {
    guard let handle else { return }
    self.handle = nil
    try? handle.close()
    try? FileManager.default.removeItem(atPath: temporaryPath)
  }

  /// A located error from a Foundation error, keeping the POSIX error number when there is one.
  private static func failure(_ error: any Error, path: String, operation: FileError.Operation) -> ZipError {
    var code = Int32(EIO)
    if let posix = error as? POSIXError {
      code = posix.code.rawValue
    } else if let cocoa = error as? CocoaError, let posix = cocoa.underlying as? POSIXError {
      code = posix.code.rawValue
    } else if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? POSIXError {
      code = underlying.code.rawValue
    }
    return .file(path: path, operation: operation, errno: code)
  }
}

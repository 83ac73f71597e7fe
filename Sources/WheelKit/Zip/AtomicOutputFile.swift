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
/// 3. `rename(2)` (BinaryKit's `FileOutput.replace`) moves it over the destination atomically:
///    readers see the old complete file or the new complete file, never a partial one and never
///    none; then the directory is fsynced so the rename itself is durable.
///    (Foundation's `moveItem` refuses an existing destination, and `replaceItemAt` is broken in
///    swift-corelibs-foundation on Linux: it renamed the destination over the new file.)
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
    do throws(FileError) {
      try FileOutput.replace(temporaryPath, with: destination)
    } catch {
      try? FileManager.default.removeItem(atPath: temporaryPath)
      throw .file(path: error.path, operation: error.operation, errno: error.errno)
    }
    // Durability of the rename; a file system that cannot sync directories is not an error.
    try? FileOutput.syncDirectory(URL(fileURLWithPath: destination).deletingLastPathComponent().path)
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

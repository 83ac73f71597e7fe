// libFuzzer harness for the zip reader (Tests/scripts/fuzz_zip.sh builds and runs it).
//
// Compiled into one module with Sources/WheelKit/Zip/*.swift (BinaryKit is linked as its own
// module), so it reaches the reader's internals. Each input is opened as an archive from
// memory; every member is read whole and at a random-access window, and every error is
// rendered. Anything but a clean return (trap, sanitizer report, timeout, out-of-memory) is a
// finding.
import BinaryKit

/// Limits scaled to fuzz inputs: a few KB may not declare more than a few MB of output.
private let limits = ZipLimits(maxCompressionRatio: 1000, ratioThreshold: 1 << 16, maxTotalUncompressedSize: 64 << 20)

@_cdecl("LLVMFuzzerTestOneInput")
public func zipFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let archive: ZipArchive
  do {
    archive = try ZipArchive(source: InMemoryBytes(bytes), limits: limits, cacheCapacity: 1 << 20)
  } catch {
    _ = error.description
    return 0
  }
  for member in archive.members {
    _ = member.problem?.description
    _ = member.modificationTime
    do {
      let whole = try archive.data(of: member)
      // A successful read is verified: exact size and CRC.
      if UInt64(whole.count) != member.uncompressedSize || Zlib.crc32(whole) != member.crc32 {
        fatalError("unverified data for \(member.name)")
      }
    } catch {
      _ = error.description
    }
    _ = try? archive.read(member, offset: member.uncompressedSize / 2, count: 64)
    _ = try? archive.compressedDataOffset(of: member)
  }
  return 0
}

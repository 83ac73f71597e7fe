import CLibdeflate
import CZlib
import Dispatch
import Glibc

// The compression boundary (zlib and libdeflate): the only file of WheelKit with unsafe code.
// Everything here works on Swift arrays at its interface; pointers never leave this file.
//
// Raw deflate (window bits -15, no zlib header) is what zip members contain. Whole members
// are inflated with libdeflate (about 2.4x zlib); zlib streams what does not fit in memory and
// compresses (its output is what Python's zipfile writes, byte for byte).

/// How a raw inflate asked for an exact output size ended.
enum InflateStatus: Equatable, Sendable {
  /// The stream ended after exactly the expected number of bytes.
  case complete
  /// The stream ended after `produced` bytes, fewer than expected.
  case outputTooShort(produced: UInt64)
  /// The stream produced more bytes than expected.
  case outputTooLong
  /// The compressed bytes ran out before the stream ended.
  case inputExhausted(produced: UInt64)
  /// zlib rejected the stream (`code` is its return code, e.g. `Z_DATA_ERROR` = -3) after
  /// `consumed` compressed bytes.
  case corrupt(code: Int32, consumed: UInt64)
}

/// How a streaming inflate ended.
enum InflateStreamStatus: Equatable, Sendable {
  /// The deflate stream ended; `produced` bytes in all.
  case ended(produced: UInt64)
  /// The consumer asked to stop.
  case stopped
  case inputExhausted(produced: UInt64)
  case corrupt(code: Int32, consumed: UInt64)
}

/// A `z_stream` at a stable address (zlib checks that the stream never moves).
@safe private final class ZStream {
  let stream: UnsafeMutablePointer<z_stream>
  private let isDeflate: Bool
  /// The zlib return code of the init call; `Z_OK` when usable.
  let initCode: Int32

  init(inflate: Void) {
    unsafe stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    unsafe stream.initialize(to: z_stream())
    isDeflate = false
    initCode = unsafe wheelfs_inflateInit2(stream, -MAX_WBITS)
  }

  init(deflateLevel level: Int32) {
    unsafe stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    unsafe stream.initialize(to: z_stream())
    isDeflate = true
    // memLevel 8 and the default strategy are what Python's zlib.compressobj uses, so the
    // output is byte-identical to zipfile's.
    initCode = unsafe wheelfs_deflateInit2(stream, level, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY)
  }

  deinit {
    if initCode == Z_OK {
      if isDeflate { _ = unsafe deflateEnd(stream) } else { _ = unsafe inflateEnd(stream) }
    }
    unsafe stream.deinitialize(count: 1)
    unsafe stream.deallocate()
  }

  var totalIn: UInt64 { UInt64(unsafe stream.pointee.total_in) }
}

/// What one ``BlockInflater/inflate(_:from:maxOutput:into:)`` call did.
struct BlockStep: Equatable, Sendable {
  enum Outcome: Equatable, Sendable {
    /// Stopped for want of input or output space, inside a block.
    case inBlock
    /// Stopped at a block boundary that is not the end of the stream: the stream can be resumed
    /// here. `bits` (0...7) unused bits of the last consumed byte belong to the next block.
    case boundary(bits: Int)
    /// The deflate stream ended.
    case end
    /// zlib rejected the stream (its return code).
    case corrupt(code: Int32)
  }
  /// Compressed bytes consumed by this call.
  var consumed: Int
  /// Bytes appended to the output by this call.
  var produced: Int
  var outcome: Outcome
}

/// A raw inflate that stops at every deflate block boundary and can resume at one: the access
/// points of zlib's `examples/zran.c` (`inflate(Z_BLOCK)`, `inflatePrime`,
/// `inflateSetDictionary`).
///
/// Not thread-safe: one owner at a time (the caller keeps it under a lock).
@safe final class BlockInflater {
  private let z = ZStream(inflate: ())
  private let scratch: UnsafeMutablePointer<UInt8>
  private static let scratchSize = 1 << 18
  /// zlib's return code of the set-up; `Z_OK` when usable.
  let initCode: Int32

  /// Starts at the beginning of a raw deflate stream.
  init() {
    unsafe scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.scratchSize)
    initCode = z.initCode
  }

  /// Resumes at a block boundary: the top `bits` bits of `partialByte` (the last byte consumed
  /// before the boundary) start the next block, and `window` is the output just before the
  /// boundary (at most 32 KiB are used).
  init(bits: Int, partialByte: UInt8, window: [UInt8]) {
    unsafe scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.scratchSize)
    let stream = unsafe z.stream
    var code = z.initCode
    if code == Z_OK, bits > 0 {
      let value = Int32(partialByte) >> Int32(8 - bits)
      code = unsafe inflatePrime(stream, Int32(bits), value)
    }
    if code == Z_OK, !window.isEmpty {
      let tail = window.suffix(32 << 10)
      code = unsafe tail.withUnsafeBufferPointer { buffer in
        unsafe inflateSetDictionary(stream, buffer.baseAddress!, UInt32(buffer.count))
      }
    }
    initCode = code
  }

  deinit { unsafe scratch.deallocate() }

  /// One `inflate(Z_BLOCK)` call on `input[position...]`, appending at most `maxOutput` bytes
  /// (and at most 256 KiB) to `output`.
  func inflate(_ input: [UInt8], from position: Int, maxOutput: Int, into output: inout [UInt8]) -> BlockStep {
    guard initCode == Z_OK else { return BlockStep(consumed: 0, produced: 0, outcome: .corrupt(code: initCode)) }
    let space = max(1, min(maxOutput, Self.scratchSize))
    var consumed = 0
    var produced = 0
    let ret: Int32 = unsafe input.withUnsafeBufferPointer { inBuf in
      let availIn = min(inBuf.count - position, Zlib.maxChunk)
      if availIn > 0 {
        unsafe z.stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + position)
      }
      unsafe z.stream.pointee.avail_in = UInt32(max(availIn, 0))
      unsafe z.stream.pointee.next_out = scratch
      unsafe z.stream.pointee.avail_out = UInt32(space)
      let r = unsafe CZlib.inflate(z.stream, Z_BLOCK)
      consumed = max(availIn, 0) - Int(unsafe z.stream.pointee.avail_in)
      produced = space - Int(unsafe z.stream.pointee.avail_out)
      return r
    }
    if produced > 0 {
      unsafe output.append(contentsOf: UnsafeBufferPointer(start: scratch, count: produced))
    }
    let dataType = unsafe z.stream.pointee.data_type
    let outcome: BlockStep.Outcome
    switch ret {
    case Z_STREAM_END:
      outcome = .end
    case Z_OK, Z_BUF_ERROR:
      if dataType & 128 != 0 && dataType & 64 == 0 {
        outcome = .boundary(bits: Int(dataType & 7))
      } else {
        outcome = .inBlock
      }
    default:
      outcome = .corrupt(code: ret)
    }
    return BlockStep(consumed: consumed, produced: produced, outcome: outcome)
  }
}

/// zlib entry points used by the zip reader and writer.
enum Zlib {
  /// Largest chunk handed to zlib at once: its `avail_in`/`avail_out` are 32-bit.
  static let maxChunk = Int(UInt32.max)

  /// The CRC-32 of `bytes`, continuing from `initial` (libdeflate's, the same polynomial as
  /// zlib's and zip's).
  static func crc32(_ bytes: ArraySlice<UInt8>, initial: UInt32 = 0) -> UInt32 {
    unsafe bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return initial }
      return unsafe libdeflate_crc32(initial, base, buffer.count)
    }
  }

  /// Inflates `input`, a complete raw deflate stream, into exactly `outputSize` bytes with
  /// libdeflate, and computes the output's CRC-32.
  ///
  /// libdeflate reports truncated and corrupt input alike; on failure the stream is inflated
  /// again with zlib to tell the caller which.
  static func inflateWhole(_ input: [UInt8], outputSize: Int) -> (bytes: [UInt8], status: InflateStatus, crc: UInt32) {
    guard let decompressor = unsafe libdeflate_alloc_decompressor() else {
      return inflate(outputSize: outputSize, input: input)
    }
    defer { unsafe libdeflate_free_decompressor(decompressor) }
    var result = LIBDEFLATE_SUCCESS
    var produced = 0
    let bytes = unsafe [UInt8](unsafeUninitializedCapacity: outputSize) { buffer, initialized in
      let prefaulting = unsafe prefault(UnsafeMutableRawBufferPointer(buffer))
      defer { prefaulting?.wait() }
      var inUsed = 0
      var outUsed = 0
      unsafe input.withUnsafeBufferPointer { inBuf in
        guard let inBase = inBuf.baseAddress else {
          result = LIBDEFLATE_BAD_DATA
          return
        }
        // An empty output still needs a valid pointer: libdeflate writes nothing to it.
        var scratch: UInt8 = 0
        unsafe withUnsafeMutablePointer(to: &scratch) { scratchPointer in
          let out = unsafe buffer.baseAddress.map { UnsafeMutableRawPointer($0) } ?? UnsafeMutableRawPointer(scratchPointer)
          result = unsafe libdeflate_deflate_decompress_ex(
            decompressor, inBase, inBuf.count, out, outputSize, &inUsed, &outUsed)
        }
      }
      produced = result == LIBDEFLATE_SUCCESS ? outUsed : 0
      initialized = produced
    }
    switch result {
    case LIBDEFLATE_SUCCESS:
      let crc = crc32(bytes)
      return (bytes, produced == outputSize ? .complete : .outputTooShort(produced: UInt64(produced)), crc)
    case LIBDEFLATE_INSUFFICIENT_SPACE:
      return ([], .outputTooLong, 0)
    default:
      return inflate(outputSize: outputSize, input: input)
    }
  }

  /// Faults in a large, freshly allocated output buffer on another thread while libdeflate fills
  /// it: inflating a 1 GB member otherwise spends about a fifth of its time in page faults
  /// (allocating and zeroing pages one 4 KiB trap at a time). `MADV_POPULATE_WRITE` (Linux 5.14)
  /// maps the pages without changing any that are already there, so racing the writer is safe;
  /// on older kernels it fails and the writer faults them in itself. Returns the group to wait
  /// on before the buffer is released; nil for buffers under 4 MiB.
  private static func prefault(_ buffer: UnsafeMutableRawBufferPointer) -> DispatchGroup? {
    let chunk = 8 << 20
    guard buffer.count >= 4 << 20, let base = buffer.baseAddress else { return nil }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    // Skip the first MiB: the writer is already there.
    let start = (Int(bitPattern: base) + (1 << 20) + page - 1) & ~(page - 1)
    let end = (Int(bitPattern: base) + buffer.count) & ~(page - 1)
    guard end > start else { return nil }
    let group = DispatchGroup()
    DispatchQueue.global(qos: .userInitiated).async(group: group) {
      var address = start
      while address < end {
        let length = min(chunk, end - address)
        guard let pointer = unsafe UnsafeMutableRawPointer(bitPattern: address),
          unsafe madvise(pointer, length, 23 /* MADV_POPULATE_WRITE */) == 0
        else { return }
        address += length
      }
    }
    return group
  }

  /// zlib's diagnosis of a complete stream held in memory.
  private static func inflate(outputSize: Int, input: [UInt8]) -> (bytes: [UInt8], status: InflateStatus, crc: UInt32) {
    var given = false
    return inflate(outputSize: outputSize) { () -> [UInt8] in
      defer { given = true }
      return given ? [] : input
    }
  }

  /// The CRC-32 of `bytes`, continuing from `initial`.
  static func crc32(_ bytes: [UInt8], initial: UInt32 = 0) -> UInt32 {
    crc32(bytes[...], initial: initial)
  }

  /// Inflates a raw deflate stream that must produce exactly `outputSize` bytes, and computes
  /// the CRC-32 of the output as it is produced (while it is still in cache).
  ///
  /// `nextInput` returns successive chunks of compressed bytes, and an empty array when there are
  /// none left. The output is allocated once at `outputSize` (the caller has bounded it); more
  /// output than that is never written anywhere. When the stream yields fewer bytes, the
  /// returned array holds only those.
  static func inflate<E: Error>(
    outputSize: Int, nextInput: () throws(E) -> [UInt8]
  ) throws(E) -> (bytes: [UInt8], status: InflateStatus, crc: UInt32) {
    let z = ZStream(inflate: ())
    guard z.initCode == Z_OK else {
      return ([], .corrupt(code: z.initCode, consumed: 0), 0)
    }
    var crc: UInt = 0
    var failure: E? = nil
    var status = InflateStatus.complete
    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    defer { unsafe scratch.deallocate() }
    let bytes = unsafe [UInt8](unsafeUninitializedCapacity: outputSize) { buffer, initialized in
      var produced = 0
      var input: [UInt8] = []
      var inputPos = 0
      loop: while true {
        if inputPos == input.count {
          do throws(E) { input = try nextInput() } catch {
            failure = error
            break loop
          }
          inputPos = 0
          if input.isEmpty {
            status = .inputExhausted(produced: UInt64(produced))
            break loop
          }
        }
        let outRemaining = outputSize - produced
        var overflow = false
        var progressed = false
        let ret: Int32 = unsafe input.withUnsafeBufferPointer { inBuf in
          let availIn = min(inBuf.count - inputPos, maxChunk)
          unsafe z.stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + inputPos)
          unsafe z.stream.pointee.avail_in = UInt32(availIn)
          let givenOut: Int
          if outRemaining > 0 {
            givenOut = min(outRemaining, maxChunk)
            unsafe z.stream.pointee.next_out = buffer.baseAddress! + produced
          } else {
            // Expected output is complete: offer one scratch byte to learn whether the stream
            // ends here or would produce more.
            givenOut = 1
            unsafe z.stream.pointee.next_out = scratch
          }
          unsafe z.stream.pointee.avail_out = UInt32(givenOut)
          let r = unsafe CZlib.inflate(z.stream, Z_NO_FLUSH)
          let usedIn = availIn - Int(unsafe z.stream.pointee.avail_in)
          let usedOut = givenOut - Int(unsafe z.stream.pointee.avail_out)
          inputPos += usedIn
          if outRemaining > 0 {
            if usedOut > 0 { crc = unsafe crc32_z(crc, buffer.baseAddress! + produced, usedOut) }
            produced += usedOut
          } else if usedOut > 0 {
            overflow = true
          }
          progressed = usedIn > 0 || usedOut > 0
          return r
        }
        if overflow {
          status = .outputTooLong
          break loop
        }
        switch ret {
        case Z_STREAM_END:
          status = produced == outputSize ? .complete : .outputTooShort(produced: UInt64(produced))
          break loop
        case Z_OK, Z_BUF_ERROR:
          if !progressed && inputPos < input.count {
            status = .corrupt(code: ret, consumed: z.totalIn)
            break loop
          }
        default:
          status = .corrupt(code: ret, consumed: z.totalIn)
          break loop
        }
      }
      // On failure the array ends where the output did (the caller discards it), so a lying
      // declared size never gets its pages touched.
      initialized = produced
    }
    if let failure { throw failure }
    return (bytes, status, UInt32(truncatingIfNeeded: crc))
  }

  /// Inflates a raw deflate stream chunk by chunk, handing each chunk of output (at most
  /// `chunkSize` bytes) to `consume`, which returns `false` to stop early.
  ///
  /// Used for members too large to cache, where only a window of the output is wanted.
  static func inflateStream<E: Error>(
    chunkSize: Int = 1 << 18, nextInput: () throws(E) -> [UInt8],
    consume: (ArraySlice<UInt8>) -> Bool
  ) throws(E) -> InflateStreamStatus {
    let z = ZStream(inflate: ())
    guard z.initCode == Z_OK else { return .corrupt(code: z.initCode, consumed: 0) }
    var out = [UInt8](repeating: 0, count: max(chunkSize, 1))
    var input: [UInt8] = []
    var inputPos = 0
    var produced: UInt64 = 0
    while true {
      if inputPos == input.count {
        input = try nextInput()
        inputPos = 0
        if input.isEmpty { return .inputExhausted(produced: produced) }
      }
      var usedOut = 0
      var usedIn = 0
      let ret: Int32 = unsafe input.withUnsafeBufferPointer { inBuf in
        unsafe out.withUnsafeMutableBufferPointer { outBuf in
          let availIn = min(inBuf.count - inputPos, maxChunk)
          unsafe z.stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + inputPos)
          unsafe z.stream.pointee.avail_in = UInt32(availIn)
          unsafe z.stream.pointee.next_out = outBuf.baseAddress!
          unsafe z.stream.pointee.avail_out = UInt32(outBuf.count)
          let r = unsafe CZlib.inflate(z.stream, Z_NO_FLUSH)
          usedIn = availIn - Int(unsafe z.stream.pointee.avail_in)
          usedOut = outBuf.count - Int(unsafe z.stream.pointee.avail_out)
          return r
        }
      }
      inputPos += usedIn
      produced += UInt64(usedOut)
      if usedOut > 0 && !consume(out[0..<usedOut]) { return .stopped }
      switch ret {
      case Z_STREAM_END: return .ended(produced: produced)
      case Z_OK, Z_BUF_ERROR:
        if usedIn == 0 && usedOut == 0 && inputPos < input.count {
          return .corrupt(code: ret, consumed: z.totalIn)
        }
      default: return .corrupt(code: ret, consumed: z.totalIn)
      }
    }
  }

  /// Block sizes of CPython's `_BlocksOutputBuffer` (Include/internal/pycore_blocks_output_buffer.h).
  ///
  /// zlib's stored blocks (level 0) are cut at the output space it is given, so reproducing
  /// Python's `compressobj(level, DEFLATED, -15).compress(data) + flush()` byte for byte means
  /// offering output space in the same steps.
  private static let pythonBlockSizes: [Int] = [
    32 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 8 << 20, 16 << 20, 16 << 20,
    32 << 20, 32 << 20, 32 << 20, 32 << 20, 64 << 20, 64 << 20, 128 << 20, 128 << 20,
    256 << 20,
  ]

  /// Raw-deflates `input` at `level` (-1 = zlib default, 0...9) exactly as Python's zipfile
  /// does for `ZIP_DEFLATED` members: one `compress(data)` call, then `flush()`.
  ///
  /// Returns `nil` only if zlib cannot initialise (out of memory, or a level outside -1...9).
  static func deflate(_ input: [UInt8], level: Int32) -> [UInt8]? {
    let z = ZStream(deflateLevel: level)
    guard z.initCode == Z_OK else { return nil }
    var result: [UInt8] = []
    result.reserveCapacity(input.count / 2 + 64)
    // Phase 1: compress(data) with Z_NO_FLUSH; phase 2: flush() with Z_FINISH. Each phase starts
    // a fresh Python output buffer (first block 32 KiB).
    for flush in [Z_NO_FLUSH, Z_FINISH] {
      var blocks: [UInt8] = []
      var blockIndex = 0
      var used = 0
      var availOut = 0
      func grow() {
        let size = pythonBlockSizes[min(blockIndex, pythonBlockSizes.count - 1)]
        blockIndex += 1
        blocks.append(contentsOf: repeatElement(0, count: size))
        availOut = size
      }
      grow()
      var inputPos = flush == Z_NO_FLUSH ? 0 : input.count
      repeat {
        // arrange_input_buffer: at most UINT_MAX bytes per round.
        let chunk = min(input.count - inputPos, maxChunk)
        var remainingIn = chunk
        repeat {
          if availOut == 0 { grow() }
          let ret: Int32 = unsafe input.withUnsafeBufferPointer { inBuf in
            unsafe blocks.withUnsafeMutableBufferPointer { outBuf in
              if let base = inBuf.baseAddress {
                unsafe z.stream.pointee.next_in = UnsafeMutablePointer(mutating: base + (inputPos + chunk - remainingIn))
              }
              unsafe z.stream.pointee.avail_in = UInt32(remainingIn)
              unsafe z.stream.pointee.next_out = outBuf.baseAddress! + used
              unsafe z.stream.pointee.avail_out = UInt32(availOut)
              let r = unsafe CZlib.deflate(z.stream, flush)
              remainingIn = Int(unsafe z.stream.pointee.avail_in)
              let newAvail = Int(unsafe z.stream.pointee.avail_out)
              used += availOut - newAvail
              availOut = newAvail
              return r
            }
          }
          if ret == Z_STREAM_ERROR { return nil }
        } while availOut == 0
        inputPos += chunk
      } while inputPos < input.count
      result.append(contentsOf: blocks[0..<used])
    }
    return result
  }
}

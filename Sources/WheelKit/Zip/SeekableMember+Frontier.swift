import BinaryKit

extension SeekableMember {
  /// The first pass over a member: a live inflate that produces the member chunk by chunk,
  /// recording an access point at the end of each, and checks the declared size and CRC-32 at
  /// the end. Owned by one thread at a time (``SeekableMember`` keeps it under a lock).
  struct Frontier {
    private let inflater = BlockInflater()
    /// The compressed bytes being consumed and the position in them.
    private var input: [UInt8] = []
    private var inputPosition = 0
    /// Compressed bytes read from the source so far.
    private var read: UInt64 = 0
    /// Compressed bytes consumed by the inflater so far.
    private var consumed: UInt64 = 0
    /// The last compressed byte consumed (an access point's partial byte).
    private var lastByte: UInt8 = 0
    /// Uncompressed bytes produced in finished chunks.
    private(set) var produced: UInt64 = 0
    private var crc: UInt32 = 0

    /// How a chunk ended.
    enum End {
      /// At a block boundary, where the next chunk starts.
      case boundary(AccessPoint)
      /// At the end of the stream (size and CRC-32 checked).
      case streamEnd
      /// The chunk reached the size limit without a block boundary; it was discarded.
      case tooLong
    }

    struct ChunkOutcome {
      var bytes: [UInt8]
      var end: End
    }

    /// Inflates the next chunk: at least `owner.span` bytes up to a block boundary, or the rest
    /// of the stream.
    mutating func nextChunk(of owner: SeekableMember) throws(ZipError) -> ChunkOutcome {
      let member = owner.member
      var chunk: [UInt8] = []
      // A chunk ends at the first block boundary after the span; zlib's blocks rarely produce
      // more than 512 KiB, so this is seldom outgrown.
      chunk.reserveCapacity(owner.span + (512 << 10))
      while true {
        if inputPosition == input.count, read < member.compressedSize {
          let count = Int(min(member.compressedSize - read, UInt64(SeekableMember.inputSize)))
          input = try owner.readCompressed(at: read, count: count)
          read += UInt64(count)
          inputPosition = 0
        }
        let total = produced + UInt64(chunk.count)
        // One byte more than declared is allowed, to notice a stream that is too long.
        let room = member.uncompressedSize >= total ? member.uncompressedSize - total + 1 : 1
        let maxOutput = Int(min(room, UInt64(owner.maxChunk - chunk.count)))
        let step = inflater.inflate(input, from: inputPosition, maxOutput: maxOutput, into: &chunk)
        inputPosition += step.consumed
        consumed += UInt64(step.consumed)
        if step.consumed > 0 { lastByte = input[inputPosition - 1] }
        if produced + UInt64(chunk.count) > member.uncompressedSize {
          throw .sizeMismatch(name: member.name, declared: member.uncompressedSize, actual: nil)
        }
        switch step.outcome {
        case .corrupt(let code):
          throw .corruptData(name: member.name, offset: owner.dataOffset + consumed, zlibCode: code)
        case .end:
          finish(chunk)
          guard produced == member.uncompressedSize else {
            throw .sizeMismatch(name: member.name, declared: member.uncompressedSize, actual: produced)
          }
          guard crc == member.crc32 else {
            throw .crcMismatch(name: member.name, declared: member.crc32, actual: crc)
          }
          return ChunkOutcome(bytes: Self.trimmed(chunk), end: .streamEnd)
        case .boundary(let bits) where chunk.count >= owner.span:
          finish(chunk)
          let point = AccessPoint(
            output: produced, input: consumed, bits: bits, partialByte: lastByte,
            window: Array(chunk.suffix(32 << 10)))
          return ChunkOutcome(bytes: Self.trimmed(chunk), end: .boundary(point))
        case .boundary, .inBlock:
          if step.consumed == 0 && step.produced == 0 {
            // No progress with output space available: out of input, or a stream zlib
            // cannot continue.
            if inputPosition == input.count {
              throw .truncatedData(
                name: member.name, declaredSize: member.uncompressedSize, produced: produced + UInt64(chunk.count))
            }
            throw .corruptData(name: member.name, offset: owner.dataOffset + consumed, zlibCode: -5)
          }
          if chunk.count >= owner.maxChunk { return ChunkOutcome(bytes: [], end: .tooLong) }
        }
      }
    }

    /// `chunk` without more than an eighth of unused capacity (the cache accounts capacity).
    static func trimmed(_ chunk: [UInt8]) -> [UInt8] {
      chunk.capacity - chunk.count > chunk.count / 8 ? Array(chunk) : chunk
    }

    private mutating func finish(_ chunk: [UInt8]) {
      crc = Zlib.crc32(chunk, initial: crc)
      produced += UInt64(chunk.count)
    }
  }
}

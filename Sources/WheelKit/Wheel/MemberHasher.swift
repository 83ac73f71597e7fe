import Crypto

/// SHA-256 and size of a member delivered in pieces (a member too large to hold whole).
public struct MemberHasher {
  private var hasher = SHA256()
  private var size = 0

  public init() {}

  /// Adds the next piece of the member.
  public mutating func update(_ bytes: [UInt8]) {
    hasher.update(data: bytes)
    size += bytes.count
  }

  /// The digest of everything added.
  public func finalize() -> MemberDigest {
    MemberDigest(size: size, sha256: Array(hasher.finalize()))
  }

  /// The digest of a member held whole.
  public static func digest(of bytes: [UInt8]) -> MemberDigest {
    var hasher = MemberHasher()
    hasher.update(bytes)
    return hasher.finalize()
  }
}

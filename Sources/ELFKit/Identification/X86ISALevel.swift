/// The x86-64 micro-architecture level an object needs, derived from
/// `GNU_PROPERTY_X86_ISA_1_NEEDED` with auditwheel's rule: bit 3 → v4, else bit 2 → v3, else
/// bit 1 → v2; bit 0 (baseline) alone or no bits → baseline; any other bit → unknown.
public enum X86ISALevel: String, Sendable, Hashable, Codable {
  case baseline, v2, v3, v4
  /// Bits set that auditwheel does not know (it reports "unknown x86_64 ISA").
  case unknown

  /// The level for a raw `GNU_PROPERTY_X86_ISA_1_NEEDED` bitmask.
  public init(neededBits: UInt32) {
    let bits = neededBits & ~1
    if bits & 8 != 0 {
      self = .v4
    } else if bits & 4 != 0 {
      self = .v3
    } else if bits & 2 != 0 {
      self = .v2
    } else if bits != 0 {
      self = .unknown
    } else {
      self = .baseline
    }
  }
}

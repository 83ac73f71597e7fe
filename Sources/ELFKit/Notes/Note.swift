/// One ELF note (`Elf_Nhdr` + name + descriptor) from a `PT_NOTE` segment or `SHT_NOTE`
/// section.
public struct Note: Sendable, Hashable, Codable {
  /// The owner name without its NUL (`GNU`).
  public var name: String
  /// `n_type`
  public var type: UInt32
  /// The descriptor bytes (`n_descsz` of them, without padding).
  public var descriptor: [UInt8]
  /// File offset of the note header.
  public var offset: UInt64

  /// `NT_GNU_BUILD_ID`
  public static let gnuBuildID: UInt32 = 3
  /// `NT_GNU_PROPERTY_TYPE_0`
  public static let gnuPropertyType0: UInt32 = 5
}

/// One property of an `NT_GNU_PROPERTY_TYPE_0` note.
public struct GNUProperty: Sendable, Hashable, Codable {
  /// `pr_type`
  public var type: UInt32
  /// `pr_data` (`pr_datasz` bytes).
  public var data: [UInt8]

  /// `GNU_PROPERTY_X86_ISA_1_NEEDED`
  public static let x86ISANeeded: UInt32 = 0xc000_8002
  /// `GNU_PROPERTY_X86_FEATURE_1_AND` (IBT, SHSTK)
  public static let x86FeatureAnd: UInt32 = 0xc000_0002
  /// `GNU_PROPERTY_AARCH64_FEATURE_1_AND` (BTI, PAC)
  public static let aarch64FeatureAnd: UInt32 = 0xc000_0000

  /// `data` as a 4-byte value in `order`, when it is exactly 4 bytes long.
  func word32(_ little: Bool) -> UInt32? {
    guard data.count == 4 else { return nil }
    let b = data.map(UInt32.init)
    return little ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]
  }
}

/// The properties and build ID found in an object's notes.
public struct NoteSummary: Sendable, Hashable, Codable {
  /// `GNU_PROPERTY_X86_ISA_1_NEEDED` of the first "GNU" property note that has it (4-byte
  /// data), as auditwheel reads it.
  public var x86ISANeeded: UInt32?
  /// `GNU_PROPERTY_X86_FEATURE_1_AND`
  public var x86FeatureAnd: UInt32?
  /// `GNU_PROPERTY_AARCH64_FEATURE_1_AND`
  public var aarch64FeatureAnd: UInt32?
  /// `NT_GNU_BUILD_ID` as lowercase hex.
  public var buildID: String?

  public init() {}
}

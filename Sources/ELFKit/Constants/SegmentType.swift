/// A program header's `p_type` (`PT_*`).
public struct SegmentType: ELFConstant {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// `PT_NULL`
  public static let null = SegmentType(rawValue: 0)
  /// `PT_LOAD`: a loadable segment; the only kind the address map uses.
  public static let load = SegmentType(rawValue: 1)
  /// `PT_DYNAMIC`: the dynamic section.
  public static let dynamic = SegmentType(rawValue: 2)
  /// `PT_INTERP`: the program interpreter path.
  public static let interp = SegmentType(rawValue: 3)
  /// `PT_NOTE`
  public static let note = SegmentType(rawValue: 4)
  /// `PT_SHLIB`
  public static let shlib = SegmentType(rawValue: 5)
  /// `PT_PHDR`
  public static let phdr = SegmentType(rawValue: 6)
  /// `PT_TLS`
  public static let tls = SegmentType(rawValue: 7)
  /// `PT_GNU_EH_FRAME`
  public static let gnuEHFrame = SegmentType(rawValue: 0x6474_e550)
  /// `PT_GNU_STACK`: its `p_flags` say whether the stack is executable.
  public static let gnuStack = SegmentType(rawValue: 0x6474_e551)
  /// `PT_GNU_RELRO`
  public static let gnuRelro = SegmentType(rawValue: 0x6474_e552)
  /// `PT_GNU_PROPERTY`
  public static let gnuProperty = SegmentType(rawValue: 0x6474_e553)

  public static let names: [UInt32: String] = [
    0: "NULL", 1: "LOAD", 2: "DYNAMIC", 3: "INTERP", 4: "NOTE", 5: "SHLIB", 6: "PHDR", 7: "TLS",
    0x6474_e550: "GNU_EH_FRAME", 0x6474_e551: "GNU_STACK", 0x6474_e552: "GNU_RELRO",
    0x6474_e553: "GNU_PROPERTY",
  ]
}

/// Segment permission bits (`p_flags`).
public enum SegmentFlags {
  /// `PF_X`
  public static let execute: UInt32 = 1
  /// `PF_W`
  public static let write: UInt32 = 2
  /// `PF_R`
  public static let read: UInt32 = 4
}

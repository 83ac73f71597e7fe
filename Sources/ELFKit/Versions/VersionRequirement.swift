/// One `.gnu.version_r` entry: versions this object needs from one file. The ELF structures
/// are `Elf_Verneed` (file) and `Elf_Vernaux` (each version).
public struct VersionRequirement: Sendable, Hashable, Codable {
  /// `vn_file`: the needed library (`libc.so.6`).
  public var file: String
  /// `vn_version` (1).
  public var revision: UInt16
  /// The versions required from `file`, in chain order.
  public var versions: [Version]
  /// File offset of the `Elf_Verneed`.
  public var offset: UInt64

  /// One `Elf_Vernaux`.
  public struct Version: Sendable, Hashable, Codable {
    /// `vna_name` (`GLIBC_2.14`).
    public var name: String
    /// `vna_hash`: ELF hash of the name.
    public var hash: UInt32
    /// `vna_flags` (`VER_FLG_WEAK` = 2).
    public var flags: UInt16
    /// `vna_other`: the version index symbols use to refer to this version.
    public var other: UInt16
  }
}

/// One `.gnu.version_d` entry (`Elf_Verdef` with its `Elf_Verdaux` names).
public struct VersionDefinition: Sendable, Hashable, Codable {
  /// `vd_ndx`: the version index symbols use.
  public var index: UInt16
  /// `vd_flags` (`VER_FLG_BASE` = 1 marks the file's own name).
  public var flags: UInt16
  /// `vd_version` (1).
  public var revision: UInt16
  /// `vd_hash`
  public var hash: UInt32
  /// `vda_name`s: the version's name first, then its parents.
  public var names: [String]
  /// File offset of the `Elf_Verdef`.
  public var offset: UInt64

  /// The version's own name (first `Elf_Verdaux`), if any.
  public var name: String? { names.first }
  /// `VER_FLG_BASE`
  public static let baseFlag: UInt16 = 1
}

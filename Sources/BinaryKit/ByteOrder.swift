/// The byte order of multi-byte integers in a binary format.
///
/// ELF files declare theirs in `e_ident[EI_DATA]`; zip archives are always little endian.
public enum ByteOrder: Sendable, Hashable {
  case little
  case big
}

/// One entry of the dynamic array (`Elf32_Dyn` / `Elf64_Dyn`).
public struct DynamicEntry: Sendable, Hashable, Codable {
  public var tag: DynamicTag
  /// `d_val` / `d_ptr`, widened to 64 bits.
  public var value: UInt64

  public init(tag: DynamicTag, value: UInt64) {
    self.tag = tag
    self.value = value
  }
}

import BinaryKit
import Testing

@testable import ELFKit

@Suite struct FileHeaderTests {
  @Test func recognisesMagic() {
    #expect(ELFFile.isELF([0x7f, 0x45, 0x4c, 0x46, 2]))
    #expect(!ELFFile.isELF([0x7f, 0x45, 0x4c]))
    #expect(!ELFFile.isELF(Array("PK\u{3}\u{4}".utf8)))
  }
}

/// One fact that keeps a wheel from a policy, as a line of text: what kind of requirement, and
/// the requirement itself with the file it comes from.
///
///     symbol-versions  libc.so.6 GLIBC_2.34 (close_range in pkg/_ext.so)
///     external-libraries  libouter.so.1 => /opt/lib/libouter.so.1 (needed by pkg/_ext.so)
///     blacklist  libz.so.1 zcalloc (in pkg/_ext.so)
///     isa  x86_64_v3 (in pkg/_ext.so)
///     pyfpe  PyFPE_jbuf (in pkg/_ext.so)
public struct BarrierFact: Sendable, Hashable {
  public var kind: CeilingKind
  public var text: String

  public init(kind: CeilingKind, text: String) {
    self.kind = kind
    self.text = text
  }

  /// Every fact of a barrier, in a fixed kind order and the barrier's (sorted) order within.
  public static func facts(of barrier: PolicyBarrier) -> [BarrierFact] {
    var facts: [BarrierFact] = []
    for use in barrier.symbolVersions {
      facts.append(BarrierFact(kind: .symbolVersions, text: "\(use.library) \(use.version) (\(describe(use)))"))
    }
    for library in barrier.externalLibraries {
      let target = library.path ?? "not found"
      let users = library.neededBy.isEmpty ? "" : " (needed by \(library.neededBy.joined(separator: ", ")))"
      facts.append(BarrierFact(kind: .externalLibraries, text: "\(library.soname) => \(target)\(users)"))
    }
    for symbol in barrier.blacklistedSymbols {
      let users = symbol.neededBy.isEmpty ? "" : " (in \(symbol.neededBy.joined(separator: ", ")))"
      facts.append(BarrierFact(kind: .blacklist, text: "\(symbol.library) \(symbol.symbol)\(users)"))
    }
    for isa in barrier.isa {
      let place = isa.soname.map { "\($0) => \(isa.file)" } ?? "in \(isa.file)"
      facts.append(BarrierFact(kind: .isa, text: "\(isa.level) (\(place))"))
    }
    for entry in barrier.pyfpe {
      facts.append(BarrierFact(kind: .pyfpe, text: "\(entry.symbols.joined(separator: ", ")) (in \(entry.file))"))
    }
    for entry in barrier.ucs2 {
      facts.append(BarrierFact(kind: .ucs2, text: "\(entry.symbols.joined(separator: ", ")) (in \(entry.file))"))
    }
    return facts
  }

  /// `close_range in pkg/_ext.so`, `no symbol, in pkg/_ext.so`, or for a library a policy
  /// would graft `foo in /usr/lib/libfoo.so.1, grafted`.
  static func describe(_ use: SymbolUse) -> String {
    let symbol = use.symbol.map { "\($0)\(use.weak ? " (weak)" : "") in" } ?? "no symbol, in"
    return "\(symbol) \(use.file)\(use.origin == .external ? ", grafted" : "")"
  }
}

import Foundation

/// Loads the vendored auditwheel policy files shipped in this module's bundle.
///
/// The files are byte-identical copies of auditwheel 6.8.2's data (see `docs/policy-data.md`).
/// Each file is decoded and validated once per process; later calls return the cached result.
public enum PolicyData {
  /// The resource file name (without `.json`) holding `libc`'s policies.
  public static func resourceName(for libc: Libc) -> String {
    switch libc {
    case .glibc: "manylinux-policy"
    case .musl: "musllinux-policy"
    }
  }

  /// The validated policy definitions for `libc`, in file order.
  ///
  /// - Throws: ``PolicyError/resourceMissing(file:)`` or ``PolicyError/malformedJSON(file:detail:)``
  ///   when the bundle is damaged, or a PEP 600 error from ``PEP600Validation`` when the data
  ///   breaks the monotonicity invariants.
  public static func definitions(for libc: Libc) throws(PolicyError) -> [PolicyDefinition] {
    switch libc {
    case .glibc: try manylinux.get()
    case .musl: try musllinux.get()
    }
  }

  private static let manylinux = Result { () throws(PolicyError) in try load(.glibc) }
  private static let musllinux = Result { () throws(PolicyError) in try load(.musl) }

  private static func load(_ libc: Libc) throws(PolicyError) -> [PolicyDefinition] {
    let name = resourceName(for: libc)
    guard
      let url = Bundle.module.url(
        forResource: name, withExtension: "json", subdirectory: "Resources"),
      let data = try? Data(contentsOf: url)
    else { throw .resourceMissing(file: "\(name).json") }
    return try decode(Array(data), file: "\(name).json")
  }

  /// Decodes and validates policy definitions from JSON bytes (used for the bundled files and
  /// for tests that feed mutated copies).
  ///
  /// - Throws: ``PolicyError/malformedJSON(file:detail:)`` when the bytes do not match the
  ///   schema; the PEP 600 errors of ``PEP600Validation/validate(_:)``.
  public static func decode(_ bytes: [UInt8], file: String) throws(PolicyError)
    -> [PolicyDefinition]
  {
    let definitions: [PolicyDefinition]
    do {
      definitions = try JSONDecoder().decode([PolicyDefinition].self, from: Data(bytes))
    } catch let error as DecodingError {
      throw .malformedJSON(file: file, detail: describe(error))
    } catch {
      throw .malformedJSON(file: file, detail: "\(error)")
    }
    try PEP600Validation.validate(definitions)
    return definitions
  }

  private static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
      return keys.isEmpty ? "top level" : keys.joined()
    }
    switch error {
    case .typeMismatch(_, let context), .valueNotFound(_, let context),
      .keyNotFound(_, let context), .dataCorrupted(let context):
      return "\(path(context)): \(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }
}

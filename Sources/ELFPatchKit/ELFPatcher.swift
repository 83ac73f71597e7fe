/// The patcher's entry points: pure functions over bytes (repair works on in-memory zip
/// members), each reading the input once with ELFKit, planning with ``LayoutPlanner``, writing
/// with ``ELFWriter`` and re-reading the result with ``ELFValidator``.
///
/// Pass all edits for one file in one call: each call that adds strings appends its own
/// `PT_LOAD` (patching a patched file works, but grows it again).
///
/// ```swift
/// let out = try ELFPatcher.patch(
///   bytes: member, edits: [.replaceNeeded(old: "liba.so.1", new: "liba-12345678.so.1"),
///                          .setRunpathOrRpath("$ORIGIN/../pkg.libs", kind: .rpath)],
///   path: "pkg/_ext.so")
/// ```
public enum ELFPatcher {
  /// The patched bytes of `bytes` after `edits`.
  ///
  /// - Parameters:
  ///   - bytes: The whole ELF file.
  ///   - edits: Applied together to the file's original entries (see ``ELFEdit``).
  ///   - path: Names the file in errors.
  /// - Returns: The output, which passed validation; the input itself when the edits change
  ///   nothing (an empty list included).
  /// - Throws: ``PatchError`` when the edits conflict, the file cannot be read or patched
  ///   safely, or (a bug) the output failed validation.
  public static func patch(bytes: [UInt8], edits: [ELFEdit], path: String) throws(PatchError)
    -> [UInt8]
  {
    try patch(bytes: bytes, plan: try makePlan(edits, path), path: path)
  }

  /// The patched bytes of `bytes` after the edits of `plan`.
  public static func patch(bytes: [UInt8], plan: PatchPlan, path: String) throws(PatchError)
    -> [UInt8]
  {
    do {
      let input = try PatchInput(bytes, readSymbolTable: plan.strip == .debug)
      let layout = try LayoutPlanner.plan(input.tables, plan)
      if layout.kind == .unchanged { return bytes }
      try ELFValidator.checkInput(input)
      let output = try ELFWriter.write(bytes, layout)
      try ELFValidator.validate(output, input: input, plan: plan, layout: layout)
      return output
    } catch {
      throw PatchError(path: path, reason: error)
    }
  }

  /// What patching would do, without producing the output (`--dry-run`): the layout case, the
  /// new segment, the sizes, and the resulting dynamic entries.
  public static func plan(bytes: [UInt8], edits: [ELFEdit], path: String) throws(PatchError)
    -> PatchSummary
  {
    let plan = try makePlan(edits, path)
    do {
      let input = try PatchInput(bytes, readSymbolTable: plan.strip == .debug)
      let layout = try LayoutPlanner.plan(input.tables, plan)
      if layout.kind != .unchanged { try ELFValidator.checkInput(input) }
      return PatchSummary(
        layout: layout, inputSize: UInt64(bytes.count),
        expected: ELFValidator.expected(input.facts, plan))
    } catch {
      throw PatchError(path: path, reason: error)
    }
  }

  static func makePlan(_ edits: [ELFEdit], _ path: String) throws(PatchError) -> PatchPlan {
    do { return try PatchPlan(edits) } catch { throw PatchError(path: path, reason: error) }
  }
}

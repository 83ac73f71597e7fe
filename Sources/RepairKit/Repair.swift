import WheelKit

/// The whole repair in one call: plan from the input, then execute, reading each host library
/// and the wheel once.
public enum Repair {
  /// The plan for `input`, reading (and keeping) the host libraries through `libraries`.
  public static func plan(_ input: RepairInput, libraries: HostLibraries) throws(RepairError) -> RepairPlan {
    try RepairPlanner.plan(input) { (path: String) throws(RepairError) -> GraftSource in
      try libraries.source(path)
    }
  }

  /// Plans and writes the repaired wheel.
  ///
  /// - Returns: what was written; nil when the audit analysed no ELF (nothing is written, as
  ///   with auditwheel).
  public static func run(_ input: RepairInput) throws(RepairError) -> RepairOutcome? {
    let libraries = HostLibraries()
    let plan = try plan(input, libraries: libraries)
    if plan.isEmpty { return nil }
    // No inflated member is worth caching: each is read once (patched or hashed).
    let archive: ZipArchive
    do { archive = try ZipArchive(path: input.wheelPath, cacheCapacity: 0) } catch { throw .zip(error) }
    return try RepairExecutor.execute(plan, archive: archive) { (path: String) throws(RepairError) -> [UInt8] in
      try libraries.bytes(path)
    }
  }
}

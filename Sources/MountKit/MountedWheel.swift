/// One wheel as the mounted view needs it: its archive, its audit texts, its repair hook.
public struct MountedWheel: Sendable {
  /// The directory name of this wheel in a multi-wheel mount (ignored in a single-wheel mount).
  public var name: String
  /// The archive's entries and bytes.
  public var source: any MountSource
  /// The `.audit/` texts.
  public var audit: any AuditProvider
  /// Runs `.audit/repair` requests.
  public var repair: RepairTrigger

  /// Creates a wheel description.
  public init(
    name: String, source: any MountSource, audit: any AuditProvider,
    repair: @escaping RepairTrigger
  ) {
    self.name = name
    self.source = source
    self.audit = audit
    self.repair = repair
  }
}

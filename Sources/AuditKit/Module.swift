/// AuditKit: placeholder until its layer lands.
public enum AuditKitModule {}

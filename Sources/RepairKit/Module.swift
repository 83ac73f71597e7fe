/// RepairKit: placeholder until its layer lands.
public enum RepairKitModule {}

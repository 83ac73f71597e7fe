/// PolicyKit: placeholder until its layer lands.
public enum PolicyKitModule {}

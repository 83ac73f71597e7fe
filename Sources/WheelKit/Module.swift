/// WheelKit: placeholder until its layer lands.
public enum WheelKitModule {}

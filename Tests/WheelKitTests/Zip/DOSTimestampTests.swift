import Foundation
import Testing
import TestSupport

@testable import WheelKit

/// DOS timestamps and SOURCE_DATE_EPOCH, against auditwheel's observed outputs and against
/// Python's own datetime arithmetic (what auditwheel's dir2zip runs).
@Suite struct DOSTimestampTests {
  /// auditwheel 6.8.2, test_wheel_source_date_epoch: SOURCE_DATE_EPOCH → the Unix time every
  /// entry of the repaired wheel carries (clamped at 1980, rounded down to even seconds).
  @Test(arguments: [
    ("0", 315_532_800), ("315532799", 315_532_800), ("315532801", 315_532_800),
    ("315532802", 315_532_802), ("650203201", 650_203_200),
  ] as [(String, Int64)])
  func sourceDateEpochMatchesAuditwheel(_ value: String, _ expected: Int64) throws {
    #expect(try DOSTimestamp.sourceDateEpoch(value).unixTime == expected)
  }

  /// The fields for many instants (leap days, century rules, the DOS range ends, negative
  /// epochs) equal `datetime.fromtimestamp(v, tz=timezone.utc).timetuple()[:6]`, clamped at
  /// 1980-01-01 and with seconds halved, as dir2zip and ZipInfo.FileHeader compute them.
  @Test func fieldsMatchPythonDatetime() throws {
    var values: [Int64] = [-86_400, 0, 315_532_799, 315_532_800, 951_782_400, 951_868_799, 1_709_210_096,
      4_107_542_399, 4_354_819_198, 4_354_819_199]
    var x: UInt64 = 42
    for _ in 0..<300 {
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      values.append(315_532_800 + Int64(x >> 33) % 4_039_286_398)
    }
    let script = """
      import sys, json
      from datetime import datetime, timezone
      out = []
      for v in map(int, sys.argv[1:]):
          t = datetime.fromtimestamp(v, tz=timezone.utc).timetuple()[:6]
          if t < (1980, 1, 1, 0, 0, 0): t = (1980, 1, 1, 0, 0, 0)
          out.append([t[0], t[1], t[2], t[3], t[4], t[5] // 2 * 2])
      print(json.dumps(out))
      """
    let result = try Tool.run(["python3", "-c", script] + values.map(String.init))
    #expect(result.status == 0, "\(result.stderr)")
    let expected = try JSONDecoder().decode([[Int]].self, from: Data(result.stdout.utf8))
    for (value, fields) in zip(values, expected) {
      let ts = DOSTimestamp(unixTime: value)
      if fields[0] > 2107 {
        #expect(ts == .latest)
        continue
      }
      #expect([ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second] == fields, "\(value)")
    }
  }

  @Test func parsesLikePythonInt() throws {
    #expect(try DOSTimestamp.sourceDateEpoch(" 650_203_201\n") == DOSTimestamp(unixTime: 650_203_201))
    #expect(try DOSTimestamp.sourceDateEpoch("+315532802") == DOSTimestamp(unixTime: 315_532_802))
    #expect(try DOSTimestamp.sourceDateEpoch("-5") == .earliest)
    #expect(try DOSTimestamp.sourceDateEpoch("99999999999999999999999") == .latest)
    for bad in ["", "abc", "1.5", "1_", "_1", "1__2", "0x10", "+"] {
      #expect(zipError { try DOSTimestamp.sourceDateEpoch(bad) } == .invalidSourceDateEpoch(bad), "\(bad)")
    }
  }

  @Test func roundTripsFieldsAndUnixTime() {
    let ts = DOSTimestamp(year: 2024, month: 2, day: 29, hour: 13, minute: 37, second: 43)
    #expect(ts.description == "2024-02-29 13:37:42")
    #expect(DOSTimestamp(unixTime: ts.unixTime) == ts)
    #expect(DOSTimestamp.earliest.unixTime == 315_532_800)
    #expect(DOSTimestamp.latest.unixTime == 4_354_819_198)
    // Garbage fields from a hostile archive convert without trapping.
    _ = DOSTimestamp(date: 0xFFFF, time: 0xFFFF).unixTime
    _ = DOSTimestamp(date: 0, time: 0).unixTime
  }
}

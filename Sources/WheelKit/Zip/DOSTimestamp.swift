/// An MS-DOS date and time as stored in zip headers: 2-second resolution, years 1980-2107, no
/// time zone.
///
/// Like Python's zipfile and auditwheel, this package reads and writes the fields as UTC wall
/// time, so converting never depends on the machine's time zone.
public struct DOSTimestamp: Hashable, Sendable, CustomStringConvertible {
  /// Bits 15-9: year - 1980; 8-5: month; 4-0: day.
  public var date: UInt16
  /// Bits 15-11: hour; 10-5: minute; 4-0: second / 2.
  public var time: UInt16

  public init(date: UInt16, time: UInt16) {
    self.date = date
    self.time = time
  }

  /// The timestamp for calendar fields, as Python's `ZipInfo(date_time=…)` stores them
  /// (seconds are halved, so odd seconds round down). Fields are masked to their bit widths;
  /// years outside 1980...2107 are clamped.
  public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    let y = UInt16(min(max(year, 1980), 2107) - 1980)
    date = y << 9 | UInt16(month & 0xF) << 5 | UInt16(day & 0x1F)
    time = UInt16(hour & 0x1F) << 11 | UInt16(minute & 0x3F) << 5 | UInt16(second / 2 & 0x1F)
  }

  /// 1980-01-01 00:00:00, the earliest representable time (Unix time 315532800).
  public static let earliest = DOSTimestamp(date: 1 << 5 | 1, time: 0)
  /// 2107-12-31 23:59:58, the latest representable time.
  public static let latest = DOSTimestamp(date: 127 << 9 | 12 << 5 | 31, time: 23 << 11 | 59 << 5 | 29)

  /// The timestamp for a Unix time (seconds since 1970, UTC), clamped to the DOS range and
  /// rounded down to an even second: what auditwheel writes for `SOURCE_DATE_EPOCH`
  /// (0 → 1980-01-01 00:00:00, 315532801 → 315532800, 650203201 → 650203200).
  public init(unixTime: Int64) {
    let earliestUnix: Int64 = 315_532_800
    let latestUnix: Int64 = 4_354_819_198  // 2107-12-31 23:59:58
    let t = min(max(unixTime, earliestUnix), latestUnix)
    let days = t / 86_400
    let secs = Int(t % 86_400)
    let (y, m, d) = Self.civil(fromDays: days)
    date = UInt16(y - 1980) << 9 | UInt16(m) << 5 | UInt16(d)
    time = UInt16(secs / 3600) << 11 | UInt16(secs / 60 % 60) << 5 | UInt16(secs % 60 / 2)
  }

  /// The timestamp for a `SOURCE_DATE_EPOCH` value, parsed like Python's `int()` as auditwheel
  /// does (surrounding whitespace, an optional sign and single `_` between digits are accepted;
  /// unlike Python, only ASCII digits).
  public static func sourceDateEpoch(_ value: String) throws(ZipError) -> DOSTimestamp {
    let trimmed = value.trimmingWhitespace
    var digits = Substring(trimmed)
    var negative = false
    if let sign = digits.first, sign == "+" || sign == "-" {
      negative = sign == "-"
      digits = digits.dropFirst()
    }
    guard let first = digits.first, first.isASCII, first.isNumber, digits.last != "_",
      !digits.contains("__")
    else { throw .invalidSourceDateEpoch(value) }
    var magnitude: Int64 = 0
    for c in digits where c != "_" {
      guard c.isASCII, let v = c.wholeNumberValue else { throw .invalidSourceDateEpoch(value) }
      // Saturate: anything this large clamps to the end of the DOS range anyway.
      magnitude = magnitude > Int64.max / 20 ? Int64.max / 20 : magnitude * 10 + Int64(v)
    }
    return DOSTimestamp(unixTime: negative ? -magnitude : magnitude)
  }

  public var year: Int { 1980 + Int(date >> 9) }
  public var month: Int { Int(date >> 5 & 0xF) }
  public var day: Int { Int(date & 0x1F) }
  public var hour: Int { Int(time >> 11) }
  public var minute: Int { Int(time >> 5 & 0x3F) }
  public var second: Int { Int(time & 0x1F) * 2 }

  /// The fields read as UTC, in seconds since 1970. Out-of-range fields (month 0, day 31 of
  /// February) are normalised arithmetically rather than rejected, as Python's `mktime` does.
  public var unixTime: Int64 {
    let days = Self.days(fromCivil: year, max(month, 1), max(day, 1))
    return days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
  }

  public var description: String {
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(year)-\(two(month))-\(two(day)) \(two(hour)):\(two(minute)):\(two(second))"
  }

  // Howard Hinnant's civil-from-days / days-from-civil (proleptic Gregorian calendar).
  private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  private static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int64 {
    let y = Int64(m <= 2 ? y0 - 1 : y0)
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mm = Int64(m)
    let doy = (153 * (mm > 2 ? mm - 3 : mm + 9) + 2) / 5 + Int64(d) - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}

extension String {
  fileprivate var trimmingWhitespace: String {
    let scalars = unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[start...end])
  }
}

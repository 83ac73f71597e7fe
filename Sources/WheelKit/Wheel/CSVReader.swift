/// A CSV reader equivalent to Python's `csv.reader(io.StringIO(text, newline=""))` with the
/// default `excel` dialect (`,`, `"`, doubled quotes, non-strict, no `skipinitialspace`).
///
/// Rules (CPython `_csv.c`): lines end at `\r\n`, `\r` or `\n`; a blank line is an empty row;
/// a quoted field may span lines and keeps their line ends; `""` inside quotes is one `"`; a
/// character after a closing quote is kept (`"ab"c` → `abc`); a quote inside an unquoted field
/// is literal; an unterminated quoted field at the end of input ends the row. Fields longer
/// than Python's default `field_size_limit` (131,072 characters) are an error, which also bounds
/// memory per field.
struct CSVReader {
  /// A row and the 1-based line it starts on.
  struct Row: Equatable {
    var fields: [String]
    var line: Int
  }

  static let fieldSizeLimit = 131_072

  private enum State {
    case startRecord, startField, inField, inQuotedField, quoteInQuotedField, eatCRNL
  }

  /// Parses `text` into rows.
  ///
  /// - Throws: ``WheelError/recordFieldTooLong(line:limit:)``.
  static func parse(_ text: String) throws(WheelError) -> [Row] {
    var rows: [Row] = []
    var fields: [String] = []
    var field = String.UnicodeScalarView()
    var fieldLength = 0
    var state = State.startRecord
    var line = 1
    var rowLine = 1

    func save() {
      fields.append(String(field))
      field = String.UnicodeScalarView()
      fieldLength = 0
    }
    func add(_ scalar: Unicode.Scalar) throws(WheelError) {
      fieldLength += 1
      guard fieldLength <= fieldSizeLimit else {
        throw .recordFieldTooLong(line: line, limit: fieldSizeLimit)
      }
      field.append(scalar)
    }

    // Python hands the parser one line at a time and then an end-of-line marker; lines are
    // split at "\n", "\r" and "\r\n" (universal newlines, terminators kept).
    let scalars = Array(text.unicodeScalars)
    var index = 0
    while index < scalars.count {
      if state == .startRecord { rowLine = line }
      var end = index
      while end < scalars.count && scalars[end] != "\n" && scalars[end] != "\r" { end += 1 }
      if end < scalars.count {
        end += (scalars[end] == "\r" && end + 1 < scalars.count && scalars[end + 1] == "\n") ? 2 : 1
      }
      for scalar in scalars[index..<end] {
        switch state {
        case .startRecord, .startField:
          if scalar == "\n" || scalar == "\r" {
            if state == .startField { save() }
            state = .eatCRNL
          } else if scalar == "\"" {
            state = .inQuotedField
          } else if scalar == "," {
            save()
            state = .startField
          } else {
            try add(scalar)
            state = .inField
          }
        case .inField:
          if scalar == "\n" || scalar == "\r" {
            save()
            state = .eatCRNL
          } else if scalar == "," {
            save()
            state = .startField
          } else {
            try add(scalar)
          }
        case .inQuotedField:
          if scalar == "\"" { state = .quoteInQuotedField } else { try add(scalar) }
        case .quoteInQuotedField:
          if scalar == "\"" {
            try add(scalar)
            state = .inQuotedField
          } else if scalar == "," {
            save()
            state = .startField
          } else if scalar == "\n" || scalar == "\r" {
            save()
            state = .eatCRNL
          } else {
            try add(scalar)
            state = .inField
          }
        case .eatCRNL:
          break  // only line-end characters can follow within one line
        }
      }
      // End of line.
      switch state {
      case .startRecord, .eatCRNL:
        rows.append(Row(fields: fields, line: rowLine))
        fields = []
        state = .startRecord
      case .startField, .inField, .quoteInQuotedField:
        save()
        rows.append(Row(fields: fields, line: rowLine))
        fields = []
        state = .startRecord
      case .inQuotedField:
        break  // the field continues on the next line
      }
      line += 1
      index = end
    }
    if state != .startRecord {
      save()
      rows.append(Row(fields: fields, line: rowLine))
    }
    return rows
  }
}

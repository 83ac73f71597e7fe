/// A CSV writer producing exactly what Python's `csv.writer(f)` writes with the default
/// `excel` dialect: fields joined with `,`, a field quoted (and its `"` doubled) only when it
/// contains `,`, `"`, `\r` or `\n`, a lone empty field written as `""`, rows ended by `\r\n`.
enum CSVWriter {
  /// One row, with its `\r\n`.
  static func row(_ fields: [String]) -> String {
    if fields.count == 1 && fields[0].isEmpty { return "\"\"\r\n" }
    return fields.map(quote).joined(separator: ",") + "\r\n"
  }

  private static func quote(_ field: String) -> String {
    let needsQuotes = field.unicodeScalars.contains {
      $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n"
    }
    guard needsQuotes else { return field }
    var quoted = String.UnicodeScalarView()
    quoted.append("\"")
    for scalar in field.unicodeScalars {
      if scalar == "\"" { quoted.append("\"") }
      quoted.append(scalar)
    }
    quoted.append("\"")
    return String(quoted)
  }
}

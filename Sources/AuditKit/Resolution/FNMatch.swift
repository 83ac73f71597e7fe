/// A shell-style wildcard pattern with the semantics of Python's `fnmatch.fnmatch` on POSIX.
///
/// auditwheel matches `--exclude` patterns with `fnmatch` against DT_NEEDED names and resolved
/// paths, so the rules are Python's, not glibc's `fnmatch(3)`:
/// * `*` matches any run of characters, `/` and newlines included; `?` matches one character;
/// * `[seq]` / `[!seq]` are sets with `a-z` ranges; a `]` right after `[` or `[!` is a member;
///   ranges whose start is above their end are dropped (`[z-a]` matches nothing);
/// * a `[` with no closing `]` is a literal `[`; a backslash is always a literal character;
/// * matching is case-sensitive and covers the whole string.
///
/// The pattern is compiled once into tokens; matching is iterative (no recursion), in
/// O(pattern × name) time in the worst case.
public struct FNMatch: Sendable, Hashable {
  enum Token: Sendable, Hashable {
    case star
    case anyCharacter
    case literal(Unicode.Scalar)
    case set(negated: Bool, ranges: [ClosedRange<UInt32>])
    case never
  }

  /// The pattern as given.
  public let pattern: String
  let tokens: [Token]

  /// Compiles `pattern`. Every string is a valid pattern.
  public init(_ pattern: String) {
    self.pattern = pattern
    self.tokens = FNMatch.compile(Array(pattern.unicodeScalars))
  }

  /// Whether `name` matches the whole pattern.
  public func matches(_ name: String) -> Bool {
    matches(Array(name.unicodeScalars))
  }

  /// Whether `name` matches, except that a leading `.` must be matched by a literal `.` (the
  /// `glob` rule for hidden files, used when expanding `include` lines of ld.so.conf).
  func matchesGlobComponent(_ name: String) -> Bool {
    let scalars = Array(name.unicodeScalars)
    if scalars.first == ".", tokens.first != .literal(".") { return false }
    return matches(scalars)
  }

  /// Whether the pattern contains any wildcard (`*`, `?` or `[`), like `glob.has_magic`.
  var hasMagic: Bool {
    pattern.unicodeScalars.contains { $0 == "*" || $0 == "?" || $0 == "[" }
  }

  private func matches(_ name: [Unicode.Scalar]) -> Bool {
    var t = 0
    var n = 0
    var starToken: Int? = nil
    var starName = 0
    while n < name.count {
      if t < tokens.count, tokens[t] != .star, FNMatch.accepts(tokens[t], name[n]) {
        t += 1
        n += 1
      } else if t < tokens.count, tokens[t] == .star {
        starToken = t
        starName = n
        t += 1
      } else if let star = starToken {
        starName += 1
        n = starName
        t = star + 1
      } else {
        return false
      }
    }
    while t < tokens.count, tokens[t] == .star { t += 1 }
    return t == tokens.count
  }

  private static func accepts(_ token: Token, _ scalar: Unicode.Scalar) -> Bool {
    switch token {
    case .star: return true
    case .anyCharacter: return true
    case .literal(let expected): return expected == scalar
    case .never: return false
    case .set(let negated, let ranges):
      return ranges.contains { $0.contains(scalar.value) } != negated
    }
  }
}

extension FNMatch {
  private static func compile(_ pattern: [Unicode.Scalar]) -> [Token] {
    var tokens: [Token] = []
    var i = 0
    while i < pattern.count {
      let c = pattern[i]
      i += 1
      switch c {
      case "*":
        if tokens.last != .star { tokens.append(.star) }
      case "?":
        tokens.append(.anyCharacter)
      case "[":
        var j = i
        if j < pattern.count, pattern[j] == "!" { j += 1 }
        if j < pattern.count, pattern[j] == "]" { j += 1 }
        while j < pattern.count, pattern[j] != "]" { j += 1 }
        if j >= pattern.count {
          tokens.append(.literal("["))
        } else {
          tokens.append(set(from: Array(pattern[i..<j])))
          i = j + 1
        }
      default:
        tokens.append(.literal(c))
      }
    }
    return tokens
  }

  /// The set token for the text between `[` and `]`, following `fnmatch.translate`: the text is
  /// cut at range hyphens into chunks, empty ranges are removed, and the last character of each
  /// chunk forms a range with the first character of the next.
  private static func set(from stuff: [Unicode.Scalar]) -> Token {
    var negated = false
    var body = stuff
    if body.first == "!" {
      negated = true
      body.removeFirst()
    }
    if !stuff.contains("-") {
      return setToken(negated: negated, chunks: [body], original: stuff)
    }
    // Chunking exactly as fnmatch.translate does, on the text after an optional `!`.
    var chunks: [[Unicode.Scalar]] = []
    var start = 0
    var k = 1
    while true {
      guard let hyphen = firstIndex(of: "-", in: body, from: k) else { break }
      chunks.append(Array(body[start..<hyphen]))
      start = hyphen + 1
      k = hyphen + 3
    }
    let tail = Array(body[start...])
    if !tail.isEmpty {
      chunks.append(tail)
    } else if !chunks.isEmpty {
      chunks[chunks.count - 1].append("-")
    }
    var index = chunks.count - 1
    while index > 0 {
      if let last = chunks[index - 1].last, let first = chunks[index].first, last.value > first.value {
        chunks[index - 1] = Array(chunks[index - 1].dropLast()) + Array(chunks[index].dropFirst())
        chunks.remove(at: index)
      }
      index -= 1
    }
    return setToken(negated: negated, chunks: chunks, original: stuff)
  }

  private static func setToken(negated: Bool, chunks: [[Unicode.Scalar]], original: [Unicode.Scalar])
    -> Token
  {
    if original.isEmpty { return .never }
    if original == ["!"] { return .anyCharacter }
    var ranges: [ClosedRange<UInt32>] = []
    for (position, chunk) in chunks.enumerated() {
      for (offset, scalar) in chunk.enumerated() {
        let startsRange = position + 1 < chunks.count && offset == chunk.count - 1
        let endsRange = position > 0 && offset == 0
        if endsRange { continue }  // consumed as the upper bound of the previous range
        if startsRange, let upper = chunks[position + 1].first {
          ranges.append(scalar.value...upper.value)
        } else {
          ranges.append(scalar.value...scalar.value)
        }
      }
    }
    if ranges.isEmpty && !negated { return .never }
    return .set(negated: negated, ranges: ranges)
  }

  private static func firstIndex(of scalar: Unicode.Scalar, in text: [Unicode.Scalar], from: Int) -> Int? {
    var index = max(from, 0)
    while index < text.count {
      if text[index] == scalar { return index }
      index += 1
    }
    return nil
  }
}

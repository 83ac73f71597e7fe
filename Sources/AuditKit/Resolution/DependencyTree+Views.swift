extension DependencyTree {
  /// The transitive closure of the root's dependencies in breadth-first order, each name once.
  ///
  /// Excluded names are not part of the closure. Unresolved names are (check
  /// ``LibraryNode/isResolved``), but have no children.
  ///
  /// - Parameter include: decides, per DT_NEEDED name, whether it belongs to the closure. A
  ///   name it rejects is neither listed nor descended into, but can still be reached through
  ///   another path only if that path also passes `include` (auditwheel drops whitelisted
  ///   libraries this way in `lddtree_external_references`).
  public func closure(where include: (String) -> Bool = { _ in true }) -> [LibraryNode] {
    var seen: Set<String> = []
    var queue = followedNeeded
    var head = 0
    var result: [LibraryNode] = []
    while head < queue.count {
      let name = queue[head]
      head += 1
      guard !seen.contains(name) else { continue }
      seen.insert(name)
      guard include(name), let node = libraries[name] else { continue }
      if case .excluded = node.reason { continue }
      result.append(node)
      queue.append(contentsOf: node.followedNeeded)
    }
    return result
  }

  /// The tree as indented text, one DT_NEEDED edge per line, four spaces per level:
  ///
  ///     ext.so
  ///         libfoo.so.1 => /usr/lib/libfoo.so.1.2
  ///             libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6
  ///         libbar.so => not found
  ///
  /// A library's children are shown under its first occurrence only (depth-first, file order),
  /// so cycles and shared dependencies print once. Unresolved names print `not found`, with the
  /// reason in parentheses when it is not simply a missing file.
  public func renderedTree() -> String {
    var lines = [path]
    var expanded: Set<String> = []
    var stack: [(name: String, depth: Int, excluded: Bool)] =
      needed.reversed().map { ($0, 1, excluded.contains($0)) }
    while let (name, depth, isExcluded) = stack.popLast() {
      let indent = String(repeating: "    ", count: depth)
      let node = libraries[name]
      if isExcluded {
        if case .excluded(let pattern) = node?.reason {
          lines.append("\(indent)\(name) => excluded (--exclude \(pattern))")
        } else {
          lines.append("\(indent)\(name) => excluded")
        }
        continue
      }
      guard let node else {
        lines.append("\(indent)\(name) => not found")
        continue
      }
      lines.append(indent + name + " => " + DependencyTree.describe(node))
      guard node.isResolved, !expanded.contains(name) else { continue }
      expanded.insert(name)
      stack.append(contentsOf: node.needed.reversed().map { ($0, depth + 1, node.excluded.contains($0)) })
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func describe(_ node: LibraryNode) -> String {
    guard let reason = node.reason else { return node.realpath ?? "not found" }
    switch reason {
    case .notFound: return "not found"
    case .incompatible: return "not found (only incompatible candidates)"
    case .invalidCandidate(let path, let problem): return "not found (\(path): \(problem.summary))"
    case .excluded(let pattern): return "excluded (--exclude \(pattern))"
    case .libpython: return "not found (libpython, not followed)"
    }
  }
}

extension CandidateProblem {
  /// A short human-readable statement of the problem.
  public var summary: String {
    switch self {
    case .notELF: return "not an ELF file"
    case .unreadable(let message): return "unreadable ELF file: \(message)"
    case .notRegularFile: return "not a regular file"
    case .wrongClass(let elfClass):
      return "wrong ELF class \(elfClass == 1 ? "ELFCLASS32" : elfClass == 2 ? "ELFCLASS64" : "\(elfClass)")"
    case .wrongByteOrder: return "wrong byte order"
    case .wrongMachine(let machine): return "wrong machine \(machine)"
    case .wrongOSABI(let osabi): return "OS ABI \(osabi) not accepted"
    case .floatABIMismatch(let flags): return "ARM float ABI mismatch (e_flags 0x\(String(flags, radix: 16)))"
    }
  }
}

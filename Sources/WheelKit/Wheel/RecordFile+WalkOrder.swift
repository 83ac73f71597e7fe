extension RecordFile {
  /// Orders file paths the way auditwheel's `rewrite_record` lists them (`tools.walk`): a
  /// top-down walk where each directory lists its files (sorted by code point) before
  /// descending into its subdirectories (sorted), top-level `*.dist-info` directories last, and
  /// `RECORD` last within a top-level `*.dist-info`.
  ///
  /// - Parameter paths: `/`-separated file paths (directory entries ending in `/` are ignored).
  public static func walkOrder(_ paths: [String]) -> [String] {
    final class Node {
      var files: [String] = []
      var children: [String: Node] = [:]
    }
    let root = Node()
    for path in paths where !path.hasSuffix("/") {
      let parts = splitScalars(path, on: "/")
      var node = root
      for part in parts.dropLast() {
        if let child = node.children[part] {
          node = child
        } else {
          let child = Node()
          node.children[part] = child
          node = child
        }
      }
      node.files.append(path)
    }
    var result: [String] = []
    func visit(_ node: Node, prefix: String, depth: Int) {
      var files = node.files.sorted(by: codePointLess)
      if depth == 1, prefix.hasSuffix(".dist-info/"), let record = files.firstIndex(of: prefix + "RECORD") {
        files.append(files.remove(at: record))
      }
      result += files
      var names = node.children.keys.sorted(by: codePointLess)
      if depth == 0 {
        names = names.filter { !$0.hasSuffix(".dist-info") } + names.filter { $0.hasSuffix(".dist-info") }
      }
      for name in names {
        if let child = node.children[name] { visit(child, prefix: prefix + name + "/", depth: depth + 1) }
      }
    }
    visit(root, prefix: "", depth: 0)
    return result
  }
}

import Testing

@testable import WheelKit

@Suite struct MemberPathTests {
  @Test(arguments: [
    "a", "a/b.py", "pkg/", "pkg.libs/libz-abc.so.1", "a/.hidden", "a/..b", "a/b..", "...", "名前/x",
  ])
  func acceptsRelativeNormalisedPaths(_ name: String) {
    #expect(MemberPath.problem(with: name) == nil)
  }

  @Test(arguments: [
    ("", NameProblem.empty), ("/a", .absolute), ("a\\b", .backslash), ("a\u{0}", .nul),
    ("..", .dotDotSegment), ("a/../b", .dotDotSegment), ("a/..", .dotDotSegment), ("../", .dotDotSegment),
    (".", .dotSegment), ("a/./b", .dotSegment), ("a//b", .emptySegment), ("a//", .emptySegment),
  ])
  func refusesUnsafePaths(_ name: String, _ problem: NameProblem) {
    #expect(MemberPath.problem(with: name) == problem)
  }

  @Test(arguments: [
    ("a/l", "b", true), ("a/l", "../b", true), ("a/l", "../../b", false), ("l", "../x", false),
    ("a/b/l", "../../x", true), ("a/b/l", "./../.././x", true), ("a/l", "/abs", false),
    ("a/l", "x/../../..", false), ("a/l", "x/../..", true),
  ])
  func symlinkContainment(_ name: String, _ target: String, _ inside: Bool) {
    #expect(MemberPath.symlinkStaysInside(name: name, target: target) == inside)
  }
}

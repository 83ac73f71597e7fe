// swift-tools-version: 6.2
//
// wheelfs: mount, audit and repair Python wheels.
//
// Layers (each a target with one job; arrows are the only allowed imports):
//
//   BinaryKit ← ELFKit ← ELFPatchKit
//   BinaryKit ← WheelKit (+ CZlib, CLibdeflate, Crypto)
//   PolicyKit                      (pure data + evaluation, imports nothing of ours)
//   AuditKit  → ELFKit, WheelKit, PolicyKit
//   RepairKit → AuditKit, ELFPatchKit, WheelKit
//   MountKit  → WheelKit, AuditKit, RepairKit   (pure virtual tree, no FUSE)
//   FUSEBridge → MountKit, CFuse3               (the only importer of libfuse3)
//   WheelFSCLI → everything + ArgumentParser    (the only importer of ArgumentParser)
//
// `Tests/scripts/check-layers.sh` (run by `make test`) asserts these rules and that `unsafe`
// appears only in the boundary files it lists.
import PackageDescription

let strict: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .strictMemorySafety(),
  .treatAllWarnings(as: .error),
]

let package = Package(
  name: "wheelfs",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "wheelfs", targets: ["WheelFSCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
  ],
  targets: [
    // C boundaries.
    .systemLibrary(
      name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CLibdeflate", path: "Sources/CLibdeflate", pkgConfig: "libdeflate",
      providers: [.apt(["libdeflate-dev"])]),
    .systemLibrary(
      name: "CFuse3", path: "Sources/CFuse3", pkgConfig: "fuse3",
      providers: [.apt(["libfuse3-dev"])]),

    // Core layers.
    .target(name: "BinaryKit", swiftSettings: strict),
    .target(name: "ELFKit", dependencies: ["BinaryKit"], swiftSettings: strict),
    .target(name: "ELFPatchKit", dependencies: ["BinaryKit", "ELFKit"], swiftSettings: strict),
    .target(
      name: "WheelKit",
      dependencies: [
        "BinaryKit", "CZlib", "CLibdeflate", .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strict),
    .target(
      name: "PolicyKit",
      resources: [.copy("Resources")],
      swiftSettings: strict),
    .target(
      name: "AuditKit", dependencies: ["BinaryKit", "ELFKit", "WheelKit", "PolicyKit"],
      swiftSettings: strict),
    .target(
      name: "RepairKit",
      dependencies: [
        "AuditKit", "ELFKit", "ELFPatchKit", "WheelKit", "PolicyKit",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strict),
    .target(
      name: "MountKit",
      dependencies: [
        "BinaryKit", "WheelKit", "AuditKit", "PolicyKit",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strict),
    .target(
      name: "FUSEBridge",
      dependencies: ["MountKit", "CFuse3", .product(name: "Logging", package: "swift-log")],
      swiftSettings: strict),

    // The command line: parse, call a kit, render.
    .executableTarget(
      name: "WheelFSCLI",
      dependencies: [
        "BinaryKit", "ELFKit", "ELFPatchKit", "WheelKit", "PolicyKit", "AuditKit", "RepairKit",
        "MountKit", "FUSEBridge",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strict),

    // Shared test helpers: fixture lookup that fails loudly, tool runners.
    .target(name: "TestSupport", path: "Sources/TestSupport", swiftSettings: strict),

    .testTarget(name: "BinaryKitTests", dependencies: ["BinaryKit", "TestSupport"], swiftSettings: strict),
    .testTarget(name: "ELFKitTests", dependencies: ["ELFKit", "BinaryKit", "TestSupport"], swiftSettings: strict),
    .testTarget(
      name: "ELFPatchKitTests", dependencies: ["ELFPatchKit", "ELFKit", "BinaryKit", "TestSupport"],
      swiftSettings: strict),
    .testTarget(
      name: "WheelKitTests",
      dependencies: [
        "WheelKit", "BinaryKit", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strict),
    .testTarget(name: "PolicyKitTests", dependencies: ["PolicyKit", "TestSupport"], swiftSettings: strict),
    .testTarget(
      name: "AuditKitTests",
      dependencies: ["AuditKit", "ELFKit", "WheelKit", "PolicyKit", "BinaryKit", "TestSupport"],
      swiftSettings: strict),
    .testTarget(
      name: "RepairKitTests",
      dependencies: [
        "RepairKit", "AuditKit", "BinaryKit", "ELFKit", "ELFPatchKit", "WheelKit", "PolicyKit",
        "TestSupport",
      ],
      swiftSettings: strict),
    .testTarget(
      name: "MountKitTests", dependencies: ["MountKit", "WheelKit", "AuditKit", "TestSupport"],
      swiftSettings: strict),
    .testTarget(
      name: "FUSEBridgeTests", dependencies: ["FUSEBridge", "MountKit", "TestSupport"],
      swiftSettings: strict),
  ]
)

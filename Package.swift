// swift-tools-version:6.0
import PackageDescription

// The direction of flow is the dependency order: text → EddySQL → EddyPlanner → EddyCore ←
// EddyRuntime. The runtime knows only the JobGraph in EddyCore, never SQL text.
let package = Package(
    name: "Eddy",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "eddy", targets: ["EddyCLI"]),
        .library(name: "EddyEngine", targets: ["EddyEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        // The PostgreSQL sink: postgres-nio, and the SwiftNIO parts it is driven with.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.3"),
    ],
    targets: [
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        // zlib, for gzip-compressed logs (Debian: zlib1g-dev).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "EddyCore"),
        .target(name: "EddySQL"),
        .target(name: "EddyPlanner", dependencies: ["EddySQL", "EddyCore"]),
        .target(
            name: "EddyRuntime", dependencies: ["EddyCore", "CZlib"],
            // The hot loops mutate arrays held by operator objects; the dynamic exclusivity
            // checks on those accesses cost ~7% of a windowed query (measured with perf).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // Sinks and sources that talk to other systems (databases), behind the runtime's
        // sink protocols; the runtime itself stays free of them. SwiftNIO's event loops
        // stay inside too: the runtime's threads block on them, and nothing else sees them.
        .target(
            name: "EddyConnectors",
            dependencies: [
                "EddyCore", "EddyRuntime", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "EddyEngine",
            dependencies: [
                "EddySQL", "EddyPlanner", "EddyCore", "EddyRuntime", "EddyConnectors",
                // (for the module paths of what EddyConnectors imports; the engine uses none of it)
                .product(name: "GRDB", package: "GRDB.swift"),
                // Latency percentiles of sinks.
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]),
        .executableTarget(
            name: "EddyCLI",
            dependencies: [
                "EddyEngine", "CReadline", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Throughput benchmarks: swift run -c release eddy-bench [events] [runs]
        .executableTarget(
            name: "eddy-bench", dependencies: ["EddyEngine", "EddySQL", "EddyPlanner", "EddyCore", "EddyRuntime"],
            path: "benchmarks/Sources/eddy-bench"),
        .testTarget(name: "EddySQLTests", dependencies: ["EddySQL"]),
        .testTarget(name: "EddyPlannerTests", dependencies: ["EddyPlanner", "EddySQL", "EddyCore"]),
        .testTarget(name: "EddyRuntimeTests", dependencies: ["EddyRuntime", "EddyCore"]),
        .testTarget(
            name: "EddyEngineTests",
            dependencies: ["EddyEngine", "EddyPlanner", "EddySQL", "EddyCore", "EddyRuntime"]),
        // The PostgreSQL server of the PostgreSQL sink's tests (EDDY_POSTGRES_URL), read with psql.
        .target(name: "PostgresTestSupport", path: "Tests/PostgresTestSupport"),
        // SIGKILL the real `eddy` binary and recover (depending on the executable target makes
        // `swift test` build it).
        .testTarget(
            name: "EddyRecoveryTests",
            dependencies: ["EddyCLI", "EddyRuntime", "PostgresTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        // The shell's logic, and the real `eddy` binary driven through a pseudo-terminal
        // (depending on the executable target makes `swift test` build it).
        .testTarget(
            name: "EddyCLITests",
            dependencies: [
                "EddyCLI", "EddyEngine", "EddyPlanner", "EddySQL", "EddyCore", "PostgresTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)

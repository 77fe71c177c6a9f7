// swift-tools-version:6.0
// Throughput benchmarks, kept out of the main package so CI does not build them.
// Run from this folder: swift run -c release eddy-bench [events]
import PackageDescription

let package = Package(
    name: "EddyBenchmarks",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "eddy-bench",
            dependencies: [.product(name: "EddyEngine", package: "Eddy")],
            path: "Sources/eddy-bench"),
    ],
    swiftLanguageModes: [.v6]
)

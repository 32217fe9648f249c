// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "EDLLab",
    products: [
        .executable(name: "edl", targets: ["edl"]),
        // The workshop explorer's web server (`edl serve`), its own product so that
        // `make run` does not build the HTTP stack.
        .executable(name: "edl-serve", targets: ["edl-serve"]),
        .library(name: "EDL", targets: ["EDL"]),
        .library(name: "Lab", targets: ["Lab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Experiment files: a TOML 1.0 parser (toml++ underneath).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // CSV files read back by `edl plot`: quoted fields, text columns, and
        // rows as written (SwiftCSV pads a short row, which would hide it).
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // The explorer's HTTP server (SwiftNIO underneath).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // GNU GSL, found with pkg-config. Nothing but `GSL` imports it.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // The Swift face of GSL: random sources, samplers, special functions.
        .target(name: "GSL", dependencies: ["CGSL"]),
        // The EDL accountant and its statistics: no randomness, no I/O.
        .target(name: "EDL"),
        // Learners: predict (code length) before they update.
        .target(name: "Learners", dependencies: ["EDL", "GSL"]),
        // Scenarios: populations, worlds, exact losses, theory.
        .target(name: "Scenarios", dependencies: ["GSL", "EDL", "Learners"]),
        // SVG charts; Foundation only.
        .target(name: "Charts"),
        // The experiment runner: grids, seeds, replicates in parallel, outputs.
        .target(
            name: "Lab",
            dependencies: [
                "Scenarios", "EDL", "GSL", "Charts",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "CSV", package: "CSV.swift"),
            ]),
        // The lab's own applications of the library: paper reproduction,
        // numerical verification of the theory, and the benchmark workloads.
        .target(name: "LabTools", dependencies: ["Lab", "Scenarios", "Learners", "EDL", "GSL", "Charts"]),
        // The command-line tool.
        .executableTarget(
            name: "edl",
            dependencies: [
                "Lab", "LabTools",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The workshop explorer: the JSON API, server-side charts, the page.
        .target(
            name: "LabServer",
            dependencies: [
                "Lab", "Scenarios", "EDL", "GSL", "Charts",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        .executableTarget(
            name: "edl-serve",
            dependencies: [
                "LabServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // What several test targets share: experiment helpers and the
        // registry-driven conformance pairs.
        .target(
            name: "LabTestSupport", dependencies: ["Lab", "Scenarios", "EDL"], path: "Tests/LabTestSupport"),
        .testTarget(name: "GSLTests", dependencies: ["GSL"]),
        .testTarget(name: "EDLTests", dependencies: ["EDL"]),
        .testTarget(name: "LearnersTests", dependencies: ["Learners", "EDL", "GSL"]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "GSL", "EDL", "Learners"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"], resources: [.copy("Golden")]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "Scenarios", "EDL", "Charts", "LabTestSupport", "GSL"]),
        .testTarget(
            name: "LabToolsTests", dependencies: ["LabTools", "Lab", "Scenarios", "EDL", "GSL", "LabTestSupport"]),
        .testTarget(name: "edlTests", dependencies: ["edl"]),
        .testTarget(name: "LabServerTests", dependencies: ["LabServer", "Lab"]),
    ],
    swiftLanguageModes: [.v6]
)

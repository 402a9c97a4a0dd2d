// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "CorridorWatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "corridorwatch", targets: ["corridorwatch"]),
        .library(name: "CorridorCore", targets: ["CorridorCore"]),
        .library(name: "CorridorGeo", targets: ["CorridorGeo"]),
        .library(name: "CorridorExchange", targets: ["CorridorExchange"]),
        .library(name: "CorridorStore", targets: ["CorridorStore"]),
        .library(name: "CorridorServices", targets: ["CorridorServices"]),
        .library(name: "CorridorServer", targets: ["CorridorServer"]),
        .library(name: "CorridorDemo", targets: ["CorridorDemo"]),
        .library(name: "CorridorRisk", targets: ["CorridorRisk"]),
        .library(name: "CorridorAIS", targets: ["CorridorAIS"]),
        .library(name: "CorridorAISFeed", targets: ["CorridorAISFeed"]),
        .library(name: "CorridorMaritime", targets: ["CorridorMaritime"]),
        .library(name: "CorridorCoordination", targets: ["CorridorCoordination"]),
        .library(name: "CorridorAccess", targets: ["CorridorAccess"]),
        .library(name: "CorridorAlerts", targets: ["CorridorAlerts"]),
        .library(name: "CorridorCyber", targets: ["CorridorCyber"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(name: "CorridorCore", swiftSettings: strict),
        .target(
            name: "CorridorGeo",
            dependencies: ["CorridorCore"],
            exclude: ["Resources/PROVENANCE.md"],
            resources: [.copy("Resources/pak_admin1_ne10m.geojson"), .copy("Resources/pak_admin0_ne10m.geojson")],
            swiftSettings: strict
        ),
        .target(
            name: "CorridorAccess",
            dependencies: [
                "CorridorCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: strict
        ),
        .target(name: "CorridorAIS", swiftSettings: strict),
        .target(
            name: "CorridorAISFeed",
            dependencies: [
                "CorridorAIS", "CorridorCore", "CorridorStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .target(name: "CorridorRisk", dependencies: ["CorridorCore", "CorridorGeo"], swiftSettings: strict),
        .target(
            name: "CorridorAlerts",
            dependencies: ["CorridorCore", "CorridorGeo", "CorridorAccess", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(name: "CorridorCoordination", dependencies: ["CorridorCore", "CorridorRisk"], swiftSettings: strict),
        .target(
            name: "CorridorMaritime",
            dependencies: [
                "CorridorCore", "CorridorGeo", "CorridorAIS",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            exclude: ["Resources/PROVENANCE.md"],
            resources: [.copy("Resources/pakistan_ports.csv"), .copy("Resources/gwadar_zones.geojson")],
            swiftSettings: strict
        ),
        .target(name: "CorridorCyber", swiftSettings: strict),
        .target(name: "CorridorExchange", dependencies: ["CorridorCore", "CorridorGeo"], swiftSettings: strict),
        .target(
            name: "CorridorStore",
            dependencies: [
                "CorridorCore", "CorridorGeo", "CorridorAccess", "CorridorCoordination", "CorridorAlerts",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The application layer: every capability's use cases, the one event pipeline, and the
        // services that run beside the server. No HTTP here: the CLI and benchmarks use it too.
        .target(
            name: "CorridorServices",
            dependencies: [
                "CorridorCore", "CorridorGeo", "CorridorExchange", "CorridorStore", "CorridorRisk", "CorridorAccess", "CorridorMaritime",
                "CorridorCoordination", "CorridorAlerts", "CorridorAIS", "CorridorAISFeed", "CorridorDemo",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CorridorServer",
            dependencies: [
                "CorridorCore", "CorridorGeo", "CorridorExchange", "CorridorStore", "CorridorRisk", "CorridorAccess", "CorridorMaritime",
                "CorridorCoordination", "CorridorAlerts", "CorridorServices",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Assets")],
            swiftSettings: strict
        ),
        .target(
            name: "CorridorDemo",
            dependencies: ["CorridorCore", "CorridorGeo", "CorridorExchange"],
            resources: [.copy("Seed")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "corridorwatch",
            dependencies: [
                "CorridorCore", "CorridorGeo", "CorridorExchange", "CorridorStore", "CorridorServices", "CorridorServer", "CorridorDemo",
                "CorridorRisk", "CorridorAccess", "CorridorAIS", "CorridorAISFeed", "CorridorMaritime", "CorridorCoordination",
                "CorridorAlerts", "CorridorCyber",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "risk-bench",
            dependencies: ["CorridorCore", "CorridorGeo", "CorridorRisk"],
            path: "Benchmarks/RiskBench",
            swiftSettings: strict
        ),
        .target(name: "MallocCounter", path: "Benchmarks/MallocCounter"),
        .executableTarget(
            name: "ais-bench",
            dependencies: ["CorridorAIS", "MallocCounter"],
            path: "Benchmarks/AISBench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "maritime-bench",
            dependencies: [
                "CorridorCore", "CorridorAIS", "CorridorAISFeed", "CorridorMaritime", "CorridorServices", "CorridorStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/MaritimeBench",
            swiftSettings: strict
        ),
        .target(
            name: "CorridorTestSupport",
            dependencies: [
                "CorridorCore", "CorridorStore", "CorridorServices", "CorridorServer", "CorridorAccess", "CorridorCoordination",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "CorridorCoreTests", dependencies: ["CorridorCore"], swiftSettings: strict),
        .testTarget(name: "CorridorAccessTests", dependencies: ["CorridorAccess", "CorridorTestSupport"], swiftSettings: strict),
        .testTarget(name: "CorridorAISTests", dependencies: ["CorridorAIS"], resources: [.copy("Resources")], swiftSettings: strict),
        .testTarget(
            name: "CorridorAISFeedTests",
            dependencies: [
                "CorridorAISFeed", "CorridorTestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "CorridorRiskTests", dependencies: ["CorridorRisk", "CorridorTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CorridorDemoTests", dependencies: ["CorridorDemo", "CorridorRisk", "CorridorCoordination", "CorridorGeo"],
            swiftSettings: strict),
        .testTarget(name: "CorridorMaritimeTests", dependencies: ["CorridorMaritime"], swiftSettings: strict),
        .testTarget(name: "CorridorCoordinationTests", dependencies: ["CorridorCoordination"], swiftSettings: strict),
        .testTarget(name: "CorridorAlertsTests", dependencies: ["CorridorAlerts", "CorridorAccess"], swiftSettings: strict),
        .testTarget(name: "CorridorCyberTests", dependencies: ["CorridorCyber"], swiftSettings: strict),
        .testTarget(name: "CorridorGeoTests", dependencies: ["CorridorGeo"], swiftSettings: strict),
        .testTarget(
            name: "CorridorExchangeTests",
            dependencies: ["CorridorExchange", "CorridorTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CorridorStoreTests",
            dependencies: ["CorridorStore", "CorridorTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CorridorServicesTests",
            dependencies: ["CorridorServices", "CorridorTestSupport", "CorridorMaritime", "CorridorExchange", "CorridorCoordination"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CorridorServerTests",
            dependencies: [
                "CorridorServer", "CorridorServices", "CorridorTestSupport", "CorridorMaritime",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ]
)

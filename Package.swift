// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "gongjiang",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gongjiang", targets: ["gongjiang"]),
        .library(name: "GongjiangCore", targets: ["GongjiangCore"]),
        .library(name: "GongjiangApp", targets: ["GongjiangApp"]),
    ],
    dependencies: [
        // Web framework: routing, HTTP server, sessions, commands.
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        // ORM and migrations that run unchanged on SQLite and PostgreSQL.
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        // Type-safe HTML for server-rendered pages (as SwiftPackageIndex-Server does).
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        // SHA-256 for the audit chain, HMAC for blind indexes and TOTP, AES-GCM for personal data at rest.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // Streaming RFC 4180 CSV reader for imports.
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        // JWS for signed certificates (VC-JOSE-COSE, EdDSA/Ed25519) and the JWK Set that verifies them.
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        // Already under Vapor; named for NIOPosix, whose event loops the server makes Swift concurrency's executor.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "GongjiangCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "GongjiangApp",
            dependencies: [
                "GongjiangCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "gongjiang",
            dependencies: ["GongjiangApp", .product(name: "Vapor", package: "vapor"), .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(name: "GongjiangCoreTests", dependencies: ["GongjiangCore"]),
        .testTarget(
            name: "GongjiangAppTests",
            dependencies: [
                "GongjiangApp",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)

import Foundation

/// Everything the application reads from its environment, read in one place.
///
/// `cli.md` names the variables; nothing else in the code calls `ProcessInfo`.
public struct Settings: Sendable {
    public enum Mode: String, Sendable { case development, production, testing }

    public enum DatabaseLocation: Sendable, Equatable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(String)
    }

    public var database: DatabaseLocation
    public var keyFile: String
    public var mode: Mode
    /// Where uploaded import files and their error reports are kept while a run lasts.
    public var workDirectory: String
    /// Bcrypt cost: 12 takes about a quarter of a second per sign-in here, slow for guessing, quick for a person.
    /// Tests use the minimum, 4, so that hundreds of sign-ins stay fast.
    public var bcryptCost: Int
    /// Calls per minute per API token and per address.
    public var rateLimitPerToken: Int
    public var rateLimitPerAddress: Int
    /// Anonymous certificate look-ups per minute per address (the /verify page and the public API together): a person
    /// checks a few certificates and an employer a few dozen, while a scraper wants thousands. A benchmark lifts it
    /// with GONGJIANG_RATE_LIMIT_PUBLIC.
    public var rateLimitPublicLookups: Int = 20
    /// Repeated denials from one source are summed over this many seconds (`DenialLog.window`); tests that count
    /// the records lengthen it so that no window closes while they run on a loaded machine.
    public var denialWindowSeconds: TimeInterval = DenialLog.window
    /// The address the public reaches this server at (https://…), printed in certificates' QR codes; when unset, the
    /// address of the request that prints them.
    public var publicURL: String?
    /// Public look-ups kept in memory for a minute (VerificationCache); 0 turns the cache off.
    public var verificationCacheEntries: Int = 50_000
    /// Open data publishes no cell counting fewer than this many (GONGJIANG_OPEN_DATA_THRESHOLD); 10 is the common
    /// floor of statistical offices' small-cell rules.
    public var openDataThreshold: Int64 = 10
    /// Days the server's clock runs ahead (GONGJIANG_CLOCK_OFFSET_DAYS): a rehearsal or a browser test of a yearly
    /// call lets a notice's period pass by starting a second server ahead. Refused in production.
    public var clockOffsetDays: Int = 0
    /// Whether X-Forwarded-For and X-Forwarded-Proto come from a proxy we run (and so can be believed).
    public var trustsProxy: Bool = false

    public init(database: DatabaseLocation, keyFile: String = "./data/keys.json", mode: Mode = .development,
                workDirectory: String = "./data/work", bcryptCost: Int? = nil,
                rateLimitPerToken: Int = 600, rateLimitPerAddress: Int = 1_200) {
        self.database = database
        self.keyFile = keyFile
        self.mode = mode
        self.workDirectory = workDirectory
        self.bcryptCost = bcryptCost ?? (mode == .testing ? 4 : 12)
        self.rateLimitPerToken = rateLimitPerToken
        self.rateLimitPerAddress = rateLimitPerAddress
    }

    /// Reads the `GONGJIANG_*` variables, with an optional `.env` file underneath them.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment, dotEnvPath: String = ".env") throws(SettingsError) -> Settings {
        var values = Self.readDotEnv(at: dotEnvPath)
        values.merge(environment) { _, real in real }
        let url = values["GONGJIANG_DATABASE_URL"] ?? "sqlite://./data/gongjiang.sqlite"
        let mode: Mode
        switch values["GONGJIANG_ENV"] ?? "development" {
        case "production": mode = .production
        case "testing": mode = .testing
        case "development", "": mode = .development
        case let other: throw .unknownMode(other)
        }
        var settings = Settings(
            database: try parseDatabaseURL(url),
            keyFile: values["GONGJIANG_KEY_FILE"] ?? "./data/keys.json",
            mode: mode,
            workDirectory: values["GONGJIANG_WORK_DIR"] ?? "./data/work",
            rateLimitPerToken: values["GONGJIANG_RATE_LIMIT_TOKEN"].flatMap { Int($0) } ?? 600,
            rateLimitPerAddress: values["GONGJIANG_RATE_LIMIT_ADDRESS"].flatMap { Int($0) } ?? 1_200
        )
        settings.trustsProxy = values["GONGJIANG_TRUST_PROXY"] == "true"
        settings.rateLimitPublicLookups = values["GONGJIANG_RATE_LIMIT_PUBLIC"].flatMap { Int($0) } ?? 20
        settings.openDataThreshold = values["GONGJIANG_OPEN_DATA_THRESHOLD"].flatMap { Int64($0) }.map { max(2, $0) } ?? 10
        settings.verificationCacheEntries = values["GONGJIANG_VERIFY_CACHE"].flatMap { Int($0) }.map { max(0, $0) } ?? 50_000
        settings.clockOffsetDays = values["GONGJIANG_CLOCK_OFFSET_DAYS"].flatMap { Int($0) } ?? 0
        guard settings.clockOffsetDays == 0 || mode != .production else { throw .clockOffsetInProduction }
        guard (0...3_660).contains(settings.clockOffsetDays) else { throw .clockOffsetInProduction }
        settings.publicURL = values["GONGJIANG_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : String($0.reversed().drop { $0 == "/" }.reversed()) }
        return settings
    }

    public static func parseDatabaseURL(_ url: String) throws(SettingsError) -> DatabaseLocation {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { return .postgres(url) }
        if url == "sqlite::memory:" || url == "sqlite://:memory:" { return .sqliteMemory }
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw .badDatabaseURL(url) }
            return .sqliteFile(path)
        }
        throw .badDatabaseURL(url)
    }

    static func readDotEnv(at path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var result: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let eq = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = String(value.dropFirst().dropLast()) }
            result[key] = value
        }
        return result
    }
}

public enum SettingsError: Error, CustomStringConvertible {
    case badDatabaseURL(String)
    case unknownMode(String)
    case clockOffsetInProduction

    public var description: String {
        switch self {
        case .badDatabaseURL(let url): "GONGJIANG_DATABASE_URL 无法识别 / is not a sqlite:// or postgres:// URL: \(url)"
        case .unknownMode(let mode): "GONGJIANG_ENV 只能是 development 或 production / must be development or production, not \(mode)"
        case .clockOffsetInProduction: "GONGJIANG_CLOCK_OFFSET_DAYS 只能在非生产模式下使用，取 0–3660 / only outside production, 0 to 3660 days"
        }
    }
}

import Fluent
import SQLKit

/// 018: what two fraud signals need, kept as records change so a claim's filing reads a few rows, not the tables.
/// - `training_enrolments.phone_index`: the blind index of the contact phone a provider records for a trainee (the
///   phone itself stays sealed on the person), so trainees sharing one phone are counted without decrypting any.
/// - `training_providers.completed_trainees` and `claims_filed`: a provider's trainees who completed a class, and the
///   subsidy claims filed for them (each needs a certificate), so its pass rate and its peers' are read from this
///   table alone.
/// - indexes for the claims sharing a bank account and the claims of one notice.
/// - `number_serials`: the last number handed out per series ("TS-2026", "TC-320602-2026"), so numbering a record
///   reads one row rather than counting the year's (at the reference city's 145,400 claims a year, a count per filing
///   is quadratic).
struct AddTrainingSignals: AsyncMigration {
    var name: String { "018-AddTrainingSignals" }

    func prepare(on database: any Database) async throws {
        try await database.schema("training_enrolments").field("phone_index", .string).update()
        try await database.sql.create(index: "training_enrolments_phone_idx").on("training_enrolments").column("phone_index").run()
        try await database.schema("training_providers").field("completed_trainees", .int, .required, .sql(.default(0))).update()
        try await database.schema("training_providers").field("claims_filed", .int, .required, .sql(.default(0))).update()
        try await database.sql.create(index: "training_claims_account_idx").on("training_claims").column("payee_account_index").run()
        try await database.sql.create(index: "training_claims_notice_idx").on("training_claims").column("notice_id").run()
        try await database.schema("number_serials")
            .field("series", .string, .identifier(auto: false))
            .field("last_number", .int, .required)
            .create()
        // Counters and serials for the records that exist already.
        for row in try await database.sql.raw("SELECT year, COUNT(*) AS n FROM training_claims GROUP BY year").all() {
            try await database.sql.insert(into: "number_serials").columns("series", "last_number")
                .values(SQLBind("TS-\(try row.decode(column: "year", as: Int.self))"), SQLBind(try row.decode(column: "n", as: Int.self))).run()
        }
        for row in try await database.sql.raw("SELECT number FROM training_classes").all() {
            // TC-320602-2026-0001: the series is all but the last part.
            let number = try row.decode(column: "number", as: String.self)
            guard let dash = number.lastIndex(of: "-"), let serial = Int(number[number.index(after: dash)...]) else { continue }
            let series = String(number[..<dash])
            try await database.sql.raw("""
                INSERT INTO number_serials (series, last_number) VALUES (\(bind: series), \(bind: serial))
                ON CONFLICT (series) DO UPDATE SET last_number = CASE WHEN number_serials.last_number > excluded.last_number
                    THEN number_serials.last_number ELSE excluded.last_number END
                """).run()
        }
        try await database.sql.raw("""
            UPDATE training_providers SET completed_trainees = (SELECT COUNT(*) FROM training_enrolments e JOIN training_classes c ON c.id = e.class_id
                WHERE c.provider_id = training_providers.id AND e.state = 'completed'),
              claims_filed = (SELECT COUNT(*) FROM training_claims k WHERE k.provider_id = training_providers.id)
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("number_serials").delete()
        try await database.sql.drop(index: "training_claims_notice_idx").run()
        try await database.sql.drop(index: "training_claims_account_idx").run()
        try await database.sql.drop(index: "training_enrolments_phone_idx").run()
        try await database.schema("training_enrolments").deleteField("phone_index").update()
        try await database.schema("training_providers").deleteField("claims_filed").update()
        try await database.schema("training_providers").deleteField("completed_trainees").update()
    }
}

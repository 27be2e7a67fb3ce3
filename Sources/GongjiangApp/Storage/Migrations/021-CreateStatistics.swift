import Fluent
import SQLKit

/// 021: the annual figures' denominators and the aggregates kept as records change, so a figure costs the same at 1%
/// and at 100% of the city.
/// - `labour_force`: workers per district and year (the city enters them or imports a CSV): the per-10,000 figures'
///   denominators.
/// - `stat_dirty_persons`: persons whose certificates or district changed since the aggregates were last brought up to
///   date. Filled by triggers on `certificates` and `persons`, so every writer (the import's bulk path, issuance,
///   revocation, a person's move, the demo) marks what it changed without knowing of the statistics.
/// - `stat_person_contributions`: what each person adds to each figure now (their first high-skilled year, the years
///   they became a technician, their certificates by occupation and level), so a refresh can take it away again.
/// - `stat_counts`: the figures themselves by metric, district, year and dimension: the sums of the contributions.
/// - training's paid claims are counted into `stat_counts` by the ledger's settlement hook, per district and year.
/// - `wage_reports`: what each enterprise reports once a year of its workers' average monthly wage by occupation and
///   level (技能等级与薪酬挂钩), one row per occupation and level.
struct CreateStatistics: AsyncMigration {
    var name: String { "021-CreateStatistics" }

    func prepare(on database: any Database) async throws {
        try await database.schema("labour_force")
            .id()
            .field("district_code", .string, .required)
            .field("year", .int, .required)
            .field("workers", .int64, .required)
            .field("source", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "district_code", "year")
            .create()
        // An append-only log: a mark is a sequential append (an upsert into a unique index per imported row cost the
        // bulk import 60%); a person marked twice is simply refreshed twice, which changes nothing.
        try await database.schema("stat_dirty_persons")
            .field("seq", .int64, .identifier(auto: true))
            .field("person_id", .uuid, .required)
            .create()
        try await database.schema("stat_person_contributions")
            .field("person_id", .uuid, .required)
            .field("metric", .string, .required)
            .field("district_code", .string, .required)
            .field("year", .int, .required)
            .field("dimension", .string, .required)
            .field("n", .int64, .required)
            .create()
        try await database.sql.create(index: "stat_person_contributions_person_idx").on("stat_person_contributions").column("person_id").run()
        try await database.schema("stat_counts")
            .field("metric", .string, .required)
            .field("district_code", .string, .required)
            .field("year", .int, .required)
            .field("dimension", .string, .required)
            .field("n", .int64, .required)
            .unique(on: "metric", "district_code", "year", "dimension")
            .create()
        try await database.schema("wage_reports")
            .id()
            .field("enterprise_id", .uuid, .required, .references("organizations", "id"))
            .field("district_code", .string, .required)
            .field("year", .int, .required)
            .field("occupation_code", .string, .required)
            .field("level", .int, .required)
            .field("workers", .int, .required)
            .field("average_monthly_fen", .int64, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "enterprise_id", "year", "occupation_code", "level")
            .create()
        try await database.sql.create(index: "wage_reports_year_idx").on("wage_reports").column("year").column("district_code").run()
        try await database.sql.create(index: "certificates_issue_date_idx").on("certificates").column("issue_date").run()

        for statement in database.isPostgres ? Self.postgresTriggers : Self.sqliteTriggers {
            try await database.sql.raw(SQLQueryString(statement)).run()
        }
        // What exists already is marked, and brought up to date by the first refresh.
        try await database.sql.raw("""
            INSERT INTO stat_dirty_persons (person_id) SELECT DISTINCT person_id FROM certificates
            """).run()
        try await database.sql.raw("""
            INSERT INTO stat_counts (metric, district_code, year, dimension, n)
            SELECT 'training-paid', district_code, year, '', COUNT(*) FROM training_claims WHERE state = 'paid' GROUP BY district_code, year
            """).run()
    }

    /// A person is marked when one of their certificates is added, changed or removed, or when they move district.
    static let sqliteTriggers = [
        """
        CREATE TRIGGER stat_certificates_insert AFTER INSERT ON certificates BEGIN
          INSERT INTO stat_dirty_persons (person_id) VALUES (NEW.person_id);
        END
        """,
        """
        CREATE TRIGGER stat_certificates_update AFTER UPDATE OF person_id, level, issue_date, status, revoked_on, occupation_code ON certificates BEGIN
          INSERT INTO stat_dirty_persons (person_id) VALUES (NEW.person_id);
          INSERT INTO stat_dirty_persons (person_id) VALUES (OLD.person_id);
        END
        """,
        """
        CREATE TRIGGER stat_certificates_delete AFTER DELETE ON certificates BEGIN
          INSERT INTO stat_dirty_persons (person_id) VALUES (OLD.person_id);
        END
        """,
        """
        CREATE TRIGGER stat_persons_move AFTER UPDATE OF district_code ON persons BEGIN
          INSERT INTO stat_dirty_persons (person_id) VALUES (NEW.id);
        END
        """,
    ]

    static let postgresTriggers = [
        """
        CREATE OR REPLACE FUNCTION stat_mark_certificate_person() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'DELETE' THEN
            INSERT INTO stat_dirty_persons (person_id) VALUES (NEW.person_id);
          END IF;
          IF TG_OP <> 'INSERT' THEN
            INSERT INTO stat_dirty_persons (person_id) VALUES (OLD.person_id);
          END IF;
          RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER stat_certificates_change AFTER INSERT OR DELETE OR UPDATE OF person_id, level, issue_date, status, revoked_on, occupation_code
        ON certificates FOR EACH ROW EXECUTE FUNCTION stat_mark_certificate_person()
        """,
        """
        CREATE OR REPLACE FUNCTION stat_mark_moved_person() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO stat_dirty_persons (person_id) VALUES (NEW.id);
          RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER stat_persons_move AFTER UPDATE OF district_code ON persons FOR EACH ROW
        WHEN (OLD.district_code IS DISTINCT FROM NEW.district_code) EXECUTE FUNCTION stat_mark_moved_person()
        """,
    ]

    func revert(on database: any Database) async throws {
        if database.isPostgres {
            for statement in ["DROP TRIGGER IF EXISTS stat_certificates_change ON certificates", "DROP TRIGGER IF EXISTS stat_persons_move ON persons",
                              "DROP FUNCTION IF EXISTS stat_mark_certificate_person()", "DROP FUNCTION IF EXISTS stat_mark_moved_person()"] {
                try await database.sql.raw(SQLQueryString(statement)).run()
            }
        } else {
            for trigger in ["stat_certificates_insert", "stat_certificates_update", "stat_certificates_delete", "stat_persons_move"] {
                try await database.sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(trigger)")).run()
            }
        }
        try await database.sql.drop(index: "certificates_issue_date_idx").run()
        for table in ["wage_reports", "stat_counts", "stat_person_contributions", "stat_dirty_persons", "labour_force"] {
            try await database.schema(table).delete()
        }
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// The module's lists, each limited to the caller's scope: a provider sees its own, a district officer their
/// district's, the city everything; the course finder sees approved classes still to start.
struct TrainingQueries: Sendable {
    let database: any Database
    let scope: Scope

    /// A condition on a table's `district_code` and, for a provider, on its provider id.
    private func scoped(_ query: SQLSelectBuilder, providerColumn: SQLColumn, districtColumn: SQLColumn) async throws -> SQLSelectBuilder? {
        switch scope {
        case .city:
            return query
        case .organization(let organization):
            guard let provider = try await TrainingService.provider(nil, organization: organization, on: database) else { return nil }
            return query.where(providerColumn, .equal, SQLBind(provider.id))
        default:
            let districts = Array(scope.districtCodes ?? []).sorted()
            guard !districts.isEmpty else { return nil }
            return query.where(districtColumn, .in, SQLBind.group(districts))
        }
    }

    func providers(before: UUID?, limit: Int) async throws -> [ProviderDTO] {
        var query = database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("p"))).column(SQLColumn("name", table: "o"), as: "organization_name")
            .from(SQLAlias(SQLIdentifier("training_providers"), as: SQLIdentifier("p")))
            .join(SQLAlias(SQLIdentifier("organizations"), as: SQLIdentifier("o")), on: SQLColumn("id", table: "o"), .equal, SQLColumn("organization_id", table: "p"))
        if let before { query = query.where(SQLColumn("id", table: "p"), .lessThan, SQLBind(before)) }
        guard let scoped = try await scoped(query, providerColumn: SQLColumn("id", table: "p"), districtColumn: SQLColumn("district_code", table: "p")) else { return [] }
        let rows = try await scoped.orderBy(SQLOrderBy(expression: SQLColumn("id", table: "p"), direction: SQLDirection.descending)).limit(limit).all()
        var result: [ProviderDTO] = []
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let scope = try await database.sql.raw("SELECT occupation_code, level FROM training_provider_scope WHERE provider_id = \(bind: id) ORDER BY occupation_code, level")
                .all().map { "\(try $0.decode(column: "occupation_code", as: String.self)) \(SkillLevel(rawValue: try $0.decode(column: "level", as: Int.self))?.code ?? "")" }
            result.append(ProviderDTO(id: id, organizationId: try row.decode(column: "organization_id", as: UUID.self),
                                      organizationName: try row.decode(column: "organization_name", as: String.self),
                                      districtCode: try row.decode(column: "district_code", as: String.self), state: try row.decode(column: "state", as: String.self),
                                      validFrom: try row.decode(column: "valid_from", as: String.self), validUntil: try row.decode(column: "valid_until", as: String.self),
                                      lastReason: try row.decode(column: "last_reason", as: String?.self), scope: scope))
        }
        return result
    }

    func classes(state: ClassState?, before: UUID?, limit: Int) async throws -> [ClassDTO] {
        var query = database.sql.select().column("*").from("training_classes")
        if let state { query = query.where("state", .equal, state.rawValue) }
        if let before { query = query.where("id", .lessThan, before) }
        guard let scoped = try await scoped(query, providerColumn: SQLColumn("provider_id"), districtColumn: SQLColumn("district_code")) else { return [] }
        return try await scoped.orderBy("id", .descending).limit(limit).all().map { try ClassDTO($0) }
    }

    func enrolments(of classID: UUID) async throws -> [EnrolmentDTO] {
        try await database.sql.raw("""
            SELECT e.id, e.person_id, e.category, e.attended_hours, e.state, p.name FROM training_enrolments e JOIN persons p ON p.id = e.person_id
            WHERE e.class_id = \(bind: classID) ORDER BY e.id
            """).all().map { row in
                EnrolmentDTO(id: try row.decode(column: "id", as: UUID.self), personId: try row.decode(column: "person_id", as: UUID.self),
                             nameMasked: Masking.name(try row.decode(column: "name", as: String.self)), category: try row.decode(column: "category", as: String.self),
                             attendedHours: try row.decode(column: "attended_hours", as: Int.self), state: try row.decode(column: "state", as: String.self))
            }
    }

    func claims(state: ClaimState?, flagged: Bool?, before: UUID?, limit: Int) async throws -> [ClaimDTO] {
        var query = database.sql.select().column("*").from("training_claims")
        if let state { query = query.where("state", .equal, state.rawValue) }
        if let flagged { query = query.where("is_flagged", .equal, flagged) }
        if let before { query = query.where("id", .lessThan, before) }
        guard let scoped = try await scoped(query, providerColumn: SQLColumn("provider_id"), districtColumn: SQLColumn("district_code")) else { return [] }
        return try await scoped.orderBy("id", .descending).limit(limit).all().map { try ClaimDTO($0) }
    }

    /// 课程查询: approved classes starting on or after `from`, by occupation, level and district, with the fee, the
    /// subsidy and what a trainee pays.
    static func finder(on database: any Database, occupation: String?, level: SkillLevel?, district: String?, from: CivilDate, before: UUID?,
                       limit: Int) async throws -> [CourseDTO] {
        var query = database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("c"))).column(SQLColumn("name", table: "o"), as: "provider_name")
            .from(SQLAlias(SQLIdentifier("training_classes"), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier("training_providers"), as: SQLIdentifier("p")), on: SQLColumn("id", table: "p"), .equal, SQLColumn("provider_id", table: "c"))
            .join(SQLAlias(SQLIdentifier("organizations"), as: SQLIdentifier("o")), on: SQLColumn("id", table: "o"), .equal, SQLColumn("organization_id", table: "p"))
            .where(SQLColumn("state", table: "c"), .equal, SQLBind(ClassState.approved.rawValue))
            .where(SQLColumn("starts_on", table: "c"), .greaterThanOrEqual, SQLBind(from.description))
        if let occupation { query = query.where(SQLColumn("occupation_code", table: "c"), .equal, SQLBind(occupation)) }
        if let level { query = query.where(SQLColumn("level", table: "c"), .equal, SQLBind(level.rawValue)) }
        if let district { query = query.where(SQLColumn("district_code", table: "c"), .equal, SQLBind(district)) }
        if let before { query = query.where(SQLColumn("id", table: "c"), .lessThan, SQLBind(before)) }
        let rows = try await query.orderBy(SQLOrderBy(expression: SQLColumn("id", table: "c"), direction: SQLDirection.descending)).limit(limit).all()
        let standards = try await TrainingService.standards(on: database)
        let policy = try await TrainingService.policy(on: database, day: from)
        var courses: [CourseDTO] = []
        for row in rows {
            let item = try ClassDTO(row)
            let level = SkillLevel(code: item.level) ?? .level5
            // The subsidy a trainee can expect on completing and certifying at the class's level, by today's standards.
            let subsidy = (try? standards.compute(subsidyClass: item.subsidyClass, level: level, on: from,
                                                  upliftPercent: try await TrainingService.uplift(item.occupationCode, on: from, database: database),
                                                  policy: policy))?.total.fen ?? 0
            courses.append(CourseDTO(id: item.id, number: item.number, providerName: try row.decode(column: "provider_name", as: String.self),
                                     districtCode: item.districtCode, occupationCode: item.occupationCode, level: item.level, startsOn: item.startsOn,
                                     endsOn: item.endsOn, totalHours: item.totalHours, site: item.site, feeFen: item.feeFen, subsidyFen: subsidy,
                                     traineePaysFen: max(0, item.feeFen - subsidy)))
        }
        return courses
    }
}

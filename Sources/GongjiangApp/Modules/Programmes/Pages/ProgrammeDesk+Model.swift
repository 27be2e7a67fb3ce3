import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// The expert's desk: the applications assigned, the declaration and the scores.
enum ProgrammeReviewsPage {
    struct Model {
        let request: Request
        let assignments: [ProgrammeService.Assignment]
        let error: String?
        let done: String?

        static func load(_ request: Request, error: String? = nil, done: String? = nil) async throws -> Model {
            guard let expert = request.principal?.accountID else { throw RequestProblem.notFound }
            return Model(request: request, assignments: try await ProgrammeService.assignments(expert: expert, on: request.db, vault: request.vault),
                         error: error, done: done)
        }
    }

    struct DeclarationFields: Content {
        var conflict: String?
        var note: String?
        var input: ExpertDeclarationInput { ExpertDeclarationInput(conflict: conflict == "yes", note: note) }
    }

    struct ScoreFields: Content {
        var scores: [String: String]?
        /// A blank or non-numeric score is sent as missing, so the rubric names it.
        var input: ExpertScoresInput { ExpertScoresInput(scores: (scores ?? [:]).compactMapValues { Int($0.trimmingCharacters(in: .whitespaces)) }) }
    }
}

/// Titles and honours on the records in the caller's scope, the bureau's monthly run and each title's steps.
enum ProgrammeTitlesPage {
    struct Model {
        let request: Request
        let titles: [ProgrammeTitleDTO]
        let names: [String: String]
        let mayPay: Bool
        let mayStep: Bool
        let formKey: String
        let error: String?
        let done: String?

        static func load(_ request: Request, error: String? = nil, done: String? = nil) async throws -> Model {
            let role = request.principal?.role
            return Model(request: request, titles: try await ProgrammeService.titles(page: 1, request.programmes),
                         names: Dictionary(uniqueKeysWithValues: try await ProgrammeService.types(on: request.db).map { ($0.type.code, $0.type.nameZH) }),
                         mayPay: role.map { AccessPolicy.allows($0, .approveProgrammes) } ?? false,
                         mayStep: role.map { AccessPolicy.allows($0, .superviseProgrammes) } ?? false,
                         formKey: Secrets.token(), error: error, done: done)
        }
    }
}

/// The city's programme types: each definition as JSON, edited and checked whole.
enum ProgrammeTypesPage {
    struct Model {
        let request: Request
        let types: [(type: ProgrammeType, active: Bool, json: String)]
        let draft: String?
        let error: String?
        let done: String?

        static func load(_ request: Request, error: String? = nil, done: String? = nil, draft: String? = nil) async throws -> Model {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return Model(request: request, types: try await ProgrammeService.types(on: request.db).map {
                ($0.type, $0.active, String(decoding: try encoder.encode($0.type), as: UTF8.self))
            }, draft: draft, error: error, done: done)
        }
    }

    struct Fields: Content {
        var definition: String?
        var active: String?
    }
}

/// The city's experts: each expert account's registry identity, employer and declared relations.
enum ProgrammeExpertsPage {
    struct Row {
        let account: UUID
        let username: String
        let displayName: String
        let specialty: String
        let employer: String?
        let relations: Int
    }

    struct Model {
        let request: Request
        let experts: [Row]
        let error: String?
        let done: String?

        static func load(_ request: Request, error: String? = nil, done: String? = nil) async throws -> Model {
            let rows = try await request.db.sql.raw("""
                SELECT a.id, a.username, a.display_name, p.specialty, o.name AS employer, p.relations FROM accounts a
                LEFT JOIN expert_profiles p ON p.account_id = a.id LEFT JOIN organizations o ON o.id = p.employer_id
                WHERE a.role = \(bind: Role.expert.rawValue) ORDER BY a.username LIMIT 500
                """).all().map { row in
                Row(account: try row.decode(column: "id", as: UUID.self), username: try row.decode(column: "username", as: String.self),
                    displayName: try row.decode(column: "display_name", as: String.self), specialty: try row.decode(column: "specialty", as: String?.self) ?? "",
                    employer: try row.decode(column: "employer", as: String?.self),
                    relations: (try row.decode(column: "relations", as: String?.self)).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }?.count ?? 0)
            }
            return Model(request: request, experts: rows, error: error, done: done)
        }
    }

    struct Fields: Content {
        var personIdNumber: String?
        var employerUscc: String?
        var specialty: String?
        /// One resident ID or credit code a line.
        var relations: String?

        var input: ExpertProfileInput {
            ExpertProfileInput(personIdNumber: personIdNumber, employerUscc: employerUscc, specialty: specialty,
                               relations: (relations ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) }
                                   .filter { !$0.isEmpty })
        }
    }
}

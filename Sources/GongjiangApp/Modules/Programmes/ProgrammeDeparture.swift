import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// The registry tells programmes, in its transaction, that a person left the city (`PersonDeparture`): each active
/// title the city awarded them ends on that day (`leave-city`), and the allowance's months from then on are not paid.
/// An honour recorded from elsewhere (a 全国技术能手) pays nothing here and stays as it is: it is not the city's to end.
enum ProgrammeDeparture {
    static func register() {
        PersonDeparture.register("programmes") { tx, log, notice in
            let context = ProgrammeContext(database: tx, scope: .city, actor: notice.actor, audit: notice.audit, now: notice.now, vault: notice.vault,
                                           within: LedgerContext.Within(tx: tx, log: log))
            let titles = try await tx.sql.raw("""
                SELECT id FROM programme_titles WHERE person_id = \(bind: notice.personID) AND state = \(bind: ProgrammeTitleState.active.rawValue)
                  AND application_id IS NOT NULL ORDER BY awarded_on, id
                """).all().map { try $0.decode(column: "id", as: UUID.self) }
            for title in titles {
                try await ProgrammeService.endTitle(title, from: .active, to: .ended, event: .leaveCity, on: notice.leftOn,
                                                    reason: "迁出本市：\(notice.reason)", tx: tx, log: log, context)
            }
        }
    }
}

import Foundation
import GongjiangCore

/// The city-scale demo's certificates of the current year, which the registry's bulk path does not write: the demo
/// city draws them with the rest of a person's certificates (so the same seed gives the same city), hands them here,
/// and the certification module issues them through its workflow (`CertificationHistory`), as issue 12 asks of the
/// current year. Filled by one module's demo part and emptied by a later one's, in `Modules.all` order.
final class CurrentYearCertificates: @unchecked Sendable {
    /// One certificate to be earned through a plan: who, in which occupation and level, and about when.
    struct Entry: Sendable {
        let idNumber: String
        let name: String
        let district: String
        let occupationCode: String
        let level: SkillLevel
        /// The day the registry's draw gave it; its plan issues on about this day.
        let issueDate: CivilDate
        /// The day the person started working: their declaration for the application conditions.
        let workingSince: CivilDate
    }

    private let lock = NSLock()
    private var entries: [Entry] = []

    func append(_ entry: Entry) { lock.withLock { entries.append(entry) } }

    /// Everything handed over so far, and empties the list.
    func take() -> [Entry] {
        lock.withLock {
            defer { entries = [] }
            return entries
        }
    }
}

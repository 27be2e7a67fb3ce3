import Fluent
import Foundation
import GongjiangCore

/// The stored side of the public notice: loads a `NoticeRecord` and its objections into Core's `PublicNotice`, lets
/// Core decide, and writes the result back inside the caller's audited transaction. Certification uses it for its
/// results; training claims and programme selections will use it the same way.
struct NoticeStore {
    let database: any Database

    /// The notice as Core sees it.
    func notice(_ record: NoticeRecord) async throws -> PublicNotice {
        let objections = try await ObjectionRecord.query(on: database).filter(\.$noticeID == record.id!).all()
        return try PublicNotice(
            restoring: record.state, workingDays: record.workingDays,
            publishedOn: record.publishedOn.flatMap { try? CivilDate(parsing: $0) },
            lastDay: record.lastDay.flatMap { try? CivilDate(parsing: $0) },
            objections: objections.compactMap { objection in
                guard let id = objection.id, let filed = try? CivilDate(parsing: objection.filedOn) else { return nil }
                return PublicNotice.Objection(id: id, subject: objection.entry, filedOn: filed,
                                              resolution: objection.resolution.flatMap(PublicNotice.Objection.Resolution.init))
            })
    }

    /// A new draft notice for a subject.
    static func draft(subjectKind: String, subjectID: UUID, title: String, workingDays: Int, districtCode: String?)
        throws(NoticeRefusal) -> NoticeRecord
    {
        _ = try PublicNotice(workingDays: workingDays)
        let record = NoticeRecord()
        record.subjectKind = subjectKind
        record.subjectID = subjectID
        record.title = title
        record.workingDays = workingDays
        record.stateCode = PublicNotice.State.draft.rawValue
        record.districtCode = districtCode
        return record
    }

    /// Copies the state and period of `notice` onto `record`.
    static func copy(_ notice: PublicNotice, to record: NoticeRecord) {
        record.stateCode = notice.state.rawValue
        record.publishedOn = notice.publishedOn?.description
        record.lastDay = notice.lastDay?.description
    }

    /// A notice published today for `workingDays` working days, written inside the caller's transaction: one
    /// certification plan's results, or one training claim.
    static func publish(subjectKind: String, subjectID: UUID, title: String, workingDays: Int, districtCode: String?, id: UUID,
                        today: CivilDate, on tx: any Database) async throws -> NoticeRecord {
        let calendar = try await WorkingDays.calendar(on: tx)
        let record = try draft(subjectKind: subjectKind, subjectID: subjectID, title: title, workingDays: workingDays, districtCode: districtCode)
        record.id = id
        var notice = try PublicNotice(workingDays: workingDays)
        try notice.publish(on: today, calendar: calendar)
        copy(notice, to: record)
        try await record.create(on: tx)
        return record
    }

    /// Concludes a notice today: only after its last day, with every objection resolved (Core decides).
    func conclude(_ record: NoticeRecord, today: CivilDate) async throws {
        var notice = try await notice(record)
        try notice.conclude(on: today)
        Self.copy(notice, to: record)
        record.concludedOn = today.description
        try await record.update(on: database)
    }
}

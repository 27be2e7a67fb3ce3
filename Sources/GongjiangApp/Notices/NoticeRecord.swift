import Fluent
import Foundation
import GongjiangCore

/// A stored public notice (公示), the shared component's rows: what it shows (`subjectKind`, `subjectID`), its
/// period and state. `NoticeStore` turns it into a `PublicNotice` and back, so every rule is Core's.
final class NoticeRecord: Model, @unchecked Sendable {
    static let schema = "public_notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "subject_kind") var subjectKind: String
    @Field(key: "subject_id") var subjectID: UUID
    @Field(key: "title") var title: String
    @Field(key: "working_days") var workingDays: Int
    /// `PublicNotice.State` raw value.
    @Field(key: "state") var stateCode: String
    @OptionalField(key: "published_on") var publishedOn: String?
    @OptionalField(key: "last_day") var lastDay: String?
    @OptionalField(key: "concluded_on") var concludedOn: String?
    /// The district of what it shows, for district scope.
    @OptionalField(key: "district_code") var districtCode: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var state: PublicNotice.State { PublicNotice.State(rawValue: stateCode) ?? .draft }

    var auditValues: String {
        AuditValues.json(["subjectKind": subjectKind, "subjectId": subjectID.uuidString, "title": title,
                          "workingDays": String(workingDays), "state": stateCode, "publishedOn": publishedOn,
                          "lastDay": lastDay, "concludedOn": concludedOn])
    }
}

/// An objection (异议) to one entry of a notice, and how it was resolved.
final class ObjectionRecord: Model, @unchecked Sendable {
    static let schema = "notice_objections"

    @ID(key: .id) var id: UUID?
    @Field(key: "notice_id") var noticeID: UUID
    /// The entry it is about (a candidate's id for a certification notice).
    @Field(key: "entry") var entry: String
    @Field(key: "filed_on") var filedOn: String
    /// Who objected, as they gave it (a name, "anonymous letter", a hotline ticket).
    @Field(key: "objector") var objector: String
    @Field(key: "content") var content: String
    /// `PublicNotice.Objection.Resolution` raw value; nil while open.
    @OptionalField(key: "resolution") var resolution: String?
    @OptionalField(key: "resolution_note") var resolutionNote: String?
    @OptionalField(key: "resolved_by") var resolvedBy: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var isOpen: Bool { resolution == nil }

    var auditValues: String {
        AuditValues.json(["noticeId": noticeID.uuidString, "entry": entry, "filedOn": filedOn, "objector": objector,
                          "content": content, "resolution": resolution, "resolutionNote": resolutionNote])
    }
}

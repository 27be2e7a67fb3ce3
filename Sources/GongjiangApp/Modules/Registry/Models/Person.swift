import Fluent
import Foundation
import GongjiangCore

/// A worker in the registry, keyed by ID type and number.
final class Person: Model, @unchecked Sendable {
    static let schema = "persons"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "id_type") var idType: String
    @Field(key: "id_number") var idNumber: String
    /// Kept apart so that "search by the last digits" stays an index look-up, also once numbers are encrypted.
    @Field(key: "id_last4") var idLast4: String
    @OptionalField(key: "sex") var sex: String?
    @OptionalField(key: "birth_date") var birthDate: String?
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "district_code") var districtCode: String
    @OptionalField(key: "employer_id") var employerID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

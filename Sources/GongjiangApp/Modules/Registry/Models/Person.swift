import Fluent
import Foundation
import GongjiangCore

/// A worker in the registry, keyed by ID type and number.
final class Person: Model, @unchecked Sendable {
    static let schema = "persons"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "id_type") var idType: String
    /// The document number, sealed by `PersonalDataVault` (AES-GCM, with its key id); never stored in clear.
    @Field(key: "id_number_sealed") var idNumberSealed: String
    /// Blind index of type and number: the natural key, for exact look-up without decrypting.
    @Field(key: "id_number_index") var idNumberIndex: String
    /// Blind index of the last four characters, so "search by the last digits" stays an index look-up.
    @Field(key: "id_last4_index") var idLast4Index: String
    @OptionalField(key: "sex") var sex: String?
    @OptionalField(key: "birth_date") var birthDate: String?
    @OptionalField(key: "phone_sealed") var phoneSealed: String?
    @Field(key: "district_code") var districtCode: String
    @OptionalField(key: "employer_id") var employerID: UUID?
    /// The day the person left the city (迁出本市, YYYY-MM-DD), recorded by their district or the city.
    @OptionalField(key: "left_city_on") var leftCityOn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    func idNumber(_ vault: PersonalDataVault) throws -> String { try vault.open(idNumberSealed) }
    func phone(_ vault: PersonalDataVault) throws -> String? { try phoneSealed.map(vault.open) }
}

extension Person: BulkInsertable {
    static let insertColumns = ["id", "name", "id_type", "id_number_sealed", "id_number_index", "id_last4_index", "sex", "birth_date",
                                "phone_sealed", "district_code", "employer_id", "created_at", "updated_at"]

    func insertValues(now: Date) -> [BulkInsert.Value] {
        [.uuid(id), .text(name), .text(idType), .text(idNumberSealed), .text(idNumberIndex), .text(idLast4Index), .text(sex),
         .text(birthDate), .text(phoneSealed), .text(districtCode), .uuid(employerID), .date(now), .date(now)]
    }
}

import Foundation
import GongjiangCore

/// How personal identifiers are shown. Masked unless the viewer's role may see them whole (and then the viewing is audited).
enum PersonalData {
    /// 320602********1234 for resident ID numbers; other documents keep their first 2 and last 2 characters.
    static func maskedIDNumber(_ number: String) -> String { Masking.residentID(number) }

    /// 138****5678
    static func maskedPhone(_ phone: String?) -> String? { phone.map(Masking.phone) }

    /// The person's ID number as this viewer may see it.
    static func idNumber(of person: Person, vault: PersonalDataVault, unmasked: Bool = false) -> String {
        guard let number = try? person.idNumber(vault) else { return "******" }
        return unmasked ? number : maskedIDNumber(number)
    }

    /// The birth date as this viewer may see it: whole only beside the whole ID number, otherwise the year (the
    /// masked number hides the birth-date digits, so the date must not be shown beside it).
    static func birthDate(of person: Person, unmasked: Bool = false) -> String {
        guard let date = person.birthDate else { return "" }
        return unmasked ? date : Masking.birthYear(date)
    }

    static func phone(of person: Person, vault: PersonalDataVault, unmasked: Bool = false) -> String? {
        guard let phone = try? person.phone(vault) else { return nil }
        return unmasked ? phone : maskedPhone(phone)
    }
}

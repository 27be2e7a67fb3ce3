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

    static func phone(of person: Person, vault: PersonalDataVault, unmasked: Bool = false) -> String? {
        guard let phone = try? person.phone(vault) else { return nil }
        return unmasked ? phone : maskedPhone(phone)
    }
}

import Foundation
import GongjiangCore
import Vapor

/// A person as the API shows it: ID number and phone masked; whole only when a permitted role asks (`unmasked=true`).
struct PersonDTO: Content {
    let id: UUID
    let name: String
    let idType: String
    let idNumberMasked: String
    let sex: String?
    /// The year of birth, always; the whole date only with `idNumber`, since beside the masked number it would
    /// give back the eight digits the mask hides.
    let birthYear: Int?
    let birthDate: String?
    let phoneMasked: String?
    /// Present only when asked for with `unmasked=true` by a role that may see it; each such answer is audited.
    let idNumber: String?
    let phone: String?
    let districtCode: String
    let employerId: UUID?
    /// The day the person left the city, when the registry records it.
    let leftCityOn: String?
    let createdAt: Date?
    let updatedAt: Date?

    init(_ person: Person, vault: PersonalDataVault, unmasked: Bool = false) {
        id = person.id!
        name = person.name
        idType = person.idType
        idNumberMasked = PersonalData.idNumber(of: person, vault: vault)
        sex = person.sex
        birthYear = Int(PersonalData.birthDate(of: person))
        birthDate = unmasked ? person.birthDate : nil
        phoneMasked = PersonalData.phone(of: person, vault: vault)
        idNumber = unmasked ? PersonalData.idNumber(of: person, vault: vault, unmasked: true) : nil
        phone = unmasked ? PersonalData.phone(of: person, vault: vault, unmasked: true) : nil
        districtCode = person.districtCode
        employerId = person.employerID
        leftCityOn = person.leftCityOn
        createdAt = person.createdAt
        updatedAt = person.updatedAt
    }
}

struct OrganizationDTO: Content {
    let id: UUID
    let uscc: String
    let name: String
    let kind: String
    let districtCode: String?
    let createdAt: Date?
    let updatedAt: Date?

    init(_ organization: Organization) {
        id = organization.id!
        uscc = organization.uscc
        name = organization.name
        kind = organization.kindCode
        districtCode = organization.districtCode
        createdAt = organization.createdAt
        updatedAt = organization.updatedAt
    }
}

struct CertificateDTO: Content {
    let id: UUID
    let number: String
    let numberFormat: String
    let personId: UUID
    let occupationCode: String
    let workType: String
    let level: Int?
    let levelName: String
    let issueDate: String
    let issuerName: String
    let status: String
    let source: String
    let revokedOn: String?

    init(_ certificate: Certificate) {
        id = certificate.id!
        number = certificate.number
        numberFormat = certificate.numberFormat
        personId = certificate.personID
        occupationCode = certificate.occupationCode
        workType = certificate.workType
        level = certificate.level.nationalLevel
        levelName = certificate.level.chineseName
        issueDate = certificate.issueDate
        issuerName = certificate.issuerName
        status = certificate.status
        source = certificate.source
        revokedOn = certificate.revokedOn
    }
}

/// A page of a list, with the cursor for the next one (absent on the last page).
struct ListDTO<Item: Content>: Content {
    let items: [Item]
    let nextCursor: String?
}

struct PersonInput: Content {
    var name: String?
    var idType: String?
    var idNumber: String?
    var phone: String?
    var districtCode: String?
    var employerId: UUID?
}

struct OrganizationInput: Content {
    var uscc: String?
    var name: String?
    var kind: String?
    var districtCode: String?
}

import Foundation
import Testing
@testable import GongjiangCore

@Suite("Roles")
struct RoleTests {
    static let names: [(Role, String, String, String)] = [
        (.cityAdmin, "city-admin", "市局管理员", "City administrator"),
        (.districtOfficer, "district-officer", "区县经办人", "District officer"),
        (.evaluationOrg, "evaluation-org", "评价机构", "Evaluation organization"),
        (.trainingProvider, "training-provider", "培训机构", "Training provider"),
        (.school, "school", "技工院校", "Technical school"),
        (.enterprise, "enterprise", "企业", "Enterprise"),
        (.expert, "expert", "评审专家", "Expert reviewer"),
        (.auditor, "auditor", "审计员", "Auditor"),
        (.systemAdmin, "system-admin", "系统管理员", "System administrator"),
        (.securityAdmin, "security-admin", "安全管理员", "Security administrator"),
        (.worker, "worker", "个人（劳动者）", "Worker"),
    ]

    @Test("Each role has its stored code and its Chinese and English names", arguments: names)
    func codeAndNames(role: Role, code: String, chinese: String, english: String) {
        #expect(role.rawValue == code)
        #expect(Role(rawValue: code) == role)
        #expect(role.chineseName == chinese)
        #expect(role.englishName == english)
    }

    @Test("The name table covers every role")
    func nameTableCoversEveryRole() {
        #expect(Set(Self.names.map(\.0)) == Set(Role.allCases))
        #expect(Role.allCases.count == 11)
    }

    @Test("A role is encoded in JSON as its kebab-case code")
    func roleEncodesAsCode() throws {
        let data = try JSONEncoder().encode([Role.districtOfficer])

        #expect(String(decoding: data, as: UTF8.self) == #"["district-officer"]"#)
        #expect(try JSONDecoder().decode([Role].self, from: data) == [.districtOfficer])
    }

    @Test("An unknown role code is not read as any role", arguments: ["District-Officer", "district_officer", "admin", ""])
    func unknownCodeIsNoRole(code: String) {
        #expect(Role(rawValue: code) == nil)
    }

    @Test("Scope and administrative duty by role", arguments: [
        (Role.cityAdmin, false, false, false),
        (.districtOfficer, true, false, false),
        (.evaluationOrg, false, true, false),
        (.trainingProvider, false, true, false),
        (.school, false, true, false),
        (.enterprise, false, true, false),
        (.expert, false, false, false),
        (.auditor, false, false, true),
        (.systemAdmin, false, false, true),
        (.securityAdmin, false, false, true),
    ])
    func scopeAndDuty(role: Role, district: Bool, organization: Bool, administrative: Bool) {
        #expect(role.isDistrictScoped == district)
        #expect(role.isOrganizationScoped == organization)
        #expect(role.isAdministrativeDuty == administrative)
    }

    @Test("The three administrative duties are exactly system admin, security admin and auditor")
    func threeAdministrativeDuties() {
        let duties = Set(Role.allCases.filter(\.isAdministrativeDuty))

        #expect(duties == [.systemAdmin, .securityAdmin, .auditor])
    }

    @Test("Exactly the city administrator and the three administrative duties wait for the security administrator's approval")
    func privilegedRolesNeedApproval() {
        let privileged = Set(Role.allCases.filter(\.needsApproval))

        #expect(privileged == [.cityAdmin, .systemAdmin, .securityAdmin, .auditor])
    }
}

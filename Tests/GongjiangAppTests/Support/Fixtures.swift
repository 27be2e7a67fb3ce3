import Foundation
import GongjiangCore

/// Known-good values for building test rows.
enum Fixture {
    /// A resident ID for a person born on `birth` in district `district`, with its check character computed.
    static func residentID(district: String = "320602", birth: String = "19900101", sequence: Int = 123) -> String {
        let body = district + birth + String(format: "%03d", sequence)
        return body + String(ResidentID.checkCharacter(for: body)!)
    }

    static func creditCode(_ serial: Int) -> String {
        let first17 = "91320600" + String(format: "%09d", serial)
        return first17 + String(CreditCode.checkCharacter(for: first17)!)
    }

    /// A 22-character certificate number with the given level digit and two-digit year.
    static func certificateNumber(level: Int, year: Int, serial: Int) -> String {
        "S000032100001" + String(format: "%02d", year) + String(level) + String(format: "%06d", serial)
    }

    static let header = "姓名,证件号码,手机号,所属区县,工作单位统一社会信用代码,工作单位,职业编码,工种,等级,证书编号,发证日期,评价机构"

    /// One interchange row in the column order of `header`.
    static func row(name: String = "张伟", id: String = residentID(), phone: String = "13812345678",
                    district: String = "320602", uscc: String = "", employer: String = "",
                    occupation: String = "6-18-02-04", workType: String = "电焊工", level: String = "3",
                    number: String = certificateNumber(level: 3, year: 23, serial: 1),
                    issued: String = "2023-06-30", issuer: String = "南通市职业技能鉴定中心") -> String {
        [name, id, phone, district, uscc, employer, occupation, workType, level, number, issued, issuer]
            .map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
            .joined(separator: ",")
    }
}

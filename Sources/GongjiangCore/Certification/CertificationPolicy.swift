/// The certification rules a city sets, as data with the day they apply from. The numbers here are the platform's
/// defaults, which a city administrator changes: 人社鉴发〔2021〕1号 leaves the filing period, the notice to give of a
/// plan and the length of the results' notice to the provinces and cities.
public struct CertificationPolicy: Sendable, Equatable, Codable {
    /// The day these values apply from.
    public var effectiveFrom: CivilDate
    /// Calendar days between filing a plan and its first exam day, so the bureau can arrange supervision.
    public var planLeadDays: Int
    /// Working days a results notice (公示) runs.
    public var noticeWorkingDays: Int
    /// Years a filing is valid after the city's approval or renewal.
    public var filingValidityYears: Int
    /// The province code in certificate numbers (Jiangsu = 32).
    public var provinceCode: String
    /// The city's administrative code, the first part of a filing number (Nantong = 320600).
    public var cityCode: String

    public init(effectiveFrom: CivilDate, planLeadDays: Int, noticeWorkingDays: Int, filingValidityYears: Int,
                provinceCode: String, cityCode: String) {
        self.effectiveFrom = effectiveFrom
        self.planLeadDays = planLeadDays
        self.noticeWorkingDays = noticeWorkingDays
        self.filingValidityYears = filingValidityYears
        self.provinceCode = provinceCode
        self.cityCode = cityCode
    }

    /// The platform's defaults for Nantong: 10 days' notice of a plan, a 5-working-day results notice, filings valid
    /// for 3 years.
    public static let nantongDefault = CertificationPolicy(
        effectiveFrom: CivilDate(uncheckedYear: 2021, month: 1, day: 1), planLeadDays: 10, noticeWorkingDays: 5,
        filingValidityYears: 3, provinceCode: "32", cityCode: "320600")

    /// The values in force on `day`: the latest whose date has come; nil before the first.
    public static func inForce(_ versions: [CertificationPolicy], on day: CivilDate) -> CertificationPolicy? {
        versions.filter { $0.effectiveFrom <= day }.max { $0.effectiveFrom < $1.effectiveFrom }
    }
}

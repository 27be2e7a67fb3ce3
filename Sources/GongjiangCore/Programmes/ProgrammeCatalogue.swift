/// The reference city's programme types (issue 13), seeded as data a city administrator can change or add to. Amounts
/// are rules.md's ("Awards, studios, bases"): studios and bases 5万 municipal, 10万 provincial, 15万 national; the chief
/// technician's allowance 1,000 yuan a month × 24 and the employer's reward 5万. Where rules.md gives no amount (the
/// 技术能手 honour, the achievement award, the talent subsidies by education), the type pays nothing by itself and each
/// call sets its amount.
public enum ProgrammeCatalogue {
    static let since = CivilDate(uncheckedYear: 2021, month: 1, day: 1)

    /// Honours recorded from upstream, by code, for eligibility rules and the record.
    public static let upstreamHonours: [(code: String, chinese: String)] = [
        ("china-skills-award", "中华技能大奖"),
        ("national-technical-expert", "全国技术能手"),
        ("state-council-special-allowance", "享受国务院政府特殊津贴"),
        ("provincial-special-allowance", "享受省政府特殊津贴"),
        ("provincial-outstanding-technician", "江苏省有突出贡献技师（高级技师）"),
        ("provincial-technical-expert", "江苏省技术能手"),
    ]

    static let studioRubric: [ProgrammeType.Criterion] = [
        .init(key: "skill", label: "技艺水平与代表性成果", maximum: 40, weight: 40),
        .init(key: "mentoring", label: "带徒传技与人才培养", maximum: 30, weight: 30),
        .init(key: "innovation", label: "技术攻关与创新", maximum: 20, weight: 20),
        .init(key: "conditions", label: "场地设备与运行保障", maximum: 10, weight: 10),
    ]

    static let baseRubric: [ProgrammeType.Criterion] = [
        .init(key: "scale", label: "培养规模与质量", maximum: 40, weight: 40),
        .init(key: "facilities", label: "实训设施与师资", maximum: 30, weight: 30),
        .init(key: "management", label: "管理制度与经费保障", maximum: 30, weight: 30),
    ]

    static let personRubric: [ProgrammeType.Criterion] = [
        .init(key: "skill", label: "技能水平与业绩", maximum: 50, weight: 50),
        .init(key: "contribution", label: "技术革新与贡献", maximum: 30, weight: 30),
        .init(key: "mentoring", label: "传技带徒", maximum: 20, weight: 20),
    ]

    static let achievementFields: [ProgrammeType.FormField] = [
        .init(key: "summary", label: "主要业绩（1500 字以内）", kind: .longText, required: true, maximum: 1500),
    ]

    static let identity = ProgrammeType.AttachmentRequirement(key: "certificate", label: "职业技能等级证书（扫描件）", required: true)
    static let proof = ProgrammeType.AttachmentRequirement(key: "achievements", label: "业绩证明材料", required: true)

    static let upstreamLeaderHonours = ["china-skills-award", "national-technical-expert", "state-council-special-allowance",
                                        "provincial-special-allowance", "provincial-outstanding-technician"]

    public static let reference: [ProgrammeType] = [
        studio(.municipal, amount: 50_000, recommends: false,
               eligibility: [.holdsLevel(atLeast: .level2)]),
        // rules.md: provincial studio leaders hold one of 中华技能大奖, 全国技术能手, a special allowance, or the
        // provincial outstanding technician title.
        studio(.provincial, amount: 100_000, recommends: true,
               eligibility: [.holdsLevel(atLeast: .level2), .holdsHonour(anyOf: upstreamLeaderHonours)]),
        studio(.national, amount: 150_000, recommends: true,
               eligibility: [.holdsLevel(atLeast: .level1), .holdsHonour(anyOf: upstreamLeaderHonours)]),
        base(.municipal, amount: 50_000, recommends: false),
        base(.provincial, amount: 100_000, recommends: true),
        base(.national, amount: 150_000, recommends: true),
        chiefTechnician(code: "enterprise-chief-technician", nameZH: "南通市企业首席技师", nameEN: "Nantong enterprise chief technician"),
        chiefTechnician(code: "city-chief-technician", nameZH: "南通市首席技师", nameEN: "Nantong city chief technician"),
        ProgrammeType(code: "nantong-technical-expert", nameZH: "南通市技术能手", nameEN: "Nantong technical expert", applicantKind: .person,
                      tier: .municipal, eligibility: [.holdsLevel(atLeast: .level3), .ageAtMost(years: 55)], fields: achievementFields,
                      attachments: [identity, proof], rubric: personRubric, funding: [], validityMonths: nil, assessmentEveryMonths: nil,
                      effectiveFrom: since),
        ProgrammeType(code: "high-skill-achievement-award", nameZH: "南通市高技能人才成就奖", nameEN: "High-skill achievement award",
                      applicantKind: .person, tier: .municipal, eligibility: [.holdsLevel(atLeast: .level2)], fields: achievementFields,
                      attachments: [identity, proof], rubric: personRubric, funding: [], validityMonths: nil, assessmentEveryMonths: nil,
                      effectiveFrom: since),
        talentSubsidy(code: "talent-subsidy-college", nameZH: "青年人才补贴（大专·高级工班）", band: .college),
        talentSubsidy(code: "talent-subsidy-bachelor", nameZH: "青年人才补贴（本科·预备技师班）", band: .bachelor),
        talentSubsidy(code: "talent-subsidy-master", nameZH: "青年人才补贴（硕士）", band: .master),
        talentSubsidy(code: "talent-subsidy-doctorate", nameZH: "青年人才补贴（博士）", band: .doctorate),
    ] + TitleCrossoverRule.reference.map(crossover) + recommendedUpward

    /// Honours the province or the nation confers, for which the city's call selects and recommends (issue 13, items 9
    /// and 10: the bureau's yearly reply counts 全国技术能手, provincial 双创 talents, provincial enterprise chief
    /// technicians and provincial public training bases). They pay nothing here: the conferring level funds them. A
    /// title of one of these codes, once approved upstream, is the honour the eligibility rules read (全国技术能手 keeps
    /// the code of the honour recorded from elsewhere).
    static let recommendedUpward: [ProgrammeType] = [
        ProgrammeType(code: "national-technical-expert", nameZH: "全国技术能手", nameEN: "National technical expert", applicantKind: .person,
                      tier: .national, recommendsUpward: true, eligibility: [.holdsLevel(atLeast: .level3)], fields: achievementFields,
                      attachments: [identity, proof], rubric: personRubric, funding: [], validityMonths: nil, assessmentEveryMonths: nil,
                      effectiveFrom: since),
        ProgrammeType(code: "provincial-enterprise-chief-technician", nameZH: "江苏省企业首席技师", nameEN: "Jiangsu enterprise chief technician",
                      applicantKind: .person, tier: .provincial, recommendsUpward: true,
                      eligibility: [.holdsLevel(atLeast: .level2), .employerKind(anyOf: ["enterprise"])], fields: achievementFields,
                      attachments: [identity, proof], rubric: personRubric, funding: [], validityMonths: nil, assessmentEveryMonths: nil,
                      effectiveFrom: since),
        ProgrammeType(code: "provincial-innovation-talent", nameZH: "江苏省“双创计划”高技能人才", nameEN: "Jiangsu innovation and entrepreneurship talent (high-skill)",
                      applicantKind: .person, tier: .provincial, recommendsUpward: true, eligibility: [.holdsLevel(atLeast: .level2)],
                      fields: achievementFields, attachments: [identity, proof], rubric: personRubric, funding: [], validityMonths: nil,
                      assessmentEveryMonths: nil, effectiveFrom: since),
        ProgrammeType(code: "provincial-public-training-base", nameZH: "江苏省公共实训基地", nameEN: "Jiangsu public training base",
                      applicantKind: .organization, tier: .provincial, recommendsUpward: true,
                      eligibility: [.employerKind(anyOf: ["technical-school", "training-provider", "other"])],
                      fields: [.init(key: "trainees-per-year", label: "年实训人次", kind: .number, required: true, maximum: 1_000_000),
                               .init(key: "plan", label: "建设方案（3000 字以内）", kind: .longText, required: true, maximum: 3000)],
                      attachments: [.init(key: "licence", label: "办学或登记证书", required: true), proof], rubric: baseRubric, funding: [],
                      validityMonths: nil, assessmentEveryMonths: nil, effectiveFrom: since),
    ]

    static func studio(_ tier: ProgrammeType.Tier, amount: Int64, recommends: Bool, eligibility: [EligibilityRule]) -> ProgrammeType {
        ProgrammeType(code: "master-studio-\(tier.rawValue)", nameZH: "\(tier.chineseName)技能大师工作室", nameEN: "\(tier.rawValue.capitalized) skill-master studio",
                      applicantKind: .person, tier: tier, recommendsUpward: recommends, eligibility: eligibility,
                      fields: [.init(key: "studio-name", label: "工作室名称", kind: .text, required: true, maximum: 60, identifying: true),
                               .init(key: "members", label: "团队成员人数", kind: .number, required: true, maximum: 200),
                               .init(key: "plan", label: "建设计划（2000 字以内）", kind: .longText, required: true, maximum: 2000)],
                      attachments: [identity, proof, .init(key: "site", label: "场地与设备照片", required: false)],
                      rubric: studioRubric, funding: [FundingLine(.oneOff(Money(yuan: amount)), to: .employer)],
                      validityMonths: 36, assessmentEveryMonths: 12, effectiveFrom: since)
    }

    static func base(_ tier: ProgrammeType.Tier, amount: Int64, recommends: Bool) -> ProgrammeType {
        ProgrammeType(code: "training-base-\(tier.rawValue)", nameZH: "\(tier.chineseName)高技能人才培养基地", nameEN: "\(tier.rawValue.capitalized) high-skill training base",
                      applicantKind: .organization, tier: tier, recommendsUpward: recommends,
                      eligibility: [.employerKind(anyOf: ["enterprise", "technical-school", "training-provider"])],
                      fields: [.init(key: "trainees-per-year", label: "年培养高技能人才人数", kind: .number, required: true, maximum: 100_000),
                               .init(key: "plan", label: "建设方案（3000 字以内）", kind: .longText, required: true, maximum: 3000)],
                      attachments: [.init(key: "licence", label: "办学或营业许可", required: true), proof],
                      rubric: baseRubric, funding: [FundingLine(.oneOff(Money(yuan: amount)), to: .applicant)],
                      validityMonths: 36, assessmentEveryMonths: 12, effectiveFrom: since)
    }

    static func chiefTechnician(code: String, nameZH: String, nameEN: String) -> ProgrammeType {
        ProgrammeType(code: code, nameZH: nameZH, nameEN: nameEN, applicantKind: .person, tier: .municipal,
                      eligibility: [.holdsLevel(atLeast: .level2), .employerKind(anyOf: ["enterprise"])], fields: achievementFields,
                      attachments: [identity, proof], rubric: personRubric,
                      funding: [FundingLine(.monthly(Money(yuan: 1_000), months: 24), to: .applicant),
                                FundingLine(.oneOff(Money(yuan: 50_000)), to: .employer)],
                      validityMonths: 24, assessmentEveryMonths: 12, effectiveFrom: since)
    }

    static func talentSubsidy(code: String, nameZH: String, band: EducationLevel) -> ProgrammeType {
        ProgrammeType(code: code, nameZH: nameZH, nameEN: "Youth and talent subsidy (\(band.code))", applicantKind: .person, tier: .municipal,
                      eligibility: [.education(atLeast: band), .educationAtMost(band), .ageAtMost(years: 35)],
                      fields: [.init(key: "graduated-on", label: "毕业日期", kind: .date, required: true, maximum: 10)],
                      attachments: [.init(key: "diploma", label: "毕业证书", required: true), .init(key: "contract", label: "劳动合同", required: true)],
                      stages: [.district, .city], rubric: [], funding: [], validityMonths: nil, assessmentEveryMonths: nil, effectiveFrom: since)
    }

    static func crossover(_ rule: TitleCrossoverRule) -> ProgrammeType {
        ProgrammeType(code: "title-crossover-\(rule.title.rawValue)", nameZH: "技能人才申报\(rule.title.chineseName)（职业发展贯通）",
                      nameEN: "Title crossover: \(rule.title.rawValue)", applicantKind: .person, tier: .municipal,
                      eligibility: [rule.eligibilityRule],
                      fields: [.init(key: "series", label: "申报职称系列", kind: .text, required: true, maximum: 30)],
                      attachments: [identity, proof], stages: [.district, .city, .titleCommittee], rubric: [], funding: [],
                      validityMonths: nil, assessmentEveryMonths: nil, effectiveFrom: rule.effectiveFrom)
    }
}

/// Chinese names of honour codes: the catalogue's types and the upstream honours.
public enum ProgrammeHonours {
    public static func chineseName(_ code: String) -> String {
        if let found = ProgrammeCatalogue.upstreamHonours.first(where: { $0.code == code }) { return found.chinese }
        return ProgrammeCatalogue.reference.first { $0.code == code }?.nameZH ?? code
    }
}

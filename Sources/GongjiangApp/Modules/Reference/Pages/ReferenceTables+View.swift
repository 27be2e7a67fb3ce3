import Foundation
import GongjiangCore
import Plot

extension ReferenceTablesPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("reference.title"))
            Paragraph(t("reference.intro")).class("muted")
            Paragraph { Link(t("reference.calendar.title"), url: PagePath.calendar.url()) }
            List([("districts", "reference.districts"), ("levels", "reference.levels"), ("occupations", "reference.occupations"),
                  ("wages", "reference.minimum-wages"), ("training", "reference.training-subsidies"),
                  ("assessment", "reference.assessment-subsidies"), ("apprenticeship", "reference.apprenticeship-subsidies")]) { item in
                Link(t(item.1), url: "#\(item.0)")
            }
            H2(t("reference.districts")).id("districts")
            Table(header: TableRow {
                TableHeaderCell(t("field.code")); TableHeaderCell(t("reference.name")); TableHeaderCell(t("field.kind"))
                TableHeaderCell(t("reference.wage-tier")); TableHeaderCell(t("field.effective-from"))
            }) {
                for district in districts {
                    TableRow {
                        TableCell(district.id ?? ""); TableCell(t.pick(district.nameZH, district.nameEN)); TableCell(t("reference.district.kind.\(district.kind)"))
                        TableCell(district.minimumWageTier.map(String.init) ?? "—"); TableCell(district.effectiveFrom)
                    }
                }
            }
            H2(t("reference.levels")).id("levels")
            Table(header: TableRow {
                TableHeaderCell(t("reference.rank")); TableHeaderCell(t("reference.national-level")); TableHeaderCell(t("reference.name"))
                TableHeaderCell(t("reference.high-skilled")); TableHeaderCell(t("field.effective-from"))
            }) {
                for level in levels {
                    TableRow {
                        TableCell(String(level.id ?? 0)); TableCell(level.nationalLevel.map(String.init) ?? "—")
                        TableCell(t.pick(level.nameZH, level.nameEN)); TableCell(level.isHighSkilled ? t("common.yes") : t("common.no"))
                        TableCell(level.effectiveFrom)
                    }
                }
            }
            H2(t("reference.occupations")).id("occupations")
            Table(header: TableRow {
                TableHeaderCell(t("field.code")); TableHeaderCell(t("reference.name")); TableHeaderCell(t("reference.subsidy-class"))
                TableHeaderCell(t("reference.levels-offered")); TableHeaderCell(t("field.work-type")); TableHeaderCell(t("reference.code-confirmed"))
            }) {
                for occupation in occupations {
                    TableRow {
                        TableCell(occupation.id ?? ""); TableCell(t.pick(occupation.nameZH, occupation.nameEN))
                        TableCell(occupation.subsidyClass); TableCell(occupation.levels)
                        TableCell(occupation.workTypes.isEmpty ? "—" : occupation.workTypes.replacingOccurrences(of: ";", with: "、"))
                        TableCell(occupation.isCodeConfirmed ? t("common.yes") : t("reference.to-verify"))
                    }
                }
            }
            H2(t("reference.minimum-wages")).id("wages")
            Table(header: TableRow {
                TableHeaderCell(t("reference.tier")); TableHeaderCell(t("field.effective-from")); TableHeaderCell(t("reference.monthly"))
                TableHeaderCell(t("reference.hourly")); TableHeaderCell(t("reference.source"))
            }) {
                for wage in minimumWages {
                    TableRow {
                        TableCell(String(wage.tier)); TableCell(wage.effectiveFrom + (wage.isConfirmed ? "" : " (\(t("reference.to-verify")))"))
                        TableCell(Money(fen: wage.monthlyFen).yuanText); TableCell(Money(fen: wage.hourlyFen).yuanText); TableCell(wage.source)
                    }
                }
            }
            H2(t("reference.training-subsidies")).id("training")
            Table(header: TableRow {
                TableHeaderCell(t("field.effective-from")); TableHeaderCell(t("reference.subsidy-class")); TableHeaderCell(t("field.level"))
                TableHeaderCell(t("reference.yuan-per-person"))
            }) {
                for standard in trainingSubsidies {
                    TableRow {
                        TableCell(standard.effectiveFrom); TableCell(standard.subsidyClass)
                        TableCell(SkillLevel(nationalLevel: standard.nationalLevel).map(t.level) ?? String(standard.nationalLevel))
                        TableCell(Money(fen: standard.amountFen).yuanText)
                    }
                }
            }
            H2(t("reference.assessment-subsidies")).id("assessment")
            Table(header: TableRow {
                TableHeaderCell(t("field.effective-from")); TableHeaderCell(t("field.level")); TableHeaderCell(t("reference.yuan-per-person"))
            }) {
                for standard in assessmentSubsidies {
                    TableRow {
                        TableCell(standard.effectiveFrom)
                        TableCell(SkillLevel(nationalLevel: standard.nationalLevel).map(t.level) ?? String(standard.nationalLevel))
                        TableCell(Money(fen: standard.amountFen).yuanText)
                    }
                }
            }
            H2(t("reference.apprenticeship-subsidies")).id("apprenticeship")
            Table(header: TableRow {
                TableHeaderCell(t("field.effective-from")); TableHeaderCell(t("reference.target-level"))
                TableHeaderCell(t("reference.yuan-per-apprentice-year")); TableHeaderCell(t("reference.source"))
            }) {
                for standard in apprenticeshipSubsidies {
                    TableRow {
                        TableCell(standard.effectiveFrom)
                        TableCell(SkillLevel(nationalLevel: standard.targetLevel).map(t.level) ?? String(standard.targetLevel))
                        TableCell(Money(fen: standard.amountFen).yuanText); TableCell(standard.source)
                    }
                }
            }
        }
    }
}

import Foundation
import GongjiangCore
import Plot

/// The hidden field that makes a money form's second press harmless.
struct IdempotencyField: Component {
    let key: String

    var body: Component { Input(type: .hidden, name: Idempotent.formField, value: key) }
}

extension LedgerOverview.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("ledger.title", year))
            if let error { Notice(kind: .error, text: error) }
            Form(url: PagePath.ledger.url(), method: .get) {
                Label(t("ledger.year")) { Input(type: .number, name: "year", value: String(year)) }
                SubmitButton(t("common.search"))
            }.class("search")
            if request.scope == .city {
                FactTable(rows: [
                    (t("ledger.received"), (Money.zero - cityBalance(.fundingSource)).yuanText + " 元"),
                    (t("ledger.city-pool"), cityBalance(.cityPool).yuanText + " 元"),
                ])
            }
            H2(t("ledger.districts"))
            Table(header: TableRow {
                TableHeaderCell(t("field.district"))
                for kind in [LedgerAccountKind.districtBudget, .commitment, .inTransit, .paid, .clawbackDue] {
                    TableHeaderCell(t.pick(kind.chineseName, kind.englishName))
                }
                TableHeaderCell(t("ledger.owed"))
            }) {
                for district in districts {
                    TableRow {
                        TableCell(names.district(district, t))
                        for kind in [LedgerAccountKind.districtBudget, .commitment, .inTransit, .paid, .clawbackDue] {
                            TableCell(balance(kind, district).yuanText).class("number")
                        }
                        TableCell {
                            if let owed = owed[district] {
                                Text(t("ledger.owed.count", owed.count, owed.amount.yuanText))
                                if mayManage {
                                    Form(url: PagePath.ledgerBatches.url(), method: .post) {
                                        CSRFField(request: request)
                                        IdempotencyField(key: formKey + "-b" + district)
                                        Input(type: .hidden, name: "districtCode", value: district)
                                        Input(type: .hidden, name: "year", value: String(year))
                                        SubmitButton(t("ledger.batch.create"))
                                    }.class("inline")
                                }
                            } else {
                                Text("—")
                            }
                        }
                    }
                }
            }
            Paragraph {
                Text(t("ledger.trial-balance", totalDebits.yuanText, totalCredits.yuanText))
                Text(" ")
                Link(t("ledger.payments"), url: PagePath.ledgerPayments.url())
            }.class("muted")
            if mayManage {
                H2(t("ledger.allocate"))
                Form(url: PagePath.ledgerAllocations.url(), method: .post) {
                    CSRFField(request: request)
                    IdempotencyField(key: formKey + "-a")
                    Label(t("ledger.amount-yuan")) { Input(type: .text, name: "amount", isRequired: true) }
                    Label(t("ledger.document")) { Input(type: .text, name: "document", isRequired: true) }
                    Label(t("ledger.memo")) { Input(type: .text, name: "memo") }
                    SubmitButton(t("ledger.allocate"))
                }.class("stacked")
                H2(t("ledger.budget"))
                Paragraph(t("ledger.budget.help")).class("muted")
                Form(url: PagePath.ledgerBudgets.url(), method: .post) {
                    CSRFField(request: request)
                    IdempotencyField(key: formKey + "-g")
                    SelectField(name: "districtCode", label: t("field.district"), anyLabel: "—",
                                options: districts.map { ($0, names.district($0, t)) }, selected: nil)
                    Label(t("ledger.year")) { Input(type: .number, name: "year", value: String(year), isRequired: true) }
                    Label(t("ledger.amount-yuan")) { Input(type: .text, name: "amount", isRequired: true) }
                    Label(t("ledger.document")) { Input(type: .text, name: "document", isRequired: true) }
                    Label(t("ledger.memo")) { Input(type: .text, name: "memo") }
                    SubmitButton(t("ledger.budget"))
                }.class("stacked")
            }
            H2(t("ledger.batches"))
            if batches.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("ledger.batch.number")); TableHeaderCell(t("field.district")); TableHeaderCell(t("ledger.lines"))
                    TableHeaderCell(t("ledger.amount")); TableHeaderCell(t("field.state"))
                }) {
                    for batch in batches {
                        TableRow {
                            TableCell { Link(batch.number, url: PagePath.ledgerBatch.url(batch.id.uuidString)) }
                            TableCell(names.district(batch.districtCode, t))
                            TableCell(String(batch.lineCount)).class("number")
                            TableCell(batch.total.yuanText).class("number")
                            TableCell(t("ledger.batch.state.\(batch.state)"))
                        }
                    }
                }
            }
            H2(t("ledger.transactions"))
            Table(header: TableRow {
                TableHeaderCell(t("ledger.when")); TableHeaderCell(t("ledger.kind")); TableHeaderCell(t("ledger.source"))
                TableHeaderCell(t("ledger.amount")); TableHeaderCell(t("ledger.memo"))
            }) {
                for transaction in transactions {
                    TableRow {
                        TableCell(ChinaTime.timestamp(transaction.createdAt))
                        TableCell(t.pick(transaction.kind.chineseName, transaction.kind.rawValue))
                        TableCell(transaction.source.description)
                        TableCell(transaction.amount.yuanText).class("number")
                        TableCell(transaction.memo)
                    }
                }
            }
        }
    }
}

extension BatchPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("ledger.batch.title", batch.number))
            if let error { Notice(kind: .error, text: error) }
            if let summary {
                Notice(kind: .success, text: t("ledger.result.applied", summary.paid, Money(fen: summary.paidFen).yuanText, summary.failed,
                                                Money(fen: summary.failedFen).yuanText))
            }
            if !issues.isEmpty {
                Table(header: TableRow { TableHeaderCell(t("certification.files.row")); TableHeaderCell(t("certification.files.field"))
                    TableHeaderCell(t("ledger.reason")) }) {
                    for issue in issues {
                        TableRow { TableCell(String(issue.row)); TableCell(issue.column); TableCell(t.pick(issue.chinese, issue.english)) }
                    }
                }
            }
            FactTable(rows: [
                (t("field.district"), names.district(batch.districtCode, t)),
                (t("ledger.year"), String(batch.year)),
                (t("ledger.lines"), String(batch.lineCount)),
                (t("ledger.amount"), batch.total.yuanText + " 元"),
                (t("field.state"), t("ledger.batch.state.\(batch.state)")),
            ])
            if mayManage {
                Paragraph { Link(t("ledger.bank-file"), url: PagePath.ledgerBankFile.url(batch.id.uuidString)) }.class("actions")
                Paragraph(t("ledger.bank-file.help")).class("muted")
                if lines.contains(where: { $0.state == "sent" }) {
                    H2(t("ledger.result"))
                    Paragraph(t("ledger.result.help")).class("muted")
                    Form(url: PagePath.ledgerBankResult.url(batch.id.uuidString) + "?" + AccessMiddleware.csrfField + "=" + (request.csrfToken ?? ""),
                         method: .post, contentType: .multipartData) {
                        IdempotencyField(key: formKey)
                        Label(t("ledger.result.file")) { Input(type: .file, name: "file", isRequired: true) }
                        SubmitButton(t("ledger.result.upload"))
                    }.class("step")
                }
            }
            H2(t("ledger.batch.lines"))
            Table(header: TableRow {
                TableHeaderCell(t("ledger.reference")); TableHeaderCell(t("ledger.payee")); TableHeaderCell(t("ledger.account"))
                TableHeaderCell(t("ledger.amount")); TableHeaderCell(t("field.state")); TableHeaderCell(t("ledger.reason"))
            }) {
                for line in lines {
                    TableRow {
                        TableCell { Link(line.reference, url: PagePath.ledgerPayment.url(line.paymentID.uuidString)) }
                        TableCell(Masking.name(line.payeeName))
                        TableCell(line.accountMasked)
                        TableCell(line.amount.yuanText).class("number")
                        TableCell(t("ledger.line.state.\(line.state)"))
                        TableCell(line.reason ?? "")
                    }
                }
            }
        }
    }
}

extension PaymentsPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("ledger.payments"))
            Form(url: PagePath.ledgerPayments.url(), method: .get) {
                SelectField(name: "state", label: t("field.state"), anyLabel: t("common.any"),
                            options: PaymentState.allCases.map { ($0.rawValue, t.pick($0.chineseName, $0.rawValue)) }, selected: state)
                SelectField(name: "district", label: t("field.district"), anyLabel: t("common.any"),
                            options: districts.map { ($0, names.district($0, t)) }, selected: district)
                SubmitButton(t("common.search"))
            }.class("search")
            if page.items.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("ledger.source")); TableHeaderCell(t("field.district")); TableHeaderCell(t("ledger.payee"))
                    TableHeaderCell(t("ledger.amount")); TableHeaderCell(t("field.state"))
                }) {
                    for payment in page.items {
                        TableRow {
                            TableCell { Link(payment.source.description, url: PagePath.ledgerPayment.url(payment.id.uuidString)) }
                            TableCell(names.district(payment.districtCode, t))
                            TableCell(payment.payee == "person" ? Masking.name(payment.payeeName) : payment.payeeName)
                            TableCell(payment.amount.yuanText).class("number")
                            TableCell(t.pick(payment.state.chineseName, payment.state.rawValue))
                        }
                    }
                }
            }
            Pager(path: PagePath.ledgerPayments.url(), query: ["state": state ?? "", "district": district ?? ""], next: page.next,
                  isFirstPage: isFirstPage, nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
        }
    }
}

extension PaymentPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("ledger.payment.title", payment.source.description))
            if let error { Notice(kind: .error, text: error) }
            FactTable(rows: [
                (t("ledger.payee"), payment.payee == "person" ? Masking.name(payment.payeeName) : payment.payeeName),
                (t("ledger.account"), payment.accountMasked),
                (t("field.district"), names.district(payment.districtCode, t)),
                (t("ledger.year"), String(payment.year)),
                (t("ledger.amount"), payment.amount.yuanText + " 元"),
                (t("ledger.purpose"), payment.purpose),
                (t("field.state"), t.pick(payment.state.chineseName, payment.state.rawValue)),
                (t("ledger.reason"), payment.stateReason ?? ""),
                (t("ledger.clawed-back"), payment.clawedBack.yuanText + " 元"),
                (t("ledger.recovered"), payment.recovered.yuanText + " 元"),
            ])
            H2(t("ledger.movements"))
            Table(header: TableRow { TableHeaderCell(t("ledger.when")); TableHeaderCell(t("ledger.kind")); TableHeaderCell(t("ledger.into"))
                TableHeaderCell(t("ledger.amount")) }) {
                for movement in movements {
                    TableRow {
                        TableCell(ChinaTime.timestamp(movement.at))
                        TableCell(t.pick(movement.kind.chineseName, movement.kind.rawValue))
                        TableCell(t.pick(movement.account.kind.chineseName, movement.account.kind.englishName))
                        TableCell(movement.amount.yuanText).class("number")
                    }
                }
            }
            if mayCancel {
                Form(url: PagePath.ledgerPaymentStep("cancellation").url(payment.id.uuidString), method: .post) {
                    CSRFField(request: request)
                    IdempotencyField(key: formKey + "-c")
                    Label(t("ledger.reason")) { Input(type: .text, name: "reason", isRequired: true) }
                    SubmitButton(t("ledger.cancel"))
                }.class("step")
            }
            if mayClawBack {
                Form(url: PagePath.ledgerPaymentStep("clawback").url(payment.id.uuidString), method: .post) {
                    CSRFField(request: request)
                    IdempotencyField(key: formKey + "-k")
                    Label(t("ledger.clawback.amount")) { Input(type: .text, name: "amount", value: (payment.amount - payment.clawedBack).yuanText) }
                    Label(t("ledger.reason")) { Input(type: .text, name: "reason", isRequired: true) }
                    SubmitButton(t("ledger.clawback"))
                }.class("step")
            }
            if mayManage && due > .zero {
                Form(url: PagePath.ledgerPaymentStep("recovery").url(payment.id.uuidString), method: .post) {
                    CSRFField(request: request)
                    IdempotencyField(key: formKey + "-r")
                    Label(t("ledger.recovery.amount")) { Input(type: .text, name: "amount", value: due.yuanText) }
                    SubmitButton(t("ledger.recovery"))
                }.class("step")
            }
        }
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Pages of the reference data: the policy tables and the working-day calendar.
struct ReferencePageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.reference.components) { request in
            let t = request.localizer
            return page(request, .reference, try await ReferenceTablesPage.Model.load(request).view(t), title: t("reference.title"))
        }.requires(.permission(.readReference))

        routes.get(PagePath.calendar.components) { request in
            let t = request.localizer
            return page(request, .reference, try await CalendarPage.Model.load(request).view(t), title: t("reference.calendar.title"))
        }.requires(.permission(.readReference))

        // A year is about 40 lines; the limit keeps an upload far from memory trouble.
        routes.on(.POST, PagePath.calendar.components, body: .collect(maxSize: ByteCount(value: WorkingDays.maximumUploadBytes))) { request in
            struct Upload: Content { var file: File? }
            let t = request.localizer
            let upload = try? request.content.decode(Upload.self)
            let bytes = upload?.file?.data.readableBytesView.map { $0 } ?? []
            do {
                guard !bytes.isEmpty else { throw WorkingDays.Refusal(problems: [.init(line: 1, error: .badHeader)]) }
                // Taken as UTF-8 or refused: a GBK file read leniently would store its holiday names as garbage.
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw WorkingDays.Refusal(problems: [.init(line: 1, error: .notUTF8)])
                }
                let days = try WorkingDays.parse(text)
                try await WorkingDays.importYears(days, by: AuditEvent(request, entity: .calendar, action: .`import`), on: request.db)
                let years = Set(days.map(\.date.year)).sorted()
                var model = try await CalendarPage.Model.load(request, year: years.last!)
                model.notice = Notice(kind: .success, text: t("reference.calendar.imported", years.map(String.init).joined(separator: "、"), days.count))
                return page(request, .reference, model.view(t), title: t("reference.calendar.title"))
            } catch let refusal as WorkingDays.Refusal {
                var model = try await CalendarPage.Model.load(request)
                model.notice = Notice(kind: .error, text: t("reference.calendar.refused"))
                model.problems = refusal.problems
                let response = page(request, .reference, model.view(t), title: t("reference.calendar.title"))
                response.status = .unprocessableEntity
                return response
            }
        }.requires(.permission(.manageReference))
    }
}

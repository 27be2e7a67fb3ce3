import Foundation
import Vapor

extension Section {
    static let audit = Section("audit", title: "audit.nav")
}

/// The auditor's pages: search and export the audit trail.
struct AuditModule: GongjiangModule {
    var name: String { "audit" }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .audit, path: PagePath.audit.url(), requirement: .permission(.readAudit))]
    }

    func pageRoutes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: AuditRoutes())
    }
}

extension PagePath {
    static let audit = PagePath("audit")
    static let auditExport = PagePath("audit", "export.csv")
}

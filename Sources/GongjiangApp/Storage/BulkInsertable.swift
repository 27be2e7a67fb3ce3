import Fluent
import Foundation

/// A model that a list step writes in one statement: its columns and each row's values, as Fluent would store them.
///
/// Fluent reads and writes a model's fields by reflection, which costs more than the statement itself: issuing a plan
/// of 150 certificates one `create` at a time spent most of its time there (perf, the city-scale demo). A list of
/// models goes through `BulkInsert` instead, with the values named once per model type here.
protocol BulkInsertable: Model {
    static var insertColumns: [String] { get }
    /// The row's values in `insertColumns` order; `now` stamps the created and updated times.
    func insertValues(now: Date) -> [BulkInsert.Value]
}

extension Array where Element: BulkInsertable {
    /// Inserts every model (`BulkInsert`, a few statements for a long list), and marks each as stored so
    /// that a later `update` of it is an update (its timestamps stay unread: the rows carry `now`). Run it inside the
    /// caller's transaction.
    func insert(on tx: any Database, now: Date) async throws {
        guard !isEmpty else { return }
        var insert = BulkInsert(into: Element.schema, columns: Element.insertColumns)
        for model in self { insert.append(model.insertValues(now: now)) }
        try await insert.run(on: tx)
        for model in self { model._$idExists = true }
    }
}

import Fluent
import Foundation

extension QueryBuilder where Model.IDValue == UUID {
    /// One page in (key, id) order, starting after `cursor`. The id breaks ties between equal keys,
    /// so no row is skipped or repeated however many rows share a name.
    func keysetPage(sortedBy key: KeyPath<Model, FieldProperty<Model, String>>, after cursor: Cursor?, limit: Int)
        async throws -> Page<Model> {
        if let cursor {
            group(.or) { or in
                or.filter(key > cursor.key)
                or.group(.and) { and in and.filter(key == cursor.key).filter(\._$id > cursor.id) }
            }
        }
        let rows = try await sort(key).sort(\._$id).limit(limit + 1).all()
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last.map { Cursor(key: $0[keyPath: key].value ?? "", id: $0.id!) } : nil
        return Page(items: items, next: next)
    }
}

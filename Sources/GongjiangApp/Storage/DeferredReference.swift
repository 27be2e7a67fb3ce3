import Fluent
import FluentSQL

extension DatabaseSchema.FieldConstraint {
    /// A foreign key checked when the transaction commits instead of after each statement (the SQL standard's
    /// DEFERRABLE INITIALLY DEFERRED, which SQLite and PostgreSQL both read). Still enforced: a commit that would
    /// leave a dangling reference fails and the transaction rolls back whole.
    ///
    /// The registry tables that imports fill in bulk use it. With immediate foreign keys SQLite must be able to undo a
    /// multi-row INSERT alone, so it copies every page the statement touches into a statement journal first; that
    /// copying was a tenth of the database's time in a million-row import.
    static func deferredReference(_ table: String, _ column: String) -> Self {
        .sql(unsafeRaw: "REFERENCES \"\(table)\" (\"\(column)\") DEFERRABLE INITIALLY DEFERRED")
    }
}

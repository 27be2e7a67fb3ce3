import Vapor

/// The operator commands of `shared/spec/cli.md`, next to Vapor's own `serve` and `routes`.
func registerCommands(_ app: Application) {
    app.asyncCommands.use(MigrationCommand(), as: "migrate")   // replaces Fluent's prompting migrate
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(TokenCommand(), as: "token")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(KeysCommand(), as: "keys")
    app.asyncCommands.use(CertificateCommand(), as: "certificate")
    app.asyncCommands.use(LedgerCommand(), as: "ledger")
    app.asyncCommands.use(BenchCommand(), as: "bench")
}

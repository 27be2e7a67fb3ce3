import Fluent

/// The schema's history, in order. A migration, once released, is never edited; a change is a new one.
enum StorageMigrations {
    static let all: [any Migration] = [
        CreateReferenceTables(),   // 001
        SeedReferenceData(),       // 002
        CreateOrganizations(),     // 003
        CreatePersons(),           // 004
        CreateCertificates(),      // 005
        CreateImportRuns(),        // 006
        CreateAccounts(),          // 007
        CreateAuditTrail(),        // 008
        AddAccountApproval(),      // 009
        CreateCalendarDays(),      // 010
        CreatePublicNotices(),     // 011
        CreateCertification(),     // 012
        AddCertificateIssuance(),  // 013
        CreateApplicationConditions(), // 014
        SeedOccupationCatalogue(), // 015
        CreateLedger(),            // 016
        CreateTraining(),          // 017
        AddTrainingSignals(),      // 018
        CreateApprenticeship(),    // 019
        AddApprenticeshipMoney(),  // 020
        CreateStatistics(),        // 021
        CreateProgrammes(),        // 022
        AddAccountPerson(),        // 023
        IndexStatCountsByYear(),   // 024
        AddPersonDeparture(),      // 025
        SeedUpstreamProgrammeTypes(), // 026
    ]
}

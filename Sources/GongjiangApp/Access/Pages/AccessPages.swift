/// The pages of signing in and of one's own account, one view a file (`Login+View.swift`, `SecondFactor+View.swift`,
/// `ChangePassword+View.swift`, `Account+View.swift`); each takes what it shows from its route.
enum AccessPages {}

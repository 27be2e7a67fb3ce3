public enum GongjiangCoreVersion { public static let version = "0.1.0" }

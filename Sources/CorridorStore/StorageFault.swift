import PostgresNIO
import SQLiteNIO

extension StoreError {
    /// The ``StoreError`` a driver error stands for when it is a fault of the storage itself
    /// (full, read-only) rather than of the request; any other error unchanged.
    ///
    /// Both drivers roll the failing transaction back, so a request that meets one of these
    /// wrote nothing; naming the fault lets the API answer 503 with Retry-After instead of a
    /// 500, and the operator's log say what to fix.
    static func storageFault(_ error: any Error) -> any Error {
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .full: return StoreError.storageFull
            case .readOnly, .readonlyInRecovery, .readonlyCantLock, .readonlyInRollback, .readonlyBackingMoved, .readonlyDirectory:
                return StoreError.readOnly
            default: return error
            }
        }
        if let postgres = error as? PSQLError {
            switch postgres.serverInfo?[.sqlState] {
            case "53100": return StoreError.storageFull // disk_full
            case "25006": return StoreError.readOnly // read_only_sql_transaction
            default: return error
            }
        }
        return error
    }

    /// Whether trying the same operation again later may succeed with nothing changed on the
    /// caller's side: the database is unreachable, restarting, full or read-only. Feeds keep
    /// their data and retry on these; anything else is a fault of the data or of the code.
    public static func isTransient(_ error: any Error) -> Bool {
        switch error {
        case StoreError.unavailable, StoreError.storageFull, StoreError.readOnly: return true
        case let postgres as PSQLError:
            switch postgres.code {
            case .serverClosedConnection, .connectionError, .uncleanShutdown, .clientClosedConnection: return true
            default:
                // Connection exceptions (08…) and the server shutting down or starting
                // (57P01–57P03); not a statement timeout (57014), which would recur.
                guard let state = postgres.serverInfo?[.sqlState] else { return false }
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
            }
        default: return false
        }
    }
}

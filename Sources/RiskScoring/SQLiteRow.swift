import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// The current row of a stepping statement, read column by column with the SQLite C API.
///
/// Feature reads visit hundreds of thousands of rows; GRDB's `Row` costs a column lookup and a
/// boxed `DatabaseValue` per read, this a C call. Valid only inside ``forEach(_:db:binding:_:)``.
struct SQLiteRow {
    let handle: OpaquePointer

    /// Column `i` as text, "" when NULL.
    func text(_ i: Int32) -> String { optionalText(i) ?? "" }

    /// Column `i` as text, nil when NULL.
    func optionalText(_ i: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, i) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, i))), as: UTF8.self)
    }

    /// Column `i`'s UTF-8 bytes (nil and 0 when NULL), valid until the next step.
    func bytes(_ i: Int32) -> (UnsafePointer<UInt8>?, Int) {
        guard let bytes = sqlite3_column_text(handle, i) else { return (nil, 0) }
        return (bytes, Int(sqlite3_column_bytes(handle, i)))
    }

    /// Column `i` as a number, nil when NULL.
    func double(_ i: Int32) -> Double? {
        sqlite3_column_type(handle, i) == SQLITE_NULL ? nil : sqlite3_column_double(handle, i)
    }

    /// Column `i` as an integer, nil when NULL.
    func int(_ i: Int32) -> Int? {
        sqlite3_column_type(handle, i) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, i))
    }

    /// Steps `statement` (bound to `binding` as its one text parameter when given) and calls
    /// `body` with each row; the statement is reset afterwards so it can be bound again.
    static func forEach(_ statement: Statement, db: Database, binding: String? = nil, _ body: (SQLiteRow) throws -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        if let binding { try bind(binding, to: handle, db: db) }
        let row = SQLiteRow(handle: handle)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code, db) }
            try body(row)
        }
    }

    /// Binds `text` as the statement's first parameter.
    static func bind(_ text: String, to handle: OpaquePointer, db: Database) throws {
        var text = text
        // SQLITE_TRANSIENT: SQLite copies the bytes. Bound from the string's own UTF-8
        // storage (passing the `String` would make a C string, an allocation per probe).
        let code = text.withUTF8 { bytes in
            sqlite3_bind_text(handle, 1, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                              unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        guard code == SQLITE_OK else { throw error(code, db) }
    }

    static func error(_ code: Int32, _ db: Database) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}

import Foundation

/// Writes a command's result file (`score --output`, `report --output`) without ever
/// destroying an input: a path that names the database (or its `-wal`, `-shm`, `.graph` or
/// `.rejects.csv` companions), the watch list, the model or a file of `--data`, or any
/// existing SQLite database, is refused before anything is written; the file is written to
/// a temporary file beside it and renamed over the target, so a failed write leaves the old
/// file whole. (`Data.write` truncated the target in place: `--output` naming the database
/// left it "malformed", naming the list replaced the bureau's referral list; found by review.)
enum OutputFile {
    /// Refuses `path` when it is one of `inputs` (compared as files: same device and inode
    /// when both exist, else the same standardized absolute path) or an SQLite database.
    static func check(_ path: String, inputs: [String]) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        let targetID = fileID(target.path)
        for input in inputs where !input.isEmpty {
            let url = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath()
            let same = url.path == target.path || (targetID != nil && targetID == fileID(url.path))
            if same { throw RuntimeError("--output \(path) is an input of this command (\(input)); choose another file") }
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw RuntimeError("cannot write \(path): it is a folder (give a file name)")
        }
        if isSQLiteDatabase(target.path) {
            throw RuntimeError("--output \(path) is an SQLite database; refusing to overwrite it (choose another file)")
        }
        try checkWritable(path)
    }

    /// Refuses, before any work, an output that cannot be written: an existing file that is
    /// not writable, or a missing folder whose nearest existing ancestor is a file or not
    /// writable (a failed `score --all` had stored its run before the write failed; found by
    /// review). Missing folders themselves are made by ``write(_:to:)``.
    static func checkWritable(_ path: String) throws {
        let files = FileManager.default
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if files.fileExists(atPath: url.path) {
            if !files.isWritableFile(atPath: url.path) { throw RuntimeError("cannot write \(path): permission denied") }
            return
        }
        var folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        while !files.fileExists(atPath: folder.path, isDirectory: &isDirectory), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        guard isDirectory.boolValue else { throw RuntimeError("cannot write \(path): \(folder.path) is a file, not a folder") }
        if !files.isWritableFile(atPath: folder.path) { throw RuntimeError("cannot write \(path): the folder \(folder.path) is not writable") }
    }

    /// The database file and the files SQLite and RiskBrain keep beside it.
    static func databaseFiles(_ path: String) -> [String] {
        [path, path + "-wal", path + "-shm", path + "-journal", path + ".graph", path + ".rejects.csv"]
    }

    /// The files of an exchange-format folder (or the file itself) given to `--data`.
    static func dataFiles(_ path: String?) -> [String] {
        guard let path else { return [] }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
    }

    /// Writes `data` to `path` through a temporary file beside it, renamed over the target;
    /// a missing folder is made first.
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw RuntimeError("cannot write \(path): \(reason(error))")
        }
    }

    /// A short reason for a failed write (Foundation's text for a directory is
    /// "NSCocoaErrorDomain error 512").
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let posix = (nsError.userInfo[NSUnderlyingErrorKey] as? NSError), posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return nsError.localizedDescription
    }

    private struct FileID: Equatable { let device: UInt64, inode: UInt64 }

    private static func fileID(_ path: String) -> FileID? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    private static func isSQLiteDatabase(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\0".utf8)
    }
}

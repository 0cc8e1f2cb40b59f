import Foundation
import RiskScoring

/// Writes a command's result file (`score --output`, `report --output`) without ever
/// destroying an input: a path that names the database (or its `-wal`, `-shm`, `.graph` or
/// `.rejects.csv` companions), the watch list, the model or a word file it names, a file of
/// `--data`, or any existing SQLite database, is refused before anything
/// is written; the file is written to a temporary file beside it and renamed over the
/// target, so a failed write leaves the old file whole. (`Data.write` truncated the target in
/// place: `--output` naming the database left it "malformed", naming the list replaced the
/// bureau's referral list; found by review.)
enum OutputFile {
    /// The inputs a scoring command must not overwrite. The model is the file the command
    /// will load (from `--model`, `$RISKBRAIN_MODEL` or the default location: only an explicit
    /// `--model` was protected; found by review), with the word files it names.
    static func inputs(database: String, list: String?, model: String?, data: String?) -> [String] {
        var inputs = databaseFiles(database) + [list].compactMap { $0 } + dataFiles(data)
        if let resolved = try? ModelLocation.resolve(model) {
            inputs.append(resolved)
            inputs += ModelLoader.wordFiles(path: resolved)
        }
        return inputs
    }

    /// Refuses `path` when it is one of `inputs` (compared as files: same device and inode
    /// when both exist, else the same canonical path, symlinks in its folders resolved) or an
    /// SQLite database, a folder, or a place that cannot be written.
    static func check(_ path: String, inputs: [String]) throws {
        let target = canonical(path)
        let targetID = fileID(target)
        for input in inputs where !input.isEmpty {
            let other = canonical(input)
            if other == target || (targetID != nil && targetID == fileID(other)) {
                throw RuntimeError("--output \(path) is an input of this command (\(input)); choose another file")
            }
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            throw RuntimeError("cannot write \(path): it is a folder (give a file name)")
        }
        if isSQLiteDatabase(target) {
            throw RuntimeError("--output \(path) is an SQLite database; refusing to overwrite it (choose another file)")
        }
        try checkWritable(path)
    }

    /// The absolute path of `path` with every symlink resolved, also in the folders above a
    /// last component that does not exist yet (`dirlink/d.sqlite-wal` is `real/d.sqlite-wal`).
    static func canonical(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path) { return url.resolvingSymlinksInPath().path }
        let folder = url.deletingLastPathComponent()
        guard folder.path != url.path else { return url.path }
        return URL(fileURLWithPath: canonical(folder.path)).appendingPathComponent(url.lastPathComponent).path
    }

    /// Refuses, before any work, an output that cannot be written: an existing file that is
    /// not writable, a folder (the one the file is renamed into, or the nearest existing one
    /// above a missing folder) that is a file or not writable (a failed `score --all` had
    /// stored its run before the write failed; found by review). Missing folders are made by
    /// ``write(_:to:)``.
    static func checkWritable(_ path: String) throws {
        let files = FileManager.default
        let target = canonical(path)
        if files.fileExists(atPath: target), !files.isWritableFile(atPath: target) {
            throw RuntimeError("cannot write \(path): permission denied")
        }
        var folder = URL(fileURLWithPath: target).deletingLastPathComponent()
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
    /// a missing folder is made. A symlink is followed (the file it names is replaced, the
    /// link stays) and a replaced file keeps its permissions (an owner-only report stayed
    /// owner-only with the in-place write; found by review).
    static func write(_ data: Data, to path: String) throws {
        let target = URL(fileURLWithPath: canonical(path))
        var info = stat()
        let mode: mode_t? = stat(target.path, &info) == 0 ? info.st_mode & 0o7777 : nil
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: target, options: .atomic)
            if let mode { chmod(target.path, mode) }
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

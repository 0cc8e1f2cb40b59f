import GRDB

/// The database schema, as named, append-only migrations.
///
/// A shipped migration is never edited: change the schema by appending a new one.
/// Dates are stored as `YYYY-MM-DD` text, amounts in 万元, percentages 0–100.
/// Every record row keeps its provenance: `batch_id` (the import batch), `src_file`
/// and `src_line` (the physical line where its CSV row starts). `occurrence` numbers
/// rows that share a natural key within one source file, so that two rows that differ
/// are never merged into one.
public enum Schema {
    /// The migrations this version knows, in order.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-exchange-format", migrate: createExchangeFormatTables)
        migrator.registerMigration("v2-score-runs", migrate: ScoreRunStore.createTables)
        migrator.registerMigration("v3-scoring-indexes", migrate: createScoringIndexes)
        migrator.registerMigration("v4-access", migrate: createAccessTables)
        migrator.registerMigration("v5-drop-unused-company-indexes", migrate: dropUnusedCompanyIndexes)
        migrator.registerMigration("v6-import-batch-nonce", migrate: addImportBatchNonce)
        migrator.registerMigration("v7-drop-unused-person-indexes", migrate: dropUnusedPersonIndexes)
        migrator.registerMigration("v8-company-former-names", migrate: createCompanyFormerNames)
        return migrator
    }

    /// Identifiers of the migrations this version knows, in order.
    public static var knownMigrations: [String] { migrator.migrations }

    /// Indexes for per-company scoring of a watch list and its network neighbourhood
    /// (branches by head office, shared contact details), and the data-fingerprint cache:
    /// one row per database state (`state` = last import batch and row counts), valid while
    /// no import has happened since.
    static func createScoringIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX company_parent ON company(parent_code) WHERE parent_code IS NOT NULL;
            CREATE INDEX company_phone ON company(phone) WHERE phone IS NOT NULL;
            CREATE INDEX company_email ON company(email) WHERE email IS NOT NULL;
            CREATE INDEX company_address ON company(address) WHERE address IS NOT NULL;
            CREATE TABLE data_fingerprint_cache (
                state TEXT PRIMARY KEY NOT NULL,
                fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64)
            );
            """)
    }

    /// Drops the company indexes on `parent_code`, `phone`, `email`, `address` (v3) and
    /// `region_code` (v1). No query reads through them: branches and shared contact
    /// details are found in the graph, which reads the whole table once, and a company's
    /// region is read by its credit code. Every import paid for them (at a million
    /// companies about 4 s of index building, 140 MB of the database).
    static func dropUnusedCompanyIndexes(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX IF EXISTS company_parent;
            DROP INDEX IF EXISTS company_phone;
            DROP INDEX IF EXISTS company_email;
            DROP INDEX IF EXISTS company_address;
            DROP INDEX IF EXISTS company_region;
            """)
    }

    /// A random nonce per import batch, part of ``ImportState``: the batch id and its finish
    /// second alone are the same in two databases that were each given one import in the
    /// same second, and a graph snapshot of one was trusted for the other.
    static func addImportBatchNonce(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE import_batch ADD COLUMN nonce TEXT")
    }

    /// Drops `officer(person_id)` and `person(name)`: no query reads through them (a person's
    /// offices and names are looked up in the graph; the store reads officers by company and
    /// persons by id), and an initial load rebuilt them for nothing, about 2.3 s of the
    /// import's writing thread at a million companies (officer_person 1.8 s, person_name
    /// 0.6 s, measured with the `sqlite3` tool) and 66 MB of the database.
    /// 曾用名: a company's names before a later import renamed it. A company that changes its
    /// name to shed a bad one is a known pattern of illegal fundraising, and complaints and
    /// referrals name the company investors knew; the import overwrote the name and the old
    /// one was lost. A trigger keeps it, inside the import's transaction: it fires only on an
    /// `UPDATE` that changes the name (a later export), never on the inserts of a bulk load.
    /// Each former name keeps the batch, file and line that had given it and the batch that
    /// replaced it. A company renamed back to a former name loses that entry (its name is not
    /// its former name); the name it leaves becomes one.
    static func createCompanyFormerNames(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE company_former_name (
                credit_code TEXT NOT NULL REFERENCES company(credit_code),
                name TEXT NOT NULL CHECK (name <> ''),
                replaced_by_batch INTEGER NOT NULL REFERENCES import_batch(id),
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                src_file TEXT NOT NULL,
                src_line INTEGER NOT NULL,
                PRIMARY KEY (credit_code, name)
            ) WITHOUT ROWID;
            CREATE TRIGGER company_keeps_former_name AFTER UPDATE OF name ON company
            WHEN old.name <> new.name
            BEGIN
                DELETE FROM company_former_name WHERE credit_code = new.credit_code AND name = new.name;
                INSERT OR IGNORE INTO company_former_name (credit_code, name, replaced_by_batch, batch_id, src_file, src_line)
                VALUES (old.credit_code, old.name, new.batch_id, old.batch_id, old.src_file, old.src_line);
            END;
            """)
    }

    static func dropUnusedPersonIndexes(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX IF EXISTS officer_person;
            DROP INDEX IF EXISTS person_name;
            """)
    }

    static func createExchangeFormatTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE import_batch (
                id INTEGER PRIMARY KEY,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                strict INTEGER NOT NULL DEFAULT 0 CHECK (strict IN (0, 1)),
                note TEXT
            );
            CREATE TABLE import_file (
                id INTEGER PRIMARY KEY,
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                path TEXT NOT NULL,
                kind TEXT NOT NULL,
                sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                bytes INTEGER NOT NULL CHECK (bytes >= 0),
                encoding TEXT NOT NULL,
                rows_read INTEGER NOT NULL CHECK (rows_read >= 0),
                imported INTEGER NOT NULL CHECK (imported >= 0),
                updated INTEGER NOT NULL CHECK (updated >= 0),
                unchanged INTEGER NOT NULL CHECK (unchanged >= 0),
                duplicates INTEGER NOT NULL CHECK (duplicates >= 0),
                rejected INTEGER NOT NULL CHECK (rejected >= 0)
            );

            CREATE TABLE company (
                credit_code TEXT PRIMARY KEY NOT NULL CHECK (length(credit_code) = 18),
                name TEXT NOT NULL CHECK (name <> ''),
                status TEXT CHECK (status IN ('active','cancelled','revoked','moved_out','withdrawn')),
                established TEXT CHECK (established IS NULL OR length(established) = 10),
                reg_capital REAL CHECK (reg_capital IS NULL OR reg_capital >= 0),
                paid_capital REAL CHECK (paid_capital IS NULL OR paid_capital >= 0),
                ent_type TEXT,
                industry TEXT,
                region_code TEXT NOT NULL CHECK (length(region_code) = 6),
                address TEXT,
                phone TEXT,
                email TEXT,
                website TEXT,
                scope TEXT,
                parent_code TEXT CHECK (parent_code IS NULL OR length(parent_code) = 18),
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                src_file TEXT NOT NULL,
                src_line INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX company_name ON company(name);
            CREATE INDEX company_region ON company(region_code);

            CREATE TABLE person (
                person_id TEXT PRIMARY KEY NOT NULL CHECK (person_id <> ''),
                name TEXT NOT NULL,
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                src_file TEXT NOT NULL,
                src_line INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX person_name ON person(name);
            -- Other spellings of one person's name (one id, two spellings = one person).
            CREATE TABLE person_alias (
                person_id TEXT NOT NULL REFERENCES person(person_id),
                name TEXT NOT NULL,
                PRIMARY KEY (person_id, name)
            ) WITHOUT ROWID;

            CREATE TABLE shareholding (
                id INTEGER PRIMARY KEY,
                company TEXT NOT NULL REFERENCES company(credit_code),
                holder_id TEXT NOT NULL CHECK (holder_id <> ''),
                holder_name TEXT NOT NULL,
                holder_type TEXT NOT NULL CHECK (holder_type IN ('person','company')),
                pct REAL CHECK (pct IS NULL OR (pct >= 0 AND pct <= 100)),
                subscribed REAL CHECK (subscribed IS NULL OR subscribed >= 0),
                paid REAL CHECK (paid IS NULL OR paid >= 0),
                since TEXT CHECK (since IS NULL OR length(since) = 10),
                until TEXT CHECK (until IS NULL OR length(until) = 10),
                occurrence INTEGER NOT NULL DEFAULT 0 CHECK (occurrence >= 0),
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                src_file TEXT NOT NULL,
                src_line INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX shareholding_key ON shareholding(company, holder_id, ifnull(since, ''), occurrence);
            CREATE INDEX shareholding_holder ON shareholding(holder_id);

            CREATE TABLE officer (
                id INTEGER PRIMARY KEY,
                company TEXT NOT NULL REFERENCES company(credit_code),
                person_id TEXT NOT NULL CHECK (person_id <> ''),
                person_name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('legal_rep','chairman','executive_director','director','supervisor','manager','finance','other')),
                since TEXT CHECK (since IS NULL OR length(since) = 10),
                until TEXT CHECK (until IS NULL OR length(until) = 10),
                occurrence INTEGER NOT NULL DEFAULT 0 CHECK (occurrence >= 0),
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                src_file TEXT NOT NULL,
                src_line INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX officer_key ON officer(company, person_id, role, ifnull(since, ''), occurrence);
            CREATE INDEX officer_person ON officer(person_id);

            CREATE TABLE compliance (
                id INTEGER PRIMARY KEY,
                company TEXT NOT NULL REFERENCES company(credit_code),
                kind TEXT NOT NULL CHECK (kind IN ('abnormal_operation','penalty','serious_violation','tax_arrears','change')),
                date TEXT NOT NULL CHECK (length(date) = 10),
                authority TEXT,
                reason TEXT,
                amount REAL CHECK (amount IS NULL OR amount >= 0),
                removed TEXT CHECK (removed IS NULL OR length(removed) = 10),
                occurrence INTEGER NOT NULL DEFAULT 0 CHECK (occurrence >= 0),
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                src_file TEXT NOT NULL,
                src_line INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX compliance_key ON compliance(company, kind, date, ifnull(reason, ''), occurrence);

            CREATE TABLE litigation (
                id INTEGER PRIMARY KEY,
                case_no TEXT NOT NULL CHECK (case_no <> ''),
                company TEXT NOT NULL REFERENCES company(credit_code),
                role TEXT NOT NULL CHECK (role IN ('plaintiff','defendant','third_party')),
                cause TEXT NOT NULL CHECK (cause <> ''),
                case_type TEXT CHECK (case_type IS NULL OR case_type IN ('civil','criminal','administrative','enforcement')),
                court TEXT,
                filed TEXT NOT NULL CHECK (length(filed) = 10),
                amount REAL CHECK (amount IS NULL OR amount >= 0),
                counterparty TEXT,
                outcome TEXT,
                occurrence INTEGER NOT NULL DEFAULT 0 CHECK (occurrence >= 0),
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                src_file TEXT NOT NULL,
                src_line INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX litigation_key ON litigation(case_no, company, role, ifnull(counterparty, ''), occurrence);
            CREATE INDEX litigation_company ON litigation(company);

            CREATE TABLE news (
                id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
                company TEXT NOT NULL REFERENCES company(credit_code),
                date TEXT NOT NULL CHECK (length(date) = 10),
                source TEXT,
                title TEXT NOT NULL,
                content TEXT,
                url TEXT,
                sentiment REAL CHECK (sentiment IS NULL OR (sentiment >= -1 AND sentiment <= 1)),
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                src_file TEXT NOT NULL,
                src_line INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX news_company ON news(company);

            CREATE TABLE product (
                id INTEGER PRIMARY KEY,
                company TEXT NOT NULL REFERENCES company(credit_code),
                product TEXT NOT NULL CHECK (product <> ''),
                promised_yield REAL CHECK (promised_yield IS NULL OR promised_yield >= 0),
                guaranteed INTEGER CHECK (guaranteed IS NULL OR guaranteed IN (0, 1)),
                term_months INTEGER CHECK (term_months IS NULL OR term_months >= 0),
                min_investment REAL CHECK (min_investment IS NULL OR min_investment >= 0),
                channel TEXT CHECK (channel IS NULL OR channel IN ('online','app','offline_seminar','telemarketing','agent','flyer','other')),
                investors INTEGER CHECK (investors IS NULL OR investors >= 0),
                raised REAL CHECK (raised IS NULL OR raised >= 0),
                start TEXT CHECK (start IS NULL OR length(start) = 10),
                "end" TEXT CHECK ("end" IS NULL OR length("end") = 10),
                occurrence INTEGER NOT NULL DEFAULT 0 CHECK (occurrence >= 0),
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                src_file TEXT NOT NULL,
                src_line INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX product_key ON product(company, product, occurrence);

            CREATE TABLE licence (
                id INTEGER PRIMARY KEY,
                company TEXT NOT NULL REFERENCES company(credit_code),
                licence TEXT NOT NULL CHECK (licence IN ('bank','securities','insurance','fund_manager','microcredit','financing_guarantee','payment','consumer_finance','trust','other_financial')),
                authority TEXT,
                granted TEXT CHECK (granted IS NULL OR length(granted) = 10),
                revoked TEXT CHECK (revoked IS NULL OR length(revoked) = 10),
                occurrence INTEGER NOT NULL DEFAULT 0 CHECK (occurrence >= 0),
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                src_file TEXT NOT NULL,
                src_line INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX licence_key ON licence(company, licence, ifnull(granted, ''), occurrence);

            CREATE TABLE label (
                id INTEGER PRIMARY KEY,
                company TEXT NOT NULL REFERENCES company(credit_code),
                label INTEGER NOT NULL CHECK (label IN (0, 1)),
                date TEXT CHECK (date IS NULL OR length(date) = 10),
                source TEXT,
                occurrence INTEGER NOT NULL DEFAULT 0 CHECK (occurrence >= 0),
                batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                src_file TEXT NOT NULL,
                src_line INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX label_key ON label(company, occurrence);
            """)
    }

    /// API tokens and the audit log of the HTTP server (RiskAccess reads and writes them).
    /// A token is stored only as the sha256 hex of its text; `regions` is a comma-separated
    /// list of region-code prefixes (NULL: every region). `audit_log.at` is ISO 8601 UTC.
    static func createAccessTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE access_token (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (name <> ''),
                token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
                role TEXT NOT NULL CHECK (role IN ('analyst','admin')),
                regions TEXT CHECK (regions IS NULL OR regions <> ''),
                created_at TEXT NOT NULL,
                revoked_at TEXT
            );
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                token_name TEXT NOT NULL,
                at TEXT NOT NULL,
                method TEXT NOT NULL,
                path TEXT NOT NULL,
                what TEXT NOT NULL,
                result_count INTEGER NOT NULL CHECK (result_count >= 0),
                status INTEGER NOT NULL CHECK (status BETWEEN 100 AND 599)
            );
            CREATE INDEX audit_log_at ON audit_log(at);
            CREATE INDEX audit_log_token ON audit_log(token_name, at);
            """)
    }
}

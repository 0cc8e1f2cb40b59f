import Foundation
import GRDB
import Testing
import RiskStore
import RiskTestSupport
@testable import RiskReports

/// The stored records behind the demo document's evidence, as an import would leave them.
enum DemoRecords {
    static let sql = """
    INSERT INTO import_batch (id, started_at, finished_at, strict) VALUES (1, '2024-07-01T00:00:00Z', '2024-07-01T00:00:01Z', 0);
    INSERT INTO company (credit_code, name, status, reg_capital, paid_capital, region_code, phone, batch_id, src_file, src_line) VALUES
      ('91330106MA2C01000M', '杭州鑫盛财富管理有限公司', 'active', 10000, 0, '330106', '0571-88886666', 1, 'companies.csv', 2),
      ('91330106MA2C01037E', '杭州汇金众筹网络科技有限公司', 'active', 5000, 0, '330106', '0571-85550123', 1, 'companies.csv', 3),
      ('91330105MA2C01074T', '杭州恒远投资管理有限公司', 'active', 3000, 300, '330105', NULL, 1, 'companies.csv', 4),
      ('91330108MA2C01111C', '杭州瑞丰商贸有限公司', 'active', 200, 0, '330108', '0571-88886666', 1, 'companies.csv', 5),
      ('91330104MA2C012595', '杭州青山小额贷款股份有限公司', 'active', 20000, 20000, '330104', NULL, 1, 'companies.csv', 6),
      ('91330106MA2C01370X', '杭州鑫盛控股有限公司', 'active', 1000, 0, '330106', NULL, 1, 'companies.csv', 7),
      ('91310115MA2C01407T', '上海鑫盛供应链管理有限公司', 'active', 1000, 0, '310115', NULL, 1, 'companies.csv', 8);
    INSERT INTO person (person_id, name, batch_id, src_file, src_line) VALUES
      ('P001', '王建国', 1, 'shareholdings.csv', 2), ('P002', '李梅', 1, 'shareholdings.csv', 3);
    INSERT INTO shareholding (company, holder_id, holder_name, holder_type, pct, batch_id, src_file, src_line) VALUES
      ('91330106MA2C01000M', 'P001', '王建国', 'person', 20, 1, 'shareholdings.csv', 2),
      ('91310115MA2C01407T', 'P001', '王建国', 'person', 90, 1, 'shareholdings.csv', 3),
      ('91330106MA2C01000M', '91330106MA2C01370X', '杭州鑫盛控股有限公司', 'company', 60, 1, 'shareholdings.csv', 4),
      ('91330108MA2C01111C', '91330106MA2C01370X', '杭州鑫盛控股有限公司', 'company', 51, 1, 'shareholdings.csv', 5);
    INSERT INTO litigation (case_no, company, role, cause, case_type, court, filed, batch_id, src_file, src_line) VALUES
      ('（2024）浙0106刑初318号', '91330106MA2C01000M', 'defendant', '非法吸收公众存款罪', 'criminal', '杭州市西湖区人民法院', '2024-06-18', 1, 'litigation.csv', 2),
      ('（2023）浙0106民初1234号', '91330106MA2C01000M', 'defendant', '民间借贷纠纷', 'civil', '杭州市西湖区人民法院', '2023-05-10', 1, 'litigation.csv', 3),
      ('（2023）浙0106民初2231号', '91330106MA2C01000M', 'defendant', '民间借贷纠纷', 'civil', '杭州市西湖区人民法院', '2023-08-02', 1, 'litigation.csv', 4),
      ('（2024）浙0105民初877号', '91330105MA2C01074T', 'defendant', '民间借贷纠纷', 'civil', '杭州市拱墅区人民法院', '2024-02-26', 1, 'litigation.csv', 5),
      ('（2024）浙0104民初455号', '91330104MA2C012595', 'plaintiff', '借款合同纠纷', 'civil', '杭州市上城区人民法院', '2024-01-09', 1, 'litigation.csv', 6);
    INSERT INTO product (company, product, promised_yield, guaranteed, channel, investors, raised, batch_id, src_file, src_line) VALUES
      ('91330106MA2C01000M', '鑫盛月月盈', 18, 1, 'offline_seminar', 1260, 15600, 1, 'products.csv', 2),
      ('91330106MA2C01000M', '鑫盛养老无忧计划', 15, 1, 'telemarketing', 430, 3900, 1, 'products.csv', 3),
      ('91330106MA2C01037E', '汇金宝 12 月标', 12, 1, 'app', 3400, 26000, 1, 'products.csv', 4),
      ('91330105MA2C01074T', '恒远稳盈一号', 9.5, 0, 'offline_seminar', 180, 2100, 1, 'products.csv', 5);
    INSERT INTO news (id, company, date, source, title, batch_id, src_file, src_line) VALUES
      ('N20240301', '91330106MA2C01000M', '2024-03-01', '钱江晚报', '鑫盛财富理财产品兑付困难 投资人聚集维权', 1, 'news.csv', 2),
      ('N20240415', '91330106MA2C01000M', '2024-04-15', '都市快报', '西湖区一理财公司人去楼空，老板疑似跑路', 1, 'news.csv', 3),
      ('N20240520', '91330106MA2C01037E', '2024-05-20', '网易新闻', '汇金众筹平台多笔标的逾期 出借人称无法兑付', 1, 'news.csv', 4);
    INSERT INTO compliance (company, kind, date, authority, reason, batch_id, src_file, src_line) VALUES
      ('91330106MA2C01000M', 'abnormal_operation', '2024-03-12', '杭州市西湖区市场监督管理局', '通过登记的住所或者经营场所无法联系', 1, 'compliance.csv', 2),
      ('91330106MA2C01037E', 'penalty', '2023-11-20', '杭州市市场监督管理局', '发布“保本保息、年化 12%”虚假广告', 1, 'compliance.csv', 3);
    INSERT INTO licence (company, licence, granted, revoked, batch_id, src_file, src_line) VALUES
      ('91330106MA2C01000M', 'fund_manager', '2017-09-01', '2022-11-30', 1, 'licences.csv', 2);
    """
}

@Suite("Evidence references")
struct EvidenceResolutionTests {
    /// Finds the stored row `reference` names, by the rules documented on ``EvidenceReference``.
    static func resolves(_ reference: EvidenceReference, citation: EvidenceCitation, in db: Database) throws -> Bool {
        let company = reference.company
        switch reference.kind {
        case .litigation:
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM litigation WHERE case_no = ? AND company = ?)", arguments: [reference.key, company]) ?? false
        case .product:
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM product WHERE product = ? AND company = ?)", arguments: [reference.key, company]) ?? false
        case .news:
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM news WHERE id = ? AND company = ?)", arguments: [reference.key, company]) ?? false
        case .compliance:
            let parts = reference.key.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return false }
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM compliance WHERE company = ? AND kind = ? AND date = ?)", arguments: [company, parts[0], parts[1]]) ?? false
        case .licence:
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM licence WHERE company = ? AND licence = ?)", arguments: [company, reference.key]) ?? false
        case .company:
            let columns = ["reg_capital", "paid_capital", "phone", "address", "name", "scope", "established", "status"]
            guard columns.contains(reference.key) else { return false }
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM company WHERE credit_code = ?)", arguments: [company]) ?? false
        case .chain:
            guard case .chain(let links) = citation, !links.isEmpty else { return false }
            for link in links {
                for id in [link.from, link.to] where !id.hasPrefix("phone:") && !id.hasPrefix("addr:") && !id.hasPrefix("email:") {
                    let found = try Bool.fetchOne(db, sql: """
                        SELECT EXISTS (SELECT 1 FROM company WHERE credit_code = ?1) OR EXISTS (SELECT 1 FROM person WHERE person_id = ?1)
                            OR EXISTS (SELECT 1 FROM shareholding WHERE holder_id = ?1)
                        """, arguments: [id]) ?? false
                    if !found { return false }
                }
            }
            return true
        }
    }

    @Test("every evidence reference of the demo document resolves to a stored record")
    func demoEvidenceResolves() throws {
        let store = try TestDatabase()
        defer { store.remove() }
        try store.database.writer.write { db in try db.execute(sql: DemoRecords.sql) }
        let doc = ReportDocument.demo
        var checked = 0
        try store.database.writer.read { db in
            for company in doc.companies {
                for reason in company.reasons {
                    for evidence in reason.evidence {
                        #expect(evidence.reference.company == company.creditCode, "evidence of \(company.name) names another company")
                        let found = try Self.resolves(evidence.reference, citation: evidence.citation, in: db)
                        #expect(found, "unresolved \(evidence.reference.kind.rawValue) \(evidence.reference.key)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == doc.companies.flatMap(\.reasons).flatMap(\.evidence).count)
        #expect(checked >= 15)
        #expect(Set(doc.evidenceReferences.map(\.kind)) == Set(EvidenceKind.allCases), "the demo exercises every evidence kind")
    }

    @Test("a reference to a record that is not stored does not resolve")
    func missingRecordDoesNotResolve() throws {
        let store = try TestDatabase()
        defer { store.remove() }
        try store.database.writer.write { db in try db.execute(sql: DemoRecords.sql) }
        try store.database.writer.read { db in
            let missing = EvidenceReference(kind: .litigation, company: "91330106MA2C01000M", key: "（2099）浙0106民初1号")
            let foundMissing = try Self.resolves(missing, citation: .company(field: "", value: ""), in: db)
            #expect(!foundMissing)
            let wrongCompany = EvidenceReference(kind: .news, company: "91330106MA2C01037E", key: "N20240301")
            let foundWrong = try Self.resolves(wrongCompany, citation: .company(field: "", value: ""), in: db)
            #expect(!foundWrong)
        }
    }
}

/// Where the planted blocks (fundraising rings and decoys) sit among the company indices,
/// and how the person index space is divided.
///
/// Companies are numbered 0..<N and written in that order. The index space is cut into
/// `blockCount` equal strides; block `b` occupies a fixed number of consecutive indices at
/// a seeded offset inside stride `b`. Every third block (b % 3 == 2) is a decoy block, the
/// others are rings, so rings ≈ N/2000 and decoy blocks ≈ N/4000 (at least 4 and 2).
/// Persons 0..<ordinaryPersons (0.85 N) belong to ordinary companies; the planted blocks and
/// the agent hubs have reserved persons above them, which ordinary companies never draw.
/// Every lookup is O(1).
public struct SynthLayout: Sendable {
    /// Companies per ring block.
    public static let ringSize = 9
    /// Companies per decoy block.
    public static let decoySize = 8
    /// Reserved persons per ring block.
    public static let ringPersons = 16
    /// Reserved persons per decoy block.
    public static let decoyPersons = 8

    public let companies: Int
    public let seed: UInt64
    public let blockCount: Int
    public let stride: Int
    public let ringCount: Int
    public let decoyCount: Int
    public let ordinaryPersons: Int
    public let hubCount: Int

    public init(companies: Int, seed: UInt64) {
        self.companies = companies
        self.seed = seed
        blockCount = max(6, companies / 1333)
        stride = companies / blockCount
        decoyCount = blockCount / 3
        ringCount = blockCount - decoyCount
        ordinaryPersons = companies * 17 / 20
        hubCount = max(2, companies / 10_000)
    }

    /// What a planted block is.
    public enum BlockKind: Sendable { case ring(Int), decoy(Int) }

    /// Block `b`'s kind and ordinal among blocks of that kind.
    public func kind(ofBlock block: Int) -> BlockKind {
        let group = block / 3, position = block % 3
        return position == 2 ? .decoy(group) : .ring(group * 2 + position)
    }

    /// Number of companies in block `b`.
    public func size(ofBlock block: Int) -> Int {
        if case .decoy = kind(ofBlock: block) { return Self.decoySize }
        return Self.ringSize
    }

    /// The first company index of block `b`.
    public func start(ofBlock block: Int) -> Int {
        let room = stride - Self.ringSize
        let offset = Int(SplitMix64.hash(seed, 11, UInt64(block)) % UInt64(room))
        return block * stride + offset
    }

    /// The block that starts at company index `index`, if any.
    public func block(startingAt index: Int) -> Int? {
        let block = index / stride
        guard block < blockCount, start(ofBlock: block) == index else { return nil }
        return block
    }

    /// True when company `index` belongs to a planted block.
    public func isPlanted(_ index: Int) -> Bool {
        let block = index / stride
        guard block < blockCount else { return false }
        let first = start(ofBlock: block)
        return index >= first && index < first + size(ofBlock: block)
    }

    /// The first reserved person of ring `ring`.
    public func ringPersonBase(_ ring: Int) -> Int { ordinaryPersons + ring * Self.ringPersons }
    /// The first reserved person of decoy block `decoy`.
    public func decoyPersonBase(_ decoy: Int) -> Int {
        ordinaryPersons + ringCount * Self.ringPersons + decoy * Self.decoyPersons
    }
    /// The reserved agent person of hub `hub` (a secretary sitting on many boards).
    public func hubPerson(_ hub: Int) -> Int {
        ordinaryPersons + ringCount * Self.ringPersons + decoyCount * Self.decoyPersons + hub
    }
    /// All person indices, reserved ones included.
    public var personCount: Int { hubPerson(hubCount) }
}

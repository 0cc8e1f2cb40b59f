import Foundation

/// Memory that a ``GraphArray`` reads: an allocation it owns (a graph built in this
/// process), or a read-only mapping of a snapshot file (``MappedFile``) that it keeps open.
///
/// An allocation is a ``HugePageBuffer``: a built graph's arrays are read at random by
/// every traversal, and on 4 KiB pages the TLB misses (nested page walks on a virtual
/// machine) cost as much as the cache misses.
final class GraphMemory: @unchecked Sendable {
    /// Words, so that every element type of a graph array is aligned.
    private let allocation: HugePageBuffer<UInt64>?
    let file: MappedFile?
    init(bytes: Int) {
        allocation = HugePageBuffer(capacity: max(2, (bytes + 7) / 8))
        file = nil
    }
    init(file: MappedFile) { allocation = nil; self.file = file }
    var base: UnsafeMutableRawPointer? { allocation.map { UnsafeMutableRawPointer($0.base) } }
}

/// A snapshot file mapped read-only into memory (`mmap`, `MAP_PRIVATE`): its pages are read
/// from the page cache only when a query first touches them, so loading a 390 MB graph costs
/// a few page-table entries rather than copying every byte, and a command that looks at a
/// few thousand nodes touches a few megabytes. Unmapped when the last array viewing it goes.
/// The file is replaced only by renaming a new one over it (``GraphSnapshot``), which leaves
/// this mapping's inode intact.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer
    let size: Int
    init?(descriptor fd: Int32, size: Int) {
        guard size > 0, let raw = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), raw != MAP_FAILED else { return nil }
        base = UnsafeRawPointer(raw)
        self.size = size
    }
    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }
}

/// An immutable array of one of the graph's plain element types, in memory a build
/// allocated or in a mapped snapshot file. Indexing is bounds-checked, as a Swift `Array`'s.
///
/// Own type rather than `Array`: an `Array` cannot view memory it did not allocate, and
/// copying the snapshot into arrays was most of a command's start-up (0.25–0.4 s at 1M).
public struct GraphArray<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    private let memory: GraphMemory?
    private let base: UnsafePointer<Element>?
    public let count: Int

    /// An empty array.
    public init() { memory = nil; base = nil; count = 0 }

    /// A copy of `array`.
    public init(_ array: [Element]) {
        let memory = GraphMemory(bytes: array.count * MemoryLayout<Element>.stride)
        let typed = memory.base?.bindMemory(to: Element.self, capacity: array.count)
        array.withUnsafeBufferPointer { source in
            if let typed, let from = source.baseAddress { typed.initialize(from: from, count: array.count) }
        }
        self.memory = memory
        base = typed.map { UnsafePointer($0) }
        count = array.count
    }

    /// `count` elements in `memory`, which the caller has initialised (``GraphArrayStorage``).
    init(memory: GraphMemory, count: Int) {
        self.memory = memory
        base = count == 0 ? nil : memory.base.map { UnsafePointer($0.assumingMemoryBound(to: Element.self)) }
        self.count = count
    }

    /// `count` elements of `file` from byte `offset` (aligned for `Element`, in bounds: the caller checks).
    init(file: MappedFile, offset: Int, count: Int) {
        memory = GraphMemory(file: file)
        base = count == 0 ? nil : (file.base + offset).assumingMemoryBound(to: Element.self)
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inline(__always)
    public subscript(position: Int) -> Element {
        precondition(UInt(bitPattern: position) < UInt(bitPattern: count), "GraphArray index out of range")
        return base.unsafelyUnwrapped[position]
    }

    /// The elements as a buffer, valid inside `body`.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try withExtendedLifetime(memory) { try body(UnsafeBufferPointer(start: base, count: count)) }
    }

    /// The elements' bytes, valid inside `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) }
    }
}

extension GraphArray: Equatable where Element: Equatable {
    public static func == (lhs: GraphArray, rhs: GraphArray) -> Bool { lhs.elementsEqual(rhs) }
}

/// Room for a ``GraphArray`` of `count` elements that a build writes in place (several
/// arrays filled by one loop, or by two threads in disjoint ranges) and then hands over
/// without the copy `GraphArray(_:)` makes of an `Array`. Every element must be written
/// before ``array`` is read.
struct GraphArrayStorage<Element: BitwiseCopyable>: @unchecked Sendable {
    let memory: GraphMemory
    let pointer: UnsafeMutablePointer<Element>
    let count: Int
    init(count: Int) {
        memory = GraphMemory(bytes: max(1, count) * MemoryLayout<Element>.stride)
        // GraphMemory allocates at least one byte, so `base` is never nil here.
        pointer = memory.base.unsafelyUnwrapped.bindMemory(to: Element.self, capacity: max(1, count))
        self.count = count
    }
    var array: GraphArray<Element> { GraphArray(memory: memory, count: count) }
}

/// A binary min-heap of values ordered by an `Int64` priority (a time): timers of event-time
/// operators. Sifting moves a hole rather than swapping, and compares plain integers, so
/// a heap of trivial values does no reference counting or closure calls.
public struct MinHeap<Value> {
    public typealias Entry = (priority: Int64, value: Value)
    private var items: [Entry] = []

    public init() {}

    public var isEmpty: Bool { items.isEmpty }
    public var count: Int { items.count }
    /// The entry of the lowest priority.
    public var min: Entry? { items.first }

    public mutating func push(_ priority: Int64, _ value: Value) {
        items.append((priority, value))
        items.withUnsafeMutableBufferPointer { heap in
            var i = heap.count - 1
            let moving = heap[i]
            while i > 0 {
                let parent = (i - 1) / 2
                guard moving.priority < heap[parent].priority else { break }
                heap[i] = heap[parent]
                i = parent
            }
            heap[i] = moving
        }
    }

    @discardableResult
    public mutating func pop() -> Entry? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items.withUnsafeMutableBufferPointer { heap in
            var i = 0
            let n = heap.count
            while true {
                let l = 2 * i + 1
                guard l < n else { break }
                let r = l + 1
                let child = r < n && heap[r].priority < heap[l].priority ? r : l
                guard heap[child].priority < last.priority else { break }
                heap[i] = heap[child]
                i = child
            }
            heap[i] = last
        }
        return first
    }
}

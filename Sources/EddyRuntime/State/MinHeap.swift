/// A binary min-heap: the next window to close, the next timer to fire.
public struct MinHeap<Element> {
    private var items: [Element] = []
    private let less: (Element, Element) -> Bool

    public init(by less: @escaping (Element, Element) -> Bool) { self.less = less }

    public var isEmpty: Bool { items.isEmpty }
    public var count: Int { items.count }
    public var min: Element? { items.first }

    public mutating func push(_ e: Element) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    @discardableResult
    public mutating func pop() -> Element? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < items.count && less(items[l], items[smallest]) { smallest = l }
                if r < items.count && less(items[r], items[smallest]) { smallest = r }
                if smallest == i { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
        return first
    }

    /// Every element, in no particular order (checkpoints).
    public var elements: [Element] { items }
}

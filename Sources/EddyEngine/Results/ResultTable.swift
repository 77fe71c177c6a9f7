
/// The current result of a query: its changelog applied. An update (`-U` then `+U`) takes
/// the place of the row it replaces, so a live table changes in place instead of rows
/// jumping to the bottom.
public struct ResultTable {
    private var slots: [[ResultCell]?] = []
    /// Where each distinct row sits (a row may occur more than once).
    private var positions: [[ResultCell]: [Int]] = [:]
    /// The slot the last retraction freed: the next accumulate fills it.
    private var freed: Int?
    private var holes = 0
    /// Rows in the result now.
    public private(set) var count = 0
    /// Changes applied so far.
    public private(set) var changes = 0

    /// The rows in display order.
    public var rows: [[ResultCell]] { slots.compactMap { $0 } }

    /// The first `n` rows in display order (what fits on the screen).
    public func firstRows(_ n: Int) -> [[ResultCell]] {
        var out: [[ResultCell]] = []
        for slot in slots {
            guard out.count < n else { break }
            if let row = slot { out.append(row) }
        }
        return out
    }

    public init() {}

    public mutating func apply(_ row: [ResultCell], kind: ChangeKind) {
        changes += 1
        if kind.isAccumulate {
            let slot: Int
            if let f = freed {
                slot = f
                slots[f] = row
                freed = nil
                holes -= 1
            } else {
                slot = slots.count
                slots.append(row)
            }
            positions[row, default: []].append(slot)
            count += 1
        } else if var at = positions[row], let slot = at.popLast() {
            positions[row] = at.isEmpty ? nil : at
            slots[slot] = nil
            freed = slot
            holes += 1
            count -= 1
            if holes > 64 && holes > slots.count / 2 { compact() }
        }
    }

    /// Drops the holes left by retractions (positions are renumbered).
    private mutating func compact() {
        slots = slots.filter { $0 != nil }
        positions.removeAll(keepingCapacity: true)
        for (i, row) in slots.enumerated() {
            if let row { positions[row, default: []].append(i) }
        }
        freed = nil
        holes = 0
    }
}

import EddyCore

/// Hands out accumulator slots and takes them back, so that state freed by a fired window
/// is reused instead of growing the arrays for ever.
public final class SlotTable {
    public let accumulators: [Accumulator]
    var free: [Int32] = []
    public internal(set) var capacity = 0
    public internal(set) var inUse = 0

    public init(accumulators: [Accumulator]) { self.accumulators = accumulators }

    /// The slots of a window aggregation's calls over rows of `input`.
    public convenience init(aggregates: [AggregateCall], input: Schema) {
        self.init(accumulators: aggregates.map { call in
            AggregateKernels.accumulator(call, inputType: call.argument.map { input.fields[$0].type })
        })
    }

    @inline(__always)
    public func allocate() -> Int32 {
        inUse += 1
        if let slot = free.popLast() {
            for a in accumulators { a.reset(Int(slot)) }
            return slot
        }
        let slot = Int32(capacity)
        capacity = capacity == 0 ? 1024 : capacity * 2
        for a in accumulators { a.grow(to: capacity) }
        free.reserveCapacity(capacity)
        for s in stride(from: Int32(capacity - 1), to: slot, by: -1) { free.append(s) }
        return slot
    }

    public func release(_ slots: [Int32]) {
        inUse -= slots.count
        free.append(contentsOf: slots)
    }
}

import EddyCore

/// CASE and COALESCE: every branch is computed over the batch, then each row picks.
enum ConditionalKernels {
    static func caseWhen(branches: [(Kernel, Kernel)], otherwise: Kernel?, type: DataType) -> Kernel {
        return { batch in
            let conditions = branches.map { $0.0(batch) }
            let results = branches.map { CastKernels.cast($0.1(batch), to: type) }
            let fallback = otherwise.map { CastKernels.cast($0(batch), to: type) }
            var b = ColumnBuilder(type: type, capacity: batch.rowCount)
            for i in 0..<batch.rowCount {
                var chosen: Column? = fallback
                for (k, c) in conditions.enumerated() where !c.isNull(i) && c.bools[i] {
                    chosen = results[k]
                    break
                }
                b.append(chosen?.value(at: i) ?? .null)
            }
            return b.finish()
        }
    }

    static func coalesce(_ inputs: [Kernel], type: DataType) -> Kernel {
        return { batch in
            let columns = inputs.map { CastKernels.cast($0(batch), to: type) }
            var b = ColumnBuilder(type: type, capacity: batch.rowCount)
            for i in 0..<batch.rowCount {
                let first = columns.first { !$0.isNull(i) }
                b.append(first?.value(at: i) ?? .null)
            }
            return b.finish()
        }
    }
}

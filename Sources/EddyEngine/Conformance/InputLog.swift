import EddyCore
import EddyRuntime

/// The input a test has given so far, in order: batches of events, explicit watermarks,
/// ends of input. Replaying it into a fresh pipeline reproduces every result exactly,
/// since nothing in a test reads the wall clock.
struct InputLog {
    enum Step {
        case events(source: String, lines: [String])
        case watermark(source: String, millis: Int64)
        /// The sources named end (with no name: every source declared at that point).
        case end(sources: [String])
    }

    private(set) var steps: [Step] = []

    mutating func append(_ step: Step) { steps.append(step) }

    func replay(into pipeline: Pipeline) throws {
        for step in steps { try Self.apply(step, to: pipeline) }
    }

    /// Applies one step to a running pipeline; sources the job does not read are skipped.
    static func apply(_ step: Step, to pipeline: Pipeline) throws {
        switch step {
        case .events(let name, let lines):
            for (id, spec) in pipeline.sourceNodes where spec.name.lowercased() == name.lowercased() {
                try pipeline.push(source: id, try decode(lines, fields: spec.fields))
            }
        case .watermark(let name, let millis):
            for (id, spec) in pipeline.sourceNodes where spec.name.lowercased() == name.lowercased() {
                try pipeline.advanceWatermark(source: id, to: millis)
            }
        case .end(let names):
            let ending = Set(names.map { $0.lowercased() })
            for (id, spec) in pipeline.sourceNodes where ending.contains(spec.name.lowercased()) {
                try pipeline.endOfInput(source: id)
            }
        }
    }

    /// Decodes JSON lines into a batch of the given fields.
    static func decode(_ lines: [String], fields: [Field]) throws -> Batch {
        var decoder = JSONLineDecoder(fields: fields)
        for (i, line) in lines.enumerated() {
            var bytes = Array(line.utf8)
            try bytes.withUnsafeMutableBufferPointer { buffer in
                let view = UnsafeBufferPointer(buffer)
                if JSONLineDecoder.isBlank(view) { return }
                do throws(DecodeError) {
                    try decoder.decodeLine(view, lineNumber: i + 1)
                } catch {
                    throw RunFailure("event \(i + 1): \(error.reason)")
                }
            }
        }
        return decoder.finishBatch()
    }
}

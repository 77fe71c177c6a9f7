import EddyCore

/// How plans describe a keyed aggregation without windows.
enum GroupAggregateText {
    static func summary(_ spec: GroupAggregateSpec, inputNames: [String], aggregateNames: [String]) -> String {
        let keys = spec.keyColumns.map { $0 < inputNames.count ? inputNames[$0] : "$\($0)" }
        var parts = ["group [" + keys.joined(separator: ", ") + "]"]
        if spec.aggregates.isEmpty { parts = ["distinct [" + keys.joined(separator: ", ") + "]"] }
        let aggs = zip(spec.aggregates, aggregateNames).map { call, name in
            let text = call.describe(inputNames: inputNames)
            return text == name ? text : "\(text) AS \(name)"
        }
        if !aggs.isEmpty { parts.append(aggs.joined(separator: ", ")) }
        parts.append("emits updates")
        return parts.joined(separator: " · ")
    }

    static func state(_ spec: GroupAggregateSpec, inputNames: [String]) -> String {
        let keys = spec.keyColumns.map { $0 < inputNames.count ? inputNames[$0] : "$\($0)" }
        let per = keys.isEmpty ? "one group" : "per " + keys.joined(separator: ", ")
        if let ttl = spec.stateTTLMillis { return "state: \(per), expires after \(Intervals.format(ttl)) idle" }
        return "state: \(per), UNBOUNDED: set 'state.ttl'"
    }
}

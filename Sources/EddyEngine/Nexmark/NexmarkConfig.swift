/// What the Nexmark generator makes: how many events, from which seed, how fast event time
/// advances, and the published generator's proportions and ratios (its defaults, as in
/// `NexmarkConfiguration` of the nexmark/nexmark repository).
///
/// Event number `n` (from 0) happens at `baseTime + n / eventsPerSecond` of event time; it
/// is a person, an auction or a bid by `n mod 50` (1 : 3 : 46). Ids are dense: the k-th
/// person is `1000 + k`, the k-th auction `1000 + k`, so a seller, bidder or auction an
/// event names can be computed from its number alone, which is what makes the data
/// deterministic and the joins find matches.
public struct NexmarkConfig: Sendable, Equatable {
    /// Ids start here so that queries find matches even on small data sets.
    public static let firstPersonId: Int64 = 1000
    public static let firstAuctionId: Int64 = 1000
    public static let firstCategoryId: Int64 = 10
    /// 2015-07-15T00:00:00Z, the base time of the Beam Nexmark suite.
    public static let defaultBaseTime: Int64 = 1_436_918_400_000

    /// How many events (persons, auctions and bids together) to make.
    public var events: Int64
    /// The seed of every random choice: the same seed, the same events.
    public var seed: UInt64 = 0
    /// Events per second of event time (the generator's `first-event.rate`).
    public var eventsPerSecond: Int = 10_000
    /// The event time of the first event, epoch milliseconds (UTC).
    public var baseTime: Int64 = NexmarkConfig.defaultBaseTime

    public var personProportion: Int64 = 1
    public var auctionProportion: Int64 = 3
    public var bidProportion: Int64 = 46
    /// Average sizes in bytes that the `extra` fields pad each kind of event to.
    public var averagePersonBytes = 200
    public var averageAuctionBytes = 500
    public var averageBidBytes = 100
    /// One in this many bids goes to a random auction; the rest to the hot auction.
    public var hotAuctionRatio = 2
    /// One in this many auctions has a random seller; the rest the hot seller.
    public var hotSellersRatio = 4
    /// One in this many bids has a random bidder; the rest the hot bidder.
    public var hotBiddersRatio = 4
    /// Random sellers and bidders are drawn among the last this many persons.
    public var activePeople: Int64 = 1000
    /// Random auctions are drawn among the last this many auctions.
    public var inFlightAuctions: Int64 = 100

    /// A configuration with the generator's defaults for `events` events.
    public init(events: Int64, seed: UInt64 = 0, eventsPerSecond: Int = 10_000) {
        self.events = events
        self.seed = seed
        self.eventsPerSecond = eventsPerSecond
    }

    public var totalProportion: Int64 { personProportion + auctionProportion + bidProportion }

    /// Why these settings cannot make events, or nil when they can.
    public func problem() -> String? {
        if events <= 0 { return "the number of events must be positive (got \(events))" }
        if eventsPerSecond <= 0 { return "the rate must be a positive number of events per second of event time (got \(eventsPerSecond))" }
        if eventsPerSecond > 1_000_000_000 { return "the rate must be at most 1000000000 events per second (got \(eventsPerSecond))" }
        if personProportion <= 0 || auctionProportion <= 0 || bidProportion <= 0 {
            return "the proportions of persons, auctions and bids must be positive"
        }
        if hotAuctionRatio <= 0 || hotSellersRatio <= 0 || hotBiddersRatio <= 0 { return "the hot ratios must be positive" }
        if activePeople <= 0 || inFlightAuctions <= 0 { return "the active people and in-flight auctions must be positive" }
        // In floating point, so that a huge count cannot overflow before it is refused.
        let lastMillis = Double(baseTime) + Double(events) * 1000.0 / Double(eventsPerSecond)
        if lastMillis > 253_402_300_799_999 { return "the events would run past the year 9999" }
        return nil
    }

    // MARK: - Event time

    /// The event time of event number `n`: `baseTime` plus `n` inter-event delays, in whole
    /// milliseconds (the reference's `timestampForEvent`).
    public func timestamp(ofEvent n: Int64) -> Int64 {
        let delayMicros = 1_000_000.0 / Double(eventsPerSecond)
        return baseTime + Int64(Double(n) * delayMicros) / 1000
    }

    // MARK: - Ids (base 0: without the first id added)

    /// The last person made at or before event `eventId`: the person of this event when it
    /// is a person.
    public func lastBase0PersonId(_ eventId: Int64) -> Int64 {
        let epoch = eventId / totalProportion
        var offset = eventId % totalProportion
        if offset >= personProportion { offset = personProportion - 1 }
        return epoch * personProportion + offset
    }

    /// The last auction made at or before event `eventId` (-1 before the first).
    public func lastBase0AuctionId(_ eventId: Int64) -> Int64 {
        var epoch = eventId / totalProportion
        var offset = eventId % totalProportion
        if offset < personProportion {
            epoch -= 1
            offset = auctionProportion - 1
        } else if offset >= personProportion + auctionProportion {
            offset = auctionProportion - 1
        } else {
            offset -= personProportion
        }
        return epoch * auctionProportion + offset
    }

    /// How many person ids past the last one a random choice may name (a person whose
    /// event comes a little later, as if events were swapped in time).
    static let personIdLead: Int64 = 10
    /// The same for auctions.
    static let auctionIdLead: Int64 = 10
    /// Hot sellers, bidders and auctions are the first of each batch of this many.
    static let hotBatch: Int64 = 100

    /// A random person among the active ones, or a few ids ahead.
    func nextBase0PersonId(_ eventId: Int64, _ random: inout NexmarkRandom) -> Int64 {
        let people = lastBase0PersonId(eventId) + 1
        let active = min(people, activePeople)
        return people - active + random.nextLong(active + Self.personIdLead)
    }

    /// A random auction among those likely still open, or a few ids ahead.
    func nextBase0AuctionId(_ eventId: Int64, _ random: inout NexmarkRandom) -> Int64 {
        let maxAuction = lastBase0AuctionId(eventId)
        let minAuction = max(maxAuction - inFlightAuctions, 0)
        return minAuction + random.nextLong(maxAuction - minAuction + 1 + Self.auctionIdLead)
    }

    /// How long an auction made by event `n` at `timestamp` runs: on average until the
    /// auction `inFlightAuctions` later is made, so about that many are open at a time.
    func auctionLengthMillis(eventNumber n: Int64, timestamp: Int64, _ random: inout NexmarkRandom) -> Int64 {
        let eventsForAuctions = inFlightAuctions * totalProportion / auctionProportion
        let horizon = self.timestamp(ofEvent: n + eventsForAuctions) - timestamp
        return 1 + random.nextLong(max(horizon * 2, 1))
    }
}

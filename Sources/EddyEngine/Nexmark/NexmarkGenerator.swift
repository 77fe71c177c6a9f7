/// Makes the Nexmark event stream by the rules of the reference generator
/// (nexmark/nexmark's `NexmarkGenerator`, `PersonGenerator`, `AuctionGenerator`,
/// `BidGenerator`): events in event-time order, each a person, an auction or a bid by its
/// number, sellers and bidders among recent persons (most of them the "hot" ones), bids
/// mostly on the hot auction of the last hundred, log-uniform prices, four hot channels
/// and 10,000 others. The same configuration and seed give the same events.
///
/// Differences from the reference, on purpose: every random choice follows the seed (the
/// reference seeds its URLs and padding text from the clock); a bid's bidder is offset by
/// the first person id once (the Flink generator adds it twice, so its bidders name no
/// person); `extra` padding is lower-case letters. Events are never out of order
/// (the reference's default `outOfOrderGroupSize` of 1).
public struct NexmarkGenerator: IteratorProtocol, Sequence, Sendable {
    public let config: NexmarkConfig
    private var random: NexmarkRandom
    private let text: NexmarkText
    /// Events made so far; the next event's number.
    public private(set) var eventsSoFar: Int64 = 0

    /// A generator at the first event. Check `config.problem()` first: a configuration
    /// with a problem makes no events.
    public init(config: NexmarkConfig) {
        self.config = config
        random = NexmarkRandom(seed: config.seed)
        text = NexmarkText(seed: config.seed)
    }

    public mutating func next() -> NexmarkEvent? {
        guard eventsSoFar < config.events, eventsSoFar > 0 || config.problem() == nil else { return nil }
        let n = eventsSoFar
        let timestamp = config.timestamp(ofEvent: n)
        let kind = n % config.totalProportion
        let event: NexmarkEvent
        if kind < config.personProportion {
            event = .person(nextPerson(n, timestamp))
        } else if kind < config.personProportion + config.auctionProportion {
            event = .auction(nextAuction(n, timestamp))
        } else {
            event = .bid(nextBid(n, timestamp))
        }
        eventsSoFar += 1
        return event
    }

    private mutating func nextPerson(_ eventId: Int64, _ timestamp: Int64) -> NexmarkPerson {
        let id = config.lastBase0PersonId(eventId) + NexmarkConfig.firstPersonId
        let name = NexmarkText.nextPersonName(&random)
        let email = NexmarkText.nextEmail(&random)
        let card = NexmarkText.nextCreditCard(&random)
        let city = NexmarkText.usCities[random.nextInt(NexmarkText.usCities.count)]
        let state = NexmarkText.usStates[random.nextInt(NexmarkText.usStates.count)]
        let size = 8 + name.utf8.count + email.utf8.count + card.utf8.count + city.utf8.count + state.utf8.count
        let extra = text.nextExtra(&random, currentSize: size, averageSize: config.averagePersonBytes)
        return NexmarkPerson(
            id: id, name: name, emailAddress: email, creditCard: card, city: city, state: state, dateTime: timestamp,
            extra: extra)
    }

    private mutating func nextAuction(_ eventId: Int64, _ timestamp: Int64) -> NexmarkAuction {
        let id = config.lastBase0AuctionId(eventId) + NexmarkConfig.firstAuctionId
        let seller: Int64
        if random.nextInt(config.hotSellersRatio) > 0 {
            // The first person of the last batch of a hundred.
            seller = config.lastBase0PersonId(eventId) / NexmarkConfig.hotBatch * NexmarkConfig.hotBatch
        } else {
            seller = config.nextBase0PersonId(eventId, &random)
        }
        let category = NexmarkConfig.firstCategoryId + Int64(random.nextInt(5))
        let initialBid = NexmarkText.nextPrice(&random)
        let expires = timestamp + config.auctionLengthMillis(eventNumber: eventId, timestamp: timestamp, &random)
        let name = NexmarkText.nextString(&random, maxLength: 20)
        let description = NexmarkText.nextString(&random, maxLength: 100)
        let reserve = initialBid + NexmarkText.nextPrice(&random)
        let size = 8 + name.utf8.count + description.utf8.count + 40
        let extra = text.nextExtra(&random, currentSize: size, averageSize: config.averageAuctionBytes)
        return NexmarkAuction(
            id: id, itemName: name, description: description, initialBid: initialBid, reserve: reserve,
            dateTime: timestamp, expires: expires, seller: seller + NexmarkConfig.firstPersonId, category: category,
            extra: extra)
    }

    private mutating func nextBid(_ eventId: Int64, _ timestamp: Int64) -> NexmarkBid {
        let batch = NexmarkConfig.hotBatch
        var auction: Int64
        if random.nextInt(config.hotAuctionRatio) > 0 {
            auction = config.lastBase0AuctionId(eventId) / batch * batch
        } else {
            auction = config.nextBase0AuctionId(eventId, &random)
        }
        auction += NexmarkConfig.firstAuctionId
        var bidder: Int64
        if random.nextInt(config.hotBiddersRatio) > 0 {
            // The second person of the batch, so that hot bidders are not hot sellers.
            bidder = config.lastBase0PersonId(eventId) / batch * batch + 1
        } else {
            bidder = config.nextBase0PersonId(eventId, &random)
        }
        bidder += NexmarkConfig.firstPersonId
        let price = NexmarkText.nextPrice(&random)
        let channel: String
        let url: String
        if random.nextInt(2) > 0 {
            let i = random.nextInt(NexmarkText.hotChannels.count)
            channel = NexmarkText.hotChannels[i]
            url = text.hotUrls[i]
        } else {
            (channel, url) = text.channels[random.nextInt(NexmarkText.channelCount)]
        }
        let extra = text.nextExtra(&random, currentSize: 32, averageSize: config.averageBidBytes)
        return NexmarkBid(
            auction: auction, bidder: bidder, price: price, channel: channel, url: url, dateTime: timestamp, extra: extra)
    }
}

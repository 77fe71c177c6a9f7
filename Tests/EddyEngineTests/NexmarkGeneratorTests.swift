@testable import EddyEngine
import Testing

/// The Nexmark generator follows the reference generator's rules and repeats for a seed.
@Suite("Nexmark generator")
struct NexmarkGeneratorTests {
    static func events(_ n: Int64, seed: UInt64 = 0, rate: Int = 10_000) -> [NexmarkEvent] {
        Array(NexmarkGenerator(config: NexmarkConfig(events: n, seed: seed, eventsPerSecond: rate)))
    }

    /// The same draws as Java's `new SplittableRandom(42)` (values printed by Java 17), so
    /// that the generator's random choices mean what the reference's mean.
    @Test func randomNumbersAreJavasSplittableRandom() {
        var r = NexmarkRandom(seed: 42)
        #expect((0..<4).map { _ in r.nextInt(100) } == [31, 56, 81, 72])
        #expect(r.nextInt(10_000) == 6781)
        #expect(r.nextInt(26) == 19)
        #expect(r.nextInt(13) == 12)
        #expect(Int64(bitPattern: r.nextUInt64()) == -3_677_692_746_721_775_708)
        #expect(r.nextDouble() == 0.3399310389170206)
        #expect(r.nextInt(1 << 20) == 49956)
        #expect(r.nextInt(1_000_000_007) == 517_437_945)
    }

    @Test func aSeedGivesTheSameEventsAndAnotherSeedOthers() {
        let a = Self.events(2_000, seed: 7)
        #expect(a == Self.events(2_000, seed: 7))
        let b = Self.events(2_000, seed: 8)
        #expect(a.count == b.count)
        #expect(a != b)
        // The structure (kinds, ids, times) does not depend on the seed, the choices do.
        #expect(a.map(\.dateTime) == b.map(\.dateTime))
    }

    @Test func onePersonThreeAuctionsFortySixBidsInEveryFifty() {
        let all = Self.events(5_000)
        for start in stride(from: 0, to: 5_000, by: 50) {
            var persons = 0, auctions = 0, bids = 0
            for e in all[start..<(start + 50)] {
                switch e {
                case .person: persons += 1
                case .auction: auctions += 1
                case .bid: bids += 1
                }
            }
            #expect(persons == 1 && auctions == 3 && bids == 46, "events \(start)..<\(start + 50)")
        }
        // Event n is a person when n mod 50 is 0, an auction for 1...3.
        if case .person = all[100] {} else { Issue.record("event 100 is not a person") }
        if case .auction = all[103] {} else { Issue.record("event 103 is not an auction") }
        if case .bid = all[104] {} else { Issue.record("event 104 is not a bid") }
    }

    @Test func idsAreDenseAndReferencesNameRecentPersonsAndAuctions() {
        var persons: [Int64] = [], auctions: [Int64] = []
        var references = 0, dangling = 0
        var hotSellers = 0, hotBidders = 0, hotAuctions = 0, bidCount = 0, auctionCount = 0
        for e in Self.events(100_000) {
            switch e {
            case .person(let p):
                #expect(p.id == NexmarkConfig.firstPersonId + Int64(persons.count))
                persons.append(p.id)
            case .auction(let a):
                #expect(a.id == NexmarkConfig.firstAuctionId + Int64(auctions.count))
                auctions.append(a.id)
                auctionCount += 1
                // A seller is a person made already or at most 10 ids ahead (the reference's lead).
                #expect(a.seller >= NexmarkConfig.firstPersonId && a.seller <= persons.last! + 10)
                references += 1
                if a.seller > persons.last! { dangling += 1 }
                if (a.seller - NexmarkConfig.firstPersonId) % 100 == 0 { hotSellers += 1 }
                #expect((10...14).contains(a.category))
                #expect(a.expires > a.dateTime)
                #expect(a.reserve >= a.initialBid && a.initialBid >= 100 && a.initialBid <= 100_000_000)
            case .bid(let b):
                bidCount += 1
                #expect(b.auction >= NexmarkConfig.firstAuctionId && b.auction <= auctions.last! + 10)
                #expect(b.bidder >= NexmarkConfig.firstPersonId && b.bidder <= persons.last! + 10)
                references += 2
                if b.auction > auctions.last! { dangling += 1 }
                if b.bidder > persons.last! { dangling += 1 }
                if (b.auction - NexmarkConfig.firstAuctionId) % 100 == 0 { hotAuctions += 1 }
                if (b.bidder - NexmarkConfig.firstPersonId) % 100 == 1 { hotBidders += 1 }
                #expect(b.price >= 100 && b.price <= 100_000_000)
            }
        }
        #expect(persons.count == 2_000 && auctions.count == 6_000)
        // Ids ahead of the last made are rare: random choices may run up to 10 ids ahead,
        // and the hot bidder (the second of a hundred) is named in the 49 events after the
        // first of a hundred is made (about 3% of references in all).
        #expect(Double(dangling) / Double(references) < 0.04)
        // Hot ratios 4, 4 and 2: 3/4 of sellers and bidders and 1/2 of auctions are hot (a
        // random choice can land on a hot id too, so a little more).
        #expect((0.74...0.78).contains(Double(hotSellers) / Double(auctionCount)))
        #expect((0.74...0.78).contains(Double(hotBidders) / Double(bidCount)))
        #expect((0.49...0.53).contains(Double(hotAuctions) / Double(bidCount)))
    }

    @Test func eventTimeAdvancesFromTheBaseTimeAtTheRate() {
        let all = Self.events(30_000, rate: 1_000)
        #expect(all[0].dateTime == NexmarkConfig.defaultBaseTime)
        // 1,000 events a second: event n at n ms.
        #expect(all[12_345].dateTime == NexmarkConfig.defaultBaseTime + 12_345)
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.dateTime <= $1.dateTime })
        // At 10,000 a second, ten events share a millisecond and a million last 100 s.
        let fast = NexmarkConfig(events: 1_000_000)
        #expect(fast.timestamp(ofEvent: 999_999) == NexmarkConfig.defaultBaseTime + 99_999)
    }

    @Test func channelsUrlsAndStringsFollowTheReference() {
        var hot = 0, bids = 0, withId = 0, others = 0
        for e in Self.events(20_000) {
            switch e {
            case .person(let p):
                #expect(NexmarkText.usStates.contains(p.state) && NexmarkText.usCities.contains(p.city))
                #expect(p.creditCard.count == 19 && p.emailAddress.hasSuffix(".com"))
            case .auction(let a):
                #expect(!a.itemName.isEmpty && a.itemName.count < 20 && a.description.count < 100)
            case .bid(let b):
                bids += 1
                #expect(b.url.hasPrefix("https://www.nexmark.com/"))
                #expect(b.url.split(separator: "/").count == 6)
                if NexmarkText.hotChannels.contains(b.channel) {
                    hot += 1
                } else {
                    #expect(b.channel.hasPrefix("channel-"))
                    others += 1
                    if b.url.contains("&channel_id=") { withId += 1 }
                }
            }
        }
        #expect((0.47...0.53).contains(Double(hot) / Double(bids)))
        #expect((0.86...0.94).contains(Double(withId) / Double(others)))
    }

    @Test func extraPadsEventsToTheirAverageSize() {
        var bidBytes = 0, bids = 0
        for case .bid(let b) in Self.events(10_000) {
            bidBytes += 32 + b.extra.utf8.count
            bids += 1
        }
        let average = Double(bidBytes) / Double(bids)
        #expect((95.0...105.0).contains(average))
    }

    @Test(arguments: [
        (NexmarkConfig(events: 0), "number of events must be positive"),
        (NexmarkConfig(events: 10, eventsPerSecond: 0), "rate must be a positive"),
        (NexmarkConfig(events: Int64.max / 2, eventsPerSecond: 1), "past the year 9999"),
    ])
    func badConfigurationsAreRefused(config: NexmarkConfig, message: String) {
        #expect(config.problem()?.contains(message) == true, "\(config.problem() ?? "no problem")")
        var g = NexmarkGenerator(config: config)
        #expect(g.next() == nil)
    }
}

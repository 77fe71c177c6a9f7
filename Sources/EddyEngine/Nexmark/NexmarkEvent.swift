/// A person who registers to sell or bid (Nexmark's `Person`).
public struct NexmarkPerson: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var emailAddress: String
    public var creditCard: String
    public var city: String
    public var state: String
    /// Event time, epoch milliseconds (UTC).
    public var dateTime: Int64
    /// Padding to the configured average size.
    public var extra: String
}

/// An item put up for auction by a seller (Nexmark's `Auction`).
public struct NexmarkAuction: Sendable, Equatable {
    public var id: Int64
    public var itemName: String
    public var description: String
    public var initialBid: Int64
    public var reserve: Int64
    public var dateTime: Int64
    /// When the auction closes, epoch milliseconds (after `dateTime`).
    public var expires: Int64
    /// The person id of the seller.
    public var seller: Int64
    public var category: Int64
    public var extra: String
}

/// A bid on an auction (Nexmark's `Bid`).
public struct NexmarkBid: Sendable, Equatable {
    public var auction: Int64
    /// The person id of the bidder.
    public var bidder: Int64
    /// In cents.
    public var price: Int64
    public var channel: String
    public var url: String
    public var dateTime: Int64
    public var extra: String
}

/// One event of the Nexmark stream.
public enum NexmarkEvent: Sendable, Equatable {
    case person(NexmarkPerson)
    case auction(NexmarkAuction)
    case bid(NexmarkBid)

    /// The event's event time, epoch milliseconds.
    public var dateTime: Int64 {
        switch self {
        case .person(let p): p.dateTime
        case .auction(let a): a.dateTime
        case .bid(let b): b.dateTime
        }
    }
}

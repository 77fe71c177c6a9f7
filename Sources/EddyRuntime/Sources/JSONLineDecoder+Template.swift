import EddyCore

/// The decoder's fast path: a line read by the shape of the lines before it (see
/// `JSONLineTemplate`). Each value parser here takes only the common forms (plain strings,
/// integers, decimals of up to 15 digits, ISO timestamps without escapes) and gives the
/// same value the general path gives for them; anything else sends the line back.
extension JSONLineDecoder {
    /// Decodes `p` by `shape`. False, leaving no trace in the batch, when the line does not
    /// have that shape or holds a value the fast parsers leave to the general path.
    mutating func decodeByTemplate(_ p: UnsafeBufferPointer<UInt8>, _ shape: JSONLineTemplate) -> Bool {
        // The columns and caches are borrowed once for the line, not once per value.
        builders.withUnsafeMutableBufferPointer { columns in
            strings.withUnsafeMutableBufferPointer { caches in
                Self.read(p, shape, columns, caches)
            }
        }
    }

    private typealias Columns = UnsafeMutableBufferPointer<ColumnBuilder>
    private typealias Caches = UnsafeMutableBufferPointer<ShortStringCache>

    private static func read(_ p: UnsafeBufferPointer<UInt8>, _ shape: JSONLineTemplate, _ columns: Columns, _ caches: Caches) -> Bool {
        guard let base = p.baseAddress else { return false }
        let n = p.count
        var i = 0
        var done = 0
        while done < shape.stepCount {
            let step = shape.steps[done]
            guard shape.matches(base, i, n, step.literalStart, step.literalLength) else {
                rollBack(shape, written: done, columns)
                return false
            }
            i &+= step.literalLength
            guard i < n, let end = readValue(p, i, step, required: shape.required, columns, caches) else {
                rollBack(shape, written: done, columns)
                return false
            }
            i = end
            done &+= 1
        }
        guard shape.matches(base, i, n, shape.closingStart, shape.closingLength), i &+ shape.closingLength == n else {
            rollBack(shape, written: done, columns)
            return false
        }
        for t in shape.absent { columns[t].appendNull() }
        return true
    }

    private static func rollBack(_ shape: JSONLineTemplate, written: Int, _ columns: Columns) {
        for s in 0..<written where shape.steps[s].target >= 0 {
            columns[shape.steps[s].target].removeLast()
        }
    }

    /// Parses the value at `start` into the step's target and returns the index after it;
    /// nil, writing nothing, for a value the general path should read.
    @inline(__always)
    private static func readValue(
        _ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ step: JSONLineTemplate.Step, required: Int, _ columns: Columns, _ caches: Caches
    ) -> Int? {
        let c = p[start]
        let t = step.target
        if step.kind == .skip {
            if c == UInt8(ascii: "\""), let (_, e) = plainString(p, start) { return e &+ 1 }
            if c == UInt8(ascii: "-") || c &- 48 < 10 { return numberEnd(p, start) }
            return try? skipValue(p, start, depth: 0)
        }
        if c == UInt8(ascii: "n") {
            guard t != required, isWord(p, start, "null") else { return nil }
            columns[t].appendNull()
            return start &+ 4
        }
        switch step.kind {
        case .skip:
            return nil  // skipped above, before a null could be taken for a value
        case .integer, .timestamp:
            if c == UInt8(ascii: "\"") {
                guard step.kind == .timestamp, let (s, e) = plainString(p, start),
                    let ms = Timestamps.parse(UnsafeBufferPointer(rebasing: p[s..<e]))
                else { return nil }
                columns[t].appendInt(ms)
                return e &+ 1
            }
            guard let (end, value) = integer(p, start) else { return nil }
            if step.kind == .timestamp && !Timestamps.isInRange(value) { return nil }
            columns[t].appendInt(value)
            return end
        case .double:
            guard let (end, value) = decimal(p, start) else { return nil }
            columns[t].appendDouble(value)
            return end
        case .boolean:
            if isWord(p, start, "true") {
                columns[t].appendBool(true)
                return start &+ 4
            }
            if isWord(p, start, "false") {
                columns[t].appendBool(false)
                return start &+ 5
            }
            return nil
        case .text:
            if c == UInt8(ascii: "\""), let base = p.baseAddress {
                guard let (s, e) = plainString(p, start) else { return nil }
                columns[t].appendString(caches[t].string(base, s, e &- s, end: p.count))
                return e &+ 1
            }
            // A number, boolean or nested value kept as its JSON text, as the general path does.
            guard let end = try? skipValue(p, start, depth: 0) else { return nil }
            columns[t].appendString(String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self))
            return end
        }
    }

    /// The content range of the string whose opening quote is at `quote`, when it has no
    /// escapes and ends on the line. Eight bytes at a time while the line has them, then
    /// the line's last word (without the bytes already seen).
    @inline(__always)
    private static func plainString(_ p: UnsafeBufferPointer<UInt8>, _ quote: Int) -> (Int, Int)? {
        guard let base = p.baseAddress else { return nil }
        @inline(__always) func word(at i: Int) -> UInt64 { ByteWords.load(base + i) }
        // The first flagged byte ends the string if it is a quote; a backslash sends the
        // string to the general path.
        @inline(__always) func ending(at k: Int) -> (Int, Int)? {
            p[k] == UInt8(ascii: "\"") ? (quote &+ 1, k) : nil
        }
        var j = quote &+ 1
        while j &+ 8 <= p.count {
            let found = quotesOrBackslashes(word(at: j))
            if found != 0 { return ending(at: j &+ found.trailingZeroBitCount &>> 3) }
            j &+= 8
        }
        if j < p.count && p.count >= 8 {
            let found = quotesOrBackslashes(word(at: p.count &- 8) &>> UInt64(8 &* (j &- (p.count &- 8))))
            return found == 0 ? nil : ending(at: j &+ found.trailingZeroBitCount &>> 3)
        }
        while j < p.count {  // a line shorter than a word
            let b = p[j]
            if b == UInt8(ascii: "\"") { return (quote &+ 1, j) }
            if b == UInt8(ascii: "\\") { return nil }
            j &+= 1
        }
        return nil
    }

    /// The high bit of each byte of `word` that is a quote or a backslash, exact up to the
    /// first one (a byte equal to the pattern becomes zero after the xor, and
    /// `(x - 0x01..) & ~x & 0x80..` flags the lowest zero byte; borrows only disturb the
    /// bytes above it).
    @inline(__always)
    private static func quotesOrBackslashes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ 0x2222_2222_2222_2222  // '"' in every byte
        let backslashes = word ^ 0x5C5C_5C5C_5C5C_5C5C  // '\\'
        return (((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)) & 0x8080_8080_8080_8080
    }

    /// An optionally negative run of 1 to 18 digits (always within Int64), and the index
    /// after it. The first eight digits are read as one word when the line has them.
    @inline(__always)
    private static func integer(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> (Int, Int64)? {
        var i = start
        let negative = p[i] == UInt8(ascii: "-")
        if negative { i &+= 1 }
        let first = i
        var value: UInt64 = 0
        if i &+ 8 <= p.count, let base = p.baseAddress {
            let word = ByteWords.load(base + i)
            if isEightDigits(word) {
                value = eightDigits(word)
                i &+= 8
            }
        }
        i = digits(p, from: i, into: &value)
        let count = i &- first
        guard count > 0 && count <= 18 else { return nil }
        return (i, negative ? 0 &- Int64(value) : Int64(value))
    }

    /// Adds the digits from `start` on to `value` (wrapping: callers bound the count); the
    /// index after them.
    @inline(__always)
    private static func digits(_ p: UnsafeBufferPointer<UInt8>, from start: Int, into value: inout UInt64) -> Int {
        var i = start
        while i < p.count {
            let d = p[i] &- 48
            if d >= 10 { break }
            value = value &* 10 &+ UInt64(d)
            i &+= 1
        }
        return i
    }

    /// Whether all eight bytes of `word` are ASCII digits: each byte's high nibble is 3,
    /// and adding 6 does not carry into it (which a byte above '9' would).
    @inline(__always)
    private static func isEightDigits(_ word: UInt64) -> Bool {
        let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        return (word & high) | (((word &+ 0x0606_0606_0606_0606) & high) &>> 4) == 0x3333_3333_3333_3333
    }

    /// The number eight ASCII digits spell, the first in the lowest byte: pairs of digits
    /// are combined, then pairs of pairs, then the two halves, one multiplication each.
    @inline(__always)
    private static func eightDigits(_ word: UInt64) -> UInt64 {
        var v = word & 0x0F0F_0F0F_0F0F_0F0F
        v = (v &* (10 &<< 8 &+ 1)) &>> 8
        v = ((v & 0x00FF_00FF_00FF_00FF) &* (100 &<< 16 &+ 1)) &>> 16
        return ((v & 0x0000_FFFF_0000_FFFF) &* (10_000 &<< 32 &+ 1)) &>> 32
    }

    /// A number of at most 15 digits without an exponent, computed as the general path
    /// computes it (an integer converted; a decimal as its digits over a power of ten).
    @inline(__always)
    private static func decimal(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> (Int, Double)? {
        guard let (afterInteger, integerPart) = integer(p, start) else { return nil }
        guard afterInteger < p.count, p[afterInteger] == UInt8(ascii: ".") else {
            return (afterInteger, Double(integerPart))
        }
        let negative = p[start] == UInt8(ascii: "-")
        var mantissa = UInt64(integerPart.magnitude)
        var count = afterInteger &- start &- (negative ? 1 : 0)
        let fractionStart = afterInteger &+ 1
        let i = digits(p, from: fractionStart, into: &mantissa)
        let fractionDigits = i &- fractionStart
        count &+= fractionDigits
        guard count <= 15 else { return nil }
        let magnitude = Double(mantissa) / powersOfTen[fractionDigits]
        return (i, negative ? -magnitude : magnitude)
    }

    @inline(__always)
    private static func isWord(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard start &+ count <= p.count else { return false }
        let w = word.utf8Start
        for k in 0..<count where p[start &+ k] != w[k] { return false }
        return true
    }
}

import EddyCore

/// CONCAT_WS, REPLACE, TRIM, LTRIM, RTRIM, SPLIT_INDEX, POSITION, LOCATE, INITCAP, LPAD,
/// RPAD, REVERSE and REPEAT, as Flink computes them. Positions and lengths count Unicode
/// code points, as Flink's binary strings do.
enum StringFunctionKernels {
    /// Results longer than this are NULL: Flink would fail the job, Eddy must not run out
    /// of memory on `REPEAT(s, 1000000000)`.
    static let maxResultBytes = 64 << 20

    /// `CONCAT_WS(separator, a, b, ...)`: NULL arguments are skipped; a NULL separator
    /// gives NULL.
    static func concatWs(_ kernels: [Kernel]) -> Kernel {
        return { batch in
            let sep = kernels[0](batch)
            let parts = kernels.dropFirst().map { $0(batch) }
            let separators = sep.strings, texts = parts.map(\.strings)
            return RowWise.strings([sep], rowCount: batch.rowCount) { i in
                var out = ""
                var first = true
                for (k, column) in parts.enumerated() where !column.isNull(i) {
                    if !first { out += separators[i] }
                    out += texts[k][i]
                    first = false
                }
                return out
            }
        }
    }

    /// `REPLACE(text, from, to)`: every non-overlapping occurrence, left to right; an empty
    /// `from` inserts `to` around every character (as Java's String.replace).
    static func replace(_ kernels: [Kernel]) -> Kernel {
        ternaryStrings(kernels) { s, from, to in
            if from.isEmpty {
                let (inserted, overflow) = (s.unicodeScalars.count + 1).multipliedReportingOverflow(by: to.utf8.count)
                guard !overflow, inserted + s.utf8.count <= maxResultBytes else { return nil }
                var out = to
                for scalar in s.unicodeScalars {
                    out.unicodeScalars.append(scalar)
                    out += to
                }
                return out
            }
            let hay = Array(s.utf8), needle = Array(from.utf8), replacement = Array(to.utf8)
            var out: [UInt8] = []
            out.reserveCapacity(hay.count)
            var i = 0
            while let hit = firstIndex(of: needle, in: hay, from: i) {
                out.append(contentsOf: hay[i..<hit])
                out.append(contentsOf: replacement)
                i = hit + needle.count
                if out.count > maxResultBytes { return nil }
            }
            out.append(contentsOf: hay[i...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `TRIM(mode, characters, text)`: removes every leading and/or trailing character that
    /// is one of `characters` (a set, not a sequence).
    static func trim(mode: String?, _ kernels: [Kernel]) -> Kernel {
        let leading = mode != "TRAILING", trailing = mode != "LEADING"
        return { batch in
            let chars = kernels[1](batch), text = kernels[2](batch)
            let sets = chars.strings, texts = text.strings
            return RowWise.strings([chars, text], rowCount: batch.rowCount) { i in
                trimmed(texts[i], Set(sets[i].unicodeScalars), leading: leading, trailing: trailing)
            }
        }
    }

    /// `LTRIM(text [, characters])` and `RTRIM(...)`; spaces by default.
    static func trimSide(leading: Bool, _ kernels: [Kernel]) -> Kernel {
        return { batch in
            let text = kernels[0](batch)
            let chars = kernels.count > 1 ? kernels[1](batch) : nil
            let texts = text.strings, sets = chars?.strings
            return RowWise.strings([text] + (chars.map { [$0] } ?? []), rowCount: batch.rowCount) { i in
                trimmed(texts[i], Set((sets?[i] ?? " ").unicodeScalars), leading: leading, trailing: !leading)
            }
        }
    }

    static func trimmed(_ s: String, _ set: Set<Unicode.Scalar>, leading: Bool, trailing: Bool) -> String {
        let scalars = s.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        if leading {
            while start < end, set.contains(scalars[start]) { start = scalars.index(after: start) }
        }
        if trailing {
            while end > start, set.contains(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        }
        return String(Substring(scalars[start..<end]))
    }

    /// `SPLIT_INDEX(text, delimiter, index)`: the index-th (from 0) piece of the text split
    /// at every delimiter, empty pieces kept; NULL for a negative index, an index past the
    /// last piece, or an empty text. An empty delimiter splits at whitespace (as Flink).
    static func splitIndex(_ kernels: [Kernel]) -> Kernel {
        return { batch in
            let a = kernels[0](batch), b = kernels[1](batch), c = kernels[2](batch)
            let texts = a.strings, delimiters = b.strings, indices = c.ints
            return RowWise.strings([a, b, c], rowCount: batch.rowCount) { i in
                piece(of: texts[i], at: delimiters[i], index: indices[i])
            }
        }
    }

    static func piece(of s: String, at delimiter: String, index: Int64) -> String? {
        guard index >= 0, !s.isEmpty else { return nil }
        if delimiter.isEmpty {
            let parts = s.unicodeScalars.split(omittingEmptySubsequences: false, whereSeparator: isJavaWhitespace)
            return index < parts.count ? String(Substring(parts[Int(index)])) : nil
        }
        let hay = Array(s.utf8), needle = Array(delimiter.utf8)
        var start = 0
        var k: Int64 = 0
        while true {
            let hit = firstIndex(of: needle, in: hay, from: start)
            if k == index { return String(decoding: hay[start..<(hit ?? hay.count)], as: UTF8.self) }
            guard let hit else { return nil }
            start = hit + needle.count
            k += 1
        }
    }

    /// Java's Character.isWhitespace: Unicode spaces except the no-break ones, and the
    /// ASCII separators.
    static func isJavaWhitespace(_ c: Unicode.Scalar) -> Bool {
        if (0x09...0x0D).contains(c.value) || (0x1C...0x1F).contains(c.value) { return true }
        if c == "\u{00A0}" || c == "\u{2007}" || c == "\u{202F}" { return false }
        switch c.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// `POSITION(needle IN text)` and `LOCATE(needle, text [, from])`: the 1-based position
    /// of the first occurrence at or after `from`, 0 when there is none; an empty needle is
    /// at 1 (as Flink's binary strings find it).
    static func locate(_ kernels: [Kernel]) -> Kernel {
        return { batch in
            let columns = kernels.map { $0(batch) }
            let needles = columns[0].strings, texts = columns[1].strings
            let starts = columns.count > 2 ? columns[2].ints : nil
            return RowWise.ints(columns, rowCount: batch.rowCount) { i in
                let from = starts.map { $0[i] <= 0 ? 0 : Int(clamping: $0[i] - 1) } ?? 0
                return Int64(position(of: needles[i], in: texts[i], from: from) + 1)
            }
        }
    }

    /// The 0-based code point index of `needle` in `s` at or after `from`, or -1.
    static func position(of needle: String, in s: String, from: Int) -> Int {
        let n = Array(needle.unicodeScalars)
        if n.isEmpty { return 0 }
        let h = Array(s.unicodeScalars)
        var i = min(max(0, from), h.count)
        repeat {
            if i + n.count > h.count { return -1 }
            if h[i] == n[0] && h[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        } while i < h.count
        return -1
    }

    /// `INITCAP(text)`: ASCII letters upper-cased at the start of a word and lower-cased
    /// inside it, a word being a run of ASCII letters and digits (as Flink).
    static func initcap(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var start = true
        for c in s.unicodeScalars {
            let v = c.value
            let digit = (48...57).contains(v), upper = (65...90).contains(v), lower = (97...122).contains(v)
            if start {
                if digit || upper || lower { start = false }
                out.append(lower ? Unicode.Scalar(UInt8(v - 32)) : c)
            } else {
                if !(digit || upper || lower) { start = true }
                out.append(upper ? Unicode.Scalar(UInt8(v + 32)) : c)
            }
        }
        return String(out)
    }

    /// `LPAD(text, length, pad)` / `RPAD`: the text cut or padded to `length` characters;
    /// NULL for a negative length or an empty pad.
    static func pad(left: Bool, _ kernels: [Kernel]) -> Kernel {
        return { batch in
            let a = kernels[0](batch), b = kernels[1](batch), c = kernels[2](batch)
            let texts = a.strings, lengths = b.ints, pads = c.strings
            return RowWise.strings([a, b, c], rowCount: batch.rowCount) { i in
                padded(texts[i], to: lengths[i], with: pads[i], left: left)
            }
        }
    }

    static func padded(_ s: String, to length: Int64, with pad: String, left: Bool) -> String? {
        guard length >= 0, !pad.isEmpty, length <= maxResultBytes / 4 else { return nil }
        let len = Int(length)
        let base = Array(s.unicodeScalars), fill = Array(pad.unicodeScalars)
        let padding = max(len - base.count, 0)
        var out = String.UnicodeScalarView()
        if left { for k in 0..<padding { out.append(fill[k % fill.count]) } }
        for c in base.prefix(len) { out.append(c) }
        if !left { for k in 0..<padding { out.append(fill[k % fill.count]) } }
        return String(out)
    }

    static func reverse(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.reversed()))
    }

    /// `REPEAT(text, n)`: empty for n <= 0.
    static func repeatText(_ kernels: [Kernel]) -> Kernel {
        return { batch in
            let a = kernels[0](batch), b = kernels[1](batch)
            let texts = a.strings, counts = b.ints
            return RowWise.strings([a, b], rowCount: batch.rowCount) { i in
                guard counts[i] > 0 else { return "" }
                let (bytes, overflow) = Int64(texts[i].utf8.count).multipliedReportingOverflow(by: counts[i])
                guard !overflow, bytes <= maxResultBytes else { return nil }
                return String(repeating: texts[i], count: Int(counts[i]))
            }
        }
    }

    // MARK: - Helpers

    private static func ternaryStrings(_ kernels: [Kernel], _ body: @escaping (String, String, String) -> String?) -> Kernel {
        return { batch in
            let a = kernels[0](batch), b = kernels[1](batch), c = kernels[2](batch)
            let x = a.strings, y = b.strings, z = c.strings
            return RowWise.strings([a, b, c], rowCount: batch.rowCount) { i in body(x[i], y[i], z[i]) }
        }
    }

    /// The first index at or after `from` where `needle` (not empty) starts in `hay`.
    static func firstIndex(of needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, hay.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == first && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

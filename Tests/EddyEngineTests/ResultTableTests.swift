import EddyCore
import Testing

@testable import EddyEngine

@Suite("Result table: a changelog applied in place")
struct ResultTableTests {
    @Test func anUpdateTakesThePlaceOfTheRowItReplaces() {
        var table = ResultTable()
        table.apply([.string("a"), .int(1)], kind: .insert)
        table.apply([.string("b"), .int(1)], kind: .insert)
        table.apply([.string("a"), .int(1)], kind: .updateBefore)
        table.apply([.string("a"), .int(2)], kind: .updateAfter)
        #expect(table.rows == [[.string("a"), .int(2)], [.string("b"), .int(1)]])
        #expect(table.count == 2)
        #expect(table.changes == 4)
    }

    @Test func deletesRemoveOneEqualRow() {
        var table = ResultTable()
        table.apply([.int(1)], kind: .insert)
        table.apply([.int(1)], kind: .insert)
        table.apply([.int(1)], kind: .delete)
        table.apply([.int(9)], kind: .delete)  // nothing equal: ignored
        #expect(table.rows == [[.int(1)]])
    }

    @Test func manyRetractionsKeepTheOrder() {
        var table = ResultTable()
        for i in 0..<200 { table.apply([.int(Int64(i))], kind: .insert) }
        for i in stride(from: 0, to: 200, by: 2) { table.apply([.int(Int64(i))], kind: .delete) }
        #expect(table.rows == stride(from: 1, to: 200, by: 2).map { [.int(Int64($0))] })
        for i in stride(from: 1, to: 100, by: 2) { table.apply([.int(Int64(i))], kind: .delete) }
        #expect(table.rows == stride(from: 101, to: 200, by: 2).map { [.int(Int64($0))] })
        table.apply([.int(199)], kind: .updateBefore)
        table.apply([.int(1000)], kind: .updateAfter)
        #expect(table.rows.last == [.int(1000)])
        #expect(table.count == 50)
    }

    @Test func theFirstRowsAreWhatFitsOnTheScreen() {
        var table = ResultTable()
        for i in 0..<5 { table.apply([.int(Int64(i))], kind: .insert) }
        table.apply([.int(1)], kind: .delete)
        #expect(table.firstRows(2) == [[.int(0)], [.int(2)]])
        #expect(table.firstRows(10).count == 4)
    }
}

extension ResultCell {
    static func string(_ s: String) -> ResultCell { ResultCell(.string(s)) }
    static func int(_ i: Int64) -> ResultCell { ResultCell(.int(i)) }
}

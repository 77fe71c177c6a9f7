/// Written types: `BIGINT`, `VARCHAR(20)`, `DECIMAL(10, 2)`, `TIMESTAMP(3)`.
extension Parser {
    /// `name [(integer {, integer})]`, upper-cased; the analyzer decides which types exist.
    /// `TIMESTAMP(p) WITH LOCAL TIME ZONE` is Flink's long name of `TIMESTAMP_LTZ(p)`.
    mutating func typeName(of what: String, example: String) throws(Diagnostic) -> TypeName {
        let start = current.span.start
        guard current.kind == .word, !(current.keywordKind?.isReserved ?? false) else {
            throw expected("the type of \(what)", help: "for example: \(example)")
        }
        var name = advance().text.uppercased()
        var parameters: [Int] = []
        if at(.leftParenthesis) {
            let open = advance()
            parameters = try commaSeparated { (p: inout Parser) throws(Diagnostic) -> Int in
                guard p.current.kind == .number, let n = Int(p.current.text) else {
                    throw p.expected("a whole number in the parentheses of \(name)")
                }
                p.advance()
                return n
            }
            try expectClosing(open, list: "the parameters of \(name)")
        }
        if name == "TIMESTAMP" && at(.with) && peek().is(.local) {
            advance()
            advance()
            try expect(.time, "after 'WITH LOCAL'", help: "write TIMESTAMP(3) WITH LOCAL TIME ZONE")
            try expect(.zone, "after 'WITH LOCAL TIME'", help: "write TIMESTAMP(3) WITH LOCAL TIME ZONE")
            name = "TIMESTAMP_LTZ"
        }
        return TypeName(name: name, parameters: parameters, span: span(from: start))
    }
}

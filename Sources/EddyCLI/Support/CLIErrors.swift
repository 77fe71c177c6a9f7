import ArgumentParser
import EddyEngine

/// Prints the errors a command can meet the way a user wants them, then exits 1.
enum CLIErrors {
    static func report(_ body: () throws -> Void) throws {
        defer { Terminal.flush() }
        do {
            try body()
        } catch let d as ScriptDiagnostics {
            Terminal.flush()
            Terminal.err(d.render(color: Terminal.useColor))
            throw ExitCode.failure
        } catch let f as RunFailure {
            Terminal.flush()
            Terminal.err("error: \(f.message)\n")
            throw ExitCode.failure
        } catch let e as ExitCode {
            throw e
        } catch {
            Terminal.flush()
            Terminal.err("error: \(error)\n")
            throw ExitCode.failure
        }
    }
}

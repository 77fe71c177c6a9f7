import ArgumentParser
import EddyEngine
import Foundation

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a script into an optimized plan file, runnable later with `eddy run --plan`.")

    @Argument(help: "The script to compile.")
    var script: String

    @Option(name: .shortAndLong, help: "Where to write the plan (JSON). Default: stdout.")
    var output: String?

    func run() throws {
        try CLIErrors.report {
            let job = try CompiledScript(path: script).job
            let text = try job.planFile()
            if let output {
                let folder = (output as NSString).deletingLastPathComponent
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
                    throw RunFailure("cannot write \(output): the folder \(folder) does not exist")
                }
                do {
                    try text.write(toFile: output, atomically: true, encoding: .utf8)
                } catch {
                    throw RunFailure("cannot write \(output): \(error.localizedDescription)")
                }
                Terminal.err("eddy: wrote \(output) (\(job.operatorCount) operators)\n")
            } else {
                Terminal.out(text)
            }
        }
    }
}

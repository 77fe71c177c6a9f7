import ArgumentParser
import EddyEngine
import Foundation

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a script into an optimized plan file, runnable later with `eddy run --plan`, or into Flink SQL.",
        discussion: """
            --target flink writes the script in Flink SQL for a Flink 2.x SQL client (sources as \
            filesystem tables, or Kafka tables with --flink-connector kafka); a construct with no \
            Flink equivalent is an error at its statement.
            """)

    @Argument(help: "The script to compile.")
    var script: String

    @Option(name: .shortAndLong, help: "Where to write the plan (JSON) or the Flink SQL. Default: stdout.")
    var output: String?

    @OptionGroup var target: TargetOptions

    func run() throws {
        try CLIErrors.report {
            let text: String
            let summary: String
            if target.target == .flink {
                text = try FlinkExport(path: script, options: try target.exportOptions()).text
                summary = "Flink SQL"
            } else {
                let job = try CompiledScript(path: script).job
                text = try job.planFile()
                summary = "\(job.operatorCount) operators"
            }
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
                Terminal.err("eddy: wrote \(output) (\(summary))\n")
            } else {
                Terminal.out(text)
            }
        }
    }
}

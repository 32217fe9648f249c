import Foundation

/// Writes a PNG beside an SVG with `rsvg-convert` (Debian's librsvg2-bin).
package enum PNGExport {
    /// The `rsvg-convert` executable on the PATH, if any.
    package static var converter: URL? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { URL(fileURLWithPath: String($0)).appendingPathComponent("rsvg-convert") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Converts `svgPath` to the same path with `.png`, and returns that path.
    /// - Throws: ``LabError`` if rsvg-convert is missing or fails.
    package static func convert(_ svgPath: String) throws -> String {
        guard let converter else {
            throw LabError("--png needs rsvg-convert on the PATH (Debian package librsvg2-bin); the SVG was written")
        }
        let pngPath = String(svgPath.dropLast(4)) + ".png"
        let process = Process()
        process.executableURL = converter
        process.arguments = [svgPath, "-o", pngPath]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LabError("rsvg-convert could not convert '\(svgPath)' (exit status \(process.terminationStatus))")
        }
        return pngPath
    }
}

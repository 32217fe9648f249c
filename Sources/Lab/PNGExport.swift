import Foundation

/// Writes a PNG beside an SVG with `rsvg-convert` (Debian's librsvg2-bin).
package enum PNGExport {
    /// The `rsvg-convert` executable on the PATH, if any.
    package static var converter: URL? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { URL(fileURLWithPath: String($0)).appendingPathComponent("rsvg-convert") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Checks, before any work, that a PNG can be made.
    /// - Throws: ``LabError`` if rsvg-convert is missing.
    package static func checkAvailable() throws {
        guard converter != nil else {
            throw LabError("--png needs rsvg-convert on the PATH (Debian package librsvg2-bin); nothing was written")
        }
    }

    /// The PNG of an SVG document, made in a private temporary folder.
    /// - Throws: ``LabError`` if rsvg-convert is missing or fails.
    package static func png(of svg: String) throws -> Data {
        try checkAvailable()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edl-png-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let svgPath = folder.appendingPathComponent("chart.svg").path
        try AtomicFile.write(svg, to: svgPath)
        let pngPath = try convert(svgPath)
        defer { unlink(pngPath) }
        guard let data = FileManager.default.contents(atPath: pngPath) else {
            throw LabError("rsvg-convert wrote no PNG")
        }
        return data
    }

    /// Converts `svgPath` to the same path with `.png`, and returns that path.
    /// - Throws: ``LabError`` if rsvg-convert is missing or fails.
    package static func convert(_ svgPath: String) throws -> String {
        guard let converter else {
            throw LabError("--png needs rsvg-convert on the PATH (Debian package librsvg2-bin); the SVG was written")
        }
        let pngPath = String(svgPath.dropLast(4)) + ".png"
        // Converted into a temporary beside the PNG, then renamed over it.
        let temporary = AtomicFile.temporary(beside: pngPath)
        defer {
            unlink(temporary)
            AtomicFile.release(temporary)
        }
        let process = Process()
        process.executableURL = converter
        process.arguments = [svgPath, "-o", temporary]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LabError("rsvg-convert could not convert '\(svgPath)' (exit status \(process.terminationStatus))")
        }
        guard rename(temporary, pngPath) == 0 else {
            throw LabError("cannot write '\(pngPath)': \(String(cString: strerror(errno)))")
        }
        return pngPath
    }
}

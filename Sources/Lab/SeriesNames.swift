import Foundation

/// Legend names for result files drawn together: each file's name, or, for
/// the cell files of sweeps (`…/cells/<id>.csv`, with the cell's JSON
/// manifest beside it), the settings in which the cells differ.
///
/// A sweep names its cells by fingerprint (`cells/2f450bcd3f5d9e7f.csv`), which
/// says nothing in a legend; their manifests give the learner, the seed and
/// every parameter, so cells that differ only in `frequencies` are drawn as
/// `frequencies=uniform` and `frequencies=zipf`.
package enum SeriesNames {
    /// One name per path, in order: `key=value` pairs (learner first, then
    /// the seed and the parameters in alphabetical order) for the settings
    /// that differ among the files, when every file is a sweep's cell file
    /// with its manifest and those names are distinct; otherwise each file's
    /// name without its extension (a name the user chose is kept).
    package static func names(forResultFiles paths: [String]) -> [String] {
        let fileNames = paths.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
        guard paths.count > 1 else { return fileNames }
        var settings: [[(key: String, value: String)]] = []
        for path in paths {
            guard let manifest = settingsInManifest(besideResultFile: path) else { return fileNames }
            settings.append(manifest)
        }
        let keys = settings[0].map(\.key)
        let differing = keys.filter { key in
            Set(settings.map { pairs in pairs.first { $0.key == key }?.value ?? "" }).count > 1
        }
        guard !differing.isEmpty else { return fileNames }
        let names = settings.map { pairs in
            differing.map { key in "\(key)=\(pairs.first { $0.key == key }?.value ?? "–")" }.joined(separator: " ")
        }
        return Set(names).count == names.count ? names : fileNames
    }

    /// The learner, seed and parameters recorded in the JSON manifest a
    /// sweep writes beside its cell file `path` (same name, `.json`), or nil
    /// when `path` is not in a `cells` folder or has no readable manifest.
    static func settingsInManifest(besideResultFile path: String) -> [(key: String, value: String)]? {
        let url = URL(fileURLWithPath: path)
        guard url.pathExtension == "csv", url.deletingLastPathComponent().lastPathComponent == "cells" else { return nil }
        let manifestURL = url.deletingPathExtension().appendingPathExtension("json")
        guard let data = try? Data(contentsOf: manifestURL),
            let manifest = try? RunManifest.read(document: data, source: manifestURL.path)
        else { return nil }
        var pairs: [(key: String, value: String)] = [("learner", manifest.learner), ("seed", String(manifest.seed))]
        for key in manifest.parameters.keys.sorted() {
            pairs.append((key, manifest.parameters[key]!.description))
        }
        return pairs
    }
}

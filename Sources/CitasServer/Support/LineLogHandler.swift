import Foundation
import Logging

/// One log event per line, as JSON (the default) or as readable text, on standard error.
///
/// Written here because swift-log ships only `StreamLogHandler`, which prints metadata verbatim: a request that
/// smuggled a newline into a logged value could forge a whole log line. Here every value is escaped — JSON by
/// construction, text with the same escapes — and cut to `LogText.maximumLength`, so one event is always one line.
public struct LineLogHandler: LogHandler {
    public enum Format: String, Sendable {
        case json
        case text
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let format: Format

    public init(label: String, format: Format) {
        self.label = label
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        let line = Self.line(
            format: format,
            time: Date(),
            level: event.level,
            label: label,
            message: "\(event.message)",
            metadata: fields
        )
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The line for one event (without its newline); separate so tests can read what would be written.
    static func line(format: Format, time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        let stamp = time.formatted(.iso8601)
        let keys = metadata.keys.sorted()
        switch format {
        case .json:
            var members = [("time", stamp), ("level", level.rawValue), ("label", label), ("message", message)]
            // A metadata key never shadows the event's own fields: JSON readers keep only one of two equal keys.
            let own = Set(members.map(\.0))
            members += keys.map { key in (own.contains(key) ? "metadata.\(key)" : key, "\(metadata[key]!)") }
            return "{" + members.map { "\(LogText.jsonString($0.0)):\(LogText.jsonString($0.1))" }.joined(separator: ",") + "}"
        case .text:
            let pairs = keys.map { " \(LogText.escaped($0))=\(LogText.escaped("\(metadata[$0]!)"))" }.joined()
            return "\(stamp) \(level.rawValue) \(LogText.escaped(label)): \(LogText.escaped(message))\(pairs)"
        }
    }
}

/// What may be written to a log from text that came from outside.
public enum LogText {
    public static let maximumLength = 500

    /// Control and invisible format characters (and the backslash that introduces escapes) written as escapes, cut
    /// to the maximum.
    public static func escaped(_ text: String) -> String {
        escape(text) { "\\u{\(String($0.value, radix: 16))}" }
    }

    /// A JSON string literal of `text`, cut to the maximum; the same characters escaped, as JSON writes them.
    static func jsonString(_ text: String) -> String {
        "\"" + escape(text, quote: true) { String($0).utf16.map { String(format: "\\u%04x", $0) }.joined() } + "\""
    }

    private static func escape(_ text: String, quote: Bool = false, hidden: (Unicode.Scalar) -> String) -> String {
        var out = ""
        for scalar in cut(text).unicodeScalars {
            switch scalar {
            case "\"" where quote: out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where [.control, .format].contains(scalar.properties.generalCategory): out += hidden(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func cut(_ text: String) -> String {
        text.count > maximumLength ? text.prefix(maximumLength) + "…" : text
    }
}

import Configuration
import Testing

@testable import CitasServer

@Suite("Configuration")
struct ConfigTests {
    @Test("Links in e-mails follow the port the server was started on, unless a public URL is set")
    func publicURLFollowsPort() {
        var config = AppConfig()
        config.port = 9123
        #expect(config.publicURL == "http://127.0.0.1:9123")
        config.configuredPublicURL = "https://citas.sre.example"
        config.port = 9124
        #expect(config.publicURL == "https://citas.sre.example")
    }

    @Test("The PostgreSQL pool size is read and kept within 1–500")
    func databaseConnections() {
        #expect(AppConfig().databaseConnections == 20)
        for (typed, kept) in [(8, 8), (0, 1), (100_000, 500)] {
            let config = AppConfig(
                reader: ConfigReader(provider: InMemoryProvider(values: ["citas.database.connections": .init(.int(typed), isSecret: false)]))
            )
            #expect(config.databaseConnections == kept)
        }
    }

    @Test("The help line is read when it looks like a phone number, else the ministry's stays")
    func helpPhone() {
        #expect(AppConfig().helpPhone == "800 801 0773")
        for (typed, kept) in [("+52 55 3686 5100", "+52 55 3686 5100"), ("<script>", "800 801 0773"), ("", "800 801 0773")] {
            let config = AppConfig(
                reader: ConfigReader(provider: InMemoryProvider(values: ["citas.help.phone": .init(.string(typed), isSecret: false)]))
            )
            #expect(config.helpPhone == kept)
        }
    }
}

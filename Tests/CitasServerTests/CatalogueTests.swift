import CitasDomain
import CitasTestSupport
import Foundation
import Testing

@testable import CitasServer

@Suite("Page texts and templates")
struct CatalogueTests {
    /// Follows `path` (`home.title`) through the catalogue's stored properties, as the templates do.
    static func resolve(_ path: [Substring], in value: Any) -> Any? {
        guard let key = path.first else { return value }
        guard let child = Mirror(reflecting: value).children.first(where: { $0.label == String(key) }) else { return nil }
        return resolve(Array(path.dropFirst()), in: child.value)
    }

    @Test("Waits are said in words, rounded up; office zones by their Mexican names, consulates by their city")
    func waitsAndZones() {
        let (es, en) = (Formats(language: .es), Formats(language: .en))
        #expect(es.wait(seconds: 42) == "en unos segundos" && en.wait(seconds: 42) == "in a few seconds")
        #expect(es.wait(seconds: 60) == "en 1 minuto" && es.wait(seconds: 121) == "en 3 minutos" && en.wait(seconds: 3599) == "in 60 minutes")
        #expect(es.wait(seconds: 3600) == "en 1 hora" && en.wait(seconds: 7201) == "in 3 hours" && es.wait(seconds: .max).hasPrefix("en "))
        #expect(ZoneNames.human("America/Mexico_City", city: "Toluca", language: .es) == "hora del centro")
        #expect(ZoneNames.human("America/Tijuana", city: "Tijuana", language: .en) == "Northwest Mexico time")
        #expect(ZoneNames.human("Europe/Madrid", city: "Madrid", language: .es) == "hora de Madrid")
    }

    @Test("Counts as each language writes them; offices by state, then consulates by country, in alphabetical order")
    func countsAndOfficeGroups() {
        #expect(Formats(language: .es).count(24_969) == "24\u{00A0}969" && Formats(language: .en).count(24_969) == "24,969")
        #expect(Formats(language: .es).ordered("Ámsterdam", "Zapopan") && Formats(language: .es).ordered("ciudad", "Ciudad Juárez"))
        var queretaro = TestData.office(code: "MX-QRO")
        queretaro.stateName = "Querétaro"
        let offices = [
            TestData.office(code: "US-CHI", country: "US"), TestData.office(code: "ES-MAD", country: "ES"), queretaro,
            TestData.office(code: "MX-CDMX"),
        ]
        let model = OfficeListModel(offices, free: ["MX-QRO": 24_969], next: [:], query: "", t: .es, language: .es)
        #expect(model.groups.map(\.heading) == ["Ciudad de México", "Querétaro", "Consulados en España", "Consulados en Estados Unidos"])
        #expect(model.groups[1].offices.first?.freeSeats == "24\u{00A0}969")
        let english = OfficeListModel(offices, free: [:], next: [:], query: "", t: .en, language: .en)
        #expect(english.groups.suffix(2).map(\.heading) == ["Consulates in Spain", "Consulates in United States"])
    }

    @Test("Messages name a field in words and never show a raw identifier, number or English word")
    func messagesNameFields() {
        #expect(CitasError(.fieldMissing, detail: "paternal_surname").message(in: .es) == "Falta un dato obligatorio. (primer apellido)")
        #expect(CitasError(.fieldMissing, detail: "paternalSurname").message(in: .en) == "A required field is missing. (first surname)")
        #expect(CitasError(.fieldMissing, detail: "3").message(in: .es) == "Falta un dato obligatorio.")
        #expect(CitasError(.officeNotFound, detail: "NOPE").message(in: .es) == "No existe esa oficina.")
    }

    @Test("Every {{t.…}} a template names exists, non-empty, in both languages")
    func keysExist() throws {
        let sources = try WebRenderer.templateSources()
        #expect(sources.count >= 10)
        let pattern = try Regex(#"\{\{[#^/]?t\.([A-Za-z.]+)\}\}"#)
        var checked = 0
        for (name, text) in sources {
            for match in text.matches(of: pattern) {
                let path = (match.output[1].substring ?? "").split(separator: ".")
                for catalogue in [Catalogue.es, Catalogue.en] {
                    let value = Self.resolve(path, in: catalogue)
                    #expect(value != nil, "\(name): t.\(path.joined(separator: ".")) does not exist")
                    if let text = value as? String { #expect(!text.isEmpty, "\(name): t.\(path.joined(separator: ".")) is empty") }
                }
                checked += 1
            }
        }
        #expect(checked > 50)
    }

    @Test("Every partial a template includes exists")
    func partialsExist() throws {
        let sources = try WebRenderer.templateSources()
        let pattern = try Regex(#"\{\{[><]\s*([A-Za-z-]+)\s*\}\}"#)
        for (name, text) in sources {
            for match in text.matches(of: pattern) {
                let partial = String(match.output[1].substring ?? "")
                #expect(sources[partial] != nil, "\(name) includes missing \(partial)")
            }
        }
    }

    @Test("The two languages differ where they should: no untranslated Spanish left in English")
    func translated() {
        let es = Mirror(reflecting: Catalogue.es.forms).children.compactMap { $0.value as? String }
        let en = Mirror(reflecting: Catalogue.en.forms).children.compactMap { $0.value as? String }
        let same = zip(es, en).filter { $0.0 == $0.1 && $0.0.count > 6 }
        #expect(same.isEmpty, "untranslated: \(same)")
    }
}

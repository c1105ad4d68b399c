import CitasDomain
import CitasPersistence
import Foundation

/// The model of `offices.mustache`: offices grouped by state, filtered by the search.
struct OfficeListModel: Sendable {
    struct Group: Sendable {
        let heading: String
        let offices: [Row]
    }

    struct Row: Sendable {
        let name: String
        let city: String
        let href: String
        let freeSeats: String
        /// The office's next draw in words; nil when none is scheduled.
        let nextDraw: String?
    }

    let query: String
    let action: String
    let groups: [Group]
    let empty: Bool

    init(
        _ offices: [Office],
        free: [String: Int],
        next: [String: (date: LocalDate, releaseAt: Int)],
        query: String,
        t: Catalogue,
        language: Language
    ) {
        let needle = Self.folded(query)
        let matching = offices.filter { office in
            needle.isEmpty || [office.name, office.city, office.stateName, office.code].contains { Self.folded($0).contains(needle) }
        }
        let formats = Formats(language: language)
        // Mexico's offices by state, then the consulates by country, each list in the language's alphabetical order.
        let grouped = Dictionary(grouping: matching) { $0.country == "MX" ? $0.stateName : Self.countryHeading($0.country, t: t, language: language) }
        let abroad = Set(matching.filter { $0.country != "MX" }.map { Self.countryHeading($0.country, t: t, language: language) })
        groups = grouped.keys.sorted { first, second in
            let (a, b) = (abroad.contains(first), abroad.contains(second))
            return a == b ? formats.ordered(first, second) : !a
        }.map { heading in
            Group(
                heading: heading,
                offices: grouped[heading, default: []].sorted { formats.ordered($0.name, $1.name) }.map {
                    Row(
                        name: $0.name,
                        city: $0.city,
                        href: SiteURL.office($0.code).path(language),
                        freeSeats: formats.count(free[$0.code] ?? 0),
                        nextDraw: next[$0.code].map { [office = $0] in DrawSentence.next($0, office: office, t: t, language: language) }
                    )
                }
            )
        }
        self.query = query
        action = SiteURL.offices.path(language)
        empty = groups.isEmpty
    }

    /// "Consulados en Estados Unidos" / "Consulates in United States": the country's name in the page's language.
    static func countryHeading(_ code: String, t: Catalogue, language: Language) -> String {
        let name = Locale(identifier: t.common.locale).localizedString(forRegionCode: code) ?? code
        return t.offices.abroad.replacingOccurrences(of: "{country}", with: name)
    }

    /// Lower-case without accents, so "queretaro" finds "Querétaro".
    static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "es_MX")).trimmingCharacters(in: .whitespaces)
    }
}

/// An office's next release draw in words, in the office's own time: "Próximo sorteo: martes, 1 de diciembre de
/// 2026, 09:00 (hora del centro), para las citas del martes, 2 de febrero de 2027."
enum DrawSentence {
    static func next(_ next: (date: LocalDate, releaseAt: Int), office: Office, t: Catalogue, language: Language) -> String {
        let formats = Formats(language: language)
        let instant = Date(timeIntervalSince1970: TimeInterval(next.releaseAt))
        let when = formats.date(LocalDate(instant, in: office.zone)) + ", " + formats.time(LocalTime(instant, in: office.zone))
        return t.offices.nextDraw.replacingOccurrences(of: "{when}", with: when)
            .replacingOccurrences(of: "{zone}", with: ZoneNames.human(office.timeZone, city: office.city, language: language))
            .replacingOccurrences(of: "{day}", with: formats.date(next.date))
    }
}

/// The model of `office.mustache`: one office, its released days and its next draw.
struct OfficeModel: Sendable {
    let name: String
    let city: String
    let address: String
    /// Stored for the template: mustache treats an empty string as present.
    let hasAddress: Bool
    let zone: String
    let calendar: MonthCalendar
    /// The next release draw in words and in the office's local time; nil when none is scheduled (no sign-up then).
    let nextDraw: String?
    /// People waiting at the office now: while anyone waits, its free seats are drawn, not booked first-come.
    let waiting: String
    let drawAction: String
    let drawFields: [FormField]
    /// Whom the request is for when the account has a household; nil otherwise.
    let household: HouseholdChoice?
    let pow: PowModel?
    let canAct: Bool
    let needsProcedure: Bool
    let accountLink: String

    init(
        office: Office,
        days: [DayAvailability],
        next: (date: LocalDate, releaseAt: Int)?,
        waiting: Int,
        pow: PowModel?,
        needsProcedure: Bool,
        household: HouseholdChoice? = nil,
        t: Catalogue,
        language: Language
    ) {
        let formats = Formats(language: language)
        name = office.name
        city = office.city
        address = office.address
        hasAddress = !office.address.isEmpty
        zone = ZoneNames.human(office.timeZone, city: office.city, language: language)
        calendar = MonthCalendar(days: days, office: office, t: t, language: language)
        nextDraw = next.map { DrawSentence.next($0, office: office, t: t, language: language) }
        self.waiting = formats.count(waiting)
        drawAction = SiteURL.drawRequest(office.code).path(language)
        drawFields = [
            FormField(
                "timeOfDay",
                label: t.offices.timeOfDay,
                options: [("any", t.offices.anyTime), ("morning", t.offices.morning), ("afternoon", t.offices.afternoon)].map {
                    FormField.Option(value: $0.0, label: $0.1, selected: $0.0 == "any")
                }
            ),
            FormField("from", label: t.offices.fromDate, type: "date", hint: t.offices.dateRangeHint, required: false),
            FormField("through", label: t.offices.throughDate, type: "date", hint: t.offices.dateRangeHint, required: false),
        ]
        self.household = household
        self.pow = next == nil ? nil : pow
        canAct = next != nil && pow != nil
        self.needsProcedure = needsProcedure
        accountLink = SiteURL.account.path(language)
    }
}

/// The model of `office-day.mustache`: the free times of one day, as one form (book, or move the appointment).
struct OfficeDayModel: Sendable {
    struct Time: Sendable {
        let value: String
        let label: String
        let id: String
        /// Less than the change lead time away: it could be cancelled, not moved.
        let soon: Bool
    }

    let office: String
    let day: String
    let date: String
    let zone: String
    let times: [Time]
    let hasTimes: Bool
    let action: String
    let submit: String
    /// The folio the form moves; nil when it books.
    let from: String?
    let soonWarning: Bool
    let pow: PowModel?
    let canAct: Bool
    let needsProcedure: Bool
    let accountLink: String
    let timeError: String?
    /// "Who is the appointment for?" when the account has a household; nil otherwise.
    let household: HouseholdChoice?
}

/// The people of a household the booking form can book for at once: the holder (checked) and each member.
struct HouseholdChoice: Sendable {
    struct Choice: Sendable {
        /// `member0` for the holder, `member1`… for the members (forms have plain field names).
        let name: String
        let value: String
        let label: String
        let checked: Bool
    }

    let choices: [Choice]
    /// What ticking several people means on this form (booked together, or waiting together).
    let hint: String
    /// Why the form came back: nobody ticked.
    let error: String?
}

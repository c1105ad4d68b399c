#!/usr/bin/env python3
"""Builds Citas' own office and holiday files from the compiled reference data in ../shared/data.

Run from the repository root: python3 Tools/import-catalogue.py ../shared/data
What it adds to the source rows: an hours plan (`Mon-Fri 08:00-15:00`), no breaks, 20-minute slots and the
counters that bring an ordinary day closest to (not below) the published or estimated daily capacity.
The source column is kept so every estimate stays marked as one. Addresses are not in the source: left empty.
"""
import csv, math, sys

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
SLOT = 20
EXTRA_HOURS = {"US-LOS-ANGELES": "Sat 07:00-13:00"}  # published, but not representable in the source's one window

def minutes(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)

with open(f"{src}/offices.csv", newline="") as f, open("Sources/CitasDomain/Resources/offices.csv", "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["code", "name", "kind", "country", "state_code", "state_name", "city", "timezone", "address",
                "hours", "breaks", "slot_minutes", "counters", "services", "source"])
    for r in csv.DictReader(f):
        hours = f"{r['weekdays']} {r['opens']}-{r['closes']}"
        extra = next((v for k, v in EXTRA_HOURS.items() if r["code"].startswith(k)), None)
        if extra:
            hours += "; " + extra
        slots = (minutes(r["closes"]) - minutes(r["opens"])) // SLOT
        counters = math.ceil(int(r["daily_capacity"]) / slots)
        w.writerow([r["code"], r["name"], r["kind"], r["country"], r["state_code"], r["state_name"], r["city"],
                    r["timezone"], "", hours, "", SLOT, counters, r["services"],
                    r["source"] + f";daily_capacity={r['daily_capacity']};address=unknown"])

with open(f"{src}/holidays.csv", newline="") as f, open("Sources/CitasDomain/Resources/holidays.csv", "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["date", "country", "name", "rule", "source"])
    for r in csv.DictReader(f):
        w.writerow([r["date"], "MX", r["name"], r["rule"], r["source"]])

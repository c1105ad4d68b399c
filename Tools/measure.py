#!/usr/bin/env python3
"""Runs every measurement of issue 8 on the release build and prints one table (Markdown):

  load      citas-bench load: a flash release through HTTP on SQLite and PostgreSQL, beside the store's own
            booking rate and a trivial route, with latency percentiles and errors by code;
  scale     citas-bench national-year: a national year (3.2 M appointments) and ten times that, and the latency
            of availability, agenda, jobs and reports at each;
  crash     Tools/crash-test.py: 4 instances on one PostgreSQL, 10 SIGKILLs, invariants and exactly-once jobs;
  restart   Tools/restart-test.py: PostgreSQL stopped under load, fast 503s and recovery.

Run it through scripts/measure.sh (which builds and provides PostgreSQL). `--quick` runs small sizes (minutes,
not the better part of an hour) to check the pipeline.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".build", "release", "citas-bench")


def run(command, label):
    print(f"== {label}: {' '.join(command)}", file=sys.stderr, flush=True)
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    print(result.stdout, file=sys.stderr, flush=True)
    return result.returncode


def by_engine(rows):
    table = {}
    for entry in rows:
        table.setdefault(entry["engine"], []).append(entry["row"])
    return table


def ms(row):
    return f"{row['p50']:.1f} / {row['p95']:.1f} / {row['p99']:.1f} ms" if row.get("p50") is not None else ""


def load_rows(path):
    report = json.load(open(path))
    engines = by_engine(report["phases"])
    rows = []
    for phase in [row["phase"] for row in engines.get("sqlite", [])]:
        cells = []
        for engine in ("sqlite", "postgres"):
            row = next((r for r in engines.get(engine, []) if r["phase"] == phase), None)
            if row is None:
                cells.append("–")
                continue
            rate = f"{row['requests'] / row['seconds']:,.0f} req/s" if row["requests"] else ""
            done = f"{row['successes'] / row['seconds']:,.0f} done/s" if row["successes"] else ""
            errors = ", ".join(f"{k}: {v}" for k, v in sorted(row.get("errors", {}).items(), key=lambda kv: -kv[1]))
            cells.append("; ".join(part for part in (rate, done, ms(row), errors) if part))
        rows.append(("load", phase, *cells))
    ratios = by_engine(report["ratios"])  # computed once, by the bench
    for first in ratios.get("sqlite", []):
        name = first["name"]
        cells = [next((f"{r['value']:.2f}" for r in ratios.get(engine, []) if r["name"] == name), "–") for engine in ("sqlite", "postgres")]
        rows.append(("goal", f"{name}, goal {first['goal']}", *cells))
    return rows


def scale_rows(path):
    engines = by_engine(json.load(open(path)))
    keys = []
    for row in engines.get("sqlite", []) + engines.get("postgres", []):
        key = (row["scale"], row["read"]["phase"])
        if key not in keys:
            keys.append(key)
    rows = []
    for scale, read in keys:
        cells = []
        for engine in ("sqlite", "postgres"):
            row = next((r for r in engines.get(engine, []) if r["scale"] == scale and r["read"]["phase"] == read), None)
            cells.append(f"{ms(row['read'])} ({row['appointments']:,} appointments)" if row else "–")
        rows.append((f"scale {scale}×", read, *cells))
    return rows


def crash_rows(path):
    c = json.load(open(path))
    checks = "; ".join(f"{k}: {v}" for k, v in c["checks"].items())
    return [("crash", f"{c['instances']} instances, {c['kills']} SIGKILLs", "–",
             f"{c['confirmed']} bookings confirmed, {c['entrants']} draw entrants; answers {c['answers']}"),
            ("crash", "invariants and exactly-once jobs (violations)", "–", checks),
            ("crash", "outbox", "–", f"{c['messages']} messages, each received under its Message-ID; re-sent after a kill: {c['resent']}")]


def restart_rows(path):
    r = json.load(open(path))
    return [("restart", f"PostgreSQL down {r['outage']:.0f} s under load", "–",
             f"{r['answers_down'] - r['wrong']}/{r['answers_down']} answers 503 database_unavailable; median {r['median_ms']:.0f} ms, "
             f"p99 {r['p99_ms']:.0f} ms, slowest {r['slowest_ms']:.0f} ms"),
            ("restart", "recovery and losses", "–",
             f"ready {r['recovery_s']:.1f} s after PostgreSQL was back; {r['bookings_after']} bookings after, {r['failed_after']} failed; "
             + "; ".join(f"{k}: {v}" for k, v in r["checks"].items()))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the pipeline")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="citas-measure-")
    files = {name: os.path.join(work, f"{name}.json") for name in ("load", "scale", "crash", "restart")}
    load = ["--accounts", "400", "--seats", "100", "--seconds", "2", "--attempts", "1000"] if args.quick else []
    scale = ["--scale", "1", "--year", "200000", "--samples", "20"] if args.quick else ["--scale", "1", "--scale", "10"]
    crash = ["--instances", "2", "--kills", "3", "--accounts", "200"] if args.quick else ["--instances", "4", "--kills", "10", "--accounts", "2000"]
    failures = [
        run([BENCH, "load", "--json", files["load"], *load], "load"),
        run([BENCH, "national-year", "--json", files["scale"], *scale], "scale"),
        run([sys.executable, "Tools/crash-test.py", "--build", "release", "--json", files["crash"], *crash], "crash"),
        run([sys.executable, "Tools/restart-test.py", "--build", "release", "--json", files["restart"]], "restart"),
    ]
    rows = []
    for name, reader in (("load", load_rows), ("scale", scale_rows), ("crash", crash_rows), ("restart", restart_rows)):
        if os.path.exists(files[name]):
            rows += reader(files[name])
    print("| part | measure | SQLite | PostgreSQL |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if any(failures):
        print(f"some parts failed (exit codes {failures}); see above", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

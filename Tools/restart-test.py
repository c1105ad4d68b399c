#!/usr/bin/env python3
"""PostgreSQL restart under load (issue 8, point 5): two `citas serve` instances take bookings and availability
reads while PostgreSQL is stopped (fast shutdown) for a few seconds and started again.

Run inside a private PostgreSQL cluster:  scripts/with-postgres.sh python3 Tools/restart-test.py [--outage 5]

Checks that while the database is down every answer is 503 with the code `database_unavailable` and comes fast
(no request hangs until a client timeout), that both instances report ready again by themselves soon after the
database is back (no restart of Citas), and that nothing was lost: every booking a client saw confirmed is in the
database and the seat invariants hold. Prints a summary and exits non-zero on any violation.
"""
import argparse
import json
import os
import random
import subprocess
import threading
import time

from harness import OFFICE, open_slots, Deployment, Server, book, forwarded, request, seat_invariants

FAST_SECONDS = 3.0  # no request started during the outage may take longer (the pool's acquisition timeout is 2 s)
RECOVERY_SECONDS = 10.0  # both instances ready again within this long after PostgreSQL is back


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else 0.0


class Log:
    """Every answer with when it was asked and how long it took."""

    def __init__(self):
        self.entries, self.lock = [], threading.Lock()

    def add(self, started, status, body):
        code = body.get("error", {}).get("code", "") if isinstance(body, dict) else ""
        with self.lock:
            self.entries.append((started, time.time(), status, code))


def client(servers, accounts, slots, log, confirmed, lock, stop):
    """Books each account once (retrying through the outage) and reads availability in between."""
    while not stop.is_set():
        server = random.choice(servers)
        started = time.time()
        status, body = request(server.base, "GET", f"/api/v1/offices/{OFFICE}/availability", headers=forwarded(random.randrange(10000)))
        log.add(started, status, body)
        with lock:
            account = accounts.pop() if accounts else None
        if account is None:
            time.sleep(0.05)
            continue
        started = time.time()
        status, body = book(server.base, account, OFFICE, *random.choice(slots))
        log.add(started, status, body)
        if status == 201:
            with lock:
                confirmed[body["folio"]] = account["curp"]
        elif status in (0, 503):
            with lock:
                accounts.insert(0, account)  # try again later, as a person would
        time.sleep(0.02)


def wait_ready(servers, since):
    """Seconds from `since` until every instance answers /ready with 200."""
    pending = set(range(len(servers)))
    while pending and time.time() - since < 60:
        for index in list(pending):
            if request(servers[index].base, "GET", "/ready", timeout=2)[0] == 200:
                pending.discard(index)
        time.sleep(0.1)
    return time.time() - since if not pending else float("inf")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--outage", type=float, default=5.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--accounts", type=int, default=600)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--build", default="debug")
    parser.add_argument("--json", help="also write the summary here (for scripts/measure.sh)")
    args = parser.parse_args()
    deployment = Deployment(args.build)
    deployment.open_days(OFFICE, 20)
    slots = open_slots(deployment, 40)
    accounts = deployment.accounts(args.accounts)
    servers = [Server(deployment) for _ in range(2)]
    for server in servers:
        server.start()
    log, confirmed, lock, stop = Log(), {}, threading.Lock(), threading.Event()
    threads = [threading.Thread(target=client, args=(servers, accounts, slots, log, confirmed, lock, stop)) for _ in range(args.workers)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(3)
        subprocess.run(os.environ["CITAS_TEST_POSTGRES_STOP"], shell=True, check=True, capture_output=True)
        down = time.time()
        time.sleep(args.outage)
        back = time.time()
        subprocess.run(os.environ["CITAS_TEST_POSTGRES_START"], shell=True, check=True, capture_output=True)
        recovery = wait_ready(servers, time.time())
        time.sleep(3)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        stop.set()
        for server in servers:
            server.stop()
    # Answers given while the database was down (requests spanning its return may rightly succeed).
    during = [(end - start, status, code) for start, end, status, code in log.entries if start >= down and end <= back]
    hung = [end - start for start, end, _, _ in log.entries if down <= start < back]
    wrong = [(status, code) for _, status, code in during if (status, code) != (503, "database_unavailable")]
    slow = max(hung or [0])
    after = [status for start, _, status, _ in log.entries if start >= back + recovery]
    seats = seat_invariants(deployment, confirmed)
    print(f"restart test: PostgreSQL down {args.outage:.0f} s under load; {len(during)} answers while down: "
          f"{len(during) - len(wrong)} were 503 database_unavailable, others {sorted(set(wrong))}; "
          f"median {1000 * percentile([s for s, _, _ in during], 0.5):.0f} ms, p99 {1000 * percentile([s for s, _, _ in during], 0.99):.0f} ms; "
          f"slowest request started while down {1000 * slow:.0f} ms")
    print(f"  both instances ready {recovery:.1f} s after PostgreSQL was back; afterwards {after.count(201)} bookings and "
          f"{after.count(200)} reads succeeded, {len([s for s in after if s >= 500 or s == 0])} failed; {len(confirmed)} bookings confirmed in all")
    print("  " + "; ".join(f"{name}: {count}" for name, count in seats.items()))
    if args.json:
        json.dump({"outage": args.outage, "answers_down": len(during), "wrong": len(wrong),
                   "median_ms": 1000 * percentile([s for s, _, _ in during], 0.5), "p99_ms": 1000 * percentile([s for s, _, _ in during], 0.99),
                   "slowest_ms": 1000 * slow, "recovery_s": recovery, "bookings_after": after.count(201), "failed_after": len([s for s in after if s >= 500 or s == 0]),
                   "confirmed": len(confirmed), "checks": seats}, open(args.json, "w"))
    deployment.drop()
    if wrong or not during or slow > FAST_SECONDS or recovery > RECOVERY_SECONDS or any(seats.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Crash test (issue 8, points 3–4): bookings, cancellations and draw entries under load while `citas serve` is
killed with SIGKILL and restarted, on one or several instances sharing one PostgreSQL database (`--instances 4`,
requests spread over them), with mail going to a real SMTP server.

Run inside a private PostgreSQL cluster:  scripts/with-postgres.sh python3 Tools/crash-test.py [--kills 10]

Besides the clients' work, the background jobs get work of their own: a release draw at a second office whose instant
is brought forward mid-run, the batches that cancellations and requests scheduled (brought forward too), appointments of last week
still marked booked (no-shows to be), and the outbox (every seeded account's verification mail, every draw result).
Afterwards it checks, in the database and at the SMTP server:
  - every booking a client saw confirmed is there, live; no slot opens more seats than it has free; every slot's count
    = its live appointments (so no seat was freed twice or lost); one live appointment per CURP;
  - every allocation that ran, ran once (one `allocation.run` audit row each), the draw among them, and each request
    it seated got exactly one result mail, nobody else any;
  - each no-show was marked once (one audit row per appointment);
  - every outbox message was sent, and reached the SMTP server under its own Message-ID (a kill between the
    server's 250 and the commit can send one again under the same Message-ID, which receivers drop; counted).
Prints a summary and exits non-zero on any violation. Stops every process it started.
"""
import argparse
import json
import random
import threading
import time

from harness import OFFICE, open_slots, Deployment, Server, SMTPSink, book, forwarded, request, seat_invariants, solve

DRAW_OFFICE = "MX-JC-GUADALAJARA"
NO_SHOWS = 20


def prepare(deployment):
    """Slots for the booking office, a pending draw at the draw office, and last week's unattended appointments."""
    week_ago = deployment.sql("SELECT to_char(now() - interval '9 days', 'YYYY-MM-DD')")
    deployment.citas("slots", "generate", "--from", week_ago, "--days", "7", "--office", OFFICE)
    deployment.open_days(OFFICE, 20)
    deployment.open_days(DRAW_OFFICE, 75)  # days 61 on wait for their release draws at 09:00
    deployment.sql(f"""INSERT INTO appointments (folio, curp, office_code, local_date, local_time, starts_at, status, created_at, updated_at)
        SELECT 'NOSHOW' || LPAD(CAST(n AS TEXT), 4, '0'), 'NOSH' || LPAD(CAST(n AS TEXT), 14, '0'), s.office_code, s.local_date,
            s.local_time, s.starts_at, 'booked', s.starts_at - 86400, s.starts_at - 86400
        FROM generate_series(1, {NO_SHOWS}) n CROSS JOIN LATERAL (SELECT * FROM slots WHERE office_code = '{OFFICE}'
            AND starts_at < extract(epoch FROM now()) - 86400 ORDER BY starts_at LIMIT 1) s""")
    deployment.sql(f"UPDATE slots SET capacity = capacity + {NO_SHOWS}, booked = booked + {NO_SHOWS} WHERE (office_code, local_date, local_time) IN "
                   "(SELECT office_code, local_date, local_time FROM appointments WHERE folio LIKE 'NOSHOW%')")
    return open_slots(deployment, 10)


def client_work(servers, slots, confirmed, statuses, lock, queue, drawn):
    """Takes people off the queue: a quarter enter the draw, the rest book (and one in five of those cancel)."""
    while True:
        with lock:
            if not queue:
                return
            account = queue.pop()
        n = int(account["n"])
        for _ in range(20):  # a client retries through restarts, as a person would reload
            server = random.choice(servers)  # requests spread over the instances
            if n % 4 == 0:
                status, challenge = request(server.base, "GET", f"/api/v1/pow?scope=draw&office={DRAW_OFFICE}", account["token"], headers=forwarded(n))
                if status == 200:
                    status, _ = request(server.base, "POST", "/api/v1/draws/requests", account["token"], {"office": DRAW_OFFICE},
                                        headers={**forwarded(n), "X-Citas-Proof": solve(challenge)})
                if status in (201, 409):  # 409: the request was made before a lost answer
                    with lock:
                        drawn.add(account["curp"])
            else:
                status, body = book(server.base, account, OFFICE, *random.choice(slots))
                if status == 201 and n % 5 == 1:
                    cancel, _ = request(server.base, "POST", f"/api/v1/appointments/{body['folio']}/cancel", account["token"], headers=forwarded(n))
                    # A cancellation whose answer was lost may or may not have happened: that booking is not counted.
                    status = {200: "cancelled", 0: "cancel outcome unknown"}.get(cancel, 201)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 201 and n % 4 != 0:
                    confirmed[body["folio"]] = account["curp"]
            if status in (201, 409, 422, 403, "cancelled", "cancel outcome unknown"):
                break
            time.sleep(0.2)


def bring_forward(deployment):
    """The draw office's next release draw and every batch waiting anywhere become due now."""
    deployment.sql(f"""UPDATE allocations SET due_at = extract(epoch FROM now()) WHERE ran_at IS NULL AND (kind = 'batch'
        OR id = (SELECT MIN(id) FROM allocations WHERE office_code = '{DRAW_OFFICE}' AND kind = 'release' AND ran_at IS NULL))""")


def wait_for(deployment, what, query, timeout=90):
    """Polls until `query` counts 0 (the jobs have done their work) or gives up after `timeout` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if deployment.sql(query) == "0":
            return True
        time.sleep(1)
    print(f"  timed out waiting for {what}")
    return False


def job_checks(deployment, drawn, sink):
    """Exactly-once checks of the background jobs across instances."""
    mails = sink.counts()
    rows = [line.split("|") for line in deployment.sql("SELECT id, created_at FROM outbox").splitlines() if line]
    expected = {f"outbox-{id}-{created}@citas" for id, created in rows}
    return {
        "allocations not run exactly once": int(deployment.sql(
            """SELECT COUNT(*) FROM allocations g WHERE g.ran_at IS NOT NULL AND (SELECT COUNT(*) FROM audit_log l
            WHERE l.subject = 'allocation:' || g.id AND l.action = 'allocation.run') <> 1""")),
        "draw not run": int(deployment.sql(
            f"SELECT COUNT(*) FROM allocations WHERE office_code = '{DRAW_OFFICE}' AND ran_at IS NULL AND due_at <= extract(epoch FROM now())")),
        # Each request the allocator seated has exactly one result mail; nobody else has one.
        "result mails other than one per seated request": abs(
            int(deployment.sql("SELECT COUNT(*) FROM standing_requests WHERE status = 'allotted' AND account_id IS NOT NULL"))
            - int(deployment.sql("SELECT COUNT(DISTINCT recipient) FROM outbox WHERE kind LIKE 'draw%'")))
        + int(deployment.sql("SELECT COUNT(*) FROM (SELECT recipient FROM outbox WHERE kind LIKE 'draw%' GROUP BY recipient HAVING COUNT(*) > 1) x"))
        + int(deployment.sql("""SELECT COUNT(*) FROM outbox o WHERE o.kind LIKE 'draw%' AND NOT EXISTS (SELECT 1 FROM standing_requests r
            JOIN accounts a ON a.id = r.account_id WHERE a.email = o.recipient AND r.status = 'allotted')""")),
        "draw entrants missing": len(drawn) - int(deployment.sql(f"SELECT COUNT(DISTINCT curp) FROM standing_requests WHERE office_code = '{DRAW_OFFICE}'")),
        "no-shows not marked exactly once": int(deployment.sql(
            """SELECT COUNT(*) FROM appointments a WHERE a.folio LIKE 'NOSHOW%' AND (a.status <> 'no_show' OR
            (SELECT COUNT(*) FROM audit_log l WHERE l.subject = 'appointment:' || a.folio AND l.action = 'appointment.no_show') <> 1)""")),
        "outbox messages never received": len(expected - set(mails)),
        "received messages not in the outbox": len(set(mails) - expected),
    }, sum(count - 1 for count in mails.values()), len(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--accounts", type=int, default=800)
    parser.add_argument("--workers", type=int, default=12)
    parser.add_argument("--instances", type=int, default=1, help="citas serve processes on one database")
    parser.add_argument("--build", default="debug")
    parser.add_argument("--json", help="also write the summary here (for scripts/measure.sh)")
    args = parser.parse_args()
    sink = SMTPSink()
    deployment = Deployment(args.build, smtp_port=sink.port)
    slots = prepare(deployment)
    accounts = deployment.accounts(args.accounts)
    servers = [Server(deployment) for _ in range(args.instances)]
    for server in servers:
        server.start()
    confirmed, statuses, drawn, lock = {}, {}, set(), threading.Lock()
    queue = list(accounts)
    random.shuffle(queue)
    threads = [threading.Thread(target=client_work, args=(servers, slots, confirmed, statuses, lock, queue, drawn)) for _ in range(args.workers)]
    for thread in threads:
        thread.start()
    kills = 0
    try:
        while kills < args.kills and any(t.is_alive() for t in threads):
            time.sleep(random.uniform(0.2, 1.0))
            if kills == args.kills // 2:  # the draw's and the freed seats' instants arrive mid-run, under the kills
                bring_forward(deployment)
            victim = random.choice(servers)
            victim.kill()
            kills += 1
            victim.start()
        for thread in threads:
            thread.join()
        bring_forward(deployment)
        waited = all([
            wait_for(deployment, "the allocations", "SELECT COUNT(*) FROM allocations WHERE ran_at IS NULL AND due_at <= extract(epoch FROM now())"),
            wait_for(deployment, "no-shows", "SELECT COUNT(*) FROM appointments WHERE folio LIKE 'NOSHOW%' AND status = 'booked'"),
            wait_for(deployment, "the outbox", "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"),
        ])
        time.sleep(1)  # the last message's SMTP exchange ends before its row is marked sent
    finally:
        for server in servers:
            server.stop()
        sink.stop()
    seats = seat_invariants(deployment, confirmed)
    jobs, resent, messages = job_checks(deployment, drawn, sink)
    print(f"crash test: {args.instances} instance(s), {kills} SIGKILLs; {len(confirmed)} bookings confirmed to clients; "
          f"{len(drawn)} draw entrants; answers {dict(sorted(statuses.items(), key=str))}")
    print("  " + "; ".join(f"{name}: {count}" for name, count in {**seats, **jobs}.items()))
    print(f"  outbox: {messages} messages sent, each received under its Message-ID; re-sent after a kill (same Message-ID): {resent}")
    if args.json:
        json.dump({"instances": args.instances, "kills": kills, "confirmed": len(confirmed), "entrants": len(drawn),
                   "answers": {str(k): v for k, v in statuses.items()}, "checks": {**seats, **jobs}, "messages": messages,
                   "resent": resent, "waited": waited}, open(args.json, "w"))
    deployment.drop()
    if not waited or any(seats.values()) or any(jobs.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Hardening checks that only a real process shows: `citas serve` and the CLI in a fresh directory with the default
paths. Every command that reads the database works there (the embedded file is migrated); data/, the SQLite file,
the deployment keys, the PKI keys and written mail are owner-only; damaged form bodies answer 400 and every line the
server writes is one JSON object (no input forges a line); sent mail keeps no body and the database holds no live
link; `citas secrets rotate` keeps the previous key; `citas audit verify` passes, then finds a row altered around the
triggers. After a booking through the API, `/metrics` (its own loopback
listener) is read with Prometheus's own text parser (`prometheus_client`) and counts it; every answer carries a request
id and the request log names the route, never the path's query or a token.

Usage: python3 Tests/e2e/process_probe.py [path/to/citas]"""
import glob
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tools"))
from harness import free_port, request, solve, verification_link  # noqa: E402

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def run(binary, directory, *arguments, stdin=None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CITAS_")}
    return subprocess.run([binary, *arguments], cwd=directory, input=stdin, text=True, capture_output=True, env=environment, timeout=120)


def post_form(base, path, body):
    req = urllib.request.Request(base + path, data=body.encode(), method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def book_and_scrape(base, data, person, metrics_port):
    """Verifies the registered person, books the first open seat through the API and reads /metrics."""
    link = verification_link(data, person["email"])
    token = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]
    request(base, "POST", "/api/v1/accounts/verify", body={"token": token})
    _, session = request(base, "POST", "/api/v1/sessions", body={"email": person["email"], "password": person["password"]})
    seat = None
    for _ in range(150):  # the launch draws open the first days at the allocation job's first run
        database = sqlite3.connect(os.path.join(data, "citas.sqlite"))
        seat = database.execute("""SELECT office_code, local_date, local_time FROM slots WHERE open = 1 AND direct > booked
            AND starts_at > strftime('%s', 'now') + 3600 ORDER BY starts_at LIMIT 1""").fetchone()
        database.close()
        if seat:
            break
        time.sleep(0.2)
    office, day, slot_time = seat
    _, challenge = request(base, "GET", f"/api/v1/pow?scope=book&office={office}", token=session.get("token"))
    status, answer = request(base, "POST", "/api/v1/appointments", token=session.get("token"),
                             body={"office": office, "date": day, "time": slot_time},
                             headers={"X-Citas-Proof": solve(challenge), "X-Request-Id": "probe-booking-1"})
    check(status == 201, f"a booking through the API ({status} {answer})")
    with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as response:
        text = response.read().decode()
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    check(samples.get(("citas_appointments_booked_total", (("channel", "api"),))) == 1, "/metrics counts the booking (channel api)")
    route = (("http_request_method", "POST"), ("http_response_status_code", "201"), ("http_route", "/api/v1/appointments"))
    check(samples.get(("hb_requests_total", route)) == 1, "/metrics counts the request by route template and status")
    check(samples.get(("http_server_request_duration_count", route)) == 1, "/metrics times it (a latency histogram)")
    jobs = [labels for (name, labels) in samples if name == "citas_job_runs_total"]
    check(any(dict(labels).get("job") == "allocations" for labels in jobs), f"/metrics counts the background jobs' runs ({jobs})")
    check(("citas_outbox_unsent", ()) in samples and ("citas_db_transaction_seconds_count", (("engine", "sqlite"), ("kind", "write"))) in samples,
          "/metrics has the mail backlog and the transactions' latency")
    public = urllib.request.Request(base + "/metrics")
    try:
        urllib.request.urlopen(public, timeout=10)
        exposed = True
    except urllib.error.HTTPError:
        exposed = False
    check(not exposed, "the public listener does not serve /metrics")


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "citas"))
    directory = tempfile.mkdtemp(prefix="citas-probe-")
    checked = run(binary, directory, "email", "check", "Ana.Lopez+citas@Example.com.", "p\u0430ypal@example.com")
    check(checked.returncode == 0 and checked.stdout.split("\n")[:2] == ["allowed ana.lopez+citas@example.com ana.lopez@example.com",
                                                                         "invalid email_syntax"],
          f"email check on a fresh directory: {checked.stdout.strip()!r} {checked.stderr.strip()[-200:]!r}")
    listed = run(binary, directory, "staff", "list")
    check(listed.returncode == 0 and listed.stdout == "", f"staff list on a fresh directory ({listed.stderr.strip()[-200:]})")
    created = run(binary, directory, "staff", "create", "--email", "clerk@sre.example", "--name", "Clerk", "--role", "clerk",
                  "--office", "MX-CDMX-ALVARO-OBREGON", stdin="Oficina#2026\n")
    disabled = run(binary, directory, "staff", "disable", "--email", "clerk@sre.example")
    listed = run(binary, directory, "staff", "list").stdout.strip()
    check(created.returncode == 0 and disabled.returncode == 0 and listed.endswith("totp-pending\tdisabled"),
          f"staff create, disable, list: {listed!r} {created.stderr.strip()[-200:]!r}")
    reset = run(binary, directory, "staff", "reset", "--email", "clerk@sre.example", stdin="Nueva#Oficina2027\n")
    listed = run(binary, directory, "staff", "list").stdout.strip()
    check(reset.returncode == 0 and listed.endswith("totp-pending\tactive"), f"staff reset re-enables: {listed!r}")
    data = os.path.join(directory, "data")
    check(mode(data) == 0o700, f"data/ is 0700 ({oct(mode(data))})")
    for name in ("citas.sqlite", "secrets.key"):
        check(mode(os.path.join(data, name)) == 0o600, f"data/{name} is 0600 ({oct(mode(os.path.join(data, name)))})")

    port = free_port()
    log_path = os.path.join(directory, "server.log")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CITAS_")}
    metrics_port = free_port()
    environment.update(CITAS_POW_BASE_DIFFICULTY="8", CITAS_LAUNCH_NOTICE_SECONDS="0", CITAS_METRICS_PORT=str(metrics_port))
    with open(log_path, "w") as log:
        server = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=directory, env=environment, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if request(base, "GET", "/ready")[0] == 200:
                break
            time.sleep(0.2)
        hostile = {
            "a bad escape": "email=%ZZ&password=x",
            "5,000 nested keys": "email" + "[a]" * 5000 + "=x",
            "a raw newline in a key": "em\nail=x",
            "a forged log line": "email=x%0A%7B%22level%22%3A%22critical%22%2C%22message%22%3A%22admin%20password%20reset%22%7D&password=%FF%FE",
        }
        for what, body in hostile.items():
            status = post_form(base, "/es/login", body)
            check(status == 400, f"{what} answers 400 ({status})")
        status, challenge = request(base, "GET", "/api/v1/pow?scope=register")
        person = {"email": "ana.gomez@example.com", "password": "Pasaporte#2026", "curp": "GODA500102MDFMZN00", "paternalSurname": "Gómez",
                  "maternalSurname": "Díaz", "givenNames": "Ana Luisa", "birthDate": "1950-01-02", "sex": "M", "birthState": "DF"}
        status, _ = request(base, "POST", "/api/v1/accounts", body=person, headers={"X-Citas-Proof": solve(challenge)})
        check(status == 202, f"registration through the API ({status})")
        mails = []
        for _ in range(100):
            mails = glob.glob(os.path.join(data, "outbox", "*.eml"))
            if mails:
                break
            time.sleep(0.1)
        check(bool(mails) and all(mode(path) == 0o600 for path in mails), f"written mail is 0600 ({[oct(mode(p)) for p in mails]})")
        pki = os.path.join(data, "pki")
        check(mode(pki) == 0o700 and all(mode(p) == 0o600 for p in glob.glob(os.path.join(pki, "*key*"))), "the PKI directory is 0700, its keys 0600")
        time.sleep(1.5)
        database = sqlite3.connect(os.path.join(data, "citas.sqlite"))
        rows = database.execute("SELECT sent_at, body FROM outbox").fetchall()
        database.close()
        check(rows and all(sent is not None and body == "" for sent, body in rows), f"sent mail keeps no body ({len(rows)} rows)")
        book_and_scrape(base, data, person, metrics_port)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    lines = [line for line in open(log_path).read().splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            check(False, f"log line is JSON: {line[:120]!r}")
    check(len(parsed) == len(lines) and lines, f"all {len(lines)} log lines are one JSON object each")
    check(all(entry.get("level") != "critical" for entry in parsed), "no forged critical line")
    requests = [entry for entry in parsed if entry.get("message") == "request"]
    booked = [entry for entry in requests if entry.get("route") == "/api/v1/appointments" and entry.get("status") == "201"]
    check(len(booked) == 1 and booked[0].get("request_id") == "probe-booking-1" and len(booked[0].get("account", "")) == 12,
          f"the booking's request is logged with its id, route, status and a pseudonymous account ({booked})")
    secrets = [entry for entry in requests if "token" in json.dumps(entry).lower() or "GODA500102" in json.dumps(entry)]
    check(requests and not secrets, f"{len(requests)} request lines, none with a token or a CURP ({secrets[:1]})")
    verified = run(binary, directory, "audit", "verify")
    check(verified.returncode == 0 and "audit log verified" in verified.stdout and " 0 chained rows" not in verified.stdout,
          f"citas audit verify passes after a registration and a booking ({verified.stdout.strip()[-120:]!r})")
    database = sqlite3.connect(os.path.join(data, "citas.sqlite"))
    database.execute("DROP TRIGGER audit_log_no_update")
    altered = database.execute("SELECT id FROM audit_log WHERE action = 'appointment.book'").fetchone()[0]
    database.execute("UPDATE audit_log SET actor = 'staff' WHERE id = ?", (altered,))
    database.commit()
    database.close()
    broken = run(binary, directory, "audit", "verify")
    check(broken.returncode == 1 and f"audit row {altered}" in broken.stdout, f"an altered audit row is found ({broken.stdout.strip()[-120:]!r})")
    rotated = run(binary, directory, "secrets", "rotate")
    keys = [line for line in open(os.path.join(data, "secrets.key")).read().splitlines() if line and not line.startswith("#")]
    check(rotated.returncode == 0 and len(keys) == 2 and mode(os.path.join(data, "secrets.key")) == 0o600,
          f"secrets rotate keeps the previous key, file 0600 ({rotated.stdout.strip()})")
    if failures:
        raise SystemExit(f"process probe: {len(failures)} check(s) failed")
    print("process probe: every check passed")


if __name__ == "__main__":
    main()

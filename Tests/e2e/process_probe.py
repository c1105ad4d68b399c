#!/usr/bin/env python3
"""Hardening checks that only a real process shows: `citas serve` and the CLI in a fresh directory with the default
paths. Every command that reads the database works there (the embedded file is migrated); data/, the SQLite file,
the deployment keys, the PKI keys and written mail are owner-only; damaged form bodies answer 400 and every line the
server writes is one JSON object (no input forges a line); sent mail keeps no body and the database holds no live
link; `citas secrets rotate` keeps the previous key.

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
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tools"))
from harness import free_port, request, solve  # noqa: E402

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
    environment.update(CITAS_POW_BASE_DIFFICULTY="8", CITAS_LAUNCH_NOTICE_SECONDS="0")
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
    rotated = run(binary, directory, "secrets", "rotate")
    keys = [line for line in open(os.path.join(data, "secrets.key")).read().splitlines() if line and not line.startswith("#")]
    check(rotated.returncode == 0 and len(keys) == 2 and mode(os.path.join(data, "secrets.key")) == 0o600,
          f"secrets rotate keeps the previous key, file 0600 ({rotated.stdout.strip()})")
    if failures:
        raise SystemExit(f"process probe: {len(failures)} check(s) failed")
    print("process probe: every check passed")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Crash test (issue 8, points 3–4): bookings under load while `citas serve` is killed with SIGKILL and restarted,
on one or several instances sharing one PostgreSQL database (`--instances 4`, requests spread over them).

Run inside a private PostgreSQL cluster:  scripts/with-postgres.sh python3 Tools/crash-test.py [--kills 10]

It creates a fresh database, migrates and seeds it, makes verified accounts with `citas-bench seed-accounts`,
starts `citas serve`, and lets worker threads book (proof-of-work solved like the page's script) while a killer
sends SIGKILL at random moments and restarts the server. Afterwards it checks, in the database:
  - every booking a client saw confirmed (201 with a folio) is there, live;
  - no slot holds more than its capacity, and for every slot booked = live appointments + seats waiting for
    re-release (nothing double-booked, nothing lost);
  - one live appointment per CURP.
Prints a summary and exits non-zero on any violation. Stops every process it started.
"""
import argparse
import hashlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OFFICE = "MX-CDMX-BENITO-JUAREZ"


def psql(url, sql):
    return subprocess.run(["psql", url, "-At", "-c", sql], check=True, capture_output=True, text=True).stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def solve(challenge):
    salt, difficulty = challenge["salt"], challenge["difficulty"]
    nonce = 0
    while True:
        digest = hashlib.sha256(f"{salt}:{nonce}".encode()).digest()
        bits = 0
        for byte in digest:
            if byte == 0:
                bits += 8
                continue
            bits += 8 - byte.bit_length()
            break
        if bits >= difficulty:
            return ".".join([challenge["scope"], salt, str(challenge["expiresAt"]), str(difficulty), challenge["signature"], str(nonce)])
        nonce += 1


class Server:
    def __init__(self, binary, env):
        self.binary, self.env, self.process = binary, dict(env, CITAS_HTTP_PORT=str(free_port())), None
        self.base = f"http://127.0.0.1:{self.env['CITAS_HTTP_PORT']}"

    def start(self):
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(600):
            try:
                if urllib.request.urlopen(self.base + "/ready", timeout=1).status == 200:
                    return
            except Exception:
                time.sleep(0.1)
        raise SystemExit("server did not become ready")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def request(base, method, path, token, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Authorization": f"Bearer {token}", **(headers or {})})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}
    except OSError:
        # The server died mid-request (connection refused or reset): the client does not know the outcome.
        return 0, {}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--accounts", type=int, default=800)
    parser.add_argument("--workers", type=int, default=12)
    parser.add_argument("--instances", type=int, default=1, help="citas serve processes on one database")
    parser.add_argument("--build", default="debug")
    args = parser.parse_args()
    cluster = os.environ.get("CITAS_TEST_POSTGRES_URL")
    if not cluster:
        raise SystemExit("run inside scripts/with-postgres.sh")
    name = f"crash_{os.getpid()}"
    psql(cluster, f"CREATE DATABASE {name}")
    url = cluster.rsplit("/", 1)[0] + "/" + name
    work = tempfile.mkdtemp(prefix="citas-crash-")
    env = dict(os.environ, CITAS_DATABASE_URL=url, CITAS_POW_BASE_DIFFICULTY="1",
               CITAS_TRUSTED_PROXIES="127.0.0.1", CITAS_OUTBOX_DIRECTORY=os.path.join(work, "outbox"),
               CITAS_PKI_DIRECTORY=os.path.join(work, "pki"), CITAS_LOG_LEVEL="error")
    binary = os.path.join(ROOT, ".build", args.build, "citas")
    for command in (["migrate"], ["seed"], ["slots", "generate", "--days", "20", "--office", OFFICE]):
        subprocess.run([binary] + command, env=env, check=True, capture_output=True)
    tokens_file = os.path.join(work, "tokens.json")
    subprocess.run([os.path.join(ROOT, ".build", args.build, "citas-bench"), "seed-accounts", "--count", str(args.accounts), "--out", tokens_file],
                   env=env, check=True, capture_output=True)
    accounts = json.load(open(tokens_file))
    slots = [line.split("|") for line in psql(url, f"SELECT local_date, local_time FROM slots WHERE office_code = '{OFFICE}' AND open = 1 AND capacity > booked AND starts_at > extract(epoch FROM now()) + 172800 ORDER BY local_date, local_time LIMIT 10").splitlines()]
    servers = [Server(binary, env) for _ in range(args.instances)]
    for server in servers:
        server.start()
    confirmed, statuses, lock = {}, {}, threading.Lock()
    queue = list(accounts)
    random.shuffle(queue)

    def worker(index):
        while True:
            with lock:
                if not queue:
                    return
                account = queue.pop()
            date, slot_time = random.choice(slots)
            server = random.choice(servers)  # requests spread over the instances
            forwarded = {"X-Forwarded-For": f"10.{index}.{int(account['n']) // 250}.{int(account['n']) % 250}"}
            for _ in range(20):  # a client retries through restarts, as a person would reload
                status, challenge = request(server.base, "GET", f"/api/v1/pow?scope=book&office={OFFICE}", account["token"], headers=forwarded)
                if status != 200:
                    time.sleep(0.2)
                    continue
                status, body = request(server.base, "POST", "/api/v1/appointments", account["token"], {"office": OFFICE, "date": date, "time": slot_time},
                                       headers={**forwarded, "X-Citas-Proof": solve(challenge)})
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    if status == 201:
                        confirmed[body["folio"]] = account["curp"]
                if status in (201, 409, 422, 403):
                    break
                time.sleep(0.2)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.workers)]
    for thread in threads:
        thread.start()
    kills = 0
    try:
        while kills < args.kills and any(t.is_alive() for t in threads):
            time.sleep(random.uniform(0.2, 1.0))
            victim = random.choice(servers)
            victim.kill()
            kills += 1
            victim.start()
        for thread in threads:
            thread.join()
    finally:
        for server in servers:
            server.stop()
    live = dict(line.split("|") for line in psql(url, "SELECT folio, status FROM appointments").splitlines() if line)
    missing = [folio for folio in confirmed if live.get(folio) not in ("booked", "checked_in")]
    over = psql(url, "SELECT COUNT(*) FROM slots WHERE booked > capacity")
    drift = psql(url, """SELECT COUNT(*) FROM slots s WHERE s.booked <> (SELECT COUNT(*) FROM appointments a WHERE a.office_code = s.office_code
        AND a.local_date = s.local_date AND a.local_time = s.local_time AND a.status IN ('booked', 'checked_in'))
        + (SELECT COUNT(*) FROM seat_releases r WHERE r.office_code = s.office_code AND r.local_date = s.local_date
        AND r.local_time = s.local_time AND r.released_at IS NULL)""")
    doubles = psql(url, "SELECT COUNT(*) FROM (SELECT curp FROM appointments WHERE status IN ('booked','checked_in') GROUP BY curp HAVING COUNT(*) > 1) x")
    print(f"crash test: {args.instances} instance(s), {kills} SIGKILLs; {len(confirmed)} bookings confirmed to clients; answers {dict(sorted(statuses.items()))}")
    print(f"  confirmed but missing: {len(missing)}; slots over capacity: {over}; slots whose count drifted: {drift}; CURPs with two live: {doubles}")
    psql(cluster, f"DROP DATABASE {name} WITH (FORCE)")
    if missing or over != "0" or drift != "0" or doubles != "0":
        raise SystemExit(1)


if __name__ == "__main__":
    main()

"""What the fault tests (crash-test.py, restart-test.py) share: a fresh PostgreSQL database next to the test
cluster, `citas serve` processes on free ports, a citizen client (bearer token, forwarded address, proof-of-work
solved like the page's script), an SMTP sink counting Message-IDs, and the invariant checks run in SQL."""
import email
import glob
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
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
    """The smallest nonce whose SHA-256 of `salt:nonce` starts with `difficulty` zero bits; returns the proof."""
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


class SMTPSink:
    """A real SMTP server (aiosmtpd) on a free port that counts every message by its Message-ID."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.port, self.received, self.lock = free_port(), {}, threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                match = re.search(rb"^Message-ID: <([^>]+)>", envelope.content, re.MULTILINE | re.IGNORECASE)
                key = match.group(1).decode() if match else "(none)"
                with sink.lock:
                    sink.received[key] = sink.received.get(key, 0) + 1
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def counts(self):
        with self.lock:
            return dict(self.received)

    def stop(self):
        self.controller.stop()


class Deployment:
    """A fresh database on the test cluster, migrated and seeded, and the environment `citas serve` runs with."""

    def __init__(self, build="debug", smtp_port=None):
        cluster = os.environ.get("CITAS_TEST_POSTGRES_URL")
        if not cluster:
            raise SystemExit("run inside scripts/with-postgres.sh")
        self.cluster, self.name = cluster, f"fault_{os.getpid()}"
        psql(cluster, f"CREATE DATABASE {self.name}")
        self.url = cluster.rsplit("/", 1)[0] + "/" + self.name
        self.work = tempfile.mkdtemp(prefix="citas-fault-")
        self.bin = os.path.join(ROOT, ".build", build)
        self.env = dict(os.environ, CITAS_DATABASE_URL=self.url, CITAS_POW_BASE_DIFFICULTY="1", CITAS_TRUSTED_PROXIES="127.0.0.1",
                        CITAS_OUTBOX_DIRECTORY=os.path.join(self.work, "outbox"), CITAS_PKI_DIRECTORY=os.path.join(self.work, "pki"),
                        CITAS_SECRETS_FILE=os.path.join(self.work, "secrets.key"),
                        CITAS_LOG_LEVEL="error", CITAS_OUTBOX_LEASE_SECONDS="5",
                        CITAS_LAUNCH_NOTICE_SECONDS="0")
        if smtp_port:
            self.env.update(CITAS_SMTP_HOST="127.0.0.1", CITAS_SMTP_PORT=str(smtp_port))
        for command in (["migrate"], ["seed"]):
            self.citas(*command)

    def open_days(self, office, days):
        """Slots for `days` days at `office`; their launch draws run at once (nobody waits, so every seat opens)."""
        self.citas("slots", "generate", "--days", str(days), "--office", office)
        self.citas("allocations", "run")

    def citas(self, *arguments):
        subprocess.run([os.path.join(self.bin, "citas"), *arguments], env=self.env, check=True, capture_output=True)

    def accounts(self, count):
        """`count` verified accounts with bearer tokens, written by the seeding tool (no server route exists)."""
        out = os.path.join(self.work, "tokens.json")
        subprocess.run([os.path.join(self.bin, "citas-bench"), "seed-accounts", "--count", str(count), "--out", out],
                       env=self.env, check=True, capture_output=True)
        return json.load(open(out))

    def sql(self, query):
        return psql(self.url, query)

    def drop(self):
        psql(self.cluster, f"DROP DATABASE {self.name} WITH (FORCE)")


class Server:
    """One `citas serve` process on its own port; killed with SIGKILL or stopped with SIGTERM."""

    def __init__(self, deployment):
        self.binary = os.path.join(deployment.bin, "citas")
        # Each instance its own metrics listener: several share this host, and the default port would collide.
        self.env = dict(deployment.env, CITAS_HTTP_PORT=str(free_port()), CITAS_METRICS_PORT=str(free_port()))
        self.base, self.process = f"http://127.0.0.1:{self.env['CITAS_HTTP_PORT']}", None

    def start(self):
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
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
        if self.process:
            stop_group(self.process)


def stop_group(process, timeout=20):
    """SIGTERM to the process group of `process` (started with start_new_session), SIGKILL if it outlives `timeout`."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def request(base, method, path, token=None, body=None, headers=None, timeout=10):
    """(status, JSON body or {}); status 0 when the connection failed (the client cannot know the outcome)."""
    data = json.dumps(body).encode() if body is not None else None
    all_headers = dict(headers or {})
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(base + path, data=data, method=method, headers=all_headers)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read() or b"{}")
        except ValueError:
            return error.code, {}
    except OSError:
        return 0, {}


def forwarded(n):
    """Person n's own address, as the trusted proxy forwards it."""
    return {"X-Forwarded-For": f"10.{n // 62500 % 250}.{n // 250 % 250}.{n % 250}"}


def book(base, account, office, date, slot_time):
    """Proof-of-work then booking, as the page does; returns (status, body)."""
    n = int(account["n"])
    status, challenge = request(base, "GET", f"/api/v1/pow?scope=book&office={office}", account["token"], headers=forwarded(n))
    if status != 200:
        return status, challenge
    return request(base, "POST", "/api/v1/appointments", account["token"], {"office": office, "date": date, "time": slot_time},
                   headers={**forwarded(n), "X-Citas-Proof": solve(challenge)})


def open_slots(deployment, limit):
    """(date, time) of the first `limit` bookable slots of OFFICE more than two days ahead (past the change lead)."""
    return [line.split("|") for line in deployment.sql(
        f"""SELECT local_date, local_time FROM slots WHERE office_code = '{OFFICE}' AND open = 1 AND direct > 0
        AND starts_at > extract(epoch FROM now()) + 172800 ORDER BY local_date, local_time LIMIT {limit}""").splitlines()]


def seat_invariants(deployment, confirmed):
    """Violations of the seat invariants: confirmed bookings missing, slots that open more seats than they have free,
    slot counts that differ from the appointments holding a seat (all but cancelled: attended and no-show ones used
    theirs; a freed seat is free at once, held for the allocator), CURPs with two live appointments."""
    live = dict(line.split("|") for line in deployment.sql("SELECT folio, status FROM appointments").splitlines() if line)
    missing = [folio for folio in confirmed if live.get(folio) not in ("booked", "checked_in")]
    if missing:
        print("  missing:", [(folio, live.get(folio)) for folio in missing])
    return {
        "confirmed but missing": len(missing),
        "slots over capacity": int(deployment.sql("SELECT COUNT(*) FROM slots WHERE booked + direct > capacity")),
        "slots whose count drifted": int(deployment.sql(
            """SELECT COUNT(*) FROM slots s WHERE s.booked <> (SELECT COUNT(*) FROM appointments a WHERE a.office_code = s.office_code
            AND a.local_date = s.local_date AND a.local_time = s.local_time AND a.status <> 'cancelled')""")),
        "CURPs with two live": int(deployment.sql(
            "SELECT COUNT(*) FROM (SELECT curp FROM appointments WHERE status IN ('booked','checked_in') GROUP BY curp HAVING COUNT(*) > 1) x")),
    }


def verification_link(workdir, address):
    """The activation link in the newest .eml to `address`, once the outbox has written it."""
    for _ in range(100):
        for path in sorted(glob.glob(os.path.join(workdir, "outbox", "*.eml")), reverse=True):
            message = email.message_from_bytes(open(path, "rb").read())
            if address in message["To"]:
                part = message.get_payload(0) if message.is_multipart() else message
                found = re.search(r"https?://\S+/verify\?token=\S+", part.get_payload(decode=True).decode())
                if found:
                    return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no verification e-mail to {address}")

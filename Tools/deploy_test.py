#!/usr/bin/env python3
"""Citas deployed past one machine, on this one, from Debian's packages and the files in deploy/:

  PostgreSQL primary (deploy/postgres/primary.conf) ── streaming, synchronous ──> standby (replica-setup's steps)
        ^
  pgbouncer (deploy/pgbouncer/pgbouncer.ini, transaction pooling)
        ^
  citas serve × 2 (each its own metrics listener)
        ^
  nginx (deploy/nginx/citas.conf: TLS with a test certificate, least_conn over both, X-Forwarded-For replaced)
        ^
  clients on distinct loopback addresses (127.0.x.y), over HTTPS

It walks a person's journey through nginx (register with a proof-of-work and a forged X-Forwarded-For, the e-mail
link, log in, book, pages), runs a short booking load, then kills the primary with SIGKILL under load, fails over
with deploy/postgres/failover.sh (promote, pgbouncer re-pointed and reloaded) and measures the time without a
booking; every booking a client saw confirmed must be on the new primary, seat counts must agree, and the audit
chains must verify there. Prints a Markdown table of what it measured.

Usage: python3 Tools/deploy_test.py [--quick] [path/to/build]   (root or a user that may run PostgreSQL)"""
import argparse
import glob
import http.client
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tools"))
from harness import free_port, solve, stop_group, verification_link  # noqa: E402

from prometheus_client.parser import text_string_to_metric_families  # noqa: E402

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))[-1]
ROOT_USER = os.getuid() == 0
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def as_postgres(command):
    return ["runuser", "-u", "postgres", "--", *command] if ROOT_USER else command


def sql(port, query, database="citas"):
    out = subprocess.run([os.path.join(PG_BIN, "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "citas", "-d", database, "-AtX",
                          "-v", "ON_ERROR_STOP=1", "-c", query], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"psql {query[:60]}: {out.stderr.strip()}")
    return out.stdout.strip()


class Postgres:
    def __init__(self, work, name, port):
        self.data, self.port, self.log = os.path.join(work, name), port, os.path.join(work, f"{name}.log")

    def start(self, *options):
        command = [os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-l", self.log, "-w", "-t", "60", "-o",
                   f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 " + " ".join(options), "start"]
        subprocess.run(as_postgres(command), check=True, capture_output=True)

    def kill(self):
        pid = int(open(os.path.join(self.data, "postmaster.pid")).readline())
        os.kill(pid, signal.SIGKILL)

    def stop(self):
        subprocess.run(as_postgres([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-m", "immediate", "stop"]), capture_output=True)


def render(source, replacements):
    text = open(os.path.join(ROOT, "deploy", source)).read()
    for pattern, value in replacements:
        text, count = re.subn(pattern, value, text, flags=re.MULTILINE)
        assert count, f"{source}: nothing matched {pattern!r}"
    return text


class Client:
    """HTTPS to nginx from a loopback address of its own, as a person's machine would connect."""

    def __init__(self, port, cafile):
        self.port, self.context = port, ssl.create_default_context(cafile=cafile)
        # (began, seconds, status, method and path) of every call, to say what clients saw during the failover.
        self.answers = []

    def call(self, method, path, body=None, token=None, headers=None, source="127.0.0.2", form=False):
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=30, source_address=(source, 0))
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body) if form else json.dumps(body)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded" if form else "application/json"
        began = time.time()
        status = 0
        try:
            connection.request(method, path, body=data, headers=all_headers)
            response = connection.getresponse()
            raw = response.read()
            try:
                parsed = json.loads(raw) if raw and response.getheader("Content-Type", "").startswith("application/json") else raw.decode()
            except ValueError:
                parsed = raw.decode(errors="replace")
            status = response.status
            return response.status, dict(response.getheaders()), parsed
        except OSError:
            return 0, {}, {}
        finally:
            connection.close()
            self.answers.append((began, time.time() - began, status, f"{method} {path.split('?')[0]}"))


def address(n):
    return f"127.0.{10 + n // 250}.{1 + n % 250}"


def book_one(client, account, n, seats, lock, stop=None, deadline=None):
    """Books a seat for `account` from its own address, retrying full seats and outages; returns (folio, when the
    successful attempt began, when it was confirmed) or None."""
    source = address(n)
    while (deadline is None or time.time() < deadline) and not (stop and stop.is_set()):
        began = time.time()
        with lock:
            if not seats:
                return None
            office, day, slot_time = seats[0]
        status, _, challenge = client.call("GET", f"/api/v1/pow?scope=book&office={office}", token=account["token"], source=source)
        if status != 200:
            time.sleep(0.1)
            continue
        status, _, answer = client.call("POST", "/api/v1/appointments", {"office": office, "date": day, "time": slot_time},
                                        token=account["token"], headers={"X-Citas-Proof": solve(challenge)}, source=source)
        if status == 201:
            return answer["folio"], began, time.time()
        code = answer.get("error", {}).get("code") if isinstance(answer, dict) else None
        if status == 409 and code in ("slot_full", "seat_held_for_lottery"):
            with lock:
                if seats and seats[0] == (office, day, slot_time):
                    seats.pop(0)
            continue
        if status == 409:
            return None
        time.sleep(0.1)
    return None


def open_seats(port, limit):
    rows = sql(port, f"""SELECT office_code, local_date, local_time, direct - booked FROM slots WHERE open = 1 AND direct > booked
        AND starts_at > extract(epoch FROM now()) + 7200 ORDER BY starts_at, office_code LIMIT {limit}""")
    seats = []
    for line in rows.splitlines():
        office, day, slot_time, free = line.split("|")
        seats += [(office, day, slot_time)] * int(free)
    return seats


def invariants(port):
    drift = sql(port, """SELECT COUNT(*) FROM slots s WHERE s.booked <> (SELECT COUNT(*) FROM appointments a WHERE a.office_code = s.office_code
        AND a.local_date = s.local_date AND a.local_time = s.local_time AND a.status <> 'cancelled') OR s.booked > s.capacity""")
    twice = sql(port, "SELECT COUNT(*) FROM (SELECT curp FROM appointments WHERE status IN ('booked','checked_in') GROUP BY curp HAVING COUNT(*) > 1) t")
    return int(drift), int(twice)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer people (CI)")
    parser.add_argument("build", nargs="?", default=os.path.join(ROOT, ".build", "debug"))
    arguments = parser.parse_args()
    people = 60 if arguments.quick else 300
    binary = os.path.join(arguments.build, "citas")
    work = tempfile.mkdtemp(prefix="citas-deploy-")
    os.chmod(work, 0o755)
    if ROOT_USER:
        shutil.chown(work, "postgres")
    processes, results = [], []
    primary = Postgres(work, "primary", free_port())
    standby = Postgres(work, "standby", free_port())
    try:
        # PostgreSQL primary with the shipped settings (addresses and paths for this machine).
        subprocess.run(as_postgres([os.path.join(PG_BIN, "initdb"), "-D", primary.data, "-U", "citas", "-A", "trust", "-E", "UTF8",
                                    "--locale=C.UTF-8"]), check=True, capture_output=True)
        archive = os.path.join(work, "wal-archive")
        os.makedirs(archive)
        if ROOT_USER:
            shutil.chown(archive, "postgres")
        conf = render("postgres/primary.conf", [(r"^listen_addresses = .*$", "listen_addresses = '127.0.0.1'"),
                                                (r"/var/lib/postgresql/wal-archive", archive)])
        open(os.path.join(primary.data, "postgresql.conf"), "a").write("\n" + conf)
        primary.start()
        # The standby, as deploy/postgres/replica-setup.sh makes one, named as synchronous_standby_names expects.
        subprocess.run(as_postgres([os.path.join(PG_BIN, "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "citas",
                                    "-D", standby.data, "--wal-method=stream", "--write-recovery-conf", "--checkpoint=fast"]),
                       check=True, capture_output=True)
        with open(os.path.join(standby.data, "postgresql.auto.conf"), "a") as auto:
            auto.write(f"primary_conninfo = 'host=127.0.0.1 port={primary.port} user=citas application_name=citas_replica'\n")
        standby_archive = os.path.join(work, "wal-archive-standby")
        os.makedirs(standby_archive)
        if ROOT_USER:
            shutil.chown(standby_archive, "postgres")
        standby.start(f"-c archive_command='cp %p {standby_archive}/%f'")
        for _ in range(100):
            if sql(primary.port, "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'citas_replica'", "postgres") == "sync":
                break
            time.sleep(0.2)
        check(sql(primary.port, "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'citas_replica'", "postgres") == "sync",
              "the standby streams synchronously")
        # Only now: with synchronous_standby_names set, a commit waits for the standby.
        sql(primary.port, "CREATE DATABASE citas", database="postgres")

        # pgbouncer with the shipped settings: trust instead of SCRAM (the test cluster has no passwords).
        bouncer_port = free_port()
        ini = os.path.join(work, "pgbouncer.ini")
        open(os.path.join(work, "userlist.txt"), "w").write('"citas" ""\n')
        open(ini, "w").write(render("pgbouncer/pgbouncer.ini", [
            (r"host=10\.0\.0\.10 port=5432", f"host=127.0.0.1 port={primary.port}"), (r"^listen_port = .*$", f"listen_port = {bouncer_port}"),
            (r"^auth_type = .*$", "auth_type = trust"), (r"^auth_file = .*$", f"auth_file = {work}/userlist.txt"),
            (r"^admin_users = .*$", "admin_users = citas"), (r"^logfile = .*$", f"logfile = {work}/pgbouncer.log"),
            (r"^pidfile = .*$", f"pidfile = {work}/pgbouncer.pid")]))
        for path in (ini, os.path.join(work, "userlist.txt")):
            if ROOT_USER:
                shutil.chown(path, "postgres")
        processes.append(subprocess.Popen(as_postgres(["pgbouncer", ini]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                          start_new_session=True))
        time.sleep(1)
        url = f"postgres://citas@127.0.0.1:{bouncer_port}/citas"

        # Two instances behind pgbouncer, migrated by the one-shot `citas migrate` first.
        env = {k: v for k, v in os.environ.items() if not k.startswith("CITAS_")}
        env.update(CITAS_DATABASE_URL=url, CITAS_TRUSTED_PROXIES="127.0.0.1", CITAS_SECRETS_FILE=os.path.join(work, "secrets.key"),
                   CITAS_PKI_DIRECTORY=os.path.join(work, "pki"), CITAS_OUTBOX_DIRECTORY=os.path.join(work, "outbox"),
                   CITAS_POW_BASE_DIFFICULTY="8", CITAS_LAUNCH_NOTICE_SECONDS="0", CITAS_DATABASE_CONNECTIONS="10", CITAS_LOG_LEVEL="warning")
        for command in (["migrate"], ["seed"]):
            done = subprocess.run([binary, *command], env=env, capture_output=True, text=True, cwd=work)
            check(done.returncode == 0, f"citas {command[0]} through pgbouncer ({done.stderr.strip()[-200:]})")
        instances = []
        for n in range(2):
            port, metrics = free_port(), free_port()
            log = open(os.path.join(work, f"citas-{n}.log"), "w")
            processes.append(subprocess.Popen([binary, "serve", "--port", str(port)], env=dict(env, CITAS_METRICS_PORT=str(metrics)),
                                              cwd=work, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
            instances.append((port, metrics))
            for _ in range(600):
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                    connection.request("GET", "/ready")
                    if connection.getresponse().status == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.1)

        # nginx with the shipped site, a test certificate and this machine's ports.
        crt, key = os.path.join(work, "citas.crt"), os.path.join(work, "citas.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out",
                        crt, "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                       check=True, capture_output=True)
        http_port, https_port = free_port(), free_port()
        upstreams = "\n    ".join(f"server 127.0.0.1:{port} max_fails=3 fail_timeout=5s;" for port, _ in instances)
        site = render("nginx/citas.conf", [
            (r"^    server 127\.0\.0\.1:8081 .*\n    server 127\.0\.0\.1:8082 .*$", "    " + upstreams),
            (r"^    listen 80;", f"    listen 127.0.0.1:{http_port};"), (r"^    listen 443 ssl http2;", f"    listen 127.0.0.1:{https_port} ssl http2;"),
            (r"/etc/citas/tls/citas\.crt", crt), (r"/etc/citas/tls/citas\.key", key)])
        open(os.path.join(work, "citas.conf"), "w").write(site)
        open(os.path.join(work, "nginx.conf"), "w").write(f"""daemon off;
worker_processes 2;
{"user root;" if ROOT_USER else ""}
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {work}/nginx-access.log;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    include {work}/citas.conf;
}}
""")
        tested = subprocess.run(["nginx", "-t", "-p", work, "-e", f"{work}/nginx-error.log", "-c", f"{work}/nginx.conf"], capture_output=True, text=True)
        check(tested.returncode == 0, f"nginx accepts the shipped site ({tested.stderr.strip()[-200:]})")
        processes.append(subprocess.Popen(["nginx", "-p", work, "-e", f"{work}/nginx-error.log", "-c", f"{work}/nginx.conf"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        time.sleep(1)
        client = Client(https_port, crt)
        journey(client, work, http_port, primary.port, instances)
        systemd_units(work)

        # A short load through nginx: each person from an address of their own.
        accounts_file = os.path.join(work, "accounts.json")
        seeded = subprocess.run([os.path.join(arguments.build, "citas-bench"), "seed-accounts", "--count", str(people * 2), "--out",
                                 accounts_file, "--database-url", f"postgres://citas@127.0.0.1:{primary.port}/citas"],
                                env=env, capture_output=True, text=True, cwd=work)
        if seeded.returncode != 0:
            raise SystemExit(f"citas-bench seed-accounts failed: {seeded.stderr[-500:]}")
        accounts = json.load(open(accounts_file))
        seats = open_seats(primary.port, people * 2)
        lock, confirmed = threading.Lock(), []

        def run(batch, stop=None, deadline=None):
            def worker(items):
                for n, account in items:
                    got = book_one(client, account, n, seats, lock, stop, deadline)
                    if got:
                        with lock:
                            confirmed.append(got)
            threads = [threading.Thread(target=worker, args=(batch[i::16],)) for i in range(16)]
            for thread in threads:
                thread.start()
            return threads

        started = time.time()
        for thread in run(list(enumerate(accounts[:people]))):
            thread.join()
        elapsed = time.time() - started
        check(len(confirmed) == people, f"short load through nginx: {len(confirmed)} of {people} people booked")
        results.append(("load through nginx (2 instances, pgbouncer, synchronous standby)",
                        f"{people} bookings in {elapsed:.1f} s ({people / elapsed:.0f}/s), each with its proof-of-work"))

        # The primary dies under load; the standby is promoted and pgbouncer re-pointed by deploy/postgres/failover.sh.
        before = len(confirmed)
        stop = threading.Event()
        threads = run(list(enumerate(accounts[people:], start=people)), stop=stop, deadline=time.time() + 120)
        time.sleep(3)
        killed_at = time.time()
        primary.kill()
        failover_env = dict(os.environ, DATA=standby.data, NEW_PRIMARY="127.0.0.1", NEW_PRIMARY_PORT=str(standby.port), PGUSER="citas",
                            PGBOUNCER_INI=ini, PGBOUNCER_PORT=str(bouncer_port), PGBOUNCER_ADMIN="citas",
                            PATH=PG_BIN + ":" + os.environ.get("PATH", ""))
        script = os.path.join(ROOT, "deploy", "postgres", "failover.sh")
        promoted = subprocess.run((["runuser", "-u", "postgres", "-m", "--"] if ROOT_USER else []) + ["bash", script],
                                  env=failover_env, capture_output=True, text=True, cwd="/tmp")
        check(promoted.returncode == 0, f"deploy/postgres/failover.sh promotes and re-points ({promoted.stderr.strip()[-300:]})")
        promoted_at = time.time()
        # Without service: from the kill to the first booking confirmed among those asked for after it.
        first_after = None
        for _ in range(600):
            with lock:
                after = [done for _, began, done in confirmed if began > killed_at]
            if after:
                first_after = min(after)
                break
            time.sleep(0.1)
        time.sleep(3)
        stop.set()
        for thread in threads:
            thread.join()
        check(first_after is not None, "bookings resume after the failover")
        if first_after:
            results.append(("failover: time without service", f"{first_after - killed_at:.1f} s from the SIGKILL to the first booking "
                            f"asked for after it (the failover script took {promoted_at - killed_at:.1f} s, started at once)"))
        # What clients saw from just before the kill until service came back: how each call ended, and the slowest.
        window = [a for a in list(client.answers) if killed_at - 1 <= a[0] <= (first_after or killed_at + 60)]
        statuses = {}
        for _, _, status, _ in window:
            statuses[status] = statuses.get(status, 0) + 1
        if window:
            slowest = max(window, key=lambda a: a[1])
            results.append(("failover: answers while failing over", f"{dict(sorted(statuses.items()))}; slowest {slowest[1]:.1f} s "
                            f"({slowest[2]}, {slowest[3]}, began {slowest[0] - killed_at:+.1f} s from the kill)"))
        folios = {folio for folio, _, _ in confirmed}
        present = set(sql(standby.port, "SELECT folio FROM appointments WHERE status = 'booked'").splitlines())
        missing = folios - present
        check(not missing, f"every confirmed booking is on the new primary ({len(folios)} confirmed, {len(missing)} missing)")
        drift, twice = invariants(standby.port)
        check(drift == 0 and twice == 0, f"seat counts agree and no CURP holds two ({drift} slots drifted, {twice} CURPs twice)")
        verified = subprocess.run([binary, "audit", "verify", "--database-url", f"postgres://citas@127.0.0.1:{standby.port}/citas"],
                                  env=env, capture_output=True, text=True, cwd=work)
        check(verified.returncode == 0, f"the audit chains verify on the new primary ({verified.stdout.strip().splitlines()[-1:]})")
        results.append(("failover: confirmed bookings lost", f"{len(missing)} of {len(folios)} ({len(folios) - before} during the failover phase)"))
        scrape(instances)
    finally:
        # Stopped in the reverse of their start (nginx, the instances, then pgbouncer); whatever outlives its
        # graceful stop is killed, so the test never leaves a process behind.
        for process in reversed(processes):
            stop_group(process, timeout=30)
        primary.stop()
        standby.stop()
        # CITAS_DEPLOY_KEEP=1 keeps the logs (Citas, pgbouncer, nginx, PostgreSQL) for reading after a surprise.
        if os.environ.get("CITAS_DEPLOY_KEEP"):
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("\n| measure | result |\n|---|---|")
    for name, value in results:
        print(f"| {name} | {value} |")
    if failures:
        raise SystemExit(f"deployment test: {len(failures)} check(s) failed")
    print("deployment test: every check passed")


def systemd_units(work):
    """systemd's own check of the shipped units (the binary's absence from /usr/local/bin aside)."""
    if not shutil.which("systemd-analyze"):
        print("skip systemd-analyze is not installed")
        return
    units = os.path.join(work, "units")
    shutil.copytree(os.path.join(ROOT, "deploy", "systemd"), units)
    names = ["citas@8081.service", "citas-migrate.service", "citas-backup.service", "citas-backup.timer", "citas-crl.service",
             "citas-crl.timer"]
    checked = subprocess.run(["systemd-analyze", "verify", "--man=no", *names], cwd=units, capture_output=True, text=True,
                             env=dict(os.environ, SYSTEMD_LOG_LEVEL="warning"))
    said = [line for line in (checked.stdout + checked.stderr).splitlines() if line.strip() and "/usr/local/bin/citas" not in line]
    check(not said, f"systemd-analyze verify accepts the units ({said[:3]})")


def journey(client, work, http_port, db_port, instances):
    """One person through nginx: the redirect to HTTPS, pages, registration, the e-mail link, log in, a booking."""
    plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    plain.request("GET", "/es")
    check(plain.getresponse().status == 301, "plain HTTP is redirected to HTTPS")
    status, headers, page = client.call("GET", "/es")
    check(status == 200 and "Citas" in page and re.fullmatch(r"[0-9a-f]{32}", headers.get("X-Request-Id", "")),
          f"the home page over HTTPS, with nginx's request id ({status} {headers.get('X-Request-Id')})")
    check(client.call("GET", "/metrics")[0] == 404, "/metrics is not served through nginx")
    status, _, challenge = client.call("GET", "/api/v1/pow?scope=register")
    person = {"email": "john.smith@example.com", "password": "Pasaporte#2026", "curp": "SILJ880417HJCMPH02", "paternalSurname": "Smith",
              "maternalSurname": "López", "givenNames": "John", "birthDate": "1988-04-17", "sex": "H", "birthState": "JC"}
    status, _, _ = client.call("POST", "/api/v1/accounts", person,
                               headers={"X-Citas-Proof": solve(challenge), "X-Forwarded-For": "203.0.113.9"}, source="127.0.0.2")
    check(status == 202, f"registration through nginx ({status})")
    recorded = sql(db_port, "SELECT DISTINCT client_address FROM audit_log WHERE action LIKE 'account.%'")
    check(recorded == "127.0.0.2", f"the client's own address is recorded, not the forged X-Forwarded-For ({recorded!r})")
    token = urllib.parse.parse_qs(urllib.parse.urlparse(verification_link(work, person["email"])).query)["token"][0]
    client.call("POST", "/api/v1/accounts/verify", {"token": token})
    status, _, session = client.call("POST", "/api/v1/sessions", {"email": person["email"], "password": person["password"]})
    check(status in (200, 201), f"log in through nginx ({status})")
    seats = []
    for _ in range(150):
        seats = open_seats(db_port, 1)
        if seats:
            break
        time.sleep(0.2)
    booked = book_one(client, {"token": session.get("token")}, 9999, seats, threading.Lock())
    check(booked is not None, "a booking through nginx")
    office = seats[0][0] if seats else "MX-CDMX-ALVARO-OBREGON"
    status, _, page = client.call("GET", f"/es/offices/{office}")
    check(status == 200, f"an office page through nginx ({status})")


def scrape(instances):
    """Each instance's /metrics, read with Prometheus's parser; every series the alerts and the dashboard use exists."""
    names = set()
    for _, metrics in instances:
        connection = http.client.HTTPConnection("127.0.0.1", metrics, timeout=10)
        connection.request("GET", "/metrics")
        for family in text_string_to_metric_families(connection.getresponse().read().decode()):
            names.add(family.name)
            names.update(sample.name for sample in family.samples)
    used = set()
    for path in ("prometheus/citas-alerts.yml", "grafana/citas-dashboard.json"):
        used.update(re.findall(r"\b((?:citas|hb|http_server)_[a-z_]+)", open(os.path.join(ROOT, "deploy", path)).read()))
    # Series made by their first event: a refusal by rule or reason, a failing job.
    first_event = {"citas_rate_limited_total", "citas_pow_refused_total", "citas_job_failures_total"}
    unknown = sorted(name for name in used - first_event if name not in names)
    check(not unknown, f"every series the alerts and the dashboard read is exported ({unknown})")


if __name__ == "__main__":
    main()

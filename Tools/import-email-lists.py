#!/usr/bin/env python3
"""Writes the shipped throw-away-domain and common-password lists from downloaded wheels.

    pip download --no-deps -d /tmp/wheels disposable-email-domains mailchecker django
    python3 Tools/import-email-lists.py /tmp/wheels

Update the versions in THIRD_PARTY_NOTICES.md when they change.
"""
import glob, gzip, io, sys, zipfile

wheels = sys.argv[1] if len(sys.argv) > 1 else "/tmp/wheels"
out = "Sources/CitasDomain/Resources"

def member(pattern, name):
    wheel = zipfile.ZipFile(glob.glob(f"{wheels}/{pattern}")[0])
    return wheel.read(next(n for n in wheel.namelist() if n.endswith(name)))

def literal_set(source, start):
    """The quoted strings of the set literal that follows `start`."""
    body = source[source.index(start):]
    body = body[body.index("{") + 1: body.index("}")]
    return sorted({item.strip().strip("'\"") for item in body.split(",") if item.strip().strip("'\"")})

def write(name, items):
    with open(f"{out}/{name}", "w") as f:
        f.writelines(item + "\n" for item in items)

write("disposable-email-domains.txt", literal_set(member("disposable_email_domains-*.whl", "__init__.py").decode(), "blocklist"))
write("mailchecker-domains.txt", literal_set(member("mailchecker-*.whl", "MailChecker.py").decode(), "blacklist"))
passwords = gzip.open(io.BytesIO(member("[Dd]jango-*.whl", "common-passwords.txt.gz")), "rt").read().split("\n")
write("common-passwords.txt", [p for p in passwords if p][:10000])

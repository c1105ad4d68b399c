#!/usr/bin/env python3
"""A clerk's morning at the counter, in a real headless Chromium, in Spanish and then English.

`citas serve` runs with its clock shifted to 07:40 in Mexico City on the next working weekday
(CITAS_CLOCK_OFFSET_SECONDS), so the run is the same on any real date, holidays included. Ten people register, confirm their e-mail and book a
time that morning through the real API (proof-of-work solved as a client would); two of them also print their
payment sheet through the pages. A clerk created with the CLI signs in (two-step code computed for the server's
clock) and works the queue from the counter screen: finds people by a lower-case piece of CURP, by a name typed
without accents and by a folio's first characters; checks them in (the document is a required choice, refused on
the row when skipped), calls a turn and reads it on the waiting room's screen, records a payment typed the way
people type it and confirms whose it is, marks them attended and issues the passport — then the same in English.
axe-core runs on every page (no serious or critical violation) and screenshots go to $CITAS_SCREENSHOTS when set.

Usage: python3 Tests/e2e/clerk_morning.py [path/to/citas]"""
import calendar
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "Tools"))
import citizen_journey as cj  # noqa: E402
from harness import forwarded, free_port, request, solve, verification_link  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.select import Select  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def next_working_morning():
    """07:40 in Mexico City (UTC-6, no summer time since 2022) of the next weekday that is not a national holiday in
    Citas's own calendar: the office opens at 08:00. Chosen from the real date, so the run is the same on any date."""
    holidays = {line.split(",")[0] for line in open(os.path.join(ROOT, "Sources/CitasDomain/Resources/holidays.csv")) if ",MX," in line}
    day = time.gmtime(time.time() - 6 * 3600)
    epoch = calendar.timegm((day.tm_year, day.tm_mon, day.tm_mday, 0, 0, 0))
    while True:
        epoch += 86_400
        candidate = time.gmtime(epoch)
        if candidate.tm_wday < 5 and time.strftime("%Y-%m-%d", candidate) not in holidays:
            return epoch + 13 * 3600 + 40 * 60, time.strftime("%Y-%m-%d", candidate)


FAKE_EPOCH, DAY = next_working_morning()
# The server's clock runs at the real pace from that morning (CITAS_CLOCK_OFFSET_SECONDS), as does every CLI call.
OFFSET = int(FAKE_EPOCH - time.time())
OFFICE = "MX-CDMX-BENITO-JUAREZ"
PASSWORD = "Pasaporte#2026"
# Ten people whose CURPs `citas curp derive` gives from these names, dates, sexes and states.
PEOPLE = [
    ("Pérez", "Núñez", "José Luis", "1985-03-14", "H", "DF"), ("López", "Ávila", "María Fernanda", "1990-07-02", "M", "JC"),
    ("Hernández", "Ruiz", "Juan", "1978-11-23", "H", "NL"), ("García", "Sánchez", "Ana Sofía", "1995-01-30", "M", "PL"),
    ("Martínez", "Ortega", "Carlos", "1982-05-05", "H", "VZ"), ("Rodríguez", "Luna", "Lucía", "1988-09-17", "M", "YN"),
    ("Gómez", "Castro", "Miguel Ángel", "1975-12-01", "H", "GT"), ("Díaz", "Morales", "Elena", "1992-04-12", "M", "OC"),
    ("Torres", "Vega", "Roberto", "1980-08-08", "H", "SP"), ("Flores", "Reyes", "Carmen", "1998-02-28", "M", "CH"),
]


def server_now():
    """The server's clock: the machine's, shifted to that morning."""
    return time.time() + OFFSET


def curps(binary):
    """Each person's CURP: positions 1-16 from the CLI, homoclave 0 (born before 2000) and the RENAPO check digit."""
    lines = "".join("\t".join(person) + "\n" for person in PEOPLE)
    derived = subprocess.run([binary, "curp", "derive"], input=lines, text=True, capture_output=True, check=True).stdout.split()
    alphabet = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
    result = []
    for body in derived:
        body += "0"
        total = sum(alphabet.index(c) * (18 - i) for i, c in enumerate(body))
        result.append(body + str((10 - total % 10) % 10))
    return result


def start_server(binary, workdir):
    port = free_port()
    env = dict(os.environ, CITAS_HTTP_PORT=str(port), CITAS_SQLITE_PATH=os.path.join(workdir, "citas.sqlite"),
               CITAS_OUTBOX_DIRECTORY=os.path.join(workdir, "outbox"), CITAS_LOG_LEVEL="warning",
               CITAS_SECRETS_FILE=os.path.join(workdir, "secrets.key"), CITAS_PKI_DIRECTORY=os.path.join(workdir, "pki"),
               CITAS_LAUNCH_NOTICE_SECONDS="0", CITAS_METRICS_PORT="0", CITAS_POW_BASE_DIFFICULTY="8", CITAS_TRUSTED_PROXIES="127.0.0.1",
               CITAS_CLOCK_OFFSET_SECONDS=str(OFFSET))
    log = open(os.path.join(workdir, "server.log"), "w")
    process = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        # Ready, and the first start's launch draws have opened the office's morning.
        status, slots = request(base, "GET", f"/api/v1/offices/{OFFICE}/slots?date={DAY}")
        if status == 200 and sum(slot["free"] for slot in slots.get("slots", [])) >= len(PEOPLE):
            return process, base
        time.sleep(1)
        if process.poll() is not None:
            break
    raise SystemExit("server did not become ready:\n" + open(os.path.join(workdir, "server.log")).read())


def book_everyone(base, workdir, binary):
    """Registers, verifies and books each person through the API; returns their CURPs, e-mails and folios."""
    people = []
    _, slots = request(base, "GET", f"/api/v1/offices/{OFFICE}/slots?date={DAY}")
    times = [slot["time"] for slot in slots["slots"] for _ in range(slot["free"])]
    assert len(times) >= len(PEOPLE), f"not enough free seats on {DAY}: {slots}"
    for n, ((paternal, maternal, given, born, sex, state), curp) in enumerate(zip(PEOPLE, curps(binary))):
        address = re.sub(r"[^a-z]", "", given.split()[0].lower().translate(str.maketrans("áéíóúñ", "aeioun"))) + f".{n}@example.com"
        headers = forwarded(n + 7)
        _, challenge = request(base, "GET", "/api/v1/pow?scope=register", headers=headers)
        person = {"email": address, "password": PASSWORD, "curp": curp, "paternalSurname": paternal, "maternalSurname": maternal,
                  "givenNames": given, "birthDate": born, "sex": sex, "birthState": state}
        status, body = request(base, "POST", "/api/v1/accounts", body=person, headers={**headers, "X-Citas-Proof": solve(challenge)})
        assert status == 202, (status, body)
        token = urllib.parse.parse_qs(urllib.parse.urlparse(verification_link(workdir, address)).query)["token"][0]
        assert request(base, "POST", "/api/v1/accounts/verify", body={"token": token}, headers=headers)[0] in (200, 204)
        status, session = request(base, "POST", "/api/v1/sessions", body={"email": address, "password": PASSWORD}, headers=headers)
        assert status in (200, 201), (status, session)
        bearer = session["token"]
        _, challenge = request(base, "GET", f"/api/v1/pow?scope=book&office={OFFICE}", token=bearer, headers=headers)
        status, booked = request(base, "POST", "/api/v1/appointments", token=bearer, body={"office": OFFICE, "date": DAY, "time": times[n]},
                                 headers={**headers, "X-Citas-Proof": solve(challenge)})
        assert status == 201, (status, booked)
        people.append({"curp": curp, "email": address, "folio": booked["folio"], "name": f"{given} {paternal} {maternal}"})
    return people


def payment_sheet(base, person, n):
    """The person prints their payment sheet on the pages (their own session): returns its reference and amount."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def send(path, fields=None, page=None):
        data = None
        if fields is not None:
            fields = dict(fields, csrf=re.search(r'name="csrf" value="([^"]+)"', page).group(1))
            data = urllib.parse.urlencode(fields).encode()
        req = urllib.request.Request(base + path, data=data, headers=forwarded(n + 7))
        return opener.open(req, timeout=10).read().decode()

    login = send("/es/login")
    account = send("/es/login", {"email": person["email"], "password": PASSWORD}, login)
    send("/es/account/procedure", {"procedure": "renewal", "validity": "10"}, account)
    sheet = send("/es/account/payment", {"discount": "none"}, send("/es/account/payment"))
    # Both as the sheet prints them ("3134 2664 4685 5459", "$4,280.00 MXN"): the clerk types them so.
    reference = re.search(r'<span class="folio">([\d ]{19})</span>', sheet).group(1)
    amount = re.search(r"<strong>(\$[\d,]+\.\d\d MXN)</strong>", sheet).group(1)
    return reference, amount


def sign_in_clerk(driver, base, binary, workdir):
    env = dict(cj.server_env(workdir), CITAS_CLOCK_OFFSET_SECONDS=str(OFFSET))
    subprocess.run([binary, "staff", "create", "--email", "mostrador@sre.example", "--name", "Rosa Mostrador", "--role", "clerk",
                    "--office", OFFICE], input="Oficina#2026\n", text=True, env=env, check=True, capture_output=True)
    driver.get(base + "/es/staff/login")
    driver.find_element(By.ID, "email").send_keys("mostrador@sre.example")
    driver.find_element(By.ID, "password").send_keys("Oficina#2026" + Keys.ENTER)
    cj.shows(driver, "Active la verificación en dos pasos")
    key = driver.find_element(By.CSS_SELECTOR, "code.key").text
    driver.find_element(By.ID, "code").send_keys(cj.totp(key, at=server_now()) + Keys.ENTER)
    cj.shows(driver, "Guarde sus códigos de recuperación")
    driver.find_element(By.LINK_TEXT, "Ir al panel").click()
    cj.shows(driver, "Panel del personal")


def search(driver, words, folio):
    """Types in the counter's search box and waits for the results page, which must show `folio`'s row."""
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(words + Keys.ENTER)
    WebDriverWait(driver, 20).until(
        lambda d: urllib.parse.parse_qs(urllib.parse.urlparse(d.current_url).query).get("q") == [words]
        and d.find_elements(By.ID, f"row-{folio}"))


def row(driver, folio):
    return driver.find_element(By.ID, f"row-{folio}")


def row_text(driver, folio):
    """The row's text, or "" while a navigation replaces the page."""
    try:
        return row(driver, folio).text
    except WebDriverException:
        return ""


def press(driver, folio, button):
    """Presses a step's button on the person's row and waits until the page that answers has replaced this one."""
    before = row(driver, folio)
    before.find_element(By.XPATH, f".//button[normalize-space()='{button}']").click()

    def replaced(_):
        # While the next page loads the old node may answer with any of several driver errors: it is gone either way.
        try:
            before.is_enabled()
            return False
        except WebDriverException:
            return True

    WebDriverWait(driver, 20).until(replaced)


PHOTO = os.path.join(ROOT, "Sources", "CitasPassport", "Resources", "silhouette.jpg")


def issue(driver, folio, link, refusal):
    """Opens the issue page from the person's row, first chooses the wrong file (a clerk's slip), reads the refusal
    beside the photo field, then chooses the photo and issues."""
    row(driver, folio).find_element(By.XPATH, f".//a[normalize-space()='{link}']").click()
    WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith(f"/{folio}/issue"))
    handle, wrong = tempfile.mkstemp(prefix="notas-", suffix=".txt")
    with os.fdopen(handle, "w") as out:
        out.write("no es una foto\n")
    driver.find_element(By.ID, "photo").send_keys(wrong)
    driver.find_element(By.XPATH, f"//form[@enctype='multipart/form-data']//button[normalize-space()='{link}']").click()
    cj.shows(driver, refusal)
    os.remove(wrong)
    assert driver.find_element(By.ID, "photo").get_attribute("aria-invalid") == "true"
    cj.accessible(driver, "staff-issue-refused")
    driver.find_element(By.ID, "photo").send_keys(PHOTO)
    driver.find_element(By.XPATH, f"//form[@enctype='multipart/form-data']//button[normalize-space()='{link}']").click()


def check_in(driver, folio, document, button):
    """Checks the person in from their row; the page comes back to that row, now with a turn number."""
    Select(driver.find_element(By.ID, f"document-{folio}")).select_by_value(document)
    row(driver, folio).find_element(By.XPATH, f".//button[normalize-space()='{button}']").click()
    WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith(f"#row-{folio}") and re.search(r"A-\d{3}", row_text(d, folio)))


def pay(driver, base, language, reference, amount, paid_on, confirm):
    """The desk's payment form, typed the way people type it; the confirmation says whose payment it is."""
    driver.get(base + f"/{language}/staff")
    driver.find_element(By.ID, "reference").send_keys(reference)
    driver.find_element(By.ID, "amount").send_keys(amount)
    driver.find_element(By.ID, "paidOn").send_keys(paid_on)
    driver.find_element(By.ID, "bank").send_keys("BBVA")
    driver.find_element(By.ID, "bank").submit()
    cj.shows(driver, confirm)


def morning(driver, base, people, sheets, counter_es):
    """The Spanish half: five people found three ways, one refusal, a call, a payment, attended and issued."""
    driver.get(counter_es)
    cj.shows(driver, "Mostrador")
    assert re.search(r"10\s+Esperadas", cj.text(driver)), cj.text(driver)[:400]
    cj.accessible(driver, "staff-counter")
    first, second, third = people[0], people[1], people[2]
    search(driver, first["curp"][4:12].lower(), first["folio"])
    # The document must be chosen: sent without one (past the browser's own check), the row says so.
    driver.execute_script(f"document.getElementById('document-{first['folio']}').removeAttribute('required')")
    press(driver, first["folio"], "Registrar llegada")
    cj.shows(driver, "Falta un dato obligatorio.")
    check_in(driver, first["folio"], "INE", "Registrar llegada")
    search(driver, "maria fernanda lopez", second["folio"])
    check_in(driver, second["folio"], "pasaporte", "Registrar llegada")
    search(driver, third["folio"][:5].lower(), third["folio"])
    check_in(driver, third["folio"], "INE", "Registrar llegada")
    driver.get(counter_es)
    for person in people[3:5]:
        check_in(driver, person["folio"], "INE", "Registrar llegada")
    press(driver, first["folio"], "Llamar")
    cj.shows(driver, "llamado")
    # The waiting room's display reloads itself; the same page on a phone waits for its reader (WCAG 2.2.1).
    driver.get(base + f"/es/offices/{OFFICE}/turns?display=1")
    cj.shows(driver, "A-001")
    assert first["curp"] not in cj.text(driver) and "José" not in cj.text(driver)
    assert driver.find_elements(By.CSS_SELECTOR, 'meta[http-equiv="refresh"]')
    if cj.SHOTS:
        driver.save_screenshot(os.path.join(cj.SHOTS, "now-serving-display.png"))
    driver.get(base + f"/es/offices/{OFFICE}/turns")
    cj.accessible(driver, "now-serving")
    reference, amount = sheets[0]
    day_first = "/".join(reversed(DAY.split("-")))
    pay(driver, base, "es", reference, amount, day_first, "Confirme el pago")
    assert first["curp"] in cj.text(driver) and amount.replace(" MXN", "") in cj.text(driver)
    cj.accessible(driver, "staff-payment-confirm")
    driver.find_element(By.ID, "confirm-payment").click()
    cj.shows(driver, "Pago registrado:")
    driver.get(counter_es)
    press(driver, first["folio"], "Marcar atendida")
    issue(driver, first["folio"], "Emitir pasaporte", "La foto debe ser una imagen JPEG")
    cj.shows(driver, "Pasaporte electrónico")
    for field in ("Apellidos", "Nombres", "Nacionalidad", "Fecha de nacimiento", "Sexo", "Fecha de expedición", "Autoridad", "Vigente hasta"):
        assert field in cj.text(driver), field
    assert "PEREZ<NUNEZ<<JOSE<LUIS" in cj.text(driver), cj.text(driver)[:600]
    cj.accessible(driver, "staff-passport")


def morning_en(driver, base, people, sheets):
    """The English half: the other five, found by name and CURP, one paid, attended and issued."""
    driver.get(base + f"/en/staff/offices/{OFFICE}/agenda")
    cj.shows(driver, "Counter")
    sixth = people[5]
    search(driver, "rodriguez luna", sixth["folio"])
    check_in(driver, sixth["folio"], "cedula", "Check in")
    driver.get(base + f"/en/staff/offices/{OFFICE}/agenda")
    for person in people[6:]:
        check_in(driver, person["folio"], "INE", "Check in")
    text = cj.text(driver)
    assert re.search(r"10\s+Waiting", text) or re.search(r"9\s+Waiting", text), text[:400]
    cj.accessible(driver, "staff-counter-en")
    reference, amount = sheets[1]
    pay(driver, base, "en", reference, amount.replace("$", "").replace(".00 MXN", "").replace(",", ""), DAY, "Confirm the payment")
    cj.accessible(driver, "staff-payment-confirm-en")
    driver.find_element(By.ID, "confirm-payment").click()
    cj.shows(driver, "Payment recorded")
    driver.get(base + f"/en/staff/offices/{OFFICE}/agenda?state=checked_in")
    press(driver, sixth["folio"], "Mark attended")
    driver.get(base + f"/en/staff/offices/{OFFICE}/agenda?state=attended")
    issue(driver, sixth["folio"], "Issue passport", "The photo must be a JPEG image")
    cj.shows(driver, "Electronic passport")
    assert "RODRIGUEZ<LUNA<<LUCIA" in cj.text(driver), cj.text(driver)[:600]
    driver.get(base + f"/en/staff/offices/{OFFICE}/agenda")
    assert re.search(r"2\s+Attended", cj.text(driver)), cj.text(driver)[:400]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "citas")
    workdir = tempfile.mkdtemp(prefix="citas-clerk-")
    process, base = start_server(binary, workdir)
    driver = None
    try:
        people = book_everyone(base, workdir, binary)
        sheets = [payment_sheet(base, people[n], n) for n in (0, 5)]
        driver = cj.browser()
        sign_in_clerk(driver, base, binary, workdir)
        driver.find_element(By.LINK_TEXT, "Mostrador").click()
        cj.shows(driver, "Mostrador")
        morning(driver, base, people, sheets, driver.current_url.split("#")[0])
        morning_en(driver, base, people, sheets)
        print(f"e2e: a clerk's morning passed (10 people, both languages); axe clean on {len(cj.checked_pages)} pages: "
              + ", ".join(cj.checked_pages))
    finally:
        if driver:
            driver.quit()
        cj.stop_server(process)


if __name__ == "__main__":
    main()

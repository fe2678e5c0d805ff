#!/usr/bin/env python3
"""web_ui.py: drives the page of `patronat serve` in headless Chromium (selenium), as a
social pedagogue would: tables, upload, «Проверка», «Всё», the documents, one graduate, the
archive, a table with an error. Prints one line per check, "ok: …" or "FAIL: …", and
"pdf: NAME PATH" for each PDF it downloaded through the page's links (web.sh checks their
text); keeps a screenshot of each step in SHOTS.

usage: web_ui.py URL BAD_URL UPLOAD_DIR BAD_TABLE DOWNLOADS SHOTS"""
import json
import os
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

url, bad_url, upload_dir, bad_table, downloads, shots = sys.argv[1:7]
failed = 0


def check(what, cond):
    global failed
    print(("ok: " if cond else "FAIL: ") + what, flush=True)
    failed += 0 if cond else 1


def start():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--window-size=1093,614", "--force-device-scale-factor=1.25",
              "--lang=ru-RU", "--user-data-dir=" + os.path.join(downloads, "profile")):
        o.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


try:
    d = start()
except WebDriverException as e:
    print("skip: chromium cannot start: " + str(e).splitlines()[0], flush=True)
    sys.exit(77)
d.set_page_load_timeout(20)
wait = WebDriverWait(d, 20)


def shot(name):
    d.save_screenshot(os.path.join(shots, name + ".png"))


def text(css):
    return d.find_element(By.CSS_SELECTOR, css).text


def fetch(href, name):
    path = os.path.join(downloads, name)
    with urllib.request.urlopen(href, timeout=20) as r, open(path, "wb") as f:
        f.write(r.read())
    print("pdf: %s %s" % (name, path), flush=True)


def wait_for(what, cond, timeout=20):
    try:
        WebDriverWait(d, timeout).until(cond)
        check(what, True)
        return True
    except TimeoutException:
        check(what + " (timed out)", False)
        return False


try:
    # Данные: the tables of the input folder
    d.get(url)
    wait_for("the page lists the five tables",
             lambda d: len(d.find_elements(By.CSS_SELECTOR, "#tables tbody tr")) == 5)
    rows = text("#tables tbody")
    check("Выпускники: graduates.csv with 40 rows", "Выпускники graduates.csv 40" in rows)
    check("the academic year and the count of graduates", "Учебный год 2026/2027" in text("#summary")
          and "40 выпускников" in text("#summary"))
    shot("01-data")

    # upload the sample's tables: they pass the check and replace the old ones
    files = sorted(os.path.join(upload_dir, f) for f in os.listdir(upload_dir))
    d.find_element(By.ID, "file").send_keys("\n".join(files))
    wait_for("the upload is checked and applied",
             lambda d: "Таблицы заменены" in text("#upload-result"), 30)
    check("the upload names the tables", "graduates.csv" in text("#upload-result"))
    shot("02-upload")

    # Проверка: warnings listed, no error
    d.find_element(By.ID, "tab-check").click()
    wait_for("Проверка says there is no error", lambda d: "Ошибок нет" in text("#check-summary"))
    check("Проверка lists the warnings as rows",
          len(d.find_elements(By.CSS_SELECTOR, "#problems tbody tr.warning")) > 0)
    check("a warning names its file and row", "events.csv" in text("#problems tbody")
          and "строка" in text("#problems tbody"))
    shot("03-check")

    # Документы: «Всё», the progress, the list of files (a 1366×768 screen at 125 %: 1093×614)
    check("the page is laid out for 1366×768 at 125 %",
          d.execute_script("return window.innerWidth") in range(1080, 1100))
    d.find_element(By.ID, "tab-docs").click()
    d.find_element(By.ID, "run-all").click()
    wait_for("the progress bar shows", lambda d: d.find_element(By.ID, "progress").is_displayed(), 10)
    time.sleep(0.6)
    shot("04-progress")
    done = wait_for("«Всё» finishes", lambda d: d.find_element(By.ID, "run-message").get_attribute("data-state")
                    in ("done", "failed", "input", "cancelled"), 90)
    check("the batch ended as done", d.find_element(By.ID, "run-message").get_attribute("data-state") == "done")
    check("the page says what was made", "Готово" in text("#run-message"))
    d.execute_script("window.scrollTo(0, 0)")
    shot("05-documents")
    for det in d.find_elements(By.CSS_SELECTOR, "#files details"):
        det.click()
    d.execute_script("document.querySelector('#files details').scrollIntoView()")
    shot("05-passports")
    order = d.find_elements(By.CSS_SELECTOR, "#files a[href*='out/order-']")
    passports = d.find_elements(By.CSS_SELECTOR, "#files a[href*='out/passports/']")
    zips = d.find_elements(By.CSS_SELECTOR, "#files a[href*='zip/documents.zip']")
    check("a link to the order", len(order) == 1)
    check("40 links to passports", len(passports) == 40)
    check("a link to the zip of everything", len(zips) == 1)
    if order:
        fetch(order[0].get_attribute("href"), "order.pdf")
    if passports:
        fetch(passports[0].get_attribute("href"), "passport.pdf")
    if zips:
        with urllib.request.urlopen(zips[0].get_attribute("href"), timeout=30) as r:
            body = r.read()
        check("the zip is a zip", body[:2] == b"PK")

    # one graduate by surname
    token = url.split("token=")[1]
    req = urllib.request.Request(url.split("?")[0] + "api/graduates", headers={"X-Patronat-Token": token})
    with urllib.request.urlopen(req, timeout=20) as r:
        grads = json.load(r)["graduates"]
    g = grads[0]
    box = d.find_element(By.ID, "surname")
    box.send_keys(g["surname"][:4])
    wait_for("the search finds the graduate",
             lambda d: g["id"] in text("#found"))
    check("the graduate's passport and plan are linked",
          len(d.find_elements(By.CSS_SELECTOR, "#found a[href*='passports/%s.pdf']" % g["id"])) == 1
          and len(d.find_elements(By.CSS_SELECTOR, "#found a[href*='plans/%s.pdf']" % g["id"])) == 1)
    d.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    shot("06-graduate")

    # Архив: the manifest matches
    d.execute_script("window.scrollTo(0, 0)")
    d.find_element(By.ID, "tab-archive").click()
    wait_for("Архив: every file matches the inventory",
             lambda d: "Все файлы совпадают с описью" in text("#verify"))
    check("Архив links the inventory", len(d.find_elements(By.CSS_SELECTOR,
                                                            "#archive-links a[href*='inventory.pdf']")) == 1)
    shot("07-archive")

    # one graduate's passport and plan made again from the search
    d.find_element(By.ID, "tab-docs").click()
    d.find_element(By.CSS_SELECTOR, "#found li button").click()
    wait_for("one graduate's documents are made", lambda d: d.find_element(By.ID, "run-message")
             .get_attribute("data-state") == "done", 60)
    made = [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "#files a")]
    check("…his passport and his plan", any("passports/%s.pdf" % g["id"] in h for h in made)
          and any("plans/%s.pdf" % g["id"] in h for h in made))

    # a table with an error: shown with its row, the old tables kept
    d.find_element(By.ID, "tab-data").click()
    d.find_element(By.ID, "file").send_keys(bad_table)
    wait_for("the table with an error is refused",
             lambda d: "Таблицы не заменены" in text("#upload-result"), 30)
    rows = d.find_elements(By.CSS_SELECTOR, "#upload-problems tbody tr.error")
    check("the error row names the file, the row and the field",
          len(rows) == 1 and "graduates.csv" in rows[0].text and "строка 3" in rows[0].text
          and "Дата рождения" in rows[0].text)
    shot("08-upload-error")

    # an input folder with an error: the error row in Проверка, no document can be made
    d.get(bad_url)
    wait_for("the page of the bad folder loads",
             lambda d: len(d.find_elements(By.CSS_SELECTOR, "#tables tbody tr")) == 5)
    d.find_element(By.ID, "tab-check").click()
    wait_for("Проверка lists the error first",
             lambda d: len(d.find_elements(By.CSS_SELECTOR, "#problems tbody tr")) > 0
             and "graduates.csv" in d.find_elements(By.CSS_SELECTOR, "#problems tbody tr")[0].text
             and "ошибка" in d.find_elements(By.CSS_SELECTOR, "#problems tbody tr")[0].text)
    check("Проверка says why no document can be made",
          "документы не делаются" in text("#check-summary"))
    shot("09-check-error")
    d.find_element(By.ID, "tab-docs").click()
    check("Документы says why", "Документы сделать нельзя" in text("#docs-blocked"))
    check("«Всё» is disabled", not d.find_element(By.ID, "run-all").is_enabled())
    shot("10-docs-blocked")
except Exception as e:  # a broken page must fail the suite, not hang it
    check("the page works: %s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else ""), False)
    try:
        shot("99-failure")
    except WebDriverException:
        pass
finally:
    d.quit()
sys.exit(1 if failed else 0)

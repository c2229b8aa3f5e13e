#!/usr/bin/python3
"""kaiji serve in a real browser: headless Chromium driven by Selenium.

Signs in with the printed address, adds documents by choosing files and by
dropping one on the page, watches the dashboard change, opens a contract and
its findings, and prints the status report to PDF (read back with
pdftotext); fills the hospital's checklist form with the 和暦 date picker,
downloads the draft and prints pages through DevTools' Page.printToPDF; makes
a vendor's upload link on a contract's page and, as the vendor, chooses a
flawed file, sees its findings and sends the fixed one; then, with accounts, fails and succeeds at the login form, reads
the audit log and signs out.  Screenshots and the PDF stay in BUILD/screenshots/serve/.

Usage: tests/browser/serve.py BUILD SOURCE_DIR
Exit status: 0 passed, 1 failed (the reason on stderr), 77 skipped (no
Selenium, ChromeDriver or Chromium: the reason on stderr).
"""
import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def main(build, src):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.common.exceptions import (StaleElementReferenceException,
                                                WebDriverException)
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        print("python3-selenium is not installed", file=sys.stderr)
        return SKIP
    for tool in ("/usr/bin/chromedriver", "/usr/bin/chromium", "/usr/bin/pdftotext"):
        if not os.path.exists(tool):
            print(tool + " is not installed", file=sys.stderr)
            return SKIP
    kaiji = os.path.join(build, "kaiji")
    shots = os.path.join(build, "screenshots", "serve")
    shutil.rmtree(shots, ignore_errors=True)
    os.makedirs(shots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="kaiji-browser-")
    env = dict(os.environ, LANG="ja_JP.UTF-8", KAIJI_LOCALEDIR=os.path.join(build, "locale"))
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    db = os.path.join(tmp, "kaiji.db")
    subprocess.run([kaiji, "register", "import", "--db", db,
                    os.path.join(src, "samples/register/contracts.csv")],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([kaiji, "serve", "--listen", "127.0.0.1:0", "--db", db,
                               "--as-of", "2026-11-26", "--vendor-portal"], env=env,
                              stdout=subprocess.PIPE, text=True)
    driver = None
    try:
        url = None
        for line in server.stdout:
            m = re.search(r"http://127\.0\.0\.1:\d+/\?token=[0-9a-f]+", line)
            if m:
                url = m.group(0)
                break
        check(url, "kaiji serve printed no address")
        base = url.split("/?")[0]

        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                  "--lang=ja", "--window-size=1200,1000", "--disable-gpu"):
            opts.add_argument(a)
        # the browser of a Japanese hospital: it asks for Japanese (the pages
        # follow Accept-Language; headless Chromium asks for English otherwise)
        opts.add_experimental_option("prefs", {"intl.accept_languages": "ja,en;q=0.5"})
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        # A page replaced while a wait reads it (a form's answer arriving)
        # leaves the element read stale, or not of the document any more
        # ("Node with given id does not belong to the document"): the wait
        # reads again. Any other error (a wrong selector, the browser gone)
        # ends the test at once with its own message.
        page_wait = WebDriverWait(driver, 20,
                                  ignored_exceptions=(StaleElementReferenceException,))

        class wait:
            @staticmethod
            def until(cond):
                def again_if_replaced(d):
                    try:
                        return cond(d)
                    except WebDriverException as e:
                        if "does not belong to the document" in str(e):
                            return False
                        raise
                return page_wait.until(again_if_replaced)

        # Signing in: the key becomes a cookie and leaves the address bar.
        driver.get(url)
        wait.until(lambda d: "ダッシュボード" in d.title)
        check("token=" not in driver.current_url, "the key stayed in the address bar")
        cookies = {c["name"]: c for c in driver.get_cookies()}
        check(cookies.get("kaiji_session", {}).get("httpOnly"), "the session cookie is not HttpOnly")
        driver.save_screenshot(os.path.join(shots, "1-dashboard.png"))
        row = driver.find_element(By.XPATH, "//tr[td/a[@href='/contract/KMS-2026-017']]")
        check("完了" not in row.text, "KMS-2026-017 is complete before any document")

        # Choosing files on the upload page.
        driver.find_element(By.LINK_TEXT, "書類の追加").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "input[type=file]"))
        files = [os.path.join(src, "samples/mds-sds/mds-5.0-good.xlsx"),
                 os.path.join(src, "samples/checklist/vendor-r8-good.xlsx")]
        driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys("\n".join(files))
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        # the page's script sends them one request a file, a row each
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results tbody tr")) == 2
                   and not d.find_elements(By.CSS_SELECTOR, "#results tr.pending"))
        body = driver.find_element(By.ID, "results").text
        check("mds-5.0-good.xlsx" in body and "vendor-r8-good.xlsx" in body,
              "the results do not name the files: " + body)
        check("有効" in body, "the results do not say the files are valid: " + body)
        driver.save_screenshot(os.path.join(shots, "2-uploaded.png"))

        # The dashboard has changed: KMS-2026-017 now holds both documents.
        driver.find_element(By.LINK_TEXT, "ダッシュボード").click()
        wait.until(lambda d: "ダッシュボード" in d.title)
        row = driver.find_element(By.XPATH, "//tr[td/a[@href='/contract/KMS-2026-017']]")
        check("完了" in row.text, "the dashboard did not change: " + row.text)

        # Dropping a file on the upload page (the page's script sends it).
        driver.get(base + "/upload")
        with open(os.path.join(src, "samples/mds-sds/sds-5.0-good.xlsx"), "rb") as f:
            data = base64.b64encode(f.read()).decode()
        driver.execute_script("""
            const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
            const file = new File([bytes], "sds-5.0-good.xlsx");
            const dt = new DataTransfer();
            dt.items.add(file);
            const drop = document.getElementById("drop");
            drop.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
            drop.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
        """, data)
        # the page stays; the file's row fills in with kaiji's answer
        wait.until(lambda d: d.find_elements(
            By.XPATH, "//table[@id='results']//tr[td/a[@href='/contract/SMP-2026-0042']]"))
        body = driver.find_element(By.ID, "results").text
        check("sds-5.0-good.xlsx" in body and "有効" in body,
              "the dropped file was not recorded and linked: " + body)
        check(driver.title.startswith("書類の追加"), "the page was left: " + driver.title)

        # Several files dropped at once: a row each, each filled as its answer comes.
        names = ["mds-5.0-good.xlsx", "sds-5.0-good.xlsx", "mds-5.0-good.xlsx"]
        blobs = []
        for n in names:
            with open(os.path.join(src, "samples/mds-sds", n), "rb") as f:
                blobs.append(base64.b64encode(f.read()).decode())
        driver.get(base + "/upload")
        driver.execute_script("""
            const dt = new DataTransfer();
            arguments[0].forEach((b64, i) => {
                const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
                dt.items.add(new File([bytes], ["KMS-2026-018/", "EXI-JP-2026-3-", "x-"][i] + arguments[1][i]));
            });
            const drop = document.getElementById("drop");
            drop.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
        """, blobs, names)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results tbody tr")) == 3)
        wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#results tr.pending"))
        rows = driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")
        check(len(rows) == 3, "not one row a dropped file: %d" % len(rows))
        for r in rows:
            check(r.find_elements(By.CSS_SELECTOR, "td .badge, td span") and "…" not in r.text,
                  "a row without its answer: " + r.text)
        driver.save_screenshot(os.path.join(shots, "2b-dropped-several.png"))

        # A folder chosen: each file in it sent and answered in its row (the
        # page's script; the folder's path goes with each file's name).
        folder = os.path.join(tmp, "attachments")
        os.makedirs(os.path.join(folder, "KMS-2026-018"))
        for n in ("mds-5.0-good.xlsx", "sds-5.0-good.xlsx"):
            shutil.copy(os.path.join(src, "samples/mds-sds", n),
                        os.path.join(folder, "KMS-2026-018", n))
        driver.get(base + "/upload")
        driver.find_element(By.ID, "folder").send_keys(folder)
        driver.find_element(By.CSS_SELECTOR, "form#upload button[type=submit]").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results tbody tr")) == 2
                   and not d.find_elements(By.CSS_SELECTOR, "#results tr.pending"))
        body = driver.find_element(By.ID, "results").text
        check("attachments/KMS-2026-018/mds-5.0-good.xlsx" in body
              and "attachments/KMS-2026-018/sds-5.0-good.xlsx" in body,
              "the folder's files are not each in a row: " + body)
        check("KMS-2026-018" in body and "送信できません" not in body,
              "the folder's files were not recorded: " + body)
        driver.save_screenshot(os.path.join(shots, "2c-folder.png"))

        # A contract and its findings.
        driver.get(base + "/contract/TST-24-001")
        check("TST-24-001" in driver.title, "the contract page did not open")
        driver.get(base + "/")
        driver.find_element(By.LINK_TEXT, "KMS-2026-017").click()
        wait.until(lambda d: "KMS-2026-017" in d.title)
        body = driver.find_element(By.TAG_NAME, "body").text
        check("mds-5.0-good.xlsx" in body, "the contract page does not show its document")
        driver.save_screenshot(os.path.join(shots, "3-contract.png"))

        # The report, printed to PDF and read back.
        driver.get(base + "/report/status.html")
        wait.until(lambda d: "契約ごとの提出状況" in d.title)
        pdf = os.path.join(shots, "status-report.pdf")
        with open(pdf, "wb") as f:
            f.write(base64.b64decode(driver.print_page()))
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                              text=True, check=True).stdout
        check("契約ごとの提出状況" in text and "KMS-2026-017" in text,
              "the printed report lacks its title or contracts")
        # The reports page: the hospital's own checklist items, a 目標日 chosen
        # with the 和暦 picker, kept; the draft downloaded; the page printed
        # to PDF through Chrome's DevTools (Page.printToPDF).
        from selenium.webdriver.support.ui import Select
        driver.get(base + "/")
        driver.find_element(By.LINK_TEXT, "報告書").click()
        wait.until(lambda d: "報告書" in d.title)
        driver.find_element(By.NAME, "organisation").send_keys("テスト病院")
        driver.find_element(By.NAME, "author").send_keys("山田")
        row = driver.find_element(By.XPATH, "//tr[td/input[@value='1①']]")
        Select(row.find_element(By.CSS_SELECTOR, "select[name^=answer_]")).select_by_value("no")
        Select(row.find_element(By.CSS_SELECTOR, "select[name^=era_]")).select_by_visible_text("令和")
        row.find_element(By.CSS_SELECTOR, "input[name^=year_]").send_keys("9")
        Select(row.find_element(By.CSS_SELECTOR, "select[name^=month_]")).select_by_value("3")
        Select(row.find_element(By.CSS_SELECTOR, "select[name^=day_]")).select_by_value("31")
        driver.find_element(By.CSS_SELECTOR, "form.checklist button[type=submit]").click()
        wait.until(lambda d: "保存しました" in d.find_element(By.TAG_NAME, "body").text)
        driver.get(base + "/reports")
        body = driver.find_element(By.TAG_NAME, "body").text
        check("令和9年3月31日" in body, "the 目標日 chosen is not shown in 和暦: " + body)
        check(driver.find_element(By.NAME, "organisation").get_attribute("value") == "テスト病院",
              "the form did not come back filled")
        driver.save_screenshot(os.path.join(shots, "3b-reports.png"))
        # the draft: fetched by the page's own session, as a click would download it
        draft = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch("/reports/checklist.xlsx").then(async r => {
                const b = new Uint8Array(await r.arrayBuffer());
                let s = ""; for (const x of b) s += String.fromCharCode(x);
                done([r.status, r.headers.get("Content-Disposition"), btoa(s)]);
            });
        """)
        check(draft[0] == 200 and "attachment" in (draft[1] or ""),
              "the draft was not offered as a download: %r" % draft[:2])
        draft_path = os.path.join(shots, "checklist-draft.xlsx")
        with open(draft_path, "wb") as f:
            f.write(base64.b64decode(draft[2]))
        read = subprocess.run([kaiji, "validate", "--format", "json", "--as-of", "2026-11-26",
                               draft_path], env=env, capture_output=True, text=True)
        check('"hospital-checklist"' in read.stdout,
              "the draft downloaded does not read as a hospital checklist: " + read.stdout[:400])
        check("2027" in read.stdout, "the draft lacks the 目標日 chosen (2027-03-31)")
        printed = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True,
                                                             "preferCSSPageSize": True})
        pdf_data = base64.b64decode(printed["data"])
        check(len(pdf_data) > 1000 and pdf_data.startswith(b"%PDF"),
              "printToPDF gave no PDF (%d bytes)" % len(pdf_data))
        with open(os.path.join(shots, "reports-page.pdf"), "wb") as f:
            f.write(pdf_data)
        driver.get(base + "/report/status.html")
        wait.until(lambda d: "契約ごとの提出状況" in d.title)
        printed = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})
        pdf_data = base64.b64decode(printed["data"])
        check(pdf_data.startswith(b"%PDF"), "printToPDF of the report gave no PDF")
        with open(os.path.join(shots, "status-report-devtools.pdf"), "wb") as f:
            f.write(pdf_data)
        # A vendor's upload link: made on the contract's page, then used by
        # the vendor (no session): a flawed file, its findings, the fixed one.
        driver.get(base + "/contract/SMD-2026-001")
        driver.find_element(By.CSS_SELECTOR, "button[value=new]").click()
        wait.until(lambda d: d.find_elements(By.ID, "vendor-url"))
        link = driver.find_element(By.ID, "vendor-url").get_attribute("value")
        check(re.fullmatch(re.escape(base) + r"/v/[0-9a-f]{64}", link), "not a link: " + link)
        driver.save_screenshot(os.path.join(shots, "5-vendor-link-made.png"))
        driver.delete_all_cookies()
        driver.get(link)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "input[type=file]"))
        check("SMD-2026-001" in driver.find_element(By.TAG_NAME, "body").text,
              "the vendor's page does not name its contract")
        check(not driver.find_elements(By.CSS_SELECTOR, "nav a"), "the vendor sees the site's links")
        flawed = [os.path.join(src, "samples/mds-sds/mds-5.0-missing-answers.xlsx"),
                  os.path.join(src, "samples/checklist/vendor-r8-good.xlsx")]
        driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys("\n".join(flawed))
        driver.find_element(By.CSS_SELECTOR, "form#upload button[type=submit]").click()
        wait.until(lambda d: d.find_elements(By.ID, "results"))
        check(driver.find_elements(By.CSS_SELECTOR, "ul.findings li"),
              "the vendor sees no findings for the flawed file")
        check(driver.find_elements(By.CSS_SELECTOR, "#contract-state .s-invalid"),
              "the contract is not invalid after the flawed file")
        driver.save_screenshot(os.path.join(shots, "6-vendor-findings.png"))
        # (the .ods: the .xlsx went to another contract above, and bytes
        # received before do not count as newer)
        driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(
            os.path.join(src, "samples/mds-sds/mds-5.0-good.ods"))
        driver.find_element(By.CSS_SELECTOR, "form#upload button[type=submit]").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#contract-state .s-complete"))
        driver.save_screenshot(os.path.join(shots, "7-vendor-complete.png"))

        # Team mode: the login form, a wrong password, signing in and out.
        server.terminate()
        server.wait(timeout=30)
        subprocess.run([kaiji, "user", "add", "--db", db, "--role", "admin", "kanri"],
                       env=dict(env, KAIJI_PASSWORD="kanri-password-1"), check=True,
                       stdout=subprocess.DEVNULL)
        server = subprocess.Popen([kaiji, "serve", "--accounts", "--listen", "127.0.0.1:0",
                                   "--db", db, "--as-of", "2026-11-26"], env=env,
                                  stdout=subprocess.PIPE, text=True)
        login = None
        for line in server.stdout:
            m = re.search(r"http://127\.0\.0\.1:\d+/login", line)
            if m:
                login = m.group(0)
                break
        check(login, "kaiji serve --accounts printed no login address")
        driver.delete_all_cookies()
        driver.get(login.replace("/login", "/"))
        wait.until(lambda d: "サインイン" in d.title)
        driver.find_element(By.NAME, "user").send_keys("kanri")
        driver.find_element(By.NAME, "password").send_keys("wrong-password")
        driver.find_element(By.CSS_SELECTOR, "form.login button").click()
        wait.until(lambda d: "違います" in d.find_element(By.TAG_NAME, "body").text)
        driver.find_element(By.NAME, "user").send_keys("kanri")
        driver.find_element(By.NAME, "password").send_keys("kanri-password-1")
        driver.find_element(By.CSS_SELECTOR, "form.login button").click()
        wait.until(lambda d: "ダッシュボード" in d.title)
        check("kanri" in driver.find_element(By.TAG_NAME, "nav").text, "who is signed in is not shown")
        driver.save_screenshot(os.path.join(shots, "4-team-dashboard.png"))
        driver.find_element(By.LINK_TEXT, "操作の記録").click()
        wait.until(lambda d: "操作の記録" in d.title)
        check("login-failed" in driver.page_source, "the failed login is not in the audit log")
        driver.find_element(By.CSS_SELECTOR, "form.logout button").click()
        wait.until(lambda d: "サインイン" in d.title)
        print("browser: passed; screenshots in " + shots)
        return 0
    finally:
        if driver:
            driver.quit()
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])))

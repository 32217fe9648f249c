"""The explorer in a real browser, and a bounded load test against it.

Starts edl-serve on a free loopback port, loads the page in headless Chromium
(Playwright driving Debian's chromium), moves a control, and checks that the
verdict and the drawn chart change and agree with the JSON API. Then runs a
load test: CLIENTS concurrent clients for SECONDS seconds, expecting no 5xx
answer, a live server and bounded memory.

Usage: python3 Tests/browser/explorer_test.py SERVER   (SERVER: the edl-serve binary)
Exit 0 on success, 1 on a failed check; 77 when no browser is available (skipped).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

CLIENTS = 10
SECONDS = 5.0
MEMORY_LIMIT_MIB = 1024


def fail(message):
    print("explorer test: FAIL: " + message)
    sys.exit(1)


def start(server):
    process = subprocess.Popen([server, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stdout.readline()
        match = re.search(r"the explorer is at (http://\S+)", line)
        if match:
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return process, match.group(1)
        if process.poll() is not None:
            fail("edl-serve exited before it listened: " + line)
    fail("edl-serve did not print its URL within 60 s")


def post(url, path, body):
    request = urllib.request.Request(url.rstrip("/") + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def browser_check(url):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("explorer test: SKIPPED: Playwright for Python is not installed (make setup installs it)")
        sys.exit(77)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("explorer test: SKIPPED: no chromium on the PATH (make setup installs Debian's chromium)")
        sys.exit(77)
    config = {"scenario": "coupon-collector", "learner": "bayes", "parameters": {"K": "100"},
              "n": "1...1000:log20", "replicates": 100, "seed": 1}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(url) and not r.url.startswith("blob:") else None)
        page.goto(url + "#" + urllib.parse.quote(json.dumps(config)))
        page.wait_for_function("document.getElementById('status').textContent === 'ready'", timeout=60000)
        first_verdict = page.inner_text("#verdict")
        first_svg = page.inner_html("#chart-edl")
        status, text = post(url, "/api/run", config)
        if status != 200:
            fail("the API refused the page's configuration: " + text)
        document = json.loads(text)
        signature = document["manifest"]["signature"]
        if not first_verdict.startswith("signature: %s over n = 1…1000" % signature["kind"]):
            fail("the page's verdict %r does not match the API's %r" % (first_verdict, signature["kind"]))
        if ("peaks at n = %d " % signature["peak_n"]) not in first_verdict:
            fail("the page's peak does not match the API's n = %d: %r" % (signature["peak_n"], first_verdict))
        last = document["rows"][-1]
        if "%.4f" % last["edl_bits"] not in page.inner_text("#summary"):
            fail("the page's table does not show the API's EDL at n = 1000 (%.4f)" % last["edl_bits"])
        if "<svg" not in first_svg or "peak at n = %d" % signature["peak_n"] not in first_svg:
            fail("the EDL/n chart is missing or does not mark the API's peak n = %d" % signature["peak_n"])
        # Move a control: K from 100 to 20. The peak moves to about 1.79·20.
        page.fill("#param-K", "20")
        page.wait_for_function("(v) => document.getElementById('verdict').textContent !== v && "
                               "document.getElementById('status').textContent === 'ready'", arg=first_verdict, timeout=60000)
        second_verdict = page.inner_text("#verdict")
        second_svg = page.inner_html("#chart-edl")
        config["parameters"]["K"] = "20"
        status, text = post(url, "/api/run", config)
        moved = json.loads(text)["manifest"]["signature"]
        if ("peaks at n = %d " % moved["peak_n"]) not in second_verdict or moved["peak_n"] == signature["peak_n"]:
            fail("after K = 20 the verdict %r does not show the API's new peak n = %d" % (second_verdict, moved["peak_n"]))
        if second_svg == first_svg or "peak at n = %d" % moved["peak_n"] not in second_svg:
            fail("the EDL/n chart did not redraw for K = 20")
        state = json.loads(urllib.parse.unquote(page.evaluate("location.hash"))[1:])
        if "--set K=20" not in page.inner_text("#command") or state["parameters"].get("K") != "20":
            fail("the command line or the URL does not hold the new configuration")
        # A heavy change is drawn first as a preview of its first replicates
        # (marked as such), then replaced by the full answer.
        page.evaluate("""() => { window.seen = [];
            new MutationObserver(() => window.seen.push(document.getElementById('verdict').textContent))
              .observe(document.getElementById('verdict'), { childList: true, characterData: true, subtree: true }); }""")
        page.fill("#replicates", "20000")
        page.wait_for_function("document.getElementById('status').textContent === 'ready' && "
                               "document.getElementById('verdict').dataset.replicates === '20000'", timeout=120000)
        seen = page.evaluate("window.seen")
        previews = [v for v in seen if v.startswith("preview (")]
        if not previews or " of 20000 replicates): signature: " not in previews[0]:
            fail("a 20000-replicate change was not drawn first as a marked preview: %r" % seen[:3])
        if page.inner_text("#verdict").startswith("preview"):
            fail("the full answer did not replace the preview")
        if outside:
            fail("the page loaded something from outside the server: %s" % outside[:3])
        browser.close()
    print("explorer test: the page's verdict, table and chart follow the API (peak n %d → %d after K = 100 → 20); "
          "a 20000-replicate change was drawn first as a preview (%s)" % (signature["peak_n"], moved["peak_n"], previews[0].split(":")[0]))


def memory_mib(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


def load_test(url, process):
    errors, answers, refused = [], [0], [0]
    lock = threading.Lock()
    stop = time.time() + SECONDS

    def client(index):
        k = 0
        while time.time() < stop:
            k += 1
            # Students moving sliders: a handful of shared values (cached after the first) and some new ones.
            config = {"scenario": "coupon-collector", "parameters": {"K": str(10 + (index * 7 + k) % 25)},
                      "n": "1...500:log15", "replicates": 50, "seed": 1 + k % 3}
            try:
                status, _ = post(url, "/api/run" if k % 2 else "/api/chart",
                                 config if k % 2 else {"view": "edl", "runs": [config]})
            except Exception as error:  # a dropped connection is a failure too
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                answers[0] += 1
                if status >= 500:
                    errors.append("HTTP %d" % status)
                elif status >= 400:
                    refused[0] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if process.poll() is not None:
        fail("the server died under load")
    status, text = post(url, "/api/run", {"scenario": "nope"})
    if status != 400 or "unknown scenario" not in text:
        fail("after the load the server does not answer a bad request properly: %d %s" % (status, text))
    request = urllib.request.Request(url.rstrip("/") + "/api/run", data=b"{" + b" " * 70000 + b"}", method="POST")
    try:
        urllib.request.urlopen(request, timeout=30)
        fail("a 70 kB body was accepted")
    except urllib.error.HTTPError as error:
        if error.code != 413 or b"larger than" not in error.read():
            fail("a 70 kB body got HTTP %d, not 413" % error.code)
    try:
        urllib.request.urlopen(url.rstrip("/") + "/etc/passwd", timeout=30)
        fail("a path outside the explorer's routes was answered")
    except urllib.error.HTTPError as error:
        if error.code != 404:
            fail("a path outside the explorer's routes got HTTP %d, not 404" % error.code)
    used = memory_mib(process.pid)
    if errors:
        fail("%d errors under load, e.g. %s" % (len(errors), errors[:3]))
    if used > MEMORY_LIMIT_MIB:
        fail("the server holds %.0f MiB after the load (limit %d)" % (used, MEMORY_LIMIT_MIB))
    print("explorer test: load: %d clients for %.0f s, %d answers, 0 server errors, %d refused, %.0f MiB resident"
          % (CLIENTS, SECONDS, answers[0], refused[0], used))


def main():
    import urllib.parse  # noqa: F401  (used through urllib.parse above)
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    process, url = start(sys.argv[1])
    try:
        browser_check(url)
        load_test(url, process)
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    import urllib.parse
    main()

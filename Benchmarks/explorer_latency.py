"""How live the explorer feels: latency of a control change with 10 concurrent clients.

For every scenario's default configuration and every guided exercise's runs,
CLIENTS clients each make REQUESTS control changes (a new seed each time, so
nothing comes from the cache), as the page makes them: the preview (POST
/api/run with "preview": true, then the EDL/n chart of the preview), then the
full configuration (run and chart). Prints, per configuration, the median and
95th percentile of the time to the first answer drawn (the preview) and to
the full answer, and how many replicates the previews held.

Usage: python3 Benchmarks/explorer_latency.py SERVER   (the edl-serve binary; release build)
"""
import concurrent.futures
import json
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

CLIENTS = 10
REQUESTS = 4


def post(url, path, body):
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


def percentile(values, q):
    return values[min(len(values) - 1, int(round(q * len(values))) - 1)]


def main():
    process = subprocess.Popen([sys.argv[1], "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = None
    while url is None:
        match = re.search(r"the explorer is at (http://\S+)/", process.stdout.readline())
        if match:
            url = match.group(1)
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    try:
        scenarios = json.loads(urllib.request.urlopen(url + "/api/scenarios").read())["scenarios"]
        exercises = json.loads(urllib.request.urlopen(url + "/api/exercises").read())
        configurations = [(s["name"] + " (defaults)", {"scenario": s["name"]}) for s in scenarios]
        for exercise in exercises:
            for run in exercise["runs"]:
                body = {"scenario": run["scenario"], "parameters": run["parameters"], "n": run["n"], "replicates": run["replicates"]}
                if run.get("learner"):
                    body["learner"] = run["learner"]
                configurations.append((exercise["title"].split(" (")[0] + ": " + run["label"], body))
        seed = [1000]
        lock = threading.Lock()
        print("%-60s %7s %7s %7s %7s %9s" % ("configuration (%d clients, %d changes each)" % (CLIENTS, REQUESTS),
                                              "first", "p95", "full", "p95", "preview R"))
        print("%-60s %7s %7s %7s %7s %9s" % ("", "med ms", "ms", "med ms", "ms", "median"))
        worst = worst_full = 0.0
        for name, body in configurations:
            def change(_):
                with lock:
                    seed[0] += 1
                    mine = dict(body, seed=seed[0])
                quick = dict(mine, preview=True)
                start = time.perf_counter()
                preview = json.loads(post(url, "/api/run", quick))
                post(url, "/api/chart", {"view": "edl", "runs": [quick]})
                first = (time.perf_counter() - start) * 1000
                post(url, "/api/run", mine)
                post(url, "/api/chart", {"view": "edl", "runs": [mine]})
                return first, (time.perf_counter() - start) * 1000, preview["manifest"]["replicates"]
            with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
                answers = list(pool.map(change, range(CLIENTS * REQUESTS)))
            firsts, fulls = sorted(a[0] for a in answers), sorted(a[1] for a in answers)
            p95, p95_full = percentile(firsts, 0.95), percentile(fulls, 0.95)
            worst, worst_full = max(worst, p95), max(worst_full, p95_full)
            print("%-60s %7.0f %7.0f %7.0f %7.0f %9.0f" % (name[:60], statistics.median(firsts), p95, statistics.median(fulls), p95_full,
                                                         statistics.median(a[2] for a in answers)))
        print("worst p95: first answer %.0f ms (target 150 ms), full answer %.0f ms" % (worst, worst_full))
    finally:
        process.terminate()


if __name__ == "__main__":
    main()

"""How live the explorer feels: latency of a control change with 10 concurrent clients.

For every scenario's default configuration and every guided exercise's runs,
CLIENTS clients each make REQUESTS control changes (a new seed each time, so
nothing comes from the cache): POST /api/run, then the EDL/n chart of the
same configuration. Prints the median and 95th percentile per configuration.

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
        print("%-70s %9s %9s" % ("configuration (%d clients, %d changes each)" % (CLIENTS, REQUESTS), "median ms", "p95 ms"))
        worst = 0.0
        for name, body in configurations:
            def change(_):
                with lock:
                    seed[0] += 1
                    mine = dict(body, seed=seed[0])
                start = time.perf_counter()
                post(url, "/api/run", mine)
                post(url, "/api/chart", {"view": "edl", "runs": [mine]})
                return (time.perf_counter() - start) * 1000
            with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
                times = sorted(pool.map(change, range(CLIENTS * REQUESTS)))
            p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
            worst = max(worst, p95)
            print("%-70s %9.0f %9.0f" % (name[:70], statistics.median(times), p95))
        print("worst p95: %.0f ms (target 150 ms)" % worst)
    finally:
        process.terminate()


if __name__ == "__main__":
    main()

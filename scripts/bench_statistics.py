"""The statistics benchmark's work (scripts/bench-statistics): build, serve, time, load. Standard library only."""
import http.cookiejar
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

BIN, SMALL = sys.argv[1], float(sys.argv[2])
PASSWORD = "Gongjiang@2026"  # the demo accounts' password (Demo/DemoAccounts.swift)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(fraction):
    work = tempfile.mkdtemp(prefix=f"gongjiang-bench-statistics-{fraction}-")
    env = dict(os.environ, GONGJIANG_DATABASE_URL=f"sqlite://{work}/gongjiang.sqlite", GONGJIANG_KEY_FILE=f"{work}/keys.json",
               GONGJIANG_WORK_DIR=f"{work}/work", LOG_LEVEL="error")
    started = time.time()
    # The demo's own account of the build (each part's lines and time) is kept beside the database, and its time lines
    # are printed, so a slow build says which part was slow.
    with open(f"{work}/demo.log", "w") as log:
        subprocess.run([BIN, "demo", "--scale", "city", "--fraction", str(fraction), "--no-serve"], env=env, check=True,
                       stdout=log, stderr=subprocess.DEVNULL)
    with open(f"{work}/demo.log") as log:
        for line in log:
            if "用时" in line:
                print("   " + line.strip(), flush=True)
    return work, env, time.time() - started


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def serve(env):
    port = free_port()
    server = subprocess.Popen([BIN, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    return server, base


def sign_in(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    opener.open(base + "/login", urllib.parse.urlencode({"username": "city-admin", "password": PASSWORD, "_csrf": csrf}).encode())
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return opener, cookie


def latency(opener, url):
    for _ in range(3):
        opener.open(url).read()
    times = []
    for _ in range(20):
        started = time.perf_counter()
        body = opener.open(url).read()
        times.append((time.perf_counter() - started) * 1000)
    assert len(body) > 200, body[:200]
    return statistics.median(times)


results = {}
for label, fraction in (("small", SMALL), ("full", 1.0)):
    print(f"building the city at {fraction:g} of the reference scale…", flush=True)
    work, env, seconds = build(fraction)
    server, base = serve(env)
    try:
        opener, cookie = sign_in(base)
        year = time.localtime().tm_year
        row = {"build": seconds,
               "dashboard": latency(opener, f"{base}/statistics?year={year}"),
               "report": latency(opener, f"{base}/statistics/report?year={year}"),
               "api": latency(opener, f"{base}/api/v1/public/statistics/{year}")}
        if label == "full" and shutil.which("wrk"):
            peak = rss_kb(server.pid)
            load = subprocess.Popen(["wrk", "-t2", "-c16", "-d20s", "-H", f"Cookie: {cookie}", f"{base}/statistics?year={year}"],
                                    stdout=subprocess.PIPE, text=True)
            while load.poll() is None:
                peak = max(peak, rss_kb(server.pid))
                time.sleep(0.2)
            output = load.stdout.read()
            rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
            row["wrk"] = float(rate.group(1)) if rate else 0.0
            row["rss_mb"] = peak / 1024
        results[label] = row
    finally:
        server.terminate()
        server.wait()
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)

small, full = results["small"], results["full"]
print()
print(f"| | {SMALL:g} of the city | the whole city | ratio |")
print("|---|---|---|---|")
print(f"| demo build | {small['build']:.1f} s | {full['build']:.1f} s | {full['build'] / small['build']:.1f}× |")
for key, name in (("dashboard", "dashboard /statistics"), ("report", "annual report"), ("api", "open data API")):
    print(f"| {name}, median | {small[key]:.1f} ms | {full[key]:.1f} ms | {full[key] / small[key]:.2f}× |")
if "wrk" in full:
    print(f"\nwrk -t2 -c16 -d20s on the whole city's dashboard: {full['wrk']:.1f} requests/s, server peak resident {full['rss_mb']:.0f} MB")

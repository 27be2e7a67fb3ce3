"""Builds the city-scale registry and runs the three loads. Called by scripts/bench-verify."""
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from benchdata import generate

binary, rows, folder = os.path.abspath(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
seconds = int(os.environ.get("BENCH_SECONDS", "20"))
connections = int(os.environ.get("BENCH_CONNECTIONS", "32"))
database = os.path.join(folder, "gongjiang.sqlite")
env = dict(os.environ, GONGJIANG_DATABASE_URL=f"sqlite://{database}", GONGJIANG_ENV="development",
           GONGJIANG_KEY_FILE=f"{folder}/keys.json", GONGJIANG_WORK_DIR=f"{folder}/work", LOG_LEVEL="error",
           GONGJIANG_RATE_LIMIT_PUBLIC="1000000000", GONGJIANG_RATE_LIMIT_ADDRESS="1000000000")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for(url):
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except Exception:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer")


# 1. The registry: generated once per row count, imported by the platform's own import.
if not os.path.exists(database):
    csv_path = os.path.join(folder, "persons-certificates.csv")
    started = time.monotonic()
    generate(csv_path, rows)
    subprocess.run([binary, "migrate"], env=env, check=True, capture_output=True)
    imported = subprocess.run([binary, "import", "persons-certificates", csv_path, "--errors", f"{folder}/errors.csv"],
                              env=env, capture_output=True, text=True)
    if imported.returncode not in (0, 3):
        sys.exit("import failed:\n" + imported.stderr)
    os.remove(csv_path)
    print(f"registry: {rows:,} certificates generated and imported in {time.monotonic() - started:.0f} s")

db = sqlite3.connect(database)
count = db.execute("select count(*) from certificates").fetchone()[0]
sample = db.execute("select c.number, p.name from certificates c join persons p on p.id = c.person_id "
                    "where c.rowid % 75 = 7 limit 20000").fetchall()
print(f"certificates in the database: {count:,}; look-ups drawn from {len(sample):,} real (number, name) pairs")

# 2. Datasette's copy: the same certificates table, its number indexed, nothing else.
copy = os.path.join(folder, "copy.sqlite")
if not os.path.exists(copy):
    db.execute(f"attach database '{copy}' as copy")
    db.execute("create table copy.certificates as select * from main.certificates")
    db.execute("create unique index copy.certificates_number on certificates(number)")
    db.commit()
db.close()

port, uncached_port, datasette_port = free_port(), free_port(), free_port()
server = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
# The same server with its look-up cache off: every request reads the database.
uncached = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(uncached_port)],
                            env=dict(env, GONGJIANG_VERIFY_CACHE="0"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
datasette = subprocess.Popen(["datasette", "serve", copy, "--host", "127.0.0.1", "--port", str(datasette_port),
                              "--setting", "sql_time_limit_ms", "5000"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    wait_for(f"http://127.0.0.1:{port}/healthz")
    wait_for(f"http://127.0.0.1:{uncached_port}/healthz")
    wait_for(f"http://127.0.0.1:{datasette_port}/-/versions.json")

    def script(name, paths):
        path = os.path.join(folder, name + ".lua")
        with open(path, "w") as f:
            f.write("paths = {" + ",".join('"' + p + '"' for p in paths) + "}\n")
            f.write("counter = 0\nrequest = function()\n  counter = counter + 1\n"
                    "  return wrk.format(\"GET\", paths[(counter % #paths) + 1])\nend\n")
        return path

    random.Random(7).shuffle(sample)
    ours = [f"/api/v1/public/certificates/{n}?name={urllib.parse.quote(name)}" for n, name in sample]
    # Datasette's cheapest row look-up: no row count and no facet suggestions, which it would otherwise compute over
    # the 1.5 million rows at every request.
    theirs = [f"/copy/certificates.json?number={n}&_shape=array&_nocount=1&_nofacet=1" for n, _ in sample]
    # Each answer is checked once before the load: found, and the right certificate.
    check = urllib.request.urlopen(f"http://127.0.0.1:{port}{ours[0]}").read().decode()
    assert sample[0][0] in check and '"status"' in check, check
    check = urllib.request.urlopen(f"http://127.0.0.1:{datasette_port}{theirs[0]}").read().decode()
    assert sample[0][0] in check, check

    def load(name, base, script_path=None, path="/"):
        arguments = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
        if script_path:
            arguments += ["-s", script_path]
        out = subprocess.run(arguments + [base + path], capture_output=True, text=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        print(f"{name:<34} {rps:>10,.0f} req/s   p99 {p99:>8}" + (f"   non-2xx {errors.group(1)}" if errors else ""))
        return rps

    print(f"wrk: 2 threads, {connections} connections, {seconds} s each, loopback")
    cold = load("verification API, no cache", f"http://127.0.0.1:{uncached_port}", script("ours", ours))
    # One pass through the pairs first, as a day's traffic would have made, so the cache holds what it would hold.
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d10s", "-s", script("ours", ours), f"http://127.0.0.1:{port}"],
                   capture_output=True)
    verify = load("verification API (as served)", f"http://127.0.0.1:{port}", script("ours", ours))
    data = load("Datasette row look-up by number", f"http://127.0.0.1:{datasette_port}", script("theirs", theirs))
    health = load("/healthz", f"http://127.0.0.1:{port}", path="/healthz")
    print(f"verification / Datasette: {verify / data:.1f}x   (aim: at least 30x)")
    print(f"verification / healthz:   {verify / health:.2f}    (aim: at least 0.5)")
    print(f"without the cache: {cold / data:.1f}x Datasette, {cold / health:.2f} of /healthz")
finally:
    server.terminate()
    uncached.terminate()
    datasette.terminate()

"""Generates the benchmark file and times both imports. Called by scripts/bench-import."""
import os
import resource
import subprocess
import sys
import time

from benchdata import generate

binary, rows, folder = os.path.abspath(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
csv_path = os.path.join(folder, "persons-certificates.csv")

def run_child(args, env=None, stdin=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    completed = subprocess.run(args, env=env, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return completed, elapsed, peak_kib if peak_kib > before else None


started = time.monotonic()
generate(csv_path, rows)
size_mb = os.path.getsize(csv_path) / 1e6
print(f"file: {rows:,} rows, {size_mb:.0f} MB, generated in {time.monotonic() - started:.1f} s")

# 1. The platform: validate every row, write persons, organizations and certificates.
env = dict(os.environ, GONGJIANG_DATABASE_URL=f"sqlite://{folder}/gongjiang.sqlite", GONGJIANG_ENV="development",
           GONGJIANG_WORK_DIR=f"{folder}/work", LOG_LEVEL="warning")
migrate, _, _ = run_child([binary, "migrate"], env=env)
if migrate.returncode != 0:
    sys.exit("migrate failed:\n" + migrate.stderr)
result, ours, peak_kib = run_child([binary, "import", "persons-certificates", csv_path, "--errors", f"{folder}/errors.csv"], env=env)
print(result.stdout.strip())
if result.returncode not in (0, 3):
    sys.exit(f"import failed ({result.returncode}):\n{result.stderr}")

# 2. The sqlite3 shell: one table with the same indexes as the registry's tables, no validation.
raw_db = f"{folder}/raw.sqlite"
schema = """
PRAGMA journal_mode=WAL;
CREATE TABLE raw(name TEXT, id_number TEXT, phone TEXT, district_code TEXT, employer_uscc TEXT, employer_name TEXT,
                 occupation_code TEXT, work_type TEXT, level TEXT, certificate_number TEXT, issue_date TEXT, issuer_name TEXT);
CREATE UNIQUE INDEX raw_number ON raw(certificate_number);
CREATE INDEX raw_id_number ON raw(id_number);
CREATE INDEX raw_name ON raw(name, id_number);
CREATE INDEX raw_last4 ON raw(substr(id_number, -4));
CREATE INDEX raw_district ON raw(district_code);
CREATE INDEX raw_employer ON raw(employer_uscc);
CREATE INDEX raw_occupation ON raw(occupation_code, level);
"""
subprocess.run(["sqlite3", raw_db], input=schema, text=True, check=True, stdout=subprocess.DEVNULL)
_, raw, _ = run_child(["sqlite3", raw_db, ".mode csv", f".import --skip 1 {csv_path} raw"])

print(f"gongjiang import: {ours:.1f} s, {rows / ours:,.0f} rows/s, peak memory {peak_kib / 1024 if peak_kib else float('nan'):.0f} MiB")
print(f"sqlite3 .import:  {raw:.1f} s, {rows / raw:,.0f} rows/s")
print(f"ratio (gongjiang / sqlite3 .import): {ours / raw:.2f}x")

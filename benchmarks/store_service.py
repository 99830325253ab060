#!/usr/bin/env python3
"""The service under load: `newslineage serve` on a store, `locust --headless` posting /check at
a fixed rate for a fixed time; prints the request rate reached, failures, latency percentiles
and the server's resident memory before and after (bounded memory: no growth with requests).

    python benchmarks/store_service.py --db /tmp/nl-store-c10000.db --texts HELD_OUT.jsonl \
        [--rate 200] [--seconds 60] [--users 50] [--locust locust]

Locust (pinned in the `bench` extra) may live in its own environment: --locust names its
command. The baseline in the same run is GET /health (no store work) at the same rate: the
ratio of the /check and /health medians is the cost of a check over the server's own.
"""
from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from suite import HERE, cpu_of, memory_of, parser, process_tree, record


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss(pid: int) -> int:
    """Resident bytes of the server and its worker processes (serve --workers N forks N)."""
    return sum(memory_of(p) for p in process_tree(pid))


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the server's processes so far."""
    return sum(cpu_of(p) for p in process_tree(pid))


def locust(args, base, env, locustfile, tmp, name) -> dict:
    prefix = os.path.join(tmp, name)
    subprocess.run([args.locust, "-f", str(locustfile), "--headless", "-u", str(args.users),
                    "-r", str(args.users), "-t", f"{args.seconds}s", "--host", base,
                    "--csv", prefix, "--only-summary"], env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(prefix + "_stats.csv") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    return {"requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "rps": float(row["Requests/s"]), "p50_ms": float(row["50%"]),
            "p90_ms": float(row["90%"]), "p99_ms": float(row["99%"]), "max_ms": float(row["Max Response Time"])}


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--db", required=True)
    ap.add_argument("--texts", required=True)
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--locust", default="locust")
    ap.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    ap.add_argument("--no-health", action="store_true",
                    help="skip the GET /health baseline (when it was run before at this rate)")
    args = ap.parse_args()
    port, token = free_port(), "bench-token"
    env = dict(os.environ, NEWSLINEAGE_TOKEN=token, NL_CHECK_TEXTS=args.texts,
               NL_RATE=str(args.rate), NL_USERS=str(args.users))
    server = subprocess.Popen([sys.executable, "-m", "newslineage.cli", "serve", "--db", args.db,
                               "--port", str(port), "--workers", str(args.workers)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        with tempfile.TemporaryDirectory() as tmp:
            health = Path(tmp) / "health.py"
            health.write_text(
                "import os\nfrom locust import HttpUser, constant_throughput, task\n"
                "class H(HttpUser):\n"
                "    wait_time = constant_throughput(float(os.environ['NL_RATE']) / int(os.environ['NL_USERS']))\n"
                "    @task\n    def h(self):\n        self.client.get('/health')\n")
            base_stats = {"p50_ms": float("nan")} if args.no_health else \
                locust(args, base, env, health, tmp, "health")
            before, cpu0 = rss(server.pid), cpu_seconds(server.pid)
            stats = locust(args, base, env, HERE / "locustfile_check.py", tmp, "check")
            after, cpu1 = rss(server.pid), cpu_seconds(server.pid)
            stats["server_cpu_ms_per_request"] = 1000 * (cpu1 - cpu0) / max(1, stats["requests"])
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(json.dumps({"health": base_stats, "check": stats, "rss_before": before, "rss_after": after}))
    record("store_service", {"rate asked": args.rate, "seconds": args.seconds,
                             "users": args.users, "server processes": args.workers,
                             "POST /check": stats, "GET /health": base_stats,
                             "server RSS MiB before, after": [round(before / 2**20),
                                                              round(after / 2**20)]},
           args, quiet=True)
    print(f"POST /check at {args.rate:.0f} req/s asked for {args.seconds} s ({args.users} users): "
          f"{stats['rps']:.1f} req/s served, {stats['requests']} requests, {stats['failures']} "
          f"failures; p50 {stats['p50_ms']:.0f} ms, p90 {stats['p90_ms']:.0f} ms, p99 "
          f"{stats['p99_ms']:.0f} ms; server ({args.workers} processes) CPU "
          f"{stats['server_cpu_ms_per_request']:.0f} ms per request; RSS "
          f"{before / 2**20:.0f} -> {after / 2**20:.0f} MiB" + (
              "" if args.no_health else
              f"; GET /health baseline p50 {base_stats['p50_ms']:.0f} ms (ratio "
              f"{stats['p50_ms'] / max(1.0, base_stats['p50_ms']):.0f}x)"))


if __name__ == "__main__":
    main()

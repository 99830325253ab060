#!/usr/bin/env python3
"""The service under load: `newslineage serve` on a store, a load generator posting /check at
a fixed rate for a fixed time; prints the request rate reached, errors, latency percentiles,
the server's CPU per request and its resident memory over the run (bounded memory: no growth
with requests).

    python benchmarks/store_service.py --db /tmp/nl-store-c10000.db --texts HELD_OUT.jsonl \
        [--rate 200] [--seconds 60] [--workers 2] [--warm 300]            # open loop
    python benchmarks/store_service.py ... --generator locust [--users 50] [--locust locust]

The default generator is open_loop.py (fixed arrival rate, latency from when a request was
due, raw keep-alive sockets: a few per cent of a core at 200 req/s). Locust (pinned in the
`bench` extra) may live in its own environment: --locust names its command; its users are
closed loops and cost about a core at 100 req/s on this box. Before the run each server
process is warmed (--warm checks, a few at a time: models, memos and the store's pages as a
long-running service has them). The baseline in the same run is GET /health (no store work)
at the same rate.
"""
from __future__ import annotations

import csv
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import asyncio
import threading
from urllib.parse import urlsplit

import open_loop
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
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([args.locust, "-f", str(locustfile), "--headless", "-u", str(args.users),
                    "-r", str(args.users), "-t", f"{args.seconds}s", "--host", base,
                    "--csv", prefix, "--only-summary"], env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime
    with open(prefix + "_stats.csv") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    return {"requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "rps": float(row["Requests/s"]), "p50_ms": float(row["50%"]),
            "p90_ms": float(row["90%"]), "p99_ms": float(row["99%"]), "max_ms": float(row["Max Response Time"]),
            "generator_cpu_s": round(cpu, 2)}


def open_run(args, base, token, path, rate, seconds, connections=None) -> dict:
    host = urlsplit(base).netloc
    texts = open_loop.texts_of(args.texts)
    reqs = open_loop.requests_of(texts, host, path, token)
    if path == "/health":
        reqs = [f"GET /health HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()]
    return asyncio.run(open_loop.run(base, reqs, rate, seconds, connections or args.connections,
                                     args.timeout))


class RssSampler(threading.Thread):
    """The server's resident memory (all its processes) once a second while a run lasts."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.samples, self.stop = pid, [], threading.Event()

    def run(self):
        while not self.stop.wait(1.0):
            self.samples.append(rss(self.pid))


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--db", required=True)
    ap.add_argument("--texts", required=True)
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--locust", default="locust")
    ap.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    ap.add_argument("--generator", choices=("open", "locust"), default="open")
    ap.add_argument("--connections", type=int, default=256, help="open loop: most connections")
    ap.add_argument("--timeout", type=float, default=30, help="open loop: seconds an answer may take")
    ap.add_argument("--warm", type=int, default=300,
                    help="checks sent before the run (closed loop, 4 at a time)")
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
        if args.warm:
            n = args.warm
            asyncio.run(_warm(base, open_loop.requests_of(
                open_loop.texts_of(args.texts)[:n], urlsplit(base).netloc, "/check", token)))
        with tempfile.TemporaryDirectory() as tmp:
            if args.generator == "open":
                base_stats = {"p50_ms": float("nan")} if args.no_health else \
                    open_run(args, base, token, "/health", args.rate, min(args.seconds, 20))
            else:
                health = Path(tmp) / "health.py"
                health.write_text(
                    "import os\nfrom locust import HttpUser, constant_throughput, task\n"
                    "class H(HttpUser):\n"
                    "    wait_time = constant_throughput(float(os.environ['NL_RATE']) / int(os.environ['NL_USERS']))\n"
                    "    @task\n    def h(self):\n        self.client.get('/health')\n")
                base_stats = {"p50_ms": float("nan")} if args.no_health else \
                    locust(args, base, env, health, tmp, "health")
            before, cpu0 = rss(server.pid), cpu_seconds(server.pid)
            sampler = RssSampler(server.pid)
            sampler.start()
            load0 = os.getloadavg()
            if args.generator == "open":
                stats = open_run(args, base, token, "/check", args.rate, args.seconds)
                stats["requests"] = stats["sent"]
                stats["failures"] = stats["errors"]
                stats["rps"] = stats["served_rate"]
            else:
                stats = locust(args, base, env, HERE / "locustfile_check.py", tmp, "check")
            sampler.stop.set()
            sampler.join()
            after, cpu1 = rss(server.pid), cpu_seconds(server.pid)
            stats["server_cpu_ms_per_request"] = 1000 * (cpu1 - cpu0) / max(1, stats["requests"])
            stats["load_before_after"] = [round(load0[0], 1), round(os.getloadavg()[0], 1)]
            peak = max(sampler.samples + [after])
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(json.dumps({"health": base_stats, "check": stats, "rss_before": before, "rss_after": after,
                      "rss_peak": peak}))
    record("store_service", {"rate asked": args.rate, "seconds": args.seconds,
                             "users": args.users, "server processes": args.workers,
                             "POST /check": stats, "GET /health": base_stats,
                             "generator": args.generator,
                             "server RSS MiB before, peak, after": [round(before / 2**20),
                                                                    round(peak / 2**20),
                                                                    round(after / 2**20)]},
           args, quiet=True)
    who = f"{args.users} locust users" if args.generator == "locust" else "open loop"
    mid = "p90" if args.generator == "locust" else "p95"
    print(f"POST /check at {args.rate:.0f} req/s asked for {args.seconds} s ({who}): "
          f"{stats['rps']:.1f} req/s served, {stats['requests']} requests, {stats['failures']} "
          f"failures; p50 {stats['p50_ms']:.0f} ms, {mid} {stats[mid + '_ms']:.0f} ms, p99 "
          f"{stats['p99_ms']:.0f} ms; load "
          f"{stats['load_before_after']}; server ({args.workers} processes) CPU "
          f"{stats['server_cpu_ms_per_request']:.1f} ms per request, the generator "
          f"{1000 * stats['generator_cpu_s'] / max(1, stats['requests']):.2f}; RSS "
          f"{before / 2**20:.0f} -> {after / 2**20:.0f} MiB (peak {peak / 2**20:.0f})" + (
              "" if args.no_health else
              f"; GET /health baseline p50 {base_stats['p50_ms']:.0f} ms (ratio "
              f"{stats['p50_ms'] / max(1.0, base_stats['p50_ms']):.0f}x)"))


async def _warm(base: str, reqs: list[bytes], at_once: int = 4) -> None:
    """Each request once, ``at_once`` in flight (every server process gets some)."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    todo = list(reqs)

    async def worker():
        reader, writer = await asyncio.open_connection(host, port)
        while todo:
            writer.write(todo.pop())
            await open_loop._answer(reader)
        writer.close()

    await asyncio.gather(*(worker() for _ in range(at_once)))


if __name__ == "__main__":
    main()

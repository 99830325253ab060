#!/usr/bin/env python3
"""What the service costs around a check: server CPU per POST /check when the check itself
is free (the store's ``check`` answers a canned answer of a real check), under the open-loop
generator, for each server configuration named, alternated in one run.

    python benchmarks/service_overhead.py --db STORE --texts HELD_OUT.jsonl \
        --config h11:asyncio --config httptools:uvloop [--rate 100] [--seconds 20] [--passes 2]

A configuration is HTTP:LOOP (uvicorn's --http and --loop) and optionally :SRC, a source tree
to import newslineage from (the code before a change, beside the code after). Prints the
median server CPU ms per request of each, with the latency the generator saw.
"""
from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import open_loop
from store_service import cpu_seconds, free_port, rss
from suite import parser, record

SERVER = r"""
import os, sys, json, uvicorn
from newslineage.store import Store
from newslineage.service.app import create_app
store = Store(os.environ["NL_DB"], create=False)
text = json.loads(open(os.environ["NL_TEXTS"]).readline())["text"]
canned = store.check(text)
store.check = lambda *a, **k: canned
http, loop = sys.argv[1], sys.argv[2]
uvicorn.run(create_app(store, "tok"), host="127.0.0.1", port=int(sys.argv[3]),
            http=http, loop=loop, log_level="warning")
"""


def one(args, config: str, reqs_of) -> dict:
    http, loop, *src = config.split(":", 2)
    port = free_port()
    env = dict(os.environ, NL_DB=args.db, NL_TEXTS=args.texts)
    if src:
        env["PYTHONPATH"] = src[0] + os.pathsep + env.get("PYTHONPATH", "")
    server = subprocess.Popen([sys.executable, "-c", SERVER, http, loop, str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        reqs = reqs_of(urlsplit(base).netloc)
        asyncio.run(open_loop.run(base, reqs, args.rate, 3, 64, 30))  # warm
        cpu0 = cpu_seconds(server.pid)
        got = asyncio.run(open_loop.run(base, reqs, args.rate, args.seconds, 64, 30))
        got["server_cpu_ms"] = round(1000 * (cpu_seconds(server.pid) - cpu0) / got["sent"], 3)
        got["rss_mib"] = round(rss(server.pid) / 2**20)
        got["load"] = round(os.getloadavg()[0], 1)
        return got
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--db", required=True)
    ap.add_argument("--texts", required=True)
    ap.add_argument("--config", action="append", required=True)
    ap.add_argument("--rate", type=float, default=100)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--passes", type=int, default=2)
    args = ap.parse_args()
    texts = open_loop.texts_of(args.texts)
    reqs_of = lambda host: open_loop.requests_of(texts, host, "/check", "tok")  # noqa: E731
    runs = {c: [] for c in args.config}
    for p in range(args.passes):
        for c in args.config:
            got = one(args, c, reqs_of)
            runs[c].append(got)
            print(f"pass {p + 1} {c}: server CPU {got['server_cpu_ms']:.2f} ms a request, "
                  f"p50 {got['p50_ms']} ms, p99 {got['p99_ms']} ms, errors {got['errors']}, "
                  f"load {got['load']}", flush=True)
    out = {c: {"server CPU ms a request (median of passes)":
               round(statistics.median(r["server_cpu_ms"] for r in rs), 3),
               "passes": rs} for c, rs in runs.items()}
    print(json.dumps({c: v["server CPU ms a request (median of passes)"] for c, v in out.items()}))
    record("service_overhead", {"rate": args.rate, "seconds": args.seconds, "configs": out},
           args, quiet=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""An open-loop HTTP load generator: requests leave at a fixed arrival rate whatever the
server's answers do (a slow answer does not hold the next request back, as it does for a
closed-loop user that waits for its answer), over keep-alive HTTP/1.1 connections on raw
asyncio streams. Light enough to leave the cores to the server: one process, no HTTP library
on the hot path (locust's users cost about a core at 100 req/s on this box).

    python benchmarks/open_loop.py http://127.0.0.1:8000 --texts HELD_OUT.jsonl --rate 200 \
        --seconds 60 [--token T] [--connections 256]

Latency is counted from the moment a request was due (not from when a connection was free to
send it), so a queue at the server or at the generator shows in the percentiles. An error is
any answer other than 200, a broken connection, or no answer within --timeout seconds.
Used by store_service.py; prints one JSON line when run alone.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import time
from urllib.parse import urlsplit


def requests_of(texts: list[str], host: str, path: str, token: str) -> list[bytes]:
    """Each text's whole POST request, made once before the run."""
    out = []
    for t in texts:
        body = json.dumps({"text": t}).encode()
        head = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
        out.append(head.encode() + body)
    return out


async def _answer(reader: asyncio.StreamReader) -> int:
    """Read one response; its status (the body read by its Content-Length or chunks)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, chunked = None, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if length is not None:
        await reader.readexactly(length)
    elif chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


# A connection idle this long is closed rather than used again: uvicorn closes a keep-alive
# connection after 5 s idle, and a request written as it closes reads nothing back (clients
# check a pooled connection the same way before using it).
KEEP_IDLE = 4.0


async def run(url: str, reqs: list[bytes], rate: float, seconds: float, connections: int,
              timeout: float) -> dict:
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    idle: list = []          # open connections no request is using
    opened = 0
    slots = asyncio.Semaphore(connections)
    lat, service, errors, kinds = [], [], 0, {}
    loop = asyncio.get_running_loop()

    async def one(i: int, due: float) -> None:
        nonlocal opened, errors
        async with slots:
            conn = None
            while idle and conn is None:
                conn, last = idle.pop()
                if loop.time() - last > KEEP_IDLE or conn[0].at_eof():
                    conn[1].close()
                    conn = None
            sent = loop.time()
            try:
                if conn is None:
                    conn = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
                    opened += 1
                reader, writer = conn
                writer.write(reqs[i % len(reqs)])
                status = await asyncio.wait_for(_answer(reader), timeout)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as e:
                errors += 1
                kinds[type(e).__name__] = kinds.get(type(e).__name__, 0) + 1
                if conn is not None:
                    conn[1].close()
                return
            done = loop.time()
            if status != 200:
                errors += 1
                kinds[f"HTTP {status}"] = kinds.get(f"HTTP {status}", 0) + 1
            else:
                lat.append(done - due)
                service.append(done - sent)
            idle.append((conn, done))

    n = int(rate * seconds)
    start = loop.time() + 0.05
    cpu0, t0 = time.process_time(), time.perf_counter()
    tasks = []
    for i in range(n):
        due = start + i / rate
        wait = due - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.ensure_future(one(i, due)))
    sent_for = loop.time() - start
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - t0
    for (_, w), _ in idle:
        w.close()
    lat.sort()
    service.sort()
    pct = lambda xs, q: 1000 * xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")  # noqa: E731
    return {"asked_rate": rate, "seconds": seconds, "sent": n, "ok": len(lat), "errors": errors,
            "error_kinds": kinds, "sent_over_s": round(sent_for, 2), "wall_s": round(wall, 2),
            "served_rate": round(len(lat) / wall, 1), "connections_opened": opened,
            "p50_ms": round(pct(lat, .5), 1), "p95_ms": round(pct(lat, .95), 1),
            "p99_ms": round(pct(lat, .99), 1), "max_ms": round(pct(lat, 1.0), 1),
            "service_p50_ms": round(pct(service, .5), 1),
            "generator_cpu_s": round(time.process_time() - cpu0, 2)}


def texts_of(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url")
    ap.add_argument("--texts", required=True, help="JSON Lines with a text field")
    ap.add_argument("--path", default="/check")
    ap.add_argument("--token", default="")
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--connections", type=int, default=256)
    ap.add_argument("--timeout", type=float, default=30)
    args = ap.parse_args()
    host = urlsplit(args.url).netloc
    reqs = requests_of(texts_of(args.texts), host, args.path, args.token)
    print(json.dumps(asyncio.run(run(args.url, reqs, args.rate, args.seconds,
                                     args.connections, args.timeout))))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""CPU time of one check, in a warm process, as the library call and as a whole `POST /check`
request through the service's app (routing, auth, validation, the JSON answer), with the
HTTP client's own CPU left out as far as one process allows (the client is httpx over ASGI,
in the same process: the baseline in the same run is `GET /health` through the same client).

    python benchmarks/store_check_cpu.py --db /tmp/nl-store-c10000.db \
        --texts /tmp/nl-store-heldout.jsonl [--n 300] [--passes 2]

A service on 2 cores serves 200 checks/s only if a check costs under ~10 ms of CPU (less what
the load generator takes on the same cores). The first pass over the texts is cold (the
encoder's and the stages' per-process memos fill, check() alone), later passes repeat the same texts as the
load generator does . Prints CPU ms per request: check() alone, /check, /health; medians of
blocks of 50 requests so that a burst of load from other jobs on the box counts once.
"""
from __future__ import annotations

import json
import statistics
import time

from suite import median, parser, record


def blocks(xs: list[float], size: int = 50) -> float:
    """The median over blocks of ``size`` of the block means (ms)."""
    means = [statistics.mean(xs[i:i + size]) for i in range(0, len(xs), size) if xs[i:i + size]]
    return 1000 * median(means)


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--db", required=True)
    ap.add_argument("--texts", required=True)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--warm", type=int, default=20, help="checks before measuring (models load)")
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.texts, encoding="utf-8")]
    warm, rows = rows[-args.warm:], rows[:args.n]

    import anyio
    import httpx

    from newslineage.service.app import _warm, create_app
    from newslineage.store import Store

    store = Store(args.db, create=False)
    _warm(store)
    app = create_app(store, "t")
    hdr = {"Authorization": "Bearer t"}

    async def run() -> dict:
        out: dict = {}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://x", headers=hdr) as c:
            for r in warm:
                (await c.post("/check", json={"text": r["text"]})).raise_for_status()
            cold = []
            for r in rows:  # first sight of each text: the per-process memos are cold
                t0 = time.process_time()
                store.check(r["text"])
                cold.append(time.process_time() - t0)
            out["cold"] = {"check()": blocks(cold)}
            for p in range(args.passes):
                lib, req, health = [], [], []
                for r in rows:
                    t0 = time.process_time()
                    store.check(r["text"])
                    t1 = time.process_time()
                    resp = await c.post("/check", json={"text": r["text"]})
                    t2 = time.process_time()
                    await c.get("/health")
                    t3 = time.process_time()
                    resp.raise_for_status()
                    lib.append(t1 - t0)
                    req.append(t2 - t1)
                    health.append(t3 - t2)
                out[f"warm {p + 1}"] = {"check()": blocks(lib), "POST /check": blocks(req),
                                        "GET /health": blocks(health)}
        return out

    res = anyio.run(run)
    store.close()
    print(json.dumps(res))
    for k, v in res.items():
        print(f"{k} ({len(rows)} texts): " + ", ".join(f"{n} {ms:.2f} ms CPU" for n, ms in v.items()))
    record("store_check_cpu", {"texts": len(rows), **{k: {n: round(ms, 2) for n, ms in v.items()}
                                                      for k, v in res.items()}},
           args, note="CPU ms per request, median of blocks of 50", quiet=True)


if __name__ == "__main__":
    main()

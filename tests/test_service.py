"""The service, started as a real process on a free port: auth, limits, errors, endpoints."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from newslineage.store import Store

from conftest import EXAMPLES

TOKEN = "s3cret-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(base, method, path, body=None, token=TOKEN, raw: bytes | None = None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    db = tmp_path_factory.mktemp("svc") / "news.db"
    with Store(str(db)) as store:
        store.add([str(EXAMPLES)])
    yield from _serve(db, "--workers", "1")


def _serve(db, *more: str):
    port = _free_port()
    env = dict(os.environ, NEWSLINEAGE_TOKEN=TOKEN)
    proc = subprocess.Popen([sys.executable, "-m", "newslineage.cli", "serve", "--db", str(db),
                             "--port", str(port), *more], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while True:
        try:
            if _call(base, "GET", "/health", token=None)[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            pytest.fail(f"the service did not start: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.5)
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def _example(name_part: str) -> str:
    path = next(p for p in sorted(EXAMPLES.iterdir()) if name_part in p.name)
    return path.read_text(encoding="utf-8")


def test_token_required(service):
    for token in (None, "wrong", TOKEN + "x"):
        status, body = _call(service, "GET", "/origins", token=token)
        assert status == 401, token
        assert "Bearer" in json.loads(body)["error"]
    assert _call(service, "GET", "/docs", token=None)[0] == 200


def test_check_finds_the_stored_sources(service):
    status, body = _call(service, "POST", "/check", {"text": _example("reprint")})
    assert status == 200
    found = json.loads(body)
    assert found["relations"], "a reprint of a stored wire shares text with it"
    top = found["relations"][0]
    assert "check" in (top["a"], top["b"]) and top["passages"]
    assert top["lineage"]["type"] in ("a-from-b", "b-from-a", "common-source", "unknown")
    assert found["stories"]


def test_bad_requests_name_the_field(service):
    status, body = _call(service, "POST", "/check", {"title": "no text"})
    assert status == 422 and json.loads(body)["field"] == "text"
    status, body = _call(service, "POST", "/check", raw=b"{not json")
    assert status == 422 and "error" in json.loads(body)
    status, body = _call(service, "POST", "/articles", {"articles": [{"text": 5}]})
    assert status == 422 and json.loads(body)["field"] == "articles.0.text"
    status, body = _call(service, "GET", "/origins?limit=-3")
    assert status == 422 and json.loads(body)["field"] == "limit"
    for status, body in (_call(service, "POST", "/check", raw=b"{not json"),
                         _call(service, "GET", "/articles/nope")):
        assert "Traceback" not in body


def test_size_limits(service):
    status, body = _call(service, "POST", "/check", {"text": "word " * 50_000})
    assert status == 413 and "limit" in json.loads(body)["error"]
    # a body announced over the limit is refused before it is read
    import http.client
    host, port = service.rsplit("/", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.putrequest("POST", "/check")
    conn.putheader("Authorization", f"Bearer {TOKEN}")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(9 << 20))
    conn.endheaders(b'{"text": "aaaa')
    resp = conn.getresponse()
    assert resp.status == 413 and "bytes" in json.loads(resp.read())["error"]
    conn.close()


def test_read_endpoints(service):
    status, body = _call(service, "GET", "/origins")
    origins = json.loads(body)
    assert status == 200 and origins and {"id", "name", "children"} <= set(origins[0])
    child = next(c for o in origins for c in o["children"])
    status, body = _call(service, "GET", f"/articles/{child}")
    art = json.loads(body)
    assert status == 200 and art["id"] == child and art["text"]
    status, body = _call(service, "GET", f"/articles/{child}/relations")
    assert status == 200 and all(child in (r["a"], r["b"]) for r in json.loads(body))
    status, body = _call(service, "GET", f"/stories/{art['story']}")
    assert status == 200 and child in json.loads(body)["articles"]
    assert _call(service, "GET", "/stories/none-such")[0] == 404
    status, page = _call(service, "GET", f"/view/stories/{art['story']}")
    assert status == 200 and "<html" in page.lower()
    assert _call(service, "GET", "/view/articles?page=1")[0] == 200
    assert _call(service, "GET", "/view")[0] == 200


def test_add_then_read(service):
    text = _example("reprint").replace("Tuesday", "Wednesday")
    status, body = _call(service, "POST", "/articles", {"articles": [{"id": "posted_1", "text": text}]})
    assert status == 200 and json.loads(body)["added"] == 1
    status, body = _call(service, "POST", "/articles", {"articles": [{"id": "posted_1", "text": text}]})
    assert status == 200 and json.loads(body)["added"] == 0
    status, body = _call(service, "GET", "/articles/posted_1/relations")
    assert status == 200 and json.loads(body), "the added article is related to the stored ones"


def test_several_worker_processes_check_and_add(tmp_path):
    """serve --workers 2: checks are answered by either process; adds sent at once to the
    service are written one after the other (a lock beside the store) and every process
    then reads them."""
    import concurrent.futures

    db = tmp_path / "news.db"
    paths = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    with Store(str(db)) as store:
        store.add([str(p) for p in paths[:-2]])
        stored = store.count()
    server = _serve(db, "--workers", "2")
    base = next(server)
    try:
        texts = [p.read_text(encoding="utf-8") for p in paths[-2:]]
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            checks = list(pool.map(lambda t: _call(base, "POST", "/check", {"text": t}), texts * 3))
            adds = list(pool.map(lambda t: _call(base, "POST", "/articles",
                                                 {"articles": [{"text": t}]}), texts))
        assert all(code == 200 for code, _ in checks), checks[:1]
        assert all("relations" in json.loads(body) for _, body in checks)
        assert [code for code, _ in adds] == [200, 200], adds
        ids = [json.loads(body)["ids"][0] for _, body in adds]
        for _ in range(6):  # connections land on either process
            for i in ids:
                code, body = _call(base, "GET", f"/articles/{i}")
                assert code == 200 and json.loads(body)["id"] == i
    finally:
        next(server, None)
    with Store(str(db)) as store:
        assert store.count() == stored + 2
        assert store.integrity() == []

"""Locust users for benchmarks/store_service.py: POST /check with the texts of held-out articles
(NL_CHECK_TEXTS, a JSON Lines file), at NL_RATE requests/s spread over the users."""
import itertools
import json
import os

from locust import HttpUser, constant_throughput, task

TEXTS = [json.loads(line)["text"] for line in open(os.environ["NL_CHECK_TEXTS"], encoding="utf-8")]
_next = itertools.cycle(range(len(TEXTS)))
USERS = int(os.environ.get("NL_USERS", "50"))


class Checker(HttpUser):
    wait_time = constant_throughput(float(os.environ.get("NL_RATE", "200")) / USERS)

    def on_start(self):
        self.client.headers["Authorization"] = f"Bearer {os.environ['NEWSLINEAGE_TOKEN']}"

    @task
    def check(self):
        self.client.post("/check", json={"text": TEXTS[next(_next)]}, name="/check")

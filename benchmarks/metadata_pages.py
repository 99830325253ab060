"""Metadata of real-looking pages: field accuracy of the clean stage on a labelled set built
from the shared pages' bodies and the metadata patterns of real news pages.

    .venv/bin/python benchmarks/metadata_pages.py [../shared/data/article-extraction] [--show N]

The set is a spec (below) plus this builder; nothing of ../shared is copied into the repo.
Each of the 80 pages of article-extraction gives one labelled page: the first paragraphs of
its marked article body (real prose, in its own language; an agency dateline it carries, "(AP) —", is labelled a credit too) wrapped in a head and a tail
drawn from the patterns the issue lists: a byline with a role or outlet line under it,
credit lines anywhere (additional/contributed reporting, compiled from wire reports,
"first appeared in" reprint notices, in several languages), an outlet in a copyright footer
with its menu tail, dates in "Published ... | Updated ..." lines or a lead dateline. The
labels (byline, outlet, published day, credits) are known by construction; the names are
made up here. Prints the share of pages whose field is exactly right, and the credit lines
left in the text.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from suite import DATA as DATA_ROOT, ROOT, parser, record
DATA = DATA_ROOT / "article-extraction"

# The spec: made-up people and outlets, real agencies, and the patterns (each a template).
PEOPLE = ["Jane Doe", "Tomasz Nowak", "Amara Okafor", "Luis Fernández", "Mei Lin", "Ravi Menon",
          "Sofia Rossi", "Henrik Berg", "Claire Dubois", "Kwame Mensah", "Anna Schmidt"]
OUTLETS = ["The Harbour Times", "Northfield Herald", "Valley Courier", "Eastern Daily Post",
           "Lakeside Gazette", "Coastal Tribune", "Metro Journal"]
REPRINTS = ["The Conversation", "Northfield Herald", "Coastal Tribune", "Valley Courier"]
WIRES = [["Reuters"], ["AFP"], ["Reuters", "AFP"], ["AP", "Reuters"], ["Bloomberg"], ["dpa"]]
ROLES = ["Senior correspondent, {outlet}", "{outlet}", "Political editor | {outlet}",
         "Staff writer at {outlet}"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DATES = ["Published {d} {M} {y} | Updated {d2} {M} {y}", "Published: {M} {d}, {y} 10:30 AM | Updated: {M} {d2}, {y}",
         "Posted {M} {d}, {y}", "{city}, {M} {d}, {y} – "]
CITIES = ["LONDON", "NAIROBI", "LISBON", "SEOUL", "JAKARTA", "MILAN"]
CREDITS = [
    ("Additional reporting by {w}.", "wires"),
    ("{w} contributed to this report.", "wires"),
    ("Compiled from wire reports by {w}.", "wires"),
    ("This article first appeared in {r}.", "reprint"),
    ("This story was originally published by {r} and is republished with permission.", "reprint"),
    ("Dieser Artikel erschien zuerst bei {r}.", "reprint"),
    ("Este artículo fue publicado originalmente en {r}.", "reprint"),
    ("Cet article a été initialement publié dans {r}.", "reprint"),
]
MENU = "Privacy | Terms | Contact | Advertise"
# How the report names an agency written in short (the labels use the full name).
FULL = {"AP": "Associated Press"}
# A real body may carry its own agency dateline ("WASHINGTON (AP) —"): a credit too.
OWN_DATELINE = re.compile(r"^[^()\n]{0,90}\((AP|Reuters|AFP|Bloomberg)\)\s*[-–—]")


def _names(ws: list[str]) -> str:
    return ws[0] if len(ws) == 1 else ", ".join(ws[:-1]) + " and " + ws[-1]


def build(data: Path) -> list[dict]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for i, key in enumerate(sorted(truth)):
        paras = [p.strip() for p in truth[key]["articleBody"].split("\n") if len(p.split()) >= 12][:4]
        if len(paras) < 2:
            continue
        person, outlet = PEOPLE[i % len(PEOPLE)], OUTLETS[i % len(OUTLETS)]
        y, m, d = 2019, 1 + i % 12, 1 + (i * 7) % 27
        date_t = DATES[i % len(DATES)]
        date_line = date_t.format(d=d, d2=d + 1, M=MONTHS[m - 1], y=y, city=CITIES[i % len(CITIES)])
        credit_t, kind = CREDITS[i % len(CREDITS)]
        wires, reprint = WIRES[i % len(WIRES)], REPRINTS[i % len(REPRINTS)]
        credit = credit_t.format(w=_names(wires), r=reprint)
        head = [f"Page {i}: a headline about the story", f"By {person}"]
        if i % 3:
            head.append(ROLES[i % len(ROLES)].format(outlet=outlet))
        body = list(paras)
        if date_t.startswith("{city}"):
            body[0] = date_line + body[0]
        else:
            head.append(date_line)
        # credit lines at the end, or inside the article (after the second paragraph)
        body.insert(len(body) if i % 2 else 2, credit)
        tail = [f"© {y} {outlet}. All rights reserved. | {MENU}"] if i % 3 != 1 else []
        text = "\n\n".join(head + body + tail)
        credits = [FULL.get(w, w) for w in (wires if kind == "wires" else [reprint])]
        own = OWN_DATELINE.match(paras[0])
        if own and FULL.get(own.group(1), own.group(1)) not in credits:
            credits.append(FULL.get(own.group(1), own.group(1)))
        pages.append({"id": key, "text": text, "credit_line": credit, "credits": credits,
                      "byline": [person], "outlet": outlet if (i % 3 or tail) else None,
                      "published": f"{y}-{m:02d}-{d:02d}"})
    return pages


def main() -> int:
    cli = parser(__doc__)
    cli.add_argument("data", nargs="?", default=str(DATA))
    cli.add_argument("--show", type=int, default=0, help="print the first N pages and what was read")
    a = cli.parse_args()
    data = Path(a.data)
    if not (data / "ground-truth.json").exists():
        print(f"{data}: no ground-truth.json (the shared article-extraction pages); nothing to build")
        return 1
    sys.path.insert(0, str(ROOT / "src"))
    from newslineage.clean import clean_one
    from newslineage.lineage.cited import key as source_key
    from newslineage.model import Article

    pages = build(data)
    right = {"byline": 0, "outlet": 0, "published": 0, "credits": 0, "credit line out": 0}
    misses: dict[str, list[str]] = {k: [] for k in right}
    for n, p in enumerate(pages):
        art = clean_one(Article(id=p["id"], source=p["id"], text=p["text"]))
        got = {"byline": art.byline, "outlet": art.outlet, "published": (art.published or "")[:10] or None,
               "credits": art.credits, "credit line out": p["credit_line"] not in art.text}
        want = {"byline": p["byline"], "outlet": p["outlet"], "published": p["published"],
                "credits": p["credits"], "credit line out": True}
        for k in right:
            # credits are kept as the page writes them ("AP"): right when they name the same
            # sources, each spelling folded to its source as lineage folds it
            ok = (sorted(map(source_key, got[k])) == sorted(map(source_key, want[k]))) if k == "credits" \
                else got[k] == want[k]
            right[k] += ok
            if not ok:
                misses[k].append(f"{p['id'][:8]}: {got[k]!r} (want {want[k]!r})")
        if n < a.show:
            print(p["text"][:600], "\n->", got, "\n")
    print(f"{len(pages)} labelled pages (built from {data})")
    for k, v in right.items():
        print(f"  {k:16} {v / len(pages):.3f} ({v}/{len(pages)})" + (f"  e.g. {misses[k][0]}" if misses[k] else ""))
    record("metadata_pages", {"pages": len(pages), **{k: f"{v}/{len(pages)}" for k, v in right.items()}},
           a, quiet=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

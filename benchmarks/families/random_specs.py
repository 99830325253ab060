#!/usr/bin/env python3
"""Random story families with their truth: many shapes, drawn, not written one at a time.

    python3 benchmarks/families/random_specs.py OUT_DIR [--n 200] [--seed 1] [--piles 4]

Each family is drawn from the kinds of the README's table: an original inside the pile (an
outlet or an agency) or outside it (a wire), reprints, excerpts, a merge of the original with a
second wire and that wire's reprint, copies of any earlier article (chains, cut short, edited,
an update with a new lead), and, when the family is drawn from a tune spec's event, the texts
that spec wrote (paraphrases, rewrites, translations, the independent report); unrelated BBC
articles beside. Credits are drawn in every position (dateline, byline, foot line, lead
sentence) and wording (the wire's other names in resources/wires.json, an outlet's name with
or without "The", its initials), some copies credit nobody; the original may quote someone
"speaking to" another outlet. Times: to the minute in several zones, a date only, missing,
equal to the source's, or before it (a copy stamped earlier than the truth allows).

Two sources of text, both read at build time (never stored): the tune half's events (their
BBC original, their second wire and the texts their specs wrote; a family drawn from one uses
none of its hand-made structure) and BBC articles of news-base that no spec uses (held-out
ones included: none is used here) and that share no text in overlaps.tsv. A pile holds each
event once (two families of one event would share text); OUT_DIR/pileK/ has articles/ and
truth/<family>.json in build.py's format, the family ids r001, r002, ... distinct from the
specs' f01-f47 and the article ids r001_03_reprint (the family, a number, the operation).
The same seed gives the same families.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build  # noqa: E402

WIRES = json.loads((build.ROOT / "src" / "newslineage" / "resources" / "wires.json").read_text())
# wires drawn for a fresh original outside the pile (canonical names; credited by any alias)
OUTSIDE = ["Reuters", "AFP", "Associated Press", "dpa", "EFE", "ANSA", "Kyodo", "Xinhua",
           "Yonhap", "PTI", "Bloomberg", "Europa Press"]
NOT_ALIASES = {"dpa-AFX"}
PLACES = ["London", "Paris", "New York", "Berlin", "Madrid", "Rome", "Tokyo", "Sydney",
          "Brussels", "Chicago", "Dublin", "Toronto", "Seoul", "Mumbai", "Geneva", "Lisbon"]
TOWNS = ["Midland", "Harbour", "Riverside", "Northern", "Capital", "Coastal", "Valley",
         "Metro", "Eastern", "Lakeside", "Highland", "Western", "City", "County", "Bay"]
KINDS = ["Courier", "Post", "Herald", "Tribune", "Gazette", "Observer", "Chronicle",
         "Monitor", "Business Review", "Daily", "Times", "Journal", "Record", "Star"]
AGENCY = ["News Agency", "Newswire", "News Service", "Press Service", "Wire"]
PEOPLE = ["Anna Berg", "Tom Reyes", "Priya Nair", "Luca Bianchi", "Sara Holm", "Ken Ito",
          "Marta Ruiz", "Jon Ellis", "Chloe Martin", "Omar Haddad", "Eva Novak", "Ben Cole"]
FOOT = {"en": ["- {n}", "({n})", "Source: {n}", "Copyright {n}", "Reporting by {n}",
               "This article first appeared in {n}.", "Courtesy: {n}", "Via {n}",
               "Reproduced from {n}", "{n} contributed to this report.", "Additional reporting: {n}"],
        "de": ["Quelle: {n}", "Mit Material von {n}", "({n})"],
        "es": ["Fuente: {n}", "Con información de {n}", "({n})"],
        "fr": ["Source : {n}", "Avec {n}", "({n})"],
        "it": ["Fonte: {n}", "({n})"], "pt": ["Fonte: {n}", "({n})"], "nl": ["Bron: {n}", "({n})"]}
LEAD = ["{n} reports: ", "According to {n}, ", "As {n} reported, "]
ZONES = ["+00:00", "+01:00", "+02:00", "-05:00", "+08:00", "+09:00", "Z"]
SPOKE = ['"We will not comment further," a spokesperson said, speaking to {x}.',
         "An official later confirmed the figures to {x}.",
         "One analyst, speaking to {x}, called the news \"no surprise\"."]


def fresh_bbc(base: dict) -> list[str]:
    """news-base ids that no spec uses (either half) and that share no text with another."""
    used = {b for s in build.load_specs() for b in build.bbc_ids(s)}
    over = set()
    path = build.NEWS_BASE.parent / "overlaps.tsv"
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        over.update(line.split("\t")[:2])
    return sorted(k for k in base if k not in used and k not in over)


def _aliases(name: str) -> list[str]:
    for canon, names in WIRES.items():
        if canon.startswith("_") or not isinstance(names, list):
            continue
        if name == canon or name in names:
            # Latin spellings only, and no other company's name (dpa-AFX is dpa's financial
            # service, not dpa)
            return [canon] + [n for n in names if n != canon and re.fullmatch(r"[A-Za-z .&'-]+", n)
                              and n not in NOT_ALIASES]
    return [name]


def _initials(name: str) -> str | None:
    caps = [w[0] for w in name.split() if w[:1].isupper() and w.lower() != "the"]
    return "".join(caps) if len(caps) >= 2 else None


class Drawer:
    def __init__(self, rng: random.Random, base: dict):
        self.rng, self.base = rng, base

    def outlet(self) -> str:
        r = self.rng
        return f"{r.choice(['The ', ''])}{r.choice(TOWNS)} {r.choice(KINDS)}"

    def credit_name(self, name: str, in_pile: bool) -> str:
        """A name the source goes by on a copy: an alias of a wire; for an outlet or agency
        in the pile its name, without "The", or its initials."""
        r = self.rng
        if not in_pile:
            return r.choice(_aliases(name))
        forms = [name, name, re.sub(r"^The ", "", name)]
        if _initials(name) and r.random() < 0.3:
            forms.append(_initials(name))
        return r.choice(forms)

    def when(self, parent: str | None, in_order: bool = True) -> str | None:
        """A time after the parent's (hours), or missing, equal, earlier, a date only."""
        r = self.rng
        u = r.random()
        if u < 0.12:
            return None
        if parent is None:
            d, h = r.randint(1, 27), r.randint(6, 20)
            return f"2005-{r.randint(1, 12):02d}-{d:02d}T{h:02d}:{r.choice([0, 15, 30, 45]):02d}:00+00:00"
        t = _parse(parent)
        if u < 0.18:
            dt = 0.0
        elif u < 0.24 or not in_order:
            dt = -r.uniform(0.5, 6)
        else:
            dt = r.uniform(0.5, 30)
        t += dt * 3600
        z = r.choice(ZONES)
        off = 0 if z == "Z" else (1 if z[0] == "+" else -1) * int(z[1:3]) * 3600
        out = _fmt(t + off) + z.replace("Z", "+00:00")
        return out[:10] if r.random() < 0.12 else out

    def credit(self, a: dict, names: list[str], lang: str = "en") -> None:
        """Write the credit of ``names`` onto article ``a`` in one or two positions."""
        r = self.rng
        if not names:
            return
        a["credits"] = list(names)
        joined = " and ".join(names) if len(names) > 1 else names[0]
        pos = r.sample(["dateline", "foot", "foot", "byline", "lead"], r.choice([1, 1, 2]))
        a["credit_pos"] = []
        for p in pos:
            if p == "dateline" and lang == "en":
                a["dateline"] = f"{r.choice(PLACES).upper()} ({'/'.join(names)}) {r.choice(['-', '--', '—'])} "
                a["credit_pos"].append("dateline")
            elif p == "byline":
                who = r.choice(PEOPLE)
                a["byline"] = [who]
                a.setdefault("meta_top", []).insert(0, f"By {who}, {joined}")
                a["credit_pos"].append("byline")
            elif p == "lead" and lang == "en" and len(names) == 1:
                a["dateline"] = r.choice(LEAD).format(n=names[0])
                a["credit_pos"].append("lead " + a["dateline"].replace(names[0], "X").strip())
            else:
                form = r.choice(FOOT.get(lang, FOOT["en"]))
                a.setdefault("meta_bottom", []).append(form.format(n=joined))
                a["credit_pos"].append("foot " + form.replace("{n}", "X"))

    def page(self, a: dict, outlet: str | None, published: str | None) -> None:
        """Outlet, time, format and furniture of a page."""
        r = self.rng
        a["format"] = r.choice(["txt", "html", "jsonl"])
        a["outlet"], a["published"] = outlet, published
        if outlet and r.random() < 0.5:
            a["head"] = [outlet, "Home | News | Business | Sport"]
        if published and (a["format"] == "txt" or r.random() < 0.3):
            a.setdefault("meta_top", []).append(f"{outlet + ', ' if outlet else ''}{published[:10]}"
                                                + (f" {published[11:16]}" if len(published) > 10 else ""))
        if r.random() < 0.4:
            a["bottom"] = [f"Copyright 2005 {outlet or 'All rights reserved'}.", "Share this article: Email | Print"]


def _parse(ts: str) -> float:
    from datetime import datetime, timezone
    at = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    return (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).timestamp()


def _fmt(t: float) -> str:
    from datetime import datetime, timezone
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def _edits(rng: random.Random, paras: list[str]) -> list[list[str]]:
    """One or two changes a copy makes: a figure moved, a word swapped."""
    text = " ".join(paras)
    out = []
    nums = sorted(set(re.findall(r"(?<![\w.,])\d{2,}(?![\w])", text)))
    if nums:
        n = rng.choice(nums)
        out.append([n, str(int(n) + rng.randint(1, 9))])
    for old, new in (("said", "stated"), ("will", "could"), ("Mr ", "Mr. "), ("per cent", "percent")):
        if old in text and rng.random() < 0.5:
            out.append([old, new])
            break
    return out or [[paras[0].split()[-1], paras[0].split()[-1] + " today"]]


def draw_family(rng: random.Random, fid: str, event: dict | None, fresh: list[str], base: dict) -> dict:
    """One family spec (build.py's format). ``event``: a tune spec whose sources and written
    texts it may use; else two fresh BBC articles play the original and the second wire."""
    d = Drawer(rng, base)
    if event is not None:
        sources = {k: dict(v) for k, v in event["sources"].items()}
        written = [dict(a) for a in event["articles"] if a["op"] in build.WRITTEN]
        title = next((a.get("title") for a in event["articles"] if a.get("title")), "News")
    else:
        a_id, b_id = fresh.pop(), fresh.pop()
        sources = {"A": {"name": None, "bbc": a_id},
                   "B": {"name": rng.choice([w for w in OUTSIDE]),
                         "paragraphs": base[b_id]["text"].split("\n\n")[:rng.randint(2, 4)]}}
        written, title = [], base[a_id]["title"]
    in_pile = rng.random() < 0.45
    src = sources["A"]
    if in_pile:
        src["name"] = rng.choice([d.outlet(), f"{rng.choice(TOWNS)} {rng.choice(AGENCY)}"])
    elif not src.get("name") or event is None:
        src["name"] = rng.choice(OUTSIDE)
    if "B" in sources and sources["B"]["name"] == src["name"]:
        sources["B"]["name"] = next(w for w in OUTSIDE if w != src["name"])
    paras = build._source_paragraphs(src, base)
    if rng.random() < 0.3:  # the original quotes someone speaking to another outlet
        other = rng.choice([w for w in OUTSIDE + [d.outlet()] if w not in (src["name"], sources.get("B", {}).get("name"))])
        i = rng.randrange(len(paras))
        paras = list(paras)
        paras[i] = paras[i] + " " + rng.choice(SPOKE).format(x=other)
        src.pop("bbc", None)
        src["paragraphs"] = paras
    arts: list[dict] = []
    times: dict[str, str | None] = {}
    t0 = d.when(None) or "2005-03-10T09:00:00+00:00"

    def new(op: str, **kw) -> dict:
        a = {"id": f"{fid}_{len(arts) + 1:02d}_{op}", "op": op, "title": kw.pop("title", title), "credits": []}
        a.update(kw)
        arts.append(a)
        return a

    if in_pile:
        o = new("original", of="A")
        d.page(o, src["name"], t0 if rng.random() > 0.1 else None)
        times[o["id"]] = o["published"] or t0
    wire_t = t0

    def carried(op: str, of: str, **kw) -> dict:
        a = new(op, of=of, **kw)
        s = sources[of]
        d.page(a, d.outlet(), d.when(times.get(next((x["id"] for x in arts if x["op"] == "original" and x["of"] == of), ""), wire_t)))
        if rng.random() < 0.8:
            d.credit(a, [d.credit_name(s["name"], in_pile and of == "A")], a.get("language", "en"))
            a["refs"] = [f"src:{of}"]
        times[a["id"]] = a["published"] or wire_t
        return a

    for _ in range(rng.choice([1, 1, 2, 3])):
        carried("reprint", "A")
    for _ in range(rng.choice([0, 1, 1, 2])):
        carried("excerpt", "A", n=rng.randint(1, max(1, min(5, len(paras) - 1))))
    if "B" in sources and rng.random() < 0.5:
        pb = build._source_paragraphs(sources["B"], base)
        order = [["A", i] for i in range(len(paras))]
        for j in rng.sample(range(len(pb)), min(len(pb), rng.randint(1, 3))):
            order.insert(rng.randint(1, len(order)), ["B", j])
        m = new("merge", of=["A", "B"], order=order)
        d.page(m, d.outlet(), d.when(wire_t))
        if rng.random() < 0.85:
            d.credit(m, [d.credit_name(src["name"], in_pile), d.credit_name(sources["B"]["name"], False)])
            m["refs"] = ["src:A", "src:B"]
        times[m["id"]] = m["published"] or wire_t
        if rng.random() < 0.6:
            carried("reprint", "B")
    for w in written:  # the event's own texts, each drawn in or out, re-paged and re-credited
        if rng.random() < 0.55:
            lang = w.get("language", "en")
            a = new(w["op"], of=w.get("of"), paragraphs=w["paragraphs"], title=w.get("title", title),
                    **({"language": lang} if lang != "en" else {}))
            if w["op"] == "independent":
                a.pop("of")
            d.page(a, d.outlet(), d.when(wire_t))
            if w["op"] != "independent" and rng.random() < 0.6:
                d.credit(a, [d.credit_name(src["name"], in_pile)], lang)
                a["refs"] = ["src:A"]
            times[a["id"]] = a["published"] or wire_t
    for _ in range(rng.choice([0, 1, 1, 2, 3])):  # copies of earlier articles: chains, cuts, edits
        # (not an independent report: its copies would have no source in the truth's terms)
        parent = rng.choice([a for a in arts if a["op"] != "independent"])
        kw = {"copy_of": parent["id"]}
        body_len = len(parent.get("order") or parent.get("paragraphs") or paras[:parent.get("n", len(paras))])
        if rng.random() < 0.25 and body_len > 1:
            kw["n"] = rng.randint(1, body_len - 1)
        if rng.random() < 0.25:
            kw["edits"] = _edits(rng, paras)
        if rng.random() < 0.06 and body_len > 1:
            kw.update(lead=["Updated with more detail from officials and the latest figures."], skip=1)
        lang = parent.get("language", "en")
        c = new("copy", title=parent["title"], **kw, **({"language": lang} if lang != "en" else {}))
        c["of"] = None
        d.page(c, d.outlet(), d.when(times.get(parent["id"]) or wire_t))
        u = rng.random()
        if u < 0.35 and parent.get("outlet"):  # credits the outlet it copied
            d.credit(c, [d.credit_name(parent["outlet"], True)], lang)
            c["refs"] = [parent["id"]]
        elif u < 0.6 and parent.get("credits"):  # passes its parent's credit on
            d.credit(c, list(parent["credits"]), lang)
            c["refs"] = list(parent.get("refs", []))
        times[c["id"]] = c["published"] or wire_t
    for _ in range(rng.choice([1, 1, 2])):
        b = fresh.pop()
        a = new("bbc", bbc=b, role="unrelated", title=base[b]["title"])
        d.page(a, d.outlet(), d.when(None))
    for a in arts:
        if a.get("of") is None:
            a.pop("of", None)
    return {"family": fid, "half": "random", "sources": sources, "articles": arts}


def _own_version(p: dict, c: dict) -> bool:
    """p's text differs from its source's in a way its copy c keeps: written, merged, edited,
    updated, or cut (two paragraphs or more) where c keeps the cut whole."""
    if p["op"] in build.WRITTEN or p["op"] == "merge" or p.get("edits") or p.get("lead"):
        return True
    return p["op"] in ("excerpt", "copy") and (p.get("n") or 0) >= 2 and "n" not in c


def mark_decidable(spec: dict, truth: dict) -> None:
    """Mark the truth's pairs that no signal can decide (``"decidable": false`` and why), so
    that a figure can leave them out: a copy's parent, rather than a sibling of it, is known
    only when the copy credits the parent's outlet or keeps a version of the parent's own; an
    original in the pile is an article's source when the article credits it, their times
    order them, or it is so known of the article's parent; an outside source is named only
    when some article credits it. A pair is decidable when each of these links from its
    origin down to both sides is."""
    arts = {a["id"]: a for a in spec["articles"]}
    named = {r for a in arts.values() for r in a.get("refs", [])}
    for key, src in spec["sources"].items():
        if f"src:{key}" not in named:
            named.discard(src["name"].lower())
        else:
            named.add(src["name"].lower())

    def when(a):
        t = a.get("published")
        return _parse(t) if t and len(t) > 10 else None

    def link_ok(c, p):
        return p["id"] in c.get("refs", []) or _own_version(p, c)

    def from_original(o, y):  # y is known to descend from the original o
        to, ty = when(o), when(y)
        if y is o or set(y.get("refs", [])) & {"src:A", o["id"]} or (
                to is not None and ty is not None and ty - to >= 1800):
            return None
        if y.get("copy_of") and link_ok(y, arts[y["copy_of"]]) and from_original(o, arts[y["copy_of"]]) is None:
            return None
        return f"nothing ties {y['id']} to the original (no credit, no times in order)"

    def why_not(x, y):  # y descends from x in the truth
        if x["op"] == "original":
            return from_original(x, y)
        chain, a = [], y
        while a.get("copy_of") and a["id"] != x["id"]:
            chain.append((a, arts[a["copy_of"]]))
            a = arts[a["copy_of"]]
        bad = [c["id"] for c, p in chain if not link_ok(c, p)]
        return f"{bad[0]} neither credits its parent's outlet nor keeps a version of its own" if bad else None

    for p in truth["pairs"]:
        x, y = arts[p["a"]], arts[p["b"]]
        o = arts.get(p["origin"])  # the origin when it is an article of the pile
        why = None
        if p["lineage"] in ("b-from-a", "a-from-b"):
            src_, copy = (x, y) if p["lineage"] == "b-from-a" else (y, x)
            # the copy is known to come from its source, and the source from the origin
            why = why_not(src_, copy) or (o is not None and o is not src_ and why_not(o, src_)) or None
        elif o is not None:  # both are known to come from the origin
            why = why_not(o, x) or why_not(o, y)
        if why is None and p["origin"] not in arts and p["origin"] not in named:
            why = f"no article credits {p['origin']}"
        if why:
            p["decidable"], p["why_undecidable"] = False, why


def build_pile(out: Path, specs: list[dict], base: dict) -> dict:
    """Articles and truth of a pile of drawn families (build.py's renderers and truth)."""
    if (out / "articles").exists():
        shutil.rmtree(out / "articles")
    (out / "articles").mkdir(parents=True)
    (out / "truth").mkdir(exist_ok=True)
    records, pairs = [], 0
    for spec in specs:
        built = {}
        for a in spec["articles"]:
            if a["op"] == "copy":  # a cut that keeps all, an edit that changes nothing: none
                if a.get("n", 0) >= len(built[a["copy_of"]][1]):
                    a.pop("n")
                if a.get("edits") and build.body_of(dict(a, edits=None), spec, base, built) == \
                        build.body_of(a, spec, base, built):
                    a.pop("edits")
            body = build.body_of(a, spec, base, built)
            built[a["id"]] = (a, body)
            build.write_article(out, a, [t for t, _, _ in body], records)
        t = build.family_truth(spec, base, built)
        mark_decidable(spec, t)
        t["spec"] = spec
        pairs += len(t["pairs"])
        (out / "truth" / f"{spec['family']}.json").write_text(json.dumps(t, indent=1, ensure_ascii=False), encoding="utf-8")
    with (out / "articles" / "feeds.jsonl").open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return {"families": len(specs), "pairs": pairs}


def generate(out: Path, n: int, seed: int, piles: int) -> list[dict]:
    rng = random.Random(seed)
    base = build.load_base()
    fresh = fresh_bbc(base)
    rng.shuffle(fresh)
    events = [s for s in build.load_specs() if s["half"] == "tune"]
    per = -(-n // piles)
    done = []
    for k in range(piles):
        todo = list(events)
        rng.shuffle(todo)
        specs = []
        for j in range(min(per, n - len(done))):
            fid = f"r{len(done) + j + 1:03d}"
            event = todo.pop() if todo and rng.random() < 0.5 else None
            specs.append(draw_family(rng, fid, event, fresh, base))
        info = build_pile(out / f"pile{k + 1}", specs, base)
        print(f"pile{k + 1}: {info['families']} families, {info['pairs']} related pairs")
        done += specs
    return done


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("out_dir")
    cli.add_argument("--n", type=int, default=200)
    cli.add_argument("--seed", type=int, default=1)
    cli.add_argument("--piles", type=int, default=4)
    args = cli.parse_args(argv)
    generate(Path(args.out_dir), args.n, args.seed, args.piles)
    return 0


if __name__ == "__main__":
    sys.exit(main())

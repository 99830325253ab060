"""An evaluation family's article as the page a reader meets: plain text copied from a page
(furniture and all), an HTML page (furniture in its own elements), or a JSON Lines record of a
scraped feed (the scraper's catch inside the text). ``build.py`` writes them."""
from __future__ import annotations

import html


def render_txt(a: dict, body: list[str]) -> str:
    lines = list(a.get("head", [])) + [a["title"]] + list(a.get("meta_top", [])) + list(a.get("top", []))
    inline = {k: v for k, v in a.get("inline", [])}
    out = ["\n".join(lines), ""]
    for i, p in enumerate(body):
        out += [p, ""]
        if i in inline:
            out += [inline[i], ""]
    out.append("\n".join(list(a.get("meta_bottom", [])) + list(a.get("bottom", []))))
    return "\n".join(out).strip() + "\n"


def render_html(a: dict, body: list[str]) -> str:
    e = html.escape
    lang = a.get("language", "en")
    meta = [f'<meta property="og:site_name" content="{e(a["outlet"])}">' if a.get("outlet") else "",
            f'<meta property="og:title" content="{e(a["title"])}">']
    if a.get("byline"):
        meta.append(f'<meta name="author" content="{e(", ".join(a["byline"]))}">')
    if a.get("published"):
        meta.append(f'<meta property="article:published_time" content="{e(a["published"])}">')
    inline = {k: v for k, v in a.get("inline", [])}
    paras = []
    for i, p in enumerate(body):
        paras.append(f"  <p>{e(p)}</p>")
        if i in inline:
            paras.append(f'  <aside class="related"><p>{e(inline[i])}</p></aside>')
    nav = "".join(f"<li>{e(x)}</li>" for x in a.get("head", []))
    top = "\n".join(f'  <p class="meta">{e(x)}</p>' for x in a.get("meta_top", []))
    furn_top = "\n".join(f'  <div class="promo">{e(x)}</div>' for x in a.get("top", []))
    tail = "\n".join(f'  <p class="credit">{e(x)}</p>' for x in a.get("meta_bottom", []))
    foot = "\n".join(f"  <p>{e(x)}</p>" for x in a.get("bottom", []))
    title = f'{a["title"]} | {a["outlet"]}' if a.get("outlet") else a["title"]
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{e(title)}</title>
{chr(10).join(m for m in meta if m)}
</head>
<body>
<header><nav><ul>{nav}</ul></nav></header>
<main>
<article>
  <h1>{e(a["title"])}</h1>
{top}
{furn_top}
{chr(10).join(paras)}
{tail}
</article>
</main>
<footer>
{foot}
</footer>
</body>
</html>
"""


def render_record(a: dict, body: list[str]) -> dict:
    # a scraped feed keeps whatever furniture the scraper caught inside the text
    inline = {k: v for k, v in a.get("inline", [])}
    paras = list(a.get("meta_top", [])) + list(a.get("top", []))
    for i, p in enumerate(body):
        paras += [p] + ([inline[i]] if i in inline else [])
    paras += list(a.get("meta_bottom", [])) + list(a.get("bottom", []))
    rec = {"id": a["id"], "title": a["title"], "text": "\n\n".join(paras)}
    for k in ("outlet", "published", "language"):
        if a.get(k):
            rec[k] = a[k]
    if a.get("url"):
        rec["url"] = a["url"]
    return rec

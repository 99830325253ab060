"""What the HTML extractor leaves out of the body is recorded, line by line, with a reason."""
from newslineage.read.html_page import extract, page_lines

PAGE = """<html><head><title>Bridge closed to lorries</title><script>var x = "not text";</script></head>
<body><nav><ul><li>Home</li><li>World</li><li>Business</li></ul></nav>
<article><h1>Bridge closed to lorries</h1>
<p>The city council voted on Tuesday to close the old harbour bridge to lorries after engineers found
cracks in two of its supporting beams during a routine inspection of the structure.</p>
<p>The bridge, built in 1931, carries about 12,000 vehicles a day, and the council said cars and buses
could keep using it while the repairs were planned over the coming months.</p>
<p>Local businesses said the closure would add half an hour to delivery routes through the town centre,
and asked the council to speed up the work before the busy winter season.</p></article>
<div style="display: none">hidden promo</div>
<footer><p>Subscribe to our newsletter for the latest news</p><p>© 2019 The Harbour Times</p></footer>
</body></html>"""


def test_page_lines_are_the_visible_blocks():
    from trafilatura.utils import load_html
    lines = page_lines(load_html(PAGE))
    assert "Home" in lines and "© 2019 The Harbour Times" in lines
    assert not any("not text" in ln or "hidden promo" in ln for ln in lines)


def test_lines_left_out_of_the_body_are_in_removed():
    page = extract(PAGE)
    assert "harbour bridge" in page.text
    left = {r.text: r.reason for r in page.removed}
    assert left.get("© 2019 The Harbour Times") == "outside the article body (trafilatura)"
    assert "Home" in left
    # body lines are never listed as removed
    assert not any("12,000 vehicles" in t for t in left)


TWEET = ('<blockquote class="twitter-tweet"><p lang="en">The old bridge is closed to lorries from '
         'today, says the council. <a href="https://t.co/x1">https://t.co/x1</a></p>— Harbour Council '
         '(@harbourcouncil) <a href="https://twitter.com/harbourcouncil/status/1">November 18, 2019</a>'
         '</blockquote><script async src="https://platform.twitter.com/widgets.js"></script>')


def test_quotations_embedded_between_paragraphs_stay_in_the_body():
    from trafilatura.utils import load_html
    from newslineage.read.html_page import embedded_quotes, visible_blocks
    page = PAGE.replace("during a routine inspection of the structure.</p>",
                        "during a routine inspection of the structure.</p>" + TWEET)
    blocks = visible_blocks(load_html(page))
    assert [q for line, q in blocks if "@harbourcouncil" in line] == [True]
    assert not any(q for line, q in blocks if "12,000 vehicles" in line)
    paras = [line for line, q in blocks if not q and len(line) > 100]
    out = embedded_quotes(blocks, paras)
    tweet = [line for line, q in blocks if q]
    assert out == [paras[0], *tweet, *paras[1:]]
    # a quotation outside the body's first and last paragraphs is not the article's
    assert embedded_quotes(blocks, paras[1:]) == paras[1:]
    # the extractor's body, whatever trafilatura does with the quotation, holds it once
    text = extract(page).text
    assert text.count("(@harbourcouncil)") == 1 and text.index("@harbourcouncil") < text.index("12,000")


def test_the_clean_stage_keeps_a_quotation_s_attribution_line():
    # "— Name (@handle) November 18, 2019" under an embedded post reads as a dateline; in
    # the body of a page that sets it in a <blockquote> it is the quotation's, not the page's
    from newslineage.clean import clean_one
    from newslineage.model import Article
    page = PAGE.replace("during a routine inspection of the structure.</p>",
                        "during a routine inspection of the structure.</p>" + TWEET)
    got = extract(page)
    assert any("@harbourcouncil" in q for q in got.meta["quoted"])
    art = Article(id="p", source="p.html", text=got.text, title=got.title, published=got.published)
    art._format, art._meta = "html", got.meta
    clean_one(art)
    assert "(@harbourcouncil) November 18, 2019" in art.text
    assert "quoted" not in art._meta  # a hint for the clean stage only
    # without the reader's hint the same line is taken for a dateline
    bare = Article(id="q", source="q.html", text=got.text, title=got.title)
    bare._format = "html"
    clean_one(bare)
    assert "(@harbourcouncil) November 18, 2019" not in bare.text

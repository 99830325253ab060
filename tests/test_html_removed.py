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

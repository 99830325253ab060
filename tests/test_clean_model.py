"""The learned furniture model: shipped, loaded once, and deciding lines of a whole page."""
import numpy as np

from newslineage import clean
from newslineage.clean import learned, rule_lines
from newslineage.model import Article

MENU = ["Home", "World", "Business", "Sport", "Culture", "Travel", "Video", "Podcasts", "Weather",
        "Newsletters", "Log in", "Search", "Opinion", "Science", "Health", "Tech"]
BODY = [
    "The city council voted on Tuesday to close the old harbour bridge to lorries after engineers "
    "found cracks in two of its supporting beams during a routine inspection.",
    "The bridge, built in 1931, carries about 12,000 vehicles a day, and the council said cars and "
    "buses could keep using it while the repairs were planned.",
    "Local businesses said the closure would add half an hour to delivery routes through the town "
    "centre, and asked the council to speed up the work.",
    "An engineer who inspected the beams said the cracks were not dangerous yet, but that heavy "
    "traffic would widen them quickly if nothing was done before the winter.",
]
FOOTER = ["About us", "Contact", "Careers", "Advertise", "Privacy", "Terms", "Accessibility",
          "Sitemap", "Help", "Archive", "RSS", "Apps"]


def page() -> str:
    return "\n".join(MENU) + "\n\nBridge closed to lorries after cracks found\n\n" + \
        "\n\n".join(BODY) + "\n\n" + "\n".join(FOOTER)


def test_shipped_model_loads_once_and_records_its_data():
    m = learned.load()
    assert m is learned.load()  # read once per process
    assert len(m.coef) == len(learned.FEATURES)
    assert 0.0 < m.threshold < 1.0
    assert "article-extraction" in m.info["data"] and m.info["grouped_cv"]["f1"] > 0.8


def test_model_removes_menu_lines_no_rule_explains_and_keeps_the_body():
    a = clean.clean_one(Article(id="p", source="p.txt", text=page()))
    for para in BODY:
        assert para in a.text
    for item in MENU[:8] + FOOTER:
        assert item not in a.text.split("\n\n")
    by_model = [r for r in a.removed if r.reason.startswith("furniture (model")]
    assert by_model, a.removed
    # the reason says what pushed the line out
    assert all(":" in r.reason and r.reason.endswith(")") for r in by_model)


def test_model_stays_out_of_an_extracted_article():
    text = "Bridge closed\n\n" + "\n\n".join(BODY) + "\n\nHe declined to comment."
    lines, _ = rule_lines(text)
    assert learned.unexplained(lines) < learned.load().info["min_unexplained"]
    a = clean.clean_one(Article(id="c", source="c.txt", text=text))
    assert not [r for r in a.removed if r.reason.startswith("furniture (model")]
    assert a.text.endswith("He declined to comment.")


def test_prose_joined_to_the_main_run_stays_even_when_scored_as_furniture():
    items = [f"- item {i}" for i in range(14)]
    lines, _ = rule_lines("\n\n".join(BODY[:3]) + "\n\n" + "\n".join(items) + "\n\n" + BODY[3])
    assert learned.main_run(lines)[1] < len(lines) - 1  # the last paragraph is outside the run
    p = np.full(len(lines), 0.99)
    p[:3 + len(items)] = 0.01  # the body and the list items are kept
    calls = learned.decide(lines, p, 0.5, overrule=False)
    assert calls[-1] is False  # the paragraph after the list is still the article
    p[3:3 + len(items)] = 0.99  # furniture between: what follows is no longer joined
    calls = learned.decide(lines, p, 0.5, overrule=False)
    assert calls[-1] is True


def test_a_model_fitted_on_other_features_is_refused():
    d = learned.load().to_json()
    d["features"] = d["features"][:-1]
    try:
        learned.FurnitureModel.from_json(d)
    except ValueError as e:
        assert "train_furniture" in str(e)
    else:
        raise AssertionError("accepted a model with other features")


def test_settings_switch_the_model_off_and_move_its_threshold():
    from newslineage.settings import CleanSettings
    off = clean.clean_one(Article(id="p", source="p.txt", text=page()), settings=CleanSettings(furniture_model=False))
    assert not [r for r in off.removed if r.reason.startswith("furniture (model")]
    strict = clean.clean_one(Article(id="p", source="p.txt", text=page()),
                             settings=CleanSettings(furniture_threshold=1.01))
    assert not [r for r in strict.removed if r.reason.startswith("furniture (model")]


def test_a_line_scored_above_the_cap_is_not_brought_back_by_the_prose_run():
    lines, _ = rule_lines("\n\n".join(BODY[:3]) + "\n\nReader comments\n\n" + BODY[3])
    assert learned.main_run(lines)[1] == len(lines) - 1  # one run of prose holds all
    p = np.full(len(lines), 0.01)
    p[-1] = 0.95  # the model is sure of the last paragraph (a comment written as prose)
    assert learned.decide(lines, p, 0.5, overrule=False)[-1] is False  # no cap: the run keeps it
    calls = learned.decide(lines, p, 0.5, overrule=False, connect_cap=0.9)
    assert calls[-1] is True and not any(calls[:3])
    p[-1] = 0.6  # under the cap: still joined to the article
    assert learned.decide(lines, p, 0.5, overrule=False, connect_cap=0.9)[-1] is False


def test_segments_group_kept_lines_across_short_gaps():
    from newslineage.clean import segments
    calls = [True, False, False, True, False, True, True, True, True, False, False]
    assert segments.spans(calls, gap=3) == [(1, 4), (9, 10)]
    assert segments.spans(calls, gap=4) == [(1, 10)]
    assert segments.spans([True, True]) == []


def _comment_page():
    heads = [f"Reader{i} on November {i + 1}, 2019 at 4:{10 + i} pm said:" for i in range(6)]
    comments = [f"I think reader number {i} has a point about the bridge, but the council should "
                "have acted years ago when the first cracks were found." for i in range(6)]
    thread = "\n\n".join(f"{h}\n\n{c}" for h, c in zip(heads, comments))
    return (page().replace("\n".join(FOOTER), "") + "\n\nAdvertisement\nMore from the region\nSign up for our newsletter\n"
            "6 Comments\n\n" + thread + "\n\n"
            + "\n".join(FOOTER)), comments


def test_a_block_the_segment_model_scores_as_furniture_goes_with_a_readable_reason():
    from newslineage.clean import segments
    text, comments = _comment_page()
    lines, _ = rule_lines(text)
    p = np.full(len(lines), 0.9)
    body_idx = [i for i, ln in enumerate(lines) if ln.text in BODY]
    thread_idx = [i for i, ln in enumerate(lines) if ln.text in comments]
    p[body_idx] = 0.01
    p[thread_idx] = 0.02
    calls = learned.decide(lines, p, 0.5, overrule=False)
    segs = segments.spans(calls)
    assert len(segs) >= 2  # the article and the thread are apart
    X = segments.features(lines, calls, p, segs)
    # a segment model that removes any block holding date lines between its paragraphs
    n = len(segments.SEGMENT_FEATURES)
    coef = np.zeros(n)
    coef[segments.SEGMENT_FEATURES.index("dates")] = 10.0
    model = segments.SegmentModel(np.zeros(n), np.ones(n), coef, -1.0, 0.5)
    assert (model.proba(X) >= 0.5).any() and (model.proba(X) < 0.5).any()
    took = segments.drop(lines, calls, p, model)
    assert set(thread_idx) <= set(took) and not set(body_idx) & set(took)
    assert all(r.startswith("furniture (block") and "date lines" in r for r in took.values())
    # the block it scores lowest always stays, whatever the threshold
    calls = learned.decide(lines, p, 0.5, overrule=False)
    segments.drop(lines, calls, p, model, threshold=0.0)
    assert not all(calls)


def test_shipped_segment_model_round_trips_and_can_be_switched_off():
    from newslineage.settings import CleanSettings
    m = learned.load()
    assert m.segments is not None
    again = learned.FurnitureModel.from_json(m.to_json())
    assert np.allclose(again.segments.coef, m.segments.coef)
    text, _ = _comment_page()
    off = clean.clean_one(Article(id="p", source="p.txt", text=text),
                          settings=CleanSettings(furniture_segments=False))
    assert not [r for r in off.removed if r.reason.startswith("furniture (block")]
    for para in BODY:
        assert para in off.text


def test_the_model_runs_on_a_page_whose_menus_the_rules_all_named():
    lines, _ = rule_lines("Share\nFacebook\nTwitter\nEmail\nPrint\n\n" + "\n\n".join(BODY))
    m = learned.load()
    assert learned.flagged(lines) >= 4
    assert learned.in_domain(lines, 10**6, learned.flagged(lines))
    assert not learned.in_domain(lines, 10**6, None)
    # an extracted article names no furniture: out of the domain whatever the second gate
    lines, _ = rule_lines("Bridge closed\n\n" + "\n\n".join(BODY))
    assert learned.flagged(lines) == 0
    assert not learned.in_domain(lines, m.info["min_unexplained"], m.info.get("min_flagged"))


def test_a_rule_line_inside_the_article_that_the_model_calls_body_is_reclaimed():
    text = "\n\n".join(BODY[:2]) + "\n\nRelated\n\n" + "\n\n".join(BODY[2:]) + "\n\nRelated\n\n" + "\n".join(FOOTER)
    lines, _ = rule_lines(text)
    inside = next(i for i, ln in enumerate(lines) if ln.text == "Related")
    after = next(i for i, ln in enumerate(lines) if ln.text == "Related" and i > inside)
    assert lines[inside].reason is not None and lines[after].reason is not None
    p = np.full(len(lines), 0.9)
    p[[i for i, ln in enumerate(lines) if ln.text in BODY]] = 0.01
    p[inside] = p[after] = 0.05
    assert learned.decide(lines, p, 0.5, overrule=False)[inside] is True  # off: the rule stands
    calls = learned.decide(lines, p, 0.5, overrule=False, reclaim=0.2)
    assert calls[inside] is False  # between kept paragraphs, and the model is sure
    assert calls[after] is True  # below the article, with furniture under it: stays out
    p[inside] = 0.5  # the model is not sure enough: the rule stands
    assert learned.decide(lines, p, 0.5, overrule=False, reclaim=0.2)[inside] is True


def test_segment_features_see_recurring_heads_and_the_kept_text_around_a_block():
    from newslineage.clean import segments
    text, comments = _comment_page()
    lines, _ = rule_lines(text)
    p = np.full(len(lines), 0.9)
    body_idx = [i for i, ln in enumerate(lines) if ln.text in BODY]
    thread_idx = [i for i, ln in enumerate(lines) if ln.text in comments]
    p[body_idx + thread_idx] = 0.01
    calls = learned.decide(lines, p, 0.5, overrule=False)
    segs = segments.spans(calls)
    X = segments.features(lines, calls, p, segs)
    col = {f: j for j, f in enumerate(segments.SEGMENT_FEATURES)}
    article = next(k for k, (a, b) in enumerate(segs) if a <= body_idx[0] <= b)
    thread = next(k for k, (a, b) in enumerate(segs) if a <= thread_idx[-1] <= b)
    assert X[article, col["before_share"]] == 0 and X[thread, col["after_share"]] == 0
    assert X[thread, col["before_share"]] > 0 and X[thread, col["order"]] > X[article, col["order"]]
    # "ReaderN on November N, 2019 at 4:NN pm said:" masked of its digits recurs 6 times
    assert X[thread, col["pattern"]] > 0.2 and X[article, col["pattern"]] == 0


def test_segment_features_see_a_block_that_shares_the_articles_words():
    from newslineage.clean import segments
    widget = ["More stories", "Storm closes ferry", "Mayor opens park", "Schools reopen", "Watch live"]
    teasers = ["Celebrity chef opens a new restaurant serving seasonal dishes from the valley farms "
               "and wines chosen by a famous sommelier from the capital.",
               "Football club signs young striker on a three year deal after a season of goals in "
               "the second division, the manager told supporters."]
    text = ("Bridge closed to lorries after cracks found\n\n" + "\n\n".join(BODY[:2]) + "\n\n"
            + "\n".join(widget) + "\n\n" + "\n\n".join(BODY[2:]) + "\n\n" + "\n".join(widget)
            + "\n\n" + "\n\n".join(teasers))
    lines, _ = rule_lines(text)
    p = np.full(len(lines), 0.9)
    kept = [i for i, ln in enumerate(lines) if ln.text in BODY or ln.text in teasers]
    p[kept] = 0.01
    calls = learned.decide(lines, p, 0.5, overrule=False)
    segs = segments.spans(calls)
    X = segments.features(lines, calls, p, segs)
    col = {f: j for j, f in enumerate(segments.SEGMENT_FEATURES)}
    block = {t: next(k for k, (a, b) in enumerate(segs) if any(lines[i].text == t for i in range(a, b + 1)))
             for t in (BODY[0], BODY[2], teasers[0])}
    first, rest, other = block[BODY[0]], block[BODY[2]], block[teasers[0]]
    assert len({first, rest, other}) == 3
    # the article's continuation shares its words and spelling with the largest block; the
    # teasers under it do not
    for name in ("main_words", "main_grams"):
        assert X[rest, col[name]] > X[other, col[name]], name
    assert X[first, col["title_words"]] > X[other, col["title_words"]]

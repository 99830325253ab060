"""The HTML block model: the page's blocks with their markup, features, and what it drops."""
import numpy as np
import pytest

from newslineage.read import html_blocks
from newslineage.read.html_blocks import BLOCK_FEATURES, BlockModel, features, page_blocks, prune

PARAS = [
    "The city council voted on Tuesday to close the old harbour bridge to lorries after engineers found cracks.",
    "The bridge, built in 1931, carries about 12,000 vehicles a day, and cars and buses may keep using it.",
    "Local businesses said the closure would add half an hour to delivery routes through the town centre.",
]
TEASER = "Council approves budget for the new harbour ferry terminal"
PAGE = f"""<html><body><nav><a href="/">Home</a></nav>
<div class="article-body"><p>{PARAS[0]}</p><p>{PARAS[1]}</p>
<div class="related-rail"><a href="/x"><span>{TEASER}</span></a></div>
<p>{PARAS[2]}</p></div><footer>© 2019 The Harbour Times</footer></body></html>"""


def _tree():
    from trafilatura.utils import load_html
    return load_html(PAGE)


def test_blocks_carry_their_markup_and_links():
    blocks = page_blocks(_tree())
    texts = [b.text for b in blocks]
    assert texts == ["Home", *PARAS[:2], TEASER, PARAS[2], "© 2019 The Harbour Times"]
    teaser = blocks[3]
    assert teaser.links == 1.0 and blocks[1].links == 0.0
    names = []
    node = teaser.node
    while node is not None:
        names.append(node.cls)
        node = node.parent
    assert "related-rail" in names and "article-body" in names


def test_features_tell_the_teaser_from_the_body():
    blocks = page_blocks(_tree())
    X, kept = features(blocks, [*PARAS[:2], TEASER, PARAS[2]])
    col = {f: j for j, f in enumerate(BLOCK_FEATURES)}
    assert kept.tolist() == [False, True, True, True, True, False]
    body, teaser = X[1], X[3]
    assert teaser[col["name_related"]] == 1 and body[col["name_related"]] == 0
    assert body[col["same_parents"]] == 0.75 and teaser[col["same_parents"]] == 0.25
    assert body[col["inside"]] == 1 and X[0][col["before"]] == 1 and X[5][col["after"]] == 1


def _model(weights: dict, threshold=0.5) -> BlockModel:
    coef = np.array([weights.get(f, 0.0) for f in BLOCK_FEATURES])
    n = len(BLOCK_FEATURES)
    return BlockModel(np.zeros(n), np.ones(n), coef, -2.0, threshold, {})


def test_prune_drops_what_the_model_calls_furniture_and_says_why():
    blocks = page_blocks(_tree())
    paras = [*PARAS[:2], TEASER, PARAS[2]]
    html_blocks.use(_model({"name_related": 4.0}))
    try:
        left, gone = prune(blocks, paras)
        assert left == PARAS and [t for t, _ in gone] == [TEASER]
        assert "markup model" in gone[0][1] and "'related' name" in gone[0][1]
        # a model that calls everything furniture does not empty the page
        html_blocks.use(_model({}, threshold=0.0))
        assert prune(blocks, paras) == (paras, [])
        html_blocks.use(None, off=True)
        assert prune(blocks, paras) == (paras, [])
    finally:
        html_blocks.use(None)


def test_the_shipped_model_reads_and_keeps_a_plain_article():
    model = html_blocks.load()
    if model is None:
        pytest.skip("no html_block_model.json (tools/train_html_blocks.py writes it)")
    assert model.FEATURES == BLOCK_FEATURES and 0 < model.threshold <= 1
    assert model.info.get("grouped_cv")
    left, gone = prune(page_blocks(_tree()), PARAS)
    assert left == PARAS and gone == []

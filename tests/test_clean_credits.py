"""Metadata lines of real pages: credit lines anywhere, a role line under the byline, an
outlet in a copyright footer, publication dates in head lines."""
import pytest

from newslineage.clean import clean_one
from newslineage.model import Article

BODY = ("The city council voted on Tuesday to close the old harbour bridge to lorries after engineers "
        "found cracks in two of its supporting beams.\n\n"
        "The bridge, built in 1931, carries about 12,000 vehicles a day, and the council said cars "
        "could keep using it.\n\n")


def cleaned(text):
    return clean_one(Article(id="t", source="t.txt", text="Bridge closed to lorries\n\n" + text))


@pytest.mark.parametrize("line, credits", [
    ("Additional reporting by Reuters and AFP.", ["Reuters", "AFP"]),
    ("Reuters and Bloomberg contributed to this report.", ["Reuters", "Bloomberg"]),
    ("This article first appeared in The Conversation.", ["The Conversation"]),
    ("This story was originally published by Coastal Tribune and is republished with permission.", ["Coastal Tribune"]),
    ("Dieser Artikel erschien zuerst bei Northfield Herald.", ["Northfield Herald"]),
    ("Este artículo fue publicado originalmente en Valley Courier.", ["Valley Courier"]),
])
def test_credit_lines_anywhere_become_credits_and_leave_the_text(line, credits):
    for text in (BODY + line, BODY.replace("\n\nThe bridge", f"\n\n{line}\n\nThe bridge")):
        a = cleaned(text)
        assert sorted(a.credits) == sorted(credits)
        assert line not in a.text
        assert any(r.text == line and r.reason == "credit" for r in a.removed)
        assert "carries about 12,000 vehicles" in a.text


def test_a_nameless_wire_credit_leaves_the_text():
    a = cleaned(BODY + "Compiled from wire reports.")
    assert "Compiled from wire reports." not in a.text and a.credits == []


def test_role_line_under_the_byline_gives_the_outlet_not_a_person():
    a = cleaned("By Jane Doe\nSenior correspondent, The Harbour Times\n\n" + BODY)
    assert a.byline == ["Jane Doe"]
    assert a.outlet == "The Harbour Times"
    assert "Senior correspondent" not in a.text


def test_outlet_from_a_copyright_footer_without_its_tail():
    a = cleaned(BODY + "© 2019 The Harbour Times. All rights reserved. | Privacy | Terms")
    assert a.outlet == "The Harbour Times"


def test_published_from_a_published_updated_line():
    a = cleaned("Published: March 12, 2019 10:30 AM | Updated: March 13, 2019\n\n" + BODY)
    assert a.published.startswith("2019-03-12")

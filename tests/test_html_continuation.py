"""An article that the extractor stopped after its first section is continued from the page's
own prose; comments and short teasers after the body are not taken."""
from newslineage.read.html_page import continuation

FIRST = [
    "The city council voted on Tuesday to close the old harbour bridge to lorries after engineers "
    "found cracks in two of its supporting beams during a routine inspection.",
    "The bridge, built in 1931, carries about 12,000 vehicles a day, and the council said cars and "
    "buses could keep using it while the repairs were planned.",
]
REST = [
    "Local businesses said the closure would add half an hour to delivery routes through the town "
    "centre, and asked the council to speed up the work before the winter.",
    "An engineer who inspected the beams said the cracks were not dangerous yet, but that heavy "
    "traffic would widen them quickly if nothing was done before the cold months.",
    "The council will publish a timetable for the repairs next month, after a second inspection "
    "of the beams by an independent firm of engineers from the capital.",
]
MENU = ["Home", "World", "Business", "Sport"]
FOOTER = ["About us", "Contact", "Privacy"]


def test_the_sections_after_an_ad_are_taken():
    page = MENU + FIRST + ["Advertisement"] + REST + FOOTER
    assert continuation(page, FIRST) == REST


def test_prose_shorter_than_the_body_is_left_out():
    page = MENU + FIRST + ["Advertisement"] + REST[:1] + FOOTER
    assert continuation(page, FIRST) == []  # one reader's comment, a teaser: not the article


def test_a_break_of_several_lines_stops_it():
    page = MENU + FIRST + ["Comments", "Reader1", "2 days ago"] + REST + FOOTER
    assert continuation(page, FIRST) == []


def test_a_body_not_found_in_the_page_gives_nothing():
    assert continuation(MENU + REST, FIRST) == []

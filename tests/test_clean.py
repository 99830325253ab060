"""The clean stage: furniture out (kept with a reason), body sentences kept, metadata read."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import need_shared
from newslineage import clean
from newslineage.model import Article


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", s).strip().casefold()


def art(text: str, id: str = "x", **kw) -> Article:
    return Article(id=id, source=f"{id}.txt", text=text, **kw)


def cleaned(text: str, **kw) -> Article:
    return clean.clean([art(text, **kw)])[0]


def reasons(a: Article) -> dict[str, str]:
    return {r.text: r.reason for r in a.removed}


# --- the seeds ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds():
    folder = need_shared("seeds", "articles")
    truth = json.loads(need_shared("seeds", "truth.json").read_text())
    arts = [art(p.read_text(encoding="utf-8"), id=p.stem) for p in sorted(folder.glob("*.txt"))]
    return {a.id: a for a in clean.clean(arts)}, truth["articles"]


def test_seeds_keep_every_body_sentence_and_drop_furniture(seeds):
    got, truth = seeds
    for aid, t in truth.items():
        text = norm(got[aid].text)
        assert [s for s in t["body"] if norm(s) not in text] == [], aid
        assert [s for s in t["boilerplate"] if norm(s) in text] == [], aid


def test_seeds_metadata(seeds):
    got, truth = seeds
    for aid, t in truth.items():
        a = got[aid]
        if t["title"]:
            assert norm(a.title) == norm(t["title"]), aid
        else:
            assert a.title is None, aid  # the first line is a body sentence
        if t["outlet"]:
            assert norm(t["outlet"]) in norm(a.outlet) or norm(a.outlet) in norm(t["outlet"]), aid
        for c in t["credits"]:
            assert any(norm(c) in norm(x) for x in a.credits), (aid, a.credits)
        for b in t.get("byline", []):
            assert any(norm(b) in norm(x) for x in a.byline), (aid, a.byline)
        assert a.language == t["language"]
    assert got["000_00830faf4447810d"].published == "2025-05-19T09:11:00+05:30"
    # 002 says "on May 19" without a year; 000, of the same day, gives it
    assert got["002_372ae6a6e2eeff7f"].published == "2025-05-19"
    assert got["004_11b8147c6c992a0f"].published is None  # no date in the text: none invented


def test_seeds_tail_credit_is_stripped_from_the_body(seeds):
    got, _ = seeds
    a = got["002_372ae6a6e2eeff7f"]
    assert a.text.rstrip().endswith("Mr Stubb said.")
    assert {"text": "REUTERS, BLOOMBERG", "reason": "credit"} in [r.to_dict() for r in a.removed]


# --- other styles and languages ---------------------------------------------------------

GERMAN = """Ostsee-Kurier
Politik > Ausland

Regierung in Oslo kündigt Überprüfung aller Fähren an

Von Anna Schmidt
Stand: 14.05.2025, 10:12 Uhr
Quelle: dpa

OSLO (dpa) – Nach dem Brand auf einer Passagierfähre will die norwegische Regierung alle älteren Schiffe überprüfen lassen. Das kündigte Verkehrsministerin Ingrid Vaaland am Mittwoch in Oslo an.

Anzeige

Die Überprüfung soll bis zum Herbst abgeschlossen sein. Betroffen sind nach Angaben des Ministeriums rund 40 Fähren, die vor 1995 gebaut wurden.

Mehr zum Thema
Fährbrand vor Brenvik: Was wir wissen
Reederei Fjordlinje unter Druck

„Wir werden nichts dem Zufall überlassen“, sagte Vaaland vor Journalisten.

Artikel teilen: Facebook | X | WhatsApp | E-Mail
Schlagworte: Norwegen, Fähren, Schifffahrt
© Ostsee-Kurier 2025
"""


def test_german_article():
    a = cleaned(GERMAN)
    assert a.title == "Regierung in Oslo kündigt Überprüfung aller Fähren an"
    assert a.byline == ["Anna Schmidt"]
    assert a.published == "2025-05-14T10:12:00"
    assert a.credits == ["dpa"]
    assert a.language == "de"
    assert a.outlet == "Ostsee-Kurier"
    body = a.text
    assert "OSLO (dpa) – Nach dem Brand" in body
    assert "rund 40 Fähren, die vor 1995 gebaut wurden." in body
    assert "„Wir werden nichts dem Zufall überlassen“, sagte Vaaland vor Journalisten." in body
    r = reasons(a)
    assert r["Anzeige"] == "ad"
    assert r["Mehr zum Thema"] == "related"
    assert r["Fährbrand vor Brenvik: Was wir wissen"] == "related"
    assert r["Reederei Fjordlinje unter Druck"] == "related"
    assert r["Artikel teilen: Facebook | X | WhatsApp | E-Mail"] == "share"
    assert "Schlagworte" not in body and "Politik > Ausland" not in body
    assert "\n\n" in body and "\n\n\n" not in body


FRENCH = """Incendie d'un ferry en Norvège : le gouvernement promet des contrôles

Publié le 3 mars 2024 à 18h05
PARIS (AFP) - Le gouvernement norvégien a promis mardi de contrôler tous les ferries anciens après l'incendie qui a forcé l'évacuation de 312 personnes.

Lire aussi : Norvège, la flotte de ferries vieillit

« Nous vérifierons chaque navire », a déclaré la ministre des Transports devant la presse à Oslo.

Publicité

Les contrôles commenceront au printemps et devraient durer six mois, selon le ministère.

Abonnez-vous à notre newsletter
Partager sur Facebook
"""


def test_french_article():
    a = cleaned(FRENCH)
    assert a.title.startswith("Incendie d'un ferry")
    assert a.published == "2024-03-03T18:05:00"
    assert "AFP" in a.credits
    assert a.language == "fr"
    for s in ("PARIS (AFP) - Le gouvernement norvégien", "« Nous vérifierons chaque navire »",
              "devraient durer six mois, selon le ministère."):
        assert s in a.text
    r = reasons(a)
    assert r["Lire aussi : Norvège, la flotte de ferries vieillit"] == "related"
    assert r["Publicité"] == "ad"
    assert r["Partager sur Facebook"] == "share"
    assert "Abonnez-vous" not in a.text


AP_STYLE = """Senate passes ferry safety bill after Norway fire

WASHINGTON (AP) — The Senate on Tuesday passed a bill that would require annual fire inspections of passenger ferries, weeks after a blaze in Norway forced hundreds to evacuate.

The measure now goes to the House, where leaders have signaled support.

“No family should board a ferry and wonder whether it will catch fire,” said Sen. Maria Lopez, the bill's sponsor.

Copyright 2025 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.
"""


def test_ap_dateline_credit_and_copyright_footer():
    a = cleaned(AP_STYLE)
    assert a.credits == ["AP"]  # as the dateline writes it
    assert a.title == "Senate passes ferry safety bill after Norway fire"
    assert "WASHINGTON (AP) — The Senate on Tuesday passed" in a.text
    assert "“No family should board a ferry" in a.text
    assert "Copyright" not in a.text
    assert a.published is None  # "Tuesday" alone states no date


def test_credits_from_tail_dash_and_unknown_agency_line_and_lead_attribution():
    a = cleaned("Strike halts trains across the country\n\nBTA\n\n"
                "Rail workers walked out on Monday over pay, halting most trains, the union said.\n\n"
                "Talks are due to resume on Thursday. — Reuters")
    assert a.credits == ["BTA", "Reuters"]
    assert a.text.endswith("Talks are due to resume on Thursday.")
    b = cleaned("Ministers met on Monday to discuss the crisis in the region, Kyiv Post reports.\n\n"
                "The meeting lasted three hours and ended without a statement from either side.")
    assert b.credits == ["Kyiv Post"]
    assert b.title is None and b.text.startswith("Ministers met on Monday")


def test_writes_outlet_after_a_credited_source():
    a = cleaned("The minister resigned on Friday after weeks of pressure, Bloomberg reports, writes NNA.\n\n"
                "He had denied any wrongdoing in a statement issued on Thursday evening.")
    assert a.credits == ["Bloomberg"]
    assert a.outlet == "NNA"


SPANISH = """Suscríbete
El Gobierno aprueba el plan de ferris tras el incendio en Noruega

Por Lucía Gómez
Actualizado: 19 de mayo de 2025, 09:15 CEST

MADRID (EFE) — El Consejo de Ministros aprobó este martes un plan para revisar todos los ferris con más de treinta años de servicio.

Lee también: Los ferris más antiguos de Europa

Publicidad

El plan costará unos 40 millones de euros, según el ministerio.
"""


def test_spanish_article():
    a = cleaned(SPANISH)
    assert a.title == "El Gobierno aprueba el plan de ferris tras el incendio en Noruega"
    assert a.byline == ["Lucía Gómez"]
    assert a.published == "2025-05-19T09:15:00+02:00"
    assert a.credits == ["EFE"]
    assert a.language == "es"
    assert "El plan costará unos 40 millones de euros, según el ministerio." in a.text
    assert "Lee también" not in a.text and "Publicidad" not in a.text and "Suscríbete" not in a.text


# --- general behaviour ------------------------------------------------------------------

def test_a_body_sentence_first_line_is_no_title():
    a = cleaned("Officials said on Monday that the bridge would stay closed for a week.\n"
                "Repairs are expected to cost about two million dollars, the ministry said.")
    assert a.title is None
    assert a.text.startswith("Officials said on Monday")
    assert a.removed == []


def test_lines_repeated_across_the_corpus_are_furniture_but_shared_paragraphs_stay():
    shared = "The company said the recall affects about 40,000 vehicles sold since 2021."
    arts = [art(f"Headline number {i} about cars\n\nBody sentence {i} tells what happened today in town.\n\n"
                f"{shared}\n\nWatch our latest car videos\n", id=str(i)) for i in range(3)]
    repeated = clean.repeated_lines(arts)
    assert "watch our latest car videos" in repeated
    out = clean.clean(arts)
    for a in out:
        assert shared in a.text
        assert "Watch our latest" not in a.text
        assert a.title.startswith("Headline number")


def test_short_lines_only_copies_of_one_text_carry_are_its_text_not_furniture():
    lead = ("The draw for the third round of the FA Cup was made on Sunday, and the holders will "
            "travel to a club from the second tier of English football in the first week of January.")
    fixtures = "Birmingham v Leeds\nDerby v Wigan\nHull v Colchester"
    copies = [art(f"Cup draw made\n\n{lead}\n\n{fixtures}\n\nMore from Outlet {i}\n", id=f"c{i}")
              for i in range(3)]
    others = [art(f"Other story {i}\n\nA different report number {i} about the weather in the north, "
                  f"where rain fell for a fourth day and rivers rose above their banks in {i + 2} towns, "
                  f"officials said on Monday.\n\nMore from Outlet {i}\n", id=f"o{i}") for i in range(3)]
    repeated = clean.repeated_lines(copies + others)
    assert "birmingham v leeds" not in repeated  # every carrier opens with one lead: copies
    assert "more from outlet 0" in repeated       # on pages whose texts differ: furniture
    # one other story carrying the line makes it furniture again
    stray = art(others[0].text.replace("More from Outlet 0", "Birmingham v Leeds"), id="s")
    assert "birmingham v leeds" in clean.repeated_lines(copies + others + [stray])
    out = {a.id: a for a in clean.clean(copies + others)}
    assert all("Derby v Wigan" in out[f"c{i}"].text for i in range(3))
    assert all("More from Outlet" not in a.text for a in out.values())


def test_year_is_never_invented_but_taken_from_same_day_articles():
    lone = cleaned("Talks resume\n\nNegotiators met again on May 19 in Geneva, officials said on the day.")
    assert lone.published is None
    arts = [art("Talks resume\n\nNegotiators met again on May 19 in Geneva, officials said on the day.", id="a"),
            art("Geneva talks\n\nPublished: 20 May 2025\n\nThe talks in Geneva went on for a second day, officials said.", id="b")]
    out = clean.clean(arts)
    assert out[1].published == "2025-05-20"
    assert out[0].published == "2025-05-19"


def test_html_bodies_get_only_the_light_pass_and_keep_reader_metadata():
    a = art("Advertisement\n\nThe council voted on Monday to close the old harbour to cruise ships.\n\n"
            "Short line without a stop\n\nThe mayor said the decision was final. — AFP",
            title="Reader title", outlet="Reader Outlet", published="2025-01-02")
    a._format = "html"
    out = clean.clean([a])[0]
    assert (out.title, out.outlet, out.published) == ("Reader title", "Reader Outlet", "2025-01-02")
    assert "Advertisement" not in out.text
    assert "Short line without a stop" in out.text  # shape rules are for raw text only
    assert out.credits == ["AFP"]
    assert out.text.endswith("The mayor said the decision was final.")


def test_given_title_is_removed_from_the_text_only_when_repeated_there():
    a = cleaned("Port reopens\n\nThe port reopened on Friday after a week-long strike, officials said.",
                title="Port reopens")
    assert a.text.startswith("The port reopened")
    b = cleaned("The port reopened on Friday after a week-long strike, officials said.", title="Port reopens")
    assert b.text.startswith("The port reopened") and b.removed == []


def test_hard_wrapped_text_is_joined_into_paragraphs():
    text = ("Flood warnings issued for three rivers\n\n"
            "Forecasters issued flood warnings for three rivers on Sunday after two days of\n"
            "heavy rain, and told residents in low-lying areas to move valuables upstairs and\n"
            "stay away from the banks until the water level starts to fall again.\n\n"
            "The warnings cover the Dee, the Don and the Spey, the agency said in a statement\n"
            "issued shortly after noon, adding that more rain was expected on Monday night.\n")
    a = cleaned(text)
    assert a.title == "Flood warnings issued for three rivers"
    paras = a.text.split("\n\n")
    assert len(paras) == 2
    assert "two days of heavy rain" in paras[0]


def test_clean_is_idempotent_and_every_removal_has_a_reason():
    a = cleaned(GERMAN)
    text, removed = a.text, list(a.removed)
    again = clean.clean([a])[0]
    assert again.text == text and again.removed == removed
    assert all(r.reason and r.text for r in removed)


def test_json_records_with_text_are_cleaned_like_text():
    a = art("Share this article\n\nThe river burst its banks overnight, flooding dozens of homes, police said.",
            title="Floods")
    a._format = "json"
    out = clean.clean([a])[0]
    assert out.text == "The river burst its banks overnight, flooding dozens of homes, police said."
    assert reasons(out) == {"Share this article": "share"}


def test_resources_are_valid_and_cover_the_languages():
    res = Path(clean.__file__).resolve().parent.parent / "resources"
    cues = json.loads((res / "furniture_cues.json").read_text(encoding="utf-8"))
    for reason in ("paywall", "newsletter", "share", "follow", "ad", "cookie"):
        assert {"en", "de", "fr", "es", "it", "pt", "nl", "uk", "ru"} <= set(cues["line"][reason]), reason
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "uk", "ru"} <= set(cues["block"]["related"])


@pytest.mark.parametrize("cue,reason", [
    ("Leggi anche", "related"), ("Pubblicità", "ad"), ("Leia também", "related"), ("Publicidade", "ad"),
    ("Lees ook", "related"), ("Advertentie", "ad"), ("Читайте також", "related"), ("Реклама", "ad"),
    ("Читайте также", "related"), ("Subscribe to our newsletter", "newsletter"), ("Werbung", "ad"),
    ("We use cookies to improve your experience. By continuing to browse, you agree to our use of cookies.", "cookie"),
])
def test_furniture_cues_between_paragraphs(cue, reason):
    a = cleaned("The storm reached the coast on Sunday night and cut power to thousands of homes.\n\n"
                f"{cue}\n\n"
                "Crews worked through the night to restore electricity, the utility company said.")
    assert reasons(a) == {cue: reason}
    assert a.text.count("\n\n") == 1


def test_agency_in_a_cell_of_a_head_line_and_short_sentences_shared_by_articles():
    a = cleaned("Markets slide as oil jumps\n\nBloomberg | Updated: 19 May 2025, 08:00 GMT\n\n"
                "Stocks fell across Asia on Monday as oil prices rose for a third day, traders said.")
    assert a.credits == ["Bloomberg"]
    assert a.published == "2025-05-19T08:00:00+00:00"
    arts = [art(f"Story {i} headline here\n\nA long first paragraph number {i} says what happened in town.\n\n"
                "He declined to comment.", id=str(i)) for i in range(3)]
    for out in clean.clean(arts):
        assert out.text.endswith("He declined to comment.")


def test_the_headline_under_a_pages_menus_is_the_title():
    # text copied from a whole web page: its menus first (the furniture model's call), the
    # headline just above the body
    from newslineage.clean import _headline
    from newslineage.clean.lines import make_line
    menus = ["Skip to main content", "Home", "News", "Sport", "Business", "Culture", "Travel",
             "Weather", "Podcasts", "Newsletters", "Sign in", "Subscribe now", "Most read stories today"]
    headline = "Harbour bridge to close to lorries after engineers find cracks"
    body = ["The city council voted on Tuesday to close the old harbour bridge to lorries after "
            "engineers found cracks in two of its supports.",
            "Cars and buses may still cross while repairs are planned, the council said."]
    lines = [make_line(t) for t in menus + [headline, "Share this article"] + body]
    for ln in lines[:len(menus) + 2]:
        ln.reason = "navigation"
    lines[len(menus) + 1].reason = "share"
    assert _headline(lines, 0) == len(menus)
    assert lines[len(menus)].reason == "title" and lines[0].reason == "navigation"
    # a head title that names what the lead tells stays the title
    lines = [make_line(t) for t in [headline] + menus + body]
    for ln in lines[:len(menus) + 1]:
        ln.reason = "navigation"
    lines[0].reason = "title"
    assert _headline(lines, 0) == 0

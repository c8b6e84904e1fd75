"""Protect → engine → restore → verify: nothing protected is lost or changed silently."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_TEXT, STARTER_GLOSSARY

from pipeline.glossary import load_glossary, parse_csv
from pipeline.protect import PLACEHOLDER, check_delivery, protect, restore

SHIPPED = STARTER_GLOSSARY
SAMPLE = SAMPLE_TEXT
LANGS = ("en", "tr", "ar", "ru", "uk", "pl", "fa")

GLOSSARY = parse_csv(
    """de,en,tr,ru,kind
Aufenthaltstitel,residence title,oturum belgesi,разрешение на пребывание,term
WSC,=,=,=,name
Integrationskurs,=,,,term
Duldung,,,,term
"""
)
SOURCE = (
    "Im <a1>WSC-Team</a1> gab es 2020 rund 8.000 Aufenthaltstitel (19.04.), siehe www.essen.de."
)


def pseudo(text: str) -> str:
    """A stand-in engine that keeps placeholders but changes every word."""
    return " ".join(w if PLACEHOLDER.search(w) else w.upper() for w in text.split(" "))


@pytest.fixture
def masked():
    return protect(SOURCE, GLOSSARY)


def test_protect_masks_tags_terms_and_facts(masked):
    kinds = [(i.kind, i.surface) for i in masked.items]
    assert kinds == [
        ("tag", "<a1>"),
        ("term", "WSC"),
        ("tag", "</a1>"),
        ("number", "2020"),
        ("number", "8.000"),
        ("term", "Aufenthaltstitel"),
        ("date", "19.04."),
        ("url", "www.essen.de"),
    ]
    assert not any(c.isascii() and c.isalpha() for i in masked.items for c in i.placeholder)
    for item in masked.items:
        assert item.surface not in masked.text


def test_terms_without_constraint_are_left_to_the_engine():
    masked = protect("Die Duldung und der Integrationskurs", GLOSSARY)
    assert [i.surface for i in masked.items] == ["Integrationskurs"]
    assert [i.surface for i in protect("Der Integrationskurs", GLOSSARY, ("en", "tr")).items] == []


def test_urls_win_over_terms():
    glossary = parse_csv("de,en,kind\nEssen,=,name\n")
    masked = protect("Quelle: Stadt Essen, www.essen.de", glossary)
    assert [(i.kind, i.surface) for i in masked.items] == [
        ("term", "Essen"),
        ("url", "www.essen.de"),
    ]


def test_placeholders_avoid_private_use_characters_in_the_source():
    masked = protect("\ue000 und WSC", GLOSSARY)
    assert masked.items[0].placeholder != "\ue000"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "IM <a1>WSC-Team</a1> GAB ES 2020 RUND 8,000 residence title (19 April), SIEHE www.essen.de.",
        ),
        (
            "tr",
            "IM <a1>WSC-Team</a1> GAB ES 2020 RUND 8.000 oturum belgesi (19 Nisan), SIEHE www.essen.de.",
        ),
        (
            "ru",
            "IM <a1>WSC-Team</a1> GAB ES 2020 RUND 8\u00a0000 разрешение на пребывание (19 апреля), SIEHE www.essen.de.",
        ),
    ],
)
def test_round_trip_through_an_engine(masked, lang, expected):
    restored = restore(pseudo(masked.text), masked, lang, GLOSSARY)
    assert restored.text == expected
    assert restored.lost == []
    assert restored.stats["terms_found"] == restored.stats["terms_delivered"] == 2
    assert restored.stats["facts_found"] == restored.stats["facts_delivered"] == 4
    assert restored.stats["tags_lost"] == 0


def test_fa_gets_persian_digits(masked):
    restored = restore(masked.text, masked, "fa", GLOSSARY)
    assert "۸٬۰۰۰" in restored.text and "۲۰۲۰" in restored.text
    assert restored.untranslated == ['glossary term "WSC"', 'glossary term "Aufenthaltstitel"']
    assert restored.stats["terms_flagged"] == 2  # no fa cells: German kept, flagged


@pytest.mark.parametrize(
    ("german", "engine_output", "expected"),
    [
        (
            "Im <a1>WSC-Team</a1> 2020",
            "Im \ue000  \ue001 -Team \ue002 \ue003",
            "Im <a1>WSC-Team</a1> 2020",
        ),
        (
            "Im <a1>WSC-Team</a1> 2020",
            "Im\ue000\ue001-Team\ue002\ue003",
            "Im <a1>WSC-Team</a1> 2020",
        ),
        ("zum <a1>Profil</a1>.", "to \ue000 profile \ue001 .", "to <a1>profile</a1>."),
        ("Heute (19.04.) fand", "Today ( \ue000 ) took place", "Today (19 April) took place"),
        ("seit 2016 dabei", "since\ue000there", "since 2016 there"),
    ],
)
def test_restore_repairs_spacing(german, engine_output, expected):
    masked = protect(german, GLOSSARY)
    assert restore(engine_output, masked, "en", GLOSSARY).text == expected


def test_lost_items_are_reinserted_and_named(masked):
    output = masked.text.replace(masked.items[4].placeholder, "").replace(
        masked.items[5].placeholder, ""
    )
    restored = restore(output, masked, "en", GLOSSARY)
    assert "8,000" in restored.text and "residence title" in restored.text
    assert restored.text.index("2020") < restored.text.index("8,000") < restored.text.index("April")
    assert restored.lost == ['number "8.000"', 'glossary term "Aufenthaltstitel"']
    assert restored.stats["facts_flagged"] == 1 and restored.stats["terms_flagged"] == 1
    assert any("8.000" in p for p in restored.problems)


def test_gibberish_output_still_delivers_everything(masked):
    restored = restore("خطا خطا خطا", masked, "en", GLOSSARY)
    for piece in ("<a1>WSC</a1>", "2020", "8,000", "residence title", "19 April", "www.essen.de"):
        assert piece in restored.text
    assert len(restored.lost) == len(masked.items)
    assert restored.stats["terms_delivered"] == 0
    assert check_delivery(SOURCE, restored.text, "en", GLOSSARY) == []


def test_duplicates_and_foreign_placeholders_are_dropped(masked):
    item = masked.items[4].placeholder
    output = masked.text.replace(item, f"{item} {item}") + " \uf000"
    restored = restore(output, masked, "en", GLOSSARY)
    assert restored.text.count("8,000") == 1
    assert not PLACEHOLDER.search(restored.text)


def test_closing_tag_before_opening_tag_is_swapped(masked):
    a, b = masked.items[0].placeholder, masked.items[2].placeholder
    output = masked.text.replace(a, "\0").replace(b, a).replace("\0", b)
    restored = restore(output, masked, "en", GLOSSARY)
    assert restored.text.index("<a1>") < restored.text.index("</a1>")


@pytest.mark.parametrize(
    ("target", "lang", "codes"),
    [
        (
            "At the WSC there were around 8,000 residence titles in 2020 (19 April), see www.essen.de.",
            "en",
            [],
        ),
        (
            "At the WSC there were around 8.000 residence titles in 2020 (19 April), see www.essen.de.",
            "en",
            ["number-mismatch"],
        ),
        (
            "At the centre there were around 8,000 permits in 2020 (19 April), see www.essen.de.",
            "en",
            ["term-missing", "term-missing"],
        ),
        (
            "At the WSC there were around 8,000 residence titles in 2020 (April 20), see essen.de.",
            "en",
            ["date-mismatch", "url-mismatch"],
        ),
        (
            "В WSC в 2020 году было около 8 000 разрешений на пребывание (19 апреля), см. www.essen.de.",
            "ru",
            [],
        ),
        (
            "WSC'de 2020'de yaklaşık 8.000 oturum belgesi (19 Nisan) vardı, bkz. www.essen.de.",
            "tr",
            [],
        ),
    ],
)
def test_check_delivery(target, lang, codes):
    problems = check_delivery(SOURCE, target, lang, GLOSSARY)
    assert sorted(p.code for p in problems) == sorted(codes)
    severities = {p.code: p.severity for p in problems}
    assert severities.get("number-mismatch", "error") == "error"
    assert severities.get("term-missing", "warning") == "warning"


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample text not present")
@pytest.mark.parametrize("lang", LANGS)
def test_sample_survives_a_placeholder_keeping_engine(lang):
    glossary = load_glossary(SHIPPED)
    for sentence in SAMPLE.read_text(encoding="utf-8").splitlines():
        masked = protect(sentence, glossary, LANGS)
        restored = restore(pseudo(masked.text), masked, lang, glossary)
        assert restored.lost == [] and restored.untranslated == []
        problems = [p for p in check_delivery(sentence, restored.text, lang, glossary)]
        assert [p for p in problems if p.severity == "error"] == [], (sentence, restored.text)


def test_a_legal_citation_the_engine_drops_is_delivered_and_named():
    source = "Nach § 18a AufenthG und Art. 16a Abs. 1 GG ist der Aufenthaltstitel zu beantragen."
    masked = protect(source, GLOSSARY)
    assert [i.surface for i in masked.items][:2] == ["§ 18a AufenthG", "Art. 16a Abs. 1 GG"]
    restored = restore("gibberish only", masked, "fa", GLOSSARY)
    assert "§ 18a AufenthG" in restored.text and "Art. 16a Abs. 1 GG" in restored.text
    assert 'citation "§ 18a AufenthG"' in restored.lost
    problems = check_delivery(source, "Under § 18 AufenthG …", "en", GLOSSARY)
    assert "citation-mismatch" in [p.code for p in problems]


def test_the_same_lost_item_is_one_note_with_a_count():
    from pipeline.translate import _counted

    note = 'the engine lost glossary term "migo"; it was re-inserted, check its position'
    assert _counted([note, note, "other"]) == [f"{note} (2 times)", "other"]


def test_identifiers_and_ambiguous_facts_come_back_as_written():
    source = "Antrag Nr. 12.345 vom 01.01.85 um 24:30 Uhr für 100,- €."
    masked = protect(source, GLOSSARY)
    assert [(i.kind, i.surface) for i in masked.items] == [
        ("identifier", "12.345"),
        ("date", "01.01.85"),
        ("time", "24:30"),
        ("money", "100,- €"),
    ]
    result = restore(pseudo(masked.text), masked, "en", GLOSSARY)
    assert result.text == "ANTRAG NR. 12.345 VOM 01.01.85 UM 24:30 UHR FÜR €100." and not result.lost
    assert check_delivery(source, "Application No. 12.345 of 01.01.85 at 24:30, €100.", "en", GLOSSARY) == []
    codes = {p.code for p in check_delivery(source, "No. 12,345 of January 1, 2085", "en", GLOSSARY)}
    assert codes == {"identifier-mismatch", "date-mismatch", "time-mismatch", "number-mismatch"}


def test_an_unknown_language_is_one_input_error_not_a_traceback():
    from pipeline.errors import InputError

    masked = protect("rund 8.000 Fälle", GLOSSARY)
    with pytest.raises(InputError, match="unknown language 'xx'"):
        restore(masked.text, masked, "xx", GLOSSARY)
    with pytest.raises(InputError, match="unknown language 'xx'"):
        check_delivery("rund 8.000 Fälle", "about 8,000 cases", "xx", GLOSSARY)

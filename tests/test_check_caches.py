"""The caches and shortcuts behind the PO checks must miss whenever an input changes.

The checks remember what depends only on the German sentence (facts, values, glossary
matches), on a fact's value (its accepted spellings) or on the whole arguments (the
language judgement). Each test changes one input the cached answer depends on and
expects the answer to change with it.
"""

from __future__ import annotations

from decimal import Decimal

from pipeline import facts, langid
from pipeline.check import Entry, check_entry
from pipeline.glossary import parse_csv
from pipeline.protect import check_delivery, protect, term_matches

SOURCE = "Die Duldung endet am 19.04.2024 um 18:30 Uhr; 8.000 Anträge."


def _glossary(english: str):
    return parse_csv(f"de,en\nDuldung,{english}\n")


def test_term_matches_follow_the_glossary_not_only_the_text():
    toleration, empty = _glossary("toleration"), parse_csv("de,en\nWSC,=\n")
    assert [m.surface for m in term_matches(SOURCE, toleration)] == ["Duldung"]
    assert term_matches(SOURCE, empty) == ()
    # an equal but separate glossary with another target is its own key
    other = _glossary("tolerated stay")
    assert term_matches(SOURCE, other)[0].term.targets["en"] == "tolerated stay"
    missing = [p.message for p in check_delivery(SOURCE, "the toleration ends", "en", other)]
    assert 'glossary term "tolerated stay" is missing (1× in the German)' in missing
    assert not [p for p in check_delivery(SOURCE, "the toleration ends", "en", toleration)
                if p.code == "term-missing"]


def test_the_masking_uses_the_matches_of_its_own_glossary():
    assert [i.kind for i in protect(SOURCE, _glossary("toleration")).items].count("term") == 1
    assert [i.kind for i in protect(SOURCE, parse_csv("de,en\nWSC,=\n")).items].count("term") == 0


def test_one_german_sentence_is_checked_anew_for_each_language_and_translation():
    right_en = "The toleration ends on 19 April 2024 at 18:30; 8,000 applications."
    right_tr = "Hoşgörü 19 Nisan 2024 saat 18:30'da sona eriyor; 8.000 başvuru."
    assert check_delivery(SOURCE, right_en, "en", parse_csv("de,en\n")) == []
    assert check_delivery(SOURCE, right_tr, "tr", parse_csv("de,en\n")) == []
    # the same German, another translation: the cached German facts still find the change
    wrong = [p.code for p in check_delivery(SOURCE, right_en.replace("8,000", "8.0"), "en",
                                            parse_csv("de,en\n"))]
    assert wrong == ["number-mismatch"]
    # "8,000" is 8 in Turkish (and the date is not Turkish): the language is in every key
    assert [p.code for p in check_delivery(SOURCE, right_en, "tr", parse_csv("de,en\n"))] \
        == ["number-mismatch", "date-mismatch"]


def test_accepted_spellings_follow_the_runs_english_variant():
    date = facts.find_facts("am 19.04.2024")[0]
    args = (date.kind, date.text, date.value, date.case, "en")
    with facts.english_variant("en-GB"):
        british = facts._variant_patterns(*args, facts._ENGLISH.get())
    with facts.english_variant("en-US"):
        american = facts._variant_patterns(*args, facts._ENGLISH.get())
    assert "19\\ april\\ 2024" in british[0].pattern
    assert "april\\ 19,\\ 2024" in american[0].pattern


def test_numbers_without_symbols_between_digits_read_as_with_the_full_pattern():
    assert facts.find_numbers("f9154 f25859 22 марта", "ru") == [9154, 25859, 22]
    assert facts.find_numbers("8,000 people, 3.5 km", "en") == [Decimal(8000), Decimal("3.5")]
    assert facts.find_numbers("8,000 kişi", "tr") == [Decimal("8.000")]
    assert facts.find_numbers("8 000 человек", "ru") == [8000]
    assert facts.find_numbers("۸٬۰۰۰ نفر", "fa") == [8000]
    assert facts.find_numbers("5 евро 50 центов", "ru") == [Decimal("5.50"), 5, 50]


def test_the_language_judgement_depends_on_the_expected_language():
    english = "The opening of the new centre will take place next week in the city hall."
    assert langid.off_target(english, "en") is None
    assert langid.off_target(english, "tr") == "en"
    # words of the German are names, not evidence: another source, another judgement
    assert langid.judgeable("Jobcenter Jobcenter Essen", source="Das Jobcenter in Essen") == ""
    assert langid.judgeable("Jobcenter Jobcenter Essen", source="Das Amt") != ""


def test_per_entry_plain_texts_belong_to_their_entry():
    first = Entry("Der <a1>Kurs</a1> beginnt.", "The course starts", "en", parse_csv("de,en\n"))
    second = Entry("Der <a1>Kurs</a1> beginnt.", "The <a1>course</a1> starts.", "en",
                   parse_csv("de,en\n"))
    assert first.plain_target == "The course starts" and second.plain_target == "The course starts."
    assert {code for _, code, _ in check_entry(first)} >= {"tags", "punctuation"}
    assert check_entry(second) == []

"""The segmenter's own tokenizer: where it cuts, that it never loses or moves a
character, and that ``migo segment`` no longer loads spaCy to start."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.segment import Token, tokenize

# --- where the tokenizer cuts ---------------------------------------------------------

CUTS = [
    # words, marks and whitespace; a run of whitespace is one token
    ("Das ist ein Satz.", ["Das", "ist", "ein", "Satz", "."]),
    ("Ende.\n\nNeu", ["Ende", ".", "\n\n", "Neu"]),
    ("Titel \n  weiter", ["Titel", "\n  ", "weiter"]),
    ("zwei  Leerzeichen", ["zwei", " ", "Leerzeichen"]),
    # opening marks off the front, closing marks off the end
    ("„Wir freuen uns.“", ["„", "Wir", "freuen", "uns", ".", "“"]),
    ("(Anmeldung erforderlich).", ["(", "Anmeldung", "erforderlich", ")", "."]),
    ("»Klar!«", ["»", "Klar", "!", "«"]),
    ("§44 gilt:", ["§", "44", "gilt", ":"]),
    ("Wirklich?!", ["Wirklich", "?", "!"]),
    ("Ja!!!", ["Ja", "!", "!", "!"]),
    ("Regen... Dann", ["Regen", "...", "Dann"]),
    ("gewartet…", ["gewartet", "…"]),
    # footnote marks
    ("bestätigt.¹", ["bestätigt", ".", "¹"]),
    ("erfolgen.[6]", ["erfolgen", ".", "[6]"]),
    ("„…“[7]", ["„", "…", "“", "[7]"]),
    # a full stop stays on its word after a digit, one capital, a lone letter
    ("die GmbH.", ["die", "GmbH."]),
    ("§ 18a AufenthG.", ["§", "18a", "AufenthG."]),
    ("das WSC.", ["das", "WSC", "."]),
    ("rund 8.000.", ["rund", "8.000."]),
    ("am 3.", ["am", "3."]),
    ("Heute (19.04.)", ["Heute", "(", "19.04.", ")"]),
    ("z. B. auf S. 12", ["z.", "B.", "auf", "S.", "12"]),
    ("Papst Johannes XXIII.", ["Papst", "Johannes", "XXIII", "."]),
    # and on the abbreviations of our lists
    ("z.B. ggf. usw.", ["z.B.", "ggf.", "usw."]),
    ("(v.l.): Anna", ["(", "v.l.", ")", ":", "Anna"]),
    ("Brücke e.V.“", ["Brücke", "e.V.", "“"]),
    ("Dipl.-Ing. Kurz", ["Dipl.-Ing.", "Kurz"]),
    ("§§ 10 ff.", ["§", "§", "10", "ff."]),
    ("kostet mind. 5 Euro", ["kostet", "mind.", "5", "Euro"]),
    # gender forms stay whole
    ("Netzwerkpartner*innen.", ["Netzwerkpartner*innen", "."]),
    ("Referent:in", ["Referent:in"]),
    ("Teilnehmer_innen,", ["Teilnehmer_innen", ","]),
    # web and mail addresses stay whole, and so do numbers and ranges
    ("www.essen.de.", ["www.essen.de", "."]),
    ("(schmidt@verein.de)", ["(", "schmidt@verein.de", ")"]),
    ("https://www.bamf.de/integrationskurse.", ["https://www.bamf.de/integrationskurse", "."]),
    ("https://x.de/a?Id=5", ["https://x.de/a?Id=5"]),
    ("2.500, 8.000 und 12,50", ["2.500", ",", "8.000", "und", "12,50"]),
    ("5.–7. Klasse", ["5.–7.", "Klasse"]),
    ("9–13 Uhr", ["9–13", "Uhr"]),
    # marks inside a word: only where two words are glued together
    ("Mo.–Fr. 9 Uhr", ["Mo.–Fr", ".", "9", "Uhr"]),
    ("Ende!Der", ["Ende", "!", "Der"]),
    ("warte…Und", ["warte", "…", "Und"]),
    ("Satz.Der", ["Satz", ".", "Der"]),
    ("Bus/Bahn", ["Bus", "/", "Bahn"]),
    ("geht's", ["geht's"]),
    # emoji and symbols
    ("Danke!🎉", ["Danke", "!", "🎉"]),
    ("Danke! 🙏🏽 Bis", ["Danke", "!", "🙏", "🏽", "Bis"]),
    ("©Stadt Essen", ["©", "Stadt", "Essen"]),
    ("Öffnungszeiten⏎Mo–Fr", ["Öffnungszeiten", "⏎", "Mo–Fr"]),
]


@pytest.mark.parametrize(("text", "tokens"), CUTS, ids=[text for text, _ in CUTS])
def test_where_the_tokenizer_cuts(text, tokens):
    assert [token.text for token in tokenize(text)] == tokens


def test_offsets_and_the_one_space_after_a_word():
    """One space after a word belongs to the word (``space_after``); more spaces, or
    any other whitespace, are a token of their own, as at the start of the text."""
    assert tokenize(" a  b\n") == [
        Token(" ", 0, False),
        Token("a", 1, True),
        Token(" ", 3, False),
        Token("b", 4, False),
        Token("\n", 5, False),
    ]
    assert [t.is_space for t in tokenize("a \u2028 b")] == [False, True, False]


def test_no_text_no_tokens():
    assert tokenize("") == []


# --- nothing lost, nothing moved ----------------------------------------------------------

PIECES = st.sampled_from(
    list("aÄöß0123456789 ,.;:!?-–—/*_%€§'\"„“”‚‘»«()[]{}…¹²\n\t\u2028\u00a0")
    + ["z.B.", "z. B.", "e.V.", "GmbH.", "WSC.", "8.000", "19.04.", "XIV.", "usw.", "Nr. ",
       "www.essen.de", "info@verein.de", "https://x.de/a?Id=5", "Partner*innen",
       "Referent:in", "Mo.–Fr.", "...", "[2]", "🎉", "❤️", "🙏🏽", "©", "°C", "Der ", "und "]
)
#: Text built from the pieces the tokenizer treats specially, and any text at all.
TEXTS = st.one_of(
    st.lists(PIECES, max_size=40).map("".join),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_tokens_join_back_to_the_text(text):
    tokens = tokenize(text)
    assert "".join(t.text + " " * t.space_after for t in tokens) == text
    for token in tokens:
        assert token.text and text[token.idx : token.idx + len(token.text)] == token.text
        # a token is whitespace or holds none; only a word is followed by a space of its own
        assert token.is_space or not any(c.isspace() for c in token.text)
        assert not (token.is_space and token.space_after)
    assert [t.idx for t in tokens] == sorted({t.idx for t in tokens})


# --- start-up -------------------------------------------------------------------------


def test_migo_segment_loads_no_spacy(tmp_path):
    """``migo segment`` starts in well under a second: importing spaCy alone took 0.7 s,
    so neither the segmenter nor the command may load it (nor its parts)."""
    text = tmp_path / "one.txt"
    text.write_text("Das ist ein Satz. Und noch einer.\n", encoding="utf-8")
    heavy = ("spacy", "thinc", "confection", "weasel")
    code = (
        "import sys, pipeline.segment, pipeline.cli\n"
        f"assert pipeline.cli.main(['segment', {str(text)!r}]) == 0\n"
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert run.stdout.splitlines() == ["Das ist ein Satz.", "Und noch einer.", ""]

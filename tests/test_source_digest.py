"""Which German a translation was made for, decided without ``#|``: the ``source:`` digest.

Plain msgmerge, ``msgattrib --clear-previous``, the XLIFF round trip and a Babel re-save
drop ``#| msgid``; the translator comment ``# source: <digest>`` survives them all
(tests/test_tool_roundtrip.py runs the real tools). These tests pin the rule itself.
"""

from babel.messages.catalog import Catalog

from pipeline import catalog
from pipeline.catalog import EntryState
from pipeline.model import Article, Block, BlockKind, Issue, Segment, Status

OLD, NEW = "Über 70 Menschen kamen.", "Über 75 Menschen kamen."


def entry(string: str, comments: list[str], fuzzy: bool, msgid: str = NEW):
    po = Catalog(locale="tr")
    message = po.add(msgid, string, user_comments=comments, flags=["fuzzy"] if fuzzy else [])
    return po, message


def test_a_fuzzy_person_text_made_for_another_sentence_is_stale_and_not_shown():
    po, message = entry("70'ten fazla kişi geldi.", [f"source: {catalog.text_digest(OLD)}"],
                        fuzzy=True)
    assert catalog.entry_state(message) is EntryState.STALE
    assert catalog.translations(po)[NEW].text == ""


def test_a_machine_text_made_for_another_sentence_goes_to_the_engine_again():
    text = "70'ten fazla kişi geldi."
    po, message = entry(text, [f"machine: argos de→en→tr [{catalog.text_digest(text)}]",
                               f"source: {catalog.text_digest(OLD)}"], fuzzy=True)
    assert catalog.entry_state(message) is EntryState.STALE_MACHINE
    assert catalog.needs_translation(message)
    assert catalog.translations(po)[NEW].status is Status.UNTRANSLATED


def test_a_text_made_for_todays_sentence_is_shown():
    text = "75'ten fazla kişi geldi."
    po, message = entry(text, [f"machine: argos de→en→tr [{catalog.text_digest(text)}]",
                                f"source: {catalog.text_digest(NEW)}"], fuzzy=True)
    assert catalog.entry_state(message) is EntryState.MACHINE
    assert catalog.translations(po)[NEW].text == text


def test_an_approval_moves_the_digest_to_todays_german():
    """A reviewer fixed the stale text and removed 'fuzzy': the next merge records that the
    approved text is for today's sentence, so a later tool round trip keeps it shown."""
    issue = Issue("2024-04", [Article("a", "a.md", [
        Block(BlockKind.PARAGRAPH, NEW, line=1, segments=[Segment(NEW, 1)])])])
    existing = catalog.new_catalog("tr", "2024-04")
    existing.add(NEW, "75'ten fazla kişi geldi.",
                 user_comments=[f"source: {catalog.text_digest(OLD)}"])
    merged = catalog.merge(catalog.build_template(issue), existing)
    assert f"source: {catalog.text_digest(NEW)}" in merged[NEW].user_comments
    assert catalog.entry_state(merged[NEW]) is EntryState.REVIEWED

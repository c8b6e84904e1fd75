"""Catalogs: PO files are the source of truth and reviewers' work is never lost."""

import subprocess
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural

from pipeline import catalog
from pipeline.errors import CatalogError, LockedError
from pipeline.model import Article, Block, BlockKind, Issue, Segment, Status

DATA = Path(__file__).parent / "data" / "po"


def make_issue(*sentences: str, name: str = "2024-04") -> Issue:
    block = Block(BlockKind.PARAGRAPH, " ".join(sentences), line=3,
                  segments=[Segment(s, line=3) for s in sentences])
    heading = Block(BlockKind.HEADING, "Titel", line=1, level=1, segments=[Segment("Titel", 1)])
    return Issue(name, [Article("artikel", "artikel.md", [heading, block])])


def po_for(issue: Issue, lang: str, existing=None):
    template = catalog.build_template(issue)
    return catalog.merge(template, existing or catalog.new_catalog(lang, issue.name))


def test_template_has_one_entry_per_sentence_with_references():
    issue = make_issue("Erster Satz.", "Zweiter Satz.", "Erster Satz.")
    template = catalog.build_template(issue)
    ids = [m.id for m in template if m.id]
    assert ids == ["Titel", "Erster Satz.", "Zweiter Satz."]
    assert template["Erster Satz."].locations == [("2024-04/artikel.md", 3)]
    assert template["Titel"].auto_comments == ["heading"]


@pytest.mark.parametrize("lang", ["tr", "en", "ar", "ru", "pl", "fa"])
def test_headers_come_from_babel_locale_data(lang):
    """The header follows the installed Babel's plural data, whatever CLDR release it has."""
    po = po_for(make_issue("Satz."), lang)
    text = catalog.render_catalog(po).decode()
    assert f'"Language: {lang}\\n"' in text
    assert f"nplurals={get_plural(lang).num_plurals};" in text
    assert '"X-Generator: migo ' in text


def test_reviewed_entry_survives_merge_and_is_never_overwritten():
    issue = make_issue("Erster Satz.", "Zweiter Satz.")
    po = po_for(issue, "tr")
    po["Erster Satz."].string = "Birinci cümle."  # a reviewer's approved text
    merged = po_for(issue, "tr", existing=po)
    found = catalog.translations(merged)
    assert found["Erster Satz."].text == "Birinci cümle."
    assert found["Erster Satz."].status is Status.REVIEWED
    assert [m.id for m in merged if catalog.needs_translation(m)] == ["Titel", "Zweiter Satz."]
    with pytest.raises(AssertionError):
        catalog.set_machine_translation(merged, "Erster Satz.", "makine", "argos de→en→tr")


def test_machine_output_is_fuzzy_with_engine_and_route():
    po = po_for(make_issue("Satz."), "tr")
    catalog.set_machine_translation(po, "Satz.", "Cümle.", "argos de→en→tr",
                                    ["the engine lost WSC"])
    message = po["Satz."]
    assert message.fuzzy
    digest = catalog.text_digest("Cümle.")
    assert message.user_comments == [f"machine: argos de→en→tr [{digest}]",
                                     f"source: {catalog.text_digest('Satz.')}",
                                     "QA: the engine lost WSC"]
    assert catalog.machine_origin(message) == "argos de→en→tr"
    assert catalog.translations(po)["Satz."].status is Status.MACHINE


def test_save_is_byte_identical_when_nothing_changed(tmp_path):
    path = tmp_path / "tr.po"
    issue = make_issue("Satz.")
    assert catalog.save_catalog(po_for(issue, "tr"), path) is True
    first = path.read_bytes()
    again = po_for(issue, "tr", existing=catalog.read_catalog(path, "tr"))
    assert catalog.save_catalog(again, path) is False
    assert path.read_bytes() == first


def test_written_files_pass_msgfmt_check(tmp_path):
    po = po_for(make_issue("Ein <a1>Link</a1> und 8.000 Fälle.", "Zweiter Satz."), "ar")
    catalog.set_machine_translation(po, "Zweiter Satz.", "الجملة الثانية.", "pseudo de→ar")
    path = tmp_path / "ar.po"
    catalog.save_catalog(po, path)
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                            check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_broken_po_file_names_file_and_line_and_is_left_alone(tmp_path):
    path = tmp_path / "tr.po"
    broken = b'msgid ""\nmsgstr ""\n"Language: tr\\n"\n\nmsgid "Satz."\nmsgstr "C"\nxyz\n'
    path.write_bytes(broken)
    with pytest.raises(CatalogError) as error:
        catalog.read_catalog(path, "tr")
    assert str(path) in str(error.value) and ":" in str(error.value).split(str(path))[1]
    assert path.read_bytes() == broken


def test_lock_refuses_a_second_run(tmp_path):
    with catalog.locked(tmp_path), pytest.raises(LockedError), catalog.locked(tmp_path):
        pass


# --- merging: one language never shares entries with another or the template ------------

def test_languages_and_template_do_not_share_entries():
    issue = make_issue("Satz.")
    template = catalog.build_template(issue)
    tr = catalog.merge(template, catalog.new_catalog("tr", issue.name))
    ar = catalog.merge(template, catalog.new_catalog("ar", issue.name))
    catalog.set_machine_translation(tr, "Satz.", "Cümle.", "pseudo de→tr")
    catalog.set_machine_translation(ar, "Satz.", "جملة.", "pseudo de→ar")
    assert tr["Satz."].string == "Cümle."
    assert not template["Satz."].string and not template["Satz."].fuzzy


def test_changed_source_of_a_reviewed_entry_keeps_it_as_suggestion_with_previous_msgid():
    po = po_for(make_issue("Die Beratung ist am Montag."), "tr")
    catalog.set_machine_translation(po, "Die Beratung ist am Montag.", "Danışma pazartesi.", "x")
    po["Die Beratung ist am Montag."].flags.discard("fuzzy")  # approved
    merged = po_for(make_issue("Die Beratung ist am Dienstag."), "tr", existing=po)
    message = merged["Die Beratung ist am Dienstag."]
    assert message.fuzzy and message.string == "Danışma pazartesi."
    assert message.previous_id == ["Die Beratung ist am Montag."]
    assert catalog.PREVIOUS_NOTE in message.user_comments
    assert not catalog.needs_translation(message, retranslate=True)
    text = catalog.render_catalog(merged).decode()
    assert '#| msgid "Die Beratung ist am Montag."\nmsgid "Die Beratung ist am Dienstag."' in text


def test_changed_source_of_a_machine_suggestion_is_translated_again():
    po = po_for(make_issue("Die Beratung ist am Montag."), "tr")
    catalog.set_machine_translation(po, "Die Beratung ist am Montag.", "Danışma pazartesi.", "x")
    merged = po_for(make_issue("Die Beratung ist am Dienstag."), "tr", existing=po)
    message = merged["Die Beratung ist am Dienstag."]
    assert catalog.needs_translation(message)
    catalog.set_machine_translation(merged, message.id, "Danışma salı.", "x")
    assert message.previous_id == [] and not catalog.needs_translation(message)


def test_previous_msgid_survives_read_and_merge(tmp_path):
    po = po_for(make_issue("Die Beratung ist am Montag, den 3. Mai, im Rathaus."), "tr")
    po["Die Beratung ist am Montag, den 3. Mai, im Rathaus."].string = "Danışma."
    merged = po_for(make_issue("Die Beratung ist am Dienstag, den 4. Mai, im Rathaus."), "tr",
                    existing=po)
    path = tmp_path / "tr.po"
    catalog.save_catalog(merged, path)
    first = path.read_bytes()
    again = po_for(make_issue("Die Beratung ist am Dienstag, den 4. Mai, im Rathaus."), "tr",
                   existing=catalog.read_catalog(path, "tr"))
    assert again["Die Beratung ist am Dienstag, den 4. Mai, im Rathaus."].previous_id == [
        "Die Beratung ist am Montag, den 3. Mai, im Rathaus."]
    assert catalog.save_catalog(again, path) is False and path.read_bytes() == first


def test_obsolete_fuzzy_entry_stays_fuzzy_and_returns_when_its_sentence_does(tmp_path):
    po = po_for(make_issue("Erster Satz.", "Zweiter Satz."), "tr")
    catalog.set_machine_translation(po, "Zweiter Satz.", "İkinci.", "x")
    po = po_for(make_issue("Erster Satz."), "tr", existing=po)
    path = tmp_path / "tr.po"
    catalog.save_catalog(po, path)
    assert "#, fuzzy\n#~ msgid \"Zweiter Satz.\"" in path.read_text()
    back = po_for(make_issue("Erster Satz.", "Zweiter Satz."), "tr",
                  existing=catalog.read_catalog(path, "tr"))
    assert back["Zweiter Satz."].string == "İkinci." and back["Zweiter Satz."].fuzzy
    assert "Zweiter Satz." not in back.obsolete


def test_retranslate_only_touches_fuzzy_machine_suggestions():
    po = po_for(make_issue("A eins.", "B zwei.", "C drei."), "tr")
    catalog.set_machine_translation(po, "A eins.", "a", "x")
    catalog.set_memory_translation(po, "B zwei.", "b", "91% match from x.po", "B zwo.")
    po["C drei."].string = "c"
    assert [catalog.needs_translation(po[k]) for k in ("A eins.", "B zwei.", "C drei.")] == [
        False, False, False]
    assert [catalog.needs_translation(po[k], True) for k in ("A eins.", "B zwei.", "C drei.")] == [
        True, False, False]


def test_a_file_laid_out_by_another_tool_is_not_rewritten_without_a_change(tmp_path):
    path = tmp_path / "tr.po"
    catalog.save_catalog(po_for(make_issue("Satz."), "tr"), path)
    poedit = path.read_text().replace("X-Generator: migo", "X-Generator: Poedit 3.4 / migo")
    path.write_text(poedit)
    again = po_for(make_issue("Satz."), "tr", existing=catalog.read_catalog(path, "tr"))
    assert catalog.save_catalog(again, path) is False
    assert path.read_text() == poedit


def test_header_ends_with_a_newline_like_gettext():
    text = catalog.render_catalog(po_for(make_issue("Satz."), "tr")).decode()
    header = text.split("\n\n")[0]
    assert header.endswith('\\n"')


# --- strict reading ----------------------------------------------------------------------

@pytest.mark.parametrize("name, line, words", [
    ("broken-unterminated.po", 13, "unterminated"),
    ("broken-duplicate.po", 16, "duplicate entry"),
    ("broken-charset.po", 13, "wrong character set"),
    ("broken-keyword.po", 19, "unknown keyword"),
])
def test_broken_files_are_refused_with_file_and_line(name, line, words):
    path = DATA / name
    before = path.read_bytes()
    with pytest.raises(CatalogError) as error:
        catalog.read_catalog(path, "tr")
    assert f"{path}:{line}: " in str(error.value) and words in str(error.value)
    assert path.read_bytes() == before


def test_a_reviewers_file_reads_with_previous_msgid_and_obsolete_entries():
    po = catalog.read_catalog(DATA / "good.po", "tr")
    assert po["Die Beratung ist am Mittwoch."].previous_id == ["Die Beratung ist am Dienstag."]
    assert po["Die Beratung ist am Mittwoch."].user_comments == []
    assert list(po.obsolete) == ["Alter Satz."]
    assert po["Die Beratung ist am Montag."].lineno == 12


def test_status_counts_reviewed_fuzzy_and_untranslated(tmp_path):
    po = po_for(make_issue("A.", "B.", "C."), "tr")
    po["A."].string = "a"
    catalog.set_machine_translation(po, "B.", "b", "x")
    path = tmp_path / "tr" / "LC_MESSAGES" / "2024-04.po"
    catalog.save_catalog(po, path)
    assert catalog.language_status([path]) == {"tr": {
        "reviewed": 1, "fuzzy": 1, "untranslated": 2, "percent_reviewed": 25.0}}


def test_msgmerge_previous_msgid_of_an_obsolete_entry_is_accepted(tmp_path):
    path = tmp_path / "tr.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                     b'#, fuzzy\n#~| msgid "Alt"\n#~ msgid "Alter Satz."\n#~ msgstr "Eski."\n')
    po = catalog.read_catalog(path, "tr")
    assert po.obsolete["Alter Satz."].fuzzy and po.obsolete["Alter Satz."].string == "Eski."


def test_long_qa_comments_stay_one_line_and_are_replaced_whole(tmp_path):
    path = tmp_path / "tr.po"
    po = po_for(make_issue("Satz mit WSC und 8.000 Fällen."), "tr")
    long_note = ("the engine lost number \"8.000\"; it was re-inserted, check its position "
                 "and the words around it before approving")
    catalog.set_machine_translation(po, "Satz mit WSC und 8.000 Fällen.", "x", "pseudo de→tr",
                                    [long_note])
    catalog.save_catalog(po, path)
    assert f"# QA: {long_note}\n" in path.read_text()
    again = catalog.read_catalog(path, "tr")
    catalog.set_machine_translation(again, "Satz mit WSC und 8.000 Fällen.", "y",
                                    "argos de→en→tr")
    catalog.save_catalog(again, path)
    text = path.read_text()
    assert "check its position" not in text and "before approving" not in text
    assert f"# machine: argos de→en→tr [{catalog.text_digest('y')}]\n" in text


def test_a_file_saved_elsewhere_during_a_run_is_not_overwritten(tmp_path):
    path = tmp_path / "tr.po"
    issue = make_issue("Satz.")
    catalog.save_catalog(po_for(issue, "tr"), path)
    in_run = po_for(issue, "tr", existing=catalog.read_catalog(path, "tr"))
    catalog.set_machine_translation(in_run, "Satz.", "Cümle.", "pseudo de→tr")
    reviewer = path.read_bytes().replace(b'msgid "Satz."\nmsgstr ""', b'msgid "Satz."\nmsgstr "C"')
    assert reviewer != path.read_bytes()
    path.write_bytes(reviewer)  # Poedit saves while migo translates
    with pytest.raises(CatalogError, match="changed while migo was running"):
        catalog.save_catalog(in_run, path)
    assert path.read_bytes() == reviewer


def test_a_new_file_appearing_during_a_run_is_not_overwritten(tmp_path):
    path = tmp_path / "tr.po"
    in_run = po_for(make_issue("Satz."), "tr")
    path.write_bytes(b"someone else's file")
    with pytest.raises(CatalogError):
        catalog.save_catalog(in_run, path)
    assert path.read_bytes() == b"someone else's file"


def _entry_in(state: str):
    """A real entry in the given state, made the way runs and reviewers make it."""
    po = po_for(make_issue("Satz."), "tr")
    message = po["Satz."]
    earlier = "Satz!"
    if state == "reviewed":
        message.string = "Cümle."
    elif state == "memory exact":
        catalog.set_memory_translation(po, "Satz.", "Cümle.", "exact match from a.po")
    elif state == "memory fuzzy":
        catalog.set_memory_translation(po, "Satz.", "Cümle!", "90% match from a.po", earlier)
    elif state in ("machine", "pseudo", "stale machine", "person suggestion"):
        engine = "pseudo de→tr" if state == "pseudo" else "argos de→en→tr"
        catalog.set_machine_translation(po, "Satz.", "Cümle.", engine)
        if state == "stale machine":
            message.previous_id = [earlier]
        if state == "person suggestion":
            message.string = "Cümle, düzeltilmiş."
    elif state == "stale":
        message.string = "Cümle!"
        message.flags.add("fuzzy")
        message.previous_id = [earlier]
        message.user_comments = [catalog.PREVIOUS_NOTE]
    return message


# state → (page text, page status, page origin or note, engine takes it?, with --retranslate?,
#          memory may fill it?)
PAGE_RULES = {
    "untranslated": ("", Status.UNTRANSLATED, "", True, True, True),
    "reviewed": ("Cümle.", Status.REVIEWED, "reviewer", False, False, False),
    "memory exact": ("Cümle.", Status.REVIEWED, "memory exact match from a.po", False, False,
                     False),
    "memory fuzzy": ("", Status.UNTRANSLATED, "suggestion for an earlier sentence", False, False,
                     False),
    "machine": ("Cümle.", Status.MACHINE, "argos de→en→tr", False, True, True),
    "pseudo": ("Cümle.", Status.MACHINE, "pseudo de→tr", False, True, True),
    "stale machine": ("", Status.UNTRANSLATED, "suggestion for an earlier sentence", True, True,
                      True),
    "stale": ("", Status.UNTRANSLATED, "suggestion for an earlier sentence", False, False, False),
    "person suggestion": ("Cümle, düzeltilmiş.", Status.MACHINE, "argos de→en→tr", False, False,
                          False),
}


def test_the_page_rule_table_covers_every_entry_state():
    assert set(PAGE_RULES) == {state.value for state in catalog.EntryState}


@pytest.mark.parametrize("state", sorted(PAGE_RULES))
def test_what_a_page_shows_and_who_may_fill_each_state(state):
    text, status, origin, engine, retranslate, memory_fills = PAGE_RULES[state]
    message = _entry_in(state)
    assert catalog.entry_state(message).value == state
    assert catalog.page_translation(message) == catalog.Translation(text, status, origin)
    assert catalog.needs_translation(message) is engine
    assert catalog.needs_translation(message, retranslate=True) is retranslate
    assert (catalog.entry_state(message) in catalog.MEMORY_MAY_FILL) is memory_fills


def test_a_real_engine_replaces_pseudo_text_but_not_a_machine_suggestion():
    assert catalog.needs_translation(_entry_in("pseudo"), replace_pseudo=True)
    assert not catalog.needs_translation(_entry_in("machine"), replace_pseudo=True)


def test_close_matches_are_babels_own():
    """The merge's fast fuzzy matching gives exactly what Babel's difflib matching gives,
    ties and cutoffs included."""
    import random

    from babel.messages import catalog as babel_catalog

    rng = random.Random(7)
    words = ["das", "wsc", "ist", "neu", "und", "die", "stadt", "essen", "hilft", "bei", "der", "aufenthaltstitel", "frage"]
    sentences = sorted({" ".join(rng.choice(words) for _ in range(rng.randint(1, 9)))
                        for _ in range(400)} | {"", "a", "ab", "ba"})
    queries = [*rng.sample(sentences, 60), "das wsc ist neu.", "", "zzz"]
    for cutoff in (0.0, 0.6, 0.9, 1.0):
        for query in queries:
            expected = babel_catalog.get_close_matches(query, sentences, 3, cutoff)
            assert catalog._close_matches(query, sentences, 3, cutoff) == expected, query


def test_remembered_wrapping_writes_what_babel_writes():
    """dump() lends Babel remembering versions of its string and comment wrapping; the
    bytes must be those of Babel's own, on first use and from the memory."""
    from pipeline import pofile

    po = catalog.new_catalog("tr", "2024-04")
    long = "Das Welcome- und ServiceCenter Essen berät zu Aufenthaltstitel und Arbeit. " * 4
    for number in range(30):
        po.add(f"{long}{number}", string=f"Çeviri {long}" if number % 2 else "",
               locations=[(f"2024-04/artikel-{n}.md", n) for n in range(number % 5 + 1)],
               auto_comments=[f"heading {long[:number * 3]}"],
               user_comments=[f"machine: argos de→en→tr {long[: number * 4]}"],
               flags={"fuzzy"} if number % 3 else set())
    po.obsolete["alt"] = catalog.Message("alt", "eski", user_comments=[long])
    babels_own = "".join(pofile.generate(po)).encode("utf-8")
    assert pofile.dump(po) == babels_own
    assert pofile.dump(po) == babels_own  # from the memory

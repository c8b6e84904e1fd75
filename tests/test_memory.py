"""Translation memory: approved translations come back exactly, close ones as suggestions."""

from pipeline import catalog, interface, memory
from pipeline.memory import Memory, Unit
from pipeline.model import Article, Block, BlockKind, Issue, Segment, Status

SENTENCE = "Die Beratung für Geflüchtete findet jeden Montag im Rathaus statt."


def make_issue(*sentences: str, name: str) -> Issue:
    block = Block(BlockKind.PARAGRAPH, " ".join(sentences), line=1,
                  segments=[Segment(s, line=1) for s in sentences])
    return Issue(name, [Article("artikel", "artikel.md", [block])])


def fill(catalogs, memories):
    """The run's memory step: the memory finds, the catalog enters."""
    hits = memory.find_matches(catalogs, memories)
    for lang, po in catalogs.items():
        catalog.enter_memory_hits(po, hits[lang])
    return hits


def counts(hits):
    """(exact, close) matches per language, as the report counts them."""
    return ({lang: sum(h.exact for h in found) for lang, found in hits.items()},
            {lang: sum(not h.exact for h in found) for lang, found in hits.items()})


def saved_po(locales, issue: Issue, lang: str, approved: dict[str, str]):
    po = catalog.merge(catalog.build_template(issue), catalog.new_catalog(lang, issue.name))
    for source, target in approved.items():
        po[source].string = target
    catalog.save_catalog(po, catalog.CatalogPaths(locales, issue.name).po(lang))


def test_exact_match_of_a_reviewed_translation_is_reused_as_reviewed(tmp_path):
    saved_po(tmp_path, make_issue(SENTENCE, name="2024-04"), "tr", {SENTENCE: "Danışma pazartesi."})
    po = catalog.merge(catalog.build_template(make_issue(SENTENCE, "Neu.", name="2024-05")),
                       catalog.new_catalog("tr", "2024-05"))
    tm = memory.load_memory(tmp_path, "tr")
    assert counts(fill({"tr": po}, {"tr": tm})) == ({"tr": 1}, {"tr": 0})
    found = catalog.translations(po)[SENTENCE]
    assert found.text == "Danışma pazartesi." and found.status is Status.REVIEWED
    assert po[SENTENCE].user_comments == ["memory: exact match from tr/LC_MESSAGES/2024-04.po",
                                          f"source: {catalog.text_digest(SENTENCE)}"]
    assert not po["Neu."].string


def test_close_match_is_a_fuzzy_suggestion_with_score_and_previous_msgid(tmp_path):
    saved_po(tmp_path, make_issue(SENTENCE, name="2024-04"), "tr", {SENTENCE: "Danışma pazartesi."})
    changed = SENTENCE.replace("Montag", "Dienstag")
    po = catalog.merge(catalog.build_template(make_issue(changed, name="2024-05")),
                       catalog.new_catalog("tr", "2024-05"))
    hits = fill({"tr": po}, {"tr": memory.load_memory(tmp_path, "tr")})
    assert counts(hits)[1] == {"tr": 1}
    message = po[changed]
    assert message.fuzzy and message.previous_id == [SENTENCE]
    assert message.user_comments[0].startswith("memory: 9") and "% match from" in message.user_comments[0]
    assert not catalog.needs_translation(message, retranslate=True)


def test_below_threshold_nothing_is_offered():
    tm = Memory([Unit(SENTENCE, "x", "a.po")])
    assert tm.lookup("Die Sprechstunde der Ausländerbehörde ist am Freitag.") is None
    assert tm.closest(SENTENCE.lower()).score == 0.99  # same words, other case: not exact


def test_machine_suggestions_are_not_memory(tmp_path):
    issue = make_issue(SENTENCE, name="2024-04")
    po = catalog.merge(catalog.build_template(issue), catalog.new_catalog("tr", issue.name))
    catalog.set_machine_translation(po, SENTENCE, "makine", "pseudo de→tr")
    catalog.save_catalog(po, catalog.CatalogPaths(tmp_path, issue.name).po("tr"))
    assert len(memory.load_memory(tmp_path, "tr")) == 0


def test_a_tm_folder_counts_and_the_locales_folder_wins(tmp_path):
    other = tmp_path / "other"
    saved_po(other, make_issue(SENTENCE, name="alt"), "tr", {SENTENCE: "eski"})
    (other / "tr.po").write_bytes((other / "tr/LC_MESSAGES/alt.po").read_bytes())
    tm = memory.load_memory(tmp_path / "locales", "tr", [other])
    assert tm.lookup(SENTENCE).unit.target == "eski"
    saved_po(tmp_path / "locales", make_issue(SENTENCE, name="2024-04"), "tr", {SENTENCE: "yeni"})
    tm = memory.load_memory(tmp_path / "locales", "tr", [other])
    assert tm.lookup(SENTENCE).unit.target == "yeni"


def test_best_of_several_close_matches_wins():
    tm = Memory([Unit("Der Kurs beginnt am 3. Mai um 18 Uhr.", "a", "a.po"),
                 Unit("Der Kurs beginnt am 3. Mai um 19 Uhr.", "b", "b.po"),
                 Unit("Der Kurs endet am 3. Juni.", "c", "c.po")])
    match = tm.lookup("Der Kurs beginnt am 3. Mai um 19 Uhr!")
    assert match.unit.target == "b" and 0.85 <= match.score < 1


def test_memory_hits_tell_render_their_status_and_origin(tmp_path):
    saved_po(tmp_path, make_issue(SENTENCE, name="2024-04"), "tr", {SENTENCE: "Danışma pazartesi."})
    close = SENTENCE.replace("Montag", "Dienstag")
    po = catalog.merge(catalog.build_template(make_issue(SENTENCE, close, name="2024-05")),
                       catalog.new_catalog("tr", "2024-05"))
    fill({"tr": po}, {"tr": memory.load_memory(tmp_path, "tr")})
    found = catalog.translations(po)
    assert found[SENTENCE].status is Status.REVIEWED
    assert found[SENTENCE].origin == "memory exact match from tr/LC_MESSAGES/2024-04.po"
    # a close match translates another sentence ("Montag" for "Dienstag"): it is offered
    # to the reviewer in the PO file, never shown to readers as this sentence's translation
    assert po[close].fuzzy and po[close].string == "Danışma pazartesi."
    assert po[close].previous_id == [SENTENCE]
    assert found[close].status is Status.UNTRANSLATED


def test_the_interface_catalog_is_not_translation_memory(tmp_path):

    folder = tmp_path / "tr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{interface.DOMAIN}.po").write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")
    assert memory.memory_files(tmp_path, "tr") == []
    assert catalog.INTERFACE_DOMAIN == interface.DOMAIN

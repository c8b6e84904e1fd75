"""Catalogs: PO files are the source of truth and reviewers' work is never lost."""

import subprocess

import pytest

from pipeline import catalog
from pipeline.errors import CatalogError, LockedError
from pipeline.model import Article, Block, BlockKind, Issue, Segment, Status


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


@pytest.mark.parametrize("lang, nplurals", [("tr", 1), ("en", 2), ("ar", 6), ("ru", 3), ("pl", 3)])
def test_headers_come_from_babel_locale_data(lang, nplurals):
    po = po_for(make_issue("Satz."), lang)
    text = catalog.render_catalog(po).decode()
    assert f'"Language: {lang}\\n"' in text
    assert f"nplurals={nplurals};" in text
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
    assert message.user_comments == ["machine: argos de→en→tr", "QA: the engine lost WSC"]
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
                            capture_output=True, text=True)
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
    with catalog.locked(tmp_path):
        with pytest.raises(LockedError):
            with catalog.locked(tmp_path):
                pass

"""A run with nothing to do: it says so, and reports what a full re-run would.

Every input that decides a run's output must make the next run a full one when it
changes: a cache that never misses is a bug, so most tests here change one thing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import pseudo_run, sample_project

from pipeline import catalog, flow, render, uptodate
from pipeline.cli import main
from pipeline.flow import translate_issue
from pipeline.report import RunSummary

MODELS = Path(__file__).resolve().parent / "fixtures" / "models"


@pytest.fixture
def project(tmp_path) -> Path:
    return sample_project(tmp_path)


config = pseudo_run


def out(project: Path) -> Path:
    return project / "out" / "2024-04"


def without_date(summary: RunSummary) -> dict:
    data = summary.to_json()
    del data["created"]
    return data


def refuse_to_render(monkeypatch) -> None:
    """A run that renders pages again fails: proof that a skipped run did skip."""
    def fail(*args, **kwargs):
        raise AssertionError("the run rendered the pages again")
    monkeypatch.setattr(render, "render_issue", fail)


def test_an_unchanged_rerun_skips_every_step_and_reports_like_a_full_one(project, monkeypatch):
    first = translate_issue(config(project))
    assert not first.up_to_date and first.run.languages["tr"].machine_translated > 30
    pages = {p: p.read_bytes() for p in out(project).rglob("*.html")
             if not p.name.startswith("report.")}
    po_bytes = (project / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po").read_bytes()

    with monkeypatch.context() as patched:
        refuse_to_render(patched)
        second = translate_issue(config(project))
    assert second.up_to_date and second.written == []
    assert {p: p.read_bytes() for p in pages} == pages
    assert (project / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po").read_bytes() == po_bytes
    forced = translate_issue(config(project, force=True))
    assert not forced.up_to_date
    assert without_date(second.run) == without_date(forced.run)
    tr = second.run.languages["tr"]
    assert tr.machine_translated == 0 and tr.reused == tr.segments
    report = json.loads((out(project) / "report.json").read_text(encoding="utf-8"))
    assert report["languages"]["tr"]["machine_translated"] == 0


def test_a_skipped_run_writes_a_new_report_date(project, monkeypatch):
    translate_issue(config(project))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    translate_issue(config(project))  # the date source changed: a full run
    stamped = json.loads((out(project) / "report.json").read_text(encoding="utf-8"))["created"]
    assert stamped.startswith("2023-11-14")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert translate_issue(config(project)).up_to_date


def edit_article(project: Path) -> None:
    article = next((project / "2024-04").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nEin neuer Satz steht hier.\n",
                       encoding="utf-8")


def approve_an_entry(project: Path) -> None:
    path = project / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po"
    po = catalog.read_catalog(path, "tr")
    message = next(m for m in po if m.id and m.string)
    message.string = "Gözden geçirilmiş çeviri"
    message.flags.discard("fuzzy")
    catalog.save_catalog(po, path)


def add_glossary_term(project: Path) -> None:
    glossary = project / "glossaries" / "migo.csv"
    lines = glossary.read_text(encoding="utf-8").splitlines()
    glossary.write_text("\n".join([*lines, lines[-1].replace(lines[-1].split(",")[0],
                                                              "Quartiersbüro", 1)]) + "\n",
                        encoding="utf-8")


def touch_a_page(project: Path) -> None:
    page = out(project) / "tr" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>hand edit</p></body>"))


def delete_a_page(project: Path) -> None:
    (out(project) / "ar" / "index.html").unlink()


def delete_the_report(project: Path) -> None:
    (out(project) / "report.json").unlink()


def break_the_state(project: Path) -> None:
    (out(project) / uptodate.STATE_FILE).write_text("{not json", encoding="utf-8")


def add_an_image(project: Path) -> None:
    (project / "2024-04" / "extra.png").write_bytes(b"\x89PNG\r\n\x1a\n-not-used-")


CHANGES = [edit_article, approve_an_entry, add_glossary_term, touch_a_page, delete_a_page,
           delete_the_report, break_the_state, add_an_image]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_any_change_makes_the_next_run_a_full_one(project, change):
    translate_issue(config(project))
    assert translate_issue(config(project)).up_to_date
    change(project)
    again = translate_issue(config(project))
    assert not again.up_to_date
    assert translate_issue(config(project)).up_to_date  # and then it is settled again


@pytest.mark.parametrize("changes", [
    {"langs": ["tr"]}, {"english_variant": "en-US", "langs": ["en"]},
    {"site_url": "https://migo.example/"}, {"max_sentence_words": 12}, {"retranslate": True},
    {"force": True}])
def test_other_options_are_a_change(project, changes):
    start = {"langs": ["en"]} if "english_variant" in changes else {}
    translate_issue(config(project, **start))
    assert not translate_issue(config(project, **changes)).up_to_date


def test_a_change_of_migo_or_its_libraries_is_a_change(project, monkeypatch, tmp_path):
    code = tmp_path / "code"
    code.mkdir()
    (code / "render.py").write_text("one", encoding="utf-8")
    monkeypatch.setattr(flow, "PACKAGE_DIR", code)
    translate_issue(config(project))
    (code / "render.py").write_text("two", encoding="utf-8")
    assert not translate_issue(config(project)).up_to_date
    assert translate_issue(config(project)).up_to_date
    monkeypatch.setattr(flow, "_library_versions", lambda: {"babel": "9.9"})
    assert not translate_issue(config(project)).up_to_date


def test_a_replaced_model_is_a_change(project, tmp_path):
    models = tmp_path / "models"
    shutil.copytree(MODELS, models)
    argos = config(project, engine="argos", models_dir=models, langs=["en"])
    translate_issue(argos)
    assert translate_issue(argos).up_to_date
    weights = next(models.rglob("model.bin"))
    os.utime(weights, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns + 10**9))
    assert not translate_issue(argos).up_to_date


def test_a_run_that_stopped_half_way_is_not_taken_for_done(project, monkeypatch):
    translate_issue(config(project))
    edit_article(project)
    with monkeypatch.context() as patched:
        refuse_to_render(patched)  # PO files are written, then the run stops
        with pytest.raises(AssertionError):
            translate_issue(config(project))
    assert not translate_issue(config(project)).up_to_date
    assert any("neuer Satz" in page.read_text(encoding="utf-8")
               for page in (out(project) / "de").glob("*.html"))


def test_the_summary_reads_back_from_report_json(project):
    result = translate_issue(config(project))
    written = json.loads((out(project) / "report.json").read_text(encoding="utf-8"))
    assert RunSummary.from_json(written).to_json() == result.run.to_json() == written


def test_the_cli_says_nothing_changed(project, capsys):
    args = ["translate", str(project / "2024-04"), "--to", "tr", "--engine", "pseudo",
            "--locales", str(project / "locales"), "--out", str(project / "out"),
            "--glossary", str(project / "glossaries")]
    assert main(args) == 0
    assert "Nothing changed" not in capsys.readouterr().out
    assert main(args) == 0
    said = capsys.readouterr().out
    assert "Nothing changed since the last run" in said and "0 newly translated" in said
    assert main([*args, "--force"]) == 0
    assert "Nothing changed" not in capsys.readouterr().out

"""Engines: pseudo-localisation, the empty engine, and Argos on the tiny test models."""

import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.engines import (
    ArgosEngine,
    DecodeSettings,
    NoneEngine,
    PseudoEngine,
    load_ctranslate2,
    make_engine,
    pseudo_localize,
)
from pipeline.errors import InputError, ModelMissingError
from pipeline.packages import find_packages, install_package

MODELS = Path(__file__).resolve().parent / "fixtures" / "models"


# --- pseudo -----------------------------------------------------------------

def test_pseudo_accents_and_lengthens_by_about_thirty_percent():
    text = "Die neue Beratungsstelle ist montags und dienstags geöffnet."
    out = pseudo_localize(text, "tr")
    assert out != text and "é" in out and "à" in out
    assert 1.2 <= len(out) / len(text) <= 1.45


def test_pseudo_keeps_placeholders_and_inline_tags():
    text = "Siehe <a1>die Webseite</a1> am \ue000 für \ue001."
    out = pseudo_localize(text, "en")
    assert "<a1>" in out and "</a1>" in out
    assert "\ue000" in out and "\ue001" in out


@pytest.mark.parametrize("lang, rtl", [("ar", True), ("fa", True), ("tr", False), ("ru", False)])
def test_pseudo_marks_right_to_left_languages(lang, rtl):
    out = pseudo_localize("Hallo.", lang)
    assert out.startswith("\u200f") is rtl and out.endswith("\u200f") is rtl


def test_pseudo_and_none_engines_answer_every_request():
    requests = {"tr": ["Eins.", "Zwei."], "ar": ["Eins."]}
    assert [len(v) for v in PseudoEngine().translate(requests).texts.values()] == [2, 1]
    assert NoneEngine().translate(requests).texts == {"tr": ["", ""], "ar": [""]}
    assert NoneEngine().translates is False


# --- argos ------------------------------------------------------------------

@pytest.fixture()
def argos():
    return ArgosEngine(MODELS)


def test_argos_routes_go_through_english(argos):
    routes = argos.plan(["en", "tr", "ar"])
    assert {lang: r.label for lang, r in routes.items()} == {
        "en": "de→en", "tr": "de→en→tr", "ar": "de→en→ar"}


def test_missing_model_names_the_pair_and_the_install_command(argos):
    with pytest.raises(ModelMissingError) as error:
        argos.plan(["tr", "fa"])
    message = str(error.value)
    assert "en→fa" in message and "en→tr" not in message
    assert "migo models install" in message
    assert error.value.exit_code == 3


class SpyTranslator:
    """Wraps a real translator and records every batch it is given, decoded."""

    def __init__(self, translator, sp, pair: str, calls: list):
        self.translator, self.sp, self.pair, self.calls = translator, sp, pair, calls

    def translate_batch(self, tokens, **options):
        self.calls.append((self.pair, [self.sp.decode(t) for t in tokens]))
        return self.translator.translate_batch(tokens, **options)


def spying_loader(calls: list, translator_class=SpyTranslator):
    """A model loader for ArgosEngine that loads the real model behind a spy."""
    def load(package):
        translator, sp = load_ctranslate2(package)
        return translator_class(translator, sp, package.pair, calls), sp
    return load


def test_german_to_english_runs_once_for_all_pivot_languages():
    calls = []
    argos = ArgosEngine(MODELS, load_model=spying_loader(calls))
    german = ["Das Zentrum ist geöffnet.", "Die Beratung ist kostenlos.", "Willkommen!"]
    out = argos.translate({"en": german, "tr": german, "ar": german[:2]}).texts
    pairs = [pair for pair, _ in calls]
    assert pairs.count("de→en") == 1
    assert sorted(pairs) == ["de→en", "en→ar", "en→tr"]
    assert sorted(dict(calls)["de→en"]) == sorted(german)  # once each, not once per language
    assert [len(out[lang]) for lang in ("en", "tr", "ar")] == [3, 3, 2]
    assert all(text.strip() for texts in out.values() for text in texts)


def test_sentences_go_to_ctranslate2_in_batches():
    calls = []
    argos = ArgosEngine(MODELS, load_model=spying_loader(calls),
                        settings=DecodeSettings(batch_size=8, inter_threads=1))
    german = [f"Satz Nummer {n} über die Beratung." for n in range(20)]
    argos.translate({"en": german})
    assert [len(batch) for _, batch in calls] == [8, 8, 4]


def test_argos_output_is_deterministic(argos):
    request = {"tr": ["Die Beratung ist am Montag."]}
    assert argos.translate(request).texts == ArgosEngine(MODELS).translate(request).texts


# --- packages ---------------------------------------------------------------

def _zip_package(source: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(source.rglob("*")):
            zf.write(path, Path(source.name) / path.relative_to(source))
    return archive


def test_install_from_a_local_argosmodel_file(tmp_path):
    archive = _zip_package(MODELS / "translate-en_tr", tmp_path / "translate-en_tr.argosmodel")
    package = install_package(archive, tmp_path / "models")
    assert package.pair == "en→tr"
    assert [p.pair for p in find_packages(tmp_path / "models")] == ["en→tr"]


def test_argosmodel_files_in_the_models_folder_are_used_directly(tmp_path):
    models = tmp_path / "usb"
    models.mkdir()
    _zip_package(MODELS / "translate-de_en", models / "translate-de_en.argosmodel")
    shutil.copytree(MODELS / "translate-en_tr", models / "translate-en_tr")
    engine = ArgosEngine(models)
    assert engine.plan(["tr"])["tr"].label == "de→en→tr"


def test_a_broken_archive_is_a_clear_error(tmp_path):
    bad = tmp_path / "kaputt.argosmodel"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="kaputt.argosmodel"):
        install_package(bad, tmp_path / "models")


def test_time_is_accounted_to_every_language_sharing_a_hop(argos):
    seconds = argos.translate({"en": ["Die Beratung ist offen."],
                               "tr": ["Die Beratung ist offen."]}).seconds
    assert set(seconds) == {"en", "tr"} and all(s > 0 for s in seconds.values())


@pytest.mark.parametrize("broken", ["model/model.bin", "sentencepiece.model"])
def test_a_corrupt_model_is_one_clear_error_naming_the_package(tmp_path, broken):
    models = tmp_path / "models"
    shutil.copytree(MODELS, models, ignore=shutil.ignore_patterns("*.py", "README.md"))
    (models / "translate-de_en" / broken).write_bytes(b"\x00 not a model")
    engine = ArgosEngine(models)
    with pytest.raises(ModelMissingError) as error:
        engine.translate({"en": ["Hallo."]})
    message = str(error.value)
    assert "translate-de_en" in message and "de→en" in message and "\n" not in message
    assert error.value.exit_code == 3


def test_pseudo_keeps_glossary_terms_kept_as_written(tmp_path):
    """A term kept with "=" in tr but free in en is not masked (not every language keeps
    it); a real engine's restored output still has it, and so must pseudo's, or the
    check reports a false "term missing"."""
    from pipeline.flow import _kept_terms
    from pipeline.glossary import load_glossary
    from pipeline.protect import check_delivery
    from pipeline.translate import translate_missing

    csv = tmp_path / "g.csv"
    csv.write_text("de,en,tr\nBürgerbüro,,=\n", encoding="utf-8")
    glossary = load_glossary(csv)
    engine = make_engine("pseudo", keep=_kept_terms(glossary))
    text = "Das Bürgerbüro hilft."
    outcome = translate_missing({"tr": [text], "en": [text]}, engine, glossary,
                                engine.plan(["tr", "en"]))
    turkish, english = outcome.results["tr"][text].text, outcome.results["en"][text].text
    assert "Bürgerbüro" in turkish and "Bürgerbüro" not in english
    assert check_delivery(text, turkish, "tr", glossary) == []
    plain = make_engine("pseudo")  # without the glossary: accented, and reported
    accented = plain.translate({"tr": [text]}).texts["tr"][0]
    assert [p.code for p in check_delivery(text, accented, "tr", glossary)] == ["term-missing"]

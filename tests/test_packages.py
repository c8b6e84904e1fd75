"""Real-world Argos packages: the layouts and metadata migo meets outside our fixtures.

Every variant is built at test time by ``build_models.build_variant`` (well under a
second each) into a temporary models folder, then found, installed, listed and run
the way an editor would.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sentencepiece as spm
from conftest import STARTER_GLOSSARY, load_build_models

from pipeline.cli import main
from pipeline.engines import ArgosEngine, _detokenize, load_ctranslate2
from pipeline.errors import ModelMissingError
from pipeline.glossary import load_glossary
from pipeline.packages import describe_packages, find_packages, install_package
from pipeline.protect import protect, restore

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "fixtures" / "models"
GERMAN = [
    "Die Beratung ist am Montag kostenlos.",
    "Der Integrationskurs beginnt im September.",
    "Bitte bringen Sie Ihren Reisepass mit.",
]




build_models = load_build_models()
Variant = build_models.Variant


def models_with(tmp_path: Path, *variants, fixtures: tuple[str, ...] = ()) -> Path:
    """A models folder holding the given variants and copies of committed fixtures."""
    models = tmp_path / "models"
    models.mkdir(exist_ok=True)
    for variant in variants:
        build_models.build_variant(variant, models)
    for name in fixtures:
        shutil.copytree(MODELS / name, models / name)
    return models


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- 1. vocabularies and tokenizers -------------------------------------------

@pytest.mark.parametrize("vocabulary_format", ["json", "txt"])
def test_separate_source_and_target_vocabularies_translate(tmp_path, vocabulary_format):
    variant = Variant(separate_vocabularies=True, vocabulary_format=vocabulary_format)
    models = models_with(tmp_path, variant)
    files = sorted(p.name for p in (models / variant.name / "model").iterdir())
    assert f"source_vocabulary.{vocabulary_format}" in files
    assert f"target_vocabulary.{vocabulary_format}" in files

    out = ArgosEngine(models).translate({"en": GERMAN}).texts["en"]
    assert len(out) == len(GERMAN) and all(text.strip() for text in out)
    assert not any("<unk>" in text or "\ufffd" in text for text in out)
    assert ArgosEngine(models).translate({"en": GERMAN}).texts["en"] == out


def test_argos_packages_have_one_sentencepiece_model_for_both_sides(tmp_path):
    """Argos reads only ``sentencepiece.model`` (or ``bpe.model``); a package with
    ``source.spm``/``target.spm`` instead is incomplete, named, and blocks nothing else."""
    models = models_with(tmp_path, Variant(from_code="en", to_code="tr", seed=2202),
                         fixtures=("translate-de_en",))
    package = models / "translate-en_tr"
    (package / "sentencepiece.model").rename(package / "source.spm")
    engine = ArgosEngine(models)
    assert engine.plan(["en"])["en"].label == "de→en"
    with pytest.raises(ModelMissingError) as error:
        engine.plan(["tr"])
    message = str(error.value)
    assert "translate-en_tr" in message and "sentencepiece.model" in message
    assert "\n" not in message


@pytest.fixture()
def bpe_models(tmp_path) -> Path:
    return models_with(tmp_path, Variant(from_code="en", to_code="tr", seed=2202,
                                         tokenizer="bpe"),
                       fixtures=("translate-de_en",))


def test_a_bpe_package_does_not_stop_runs_that_do_not_need_it(bpe_models):
    out = ArgosEngine(bpe_models).translate({"en": GERMAN[:1]}).texts
    assert out["en"][0].strip()


def test_a_bpe_package_that_is_needed_is_one_clear_error(bpe_models):
    with pytest.raises(ModelMissingError) as error:
        ArgosEngine(bpe_models).plan(["tr"])
    message = str(error.value)
    assert "translate-en_tr" in message and "en→tr" in message
    assert "bpe.model" in message and "not supported" in message
    assert "\n" not in message and error.value.exit_code == 3


def test_migo_translate_with_only_a_bpe_model_exits_3(bpe_models, tmp_path, capsys):
    code, _, err = run_cli(
        capsys, "translate", str(ROOT / "input" / "2024-04"), "--to", "tr",
        "--models", str(bpe_models), "--locales", str(tmp_path / "locales"),
        "--out", str(tmp_path / "out"), "--quiet")
    assert code == 3
    assert err.count("\n") == 1 and "bpe.model" in err and "Traceback" not in err


def test_installing_a_bpe_package_is_refused_with_exit_3(tmp_path, capsys):
    built = build_models.build_variant(
        Variant(from_code="en", to_code="tr", seed=2202, tokenizer="bpe"), tmp_path / "src")
    archive = build_models.zip_package(built, tmp_path / "translate-en_tr.argosmodel")
    with pytest.raises(ModelMissingError, match="bpe.model.*not supported"):
        install_package(archive, tmp_path / "models")
    assert not (tmp_path / "models").exists()  # not even created: exactly as before
    code, _, err = run_cli(capsys, "models", "install", str(archive),
                           "--models", str(tmp_path / "models"))
    assert code == 3 and err.count("\n") == 1 and "translate-en_tr" in err


# --- 2. target prefix ---------------------------------------------------------

@pytest.fixture()
def prefix_models(tmp_path) -> Path:
    return models_with(tmp_path, Variant(from_code="en", to_code="tr", seed=2202,
                                         target_prefix="__tr__"),
                       fixtures=("translate-de_en",))


def test_target_prefix_goes_to_ctranslate2_and_not_into_the_output(prefix_models):
    seen = []

    def load(package):
        translator, sp = load_ctranslate2(package)
        if package.pair != "en→tr":
            return translator, sp

        class Spy:
            def translate_batch(self, tokens, **options):
                seen.append(options["target_prefix"])
                results = translator.translate_batch(tokens, **options)
                assert all(r.hypotheses[0][0] == "__tr__" for r in results)
                return results

        return Spy(), sp

    engine = ArgosEngine(prefix_models, load_model=load)
    out = engine.translate({"tr": GERMAN}).texts["tr"]
    assert seen == [[["__tr__"]] * len(GERMAN)]
    assert all(text.strip() and "__tr__" not in text for text in out)


def test_detokenize_removes_only_the_leading_prefix():
    assert _detokenize(["__tr__", "▁Merhaba", "."], "__tr__") == "Merhaba."
    assert _detokenize(["▁Merhaba", "."], "__tr__") == "Merhaba."
    assert _detokenize(["▁Merhaba", "▁__tr__"], "") == "Merhaba __tr__"


# --- 3. byte fallback -----------------------------------------------------------

@pytest.fixture(scope="module")
def byte_sp(tmp_path_factory):
    out = tmp_path_factory.mktemp("byte-fallback")
    package = build_models.build_variant(Variant(byte_fallback=True), out)
    return spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))


def test_unknown_characters_become_byte_pieces_and_come_back(byte_sp):
    text = "Termin \ue000 bei \ue001 in مرحبا 🎉."
    pieces = byte_sp.encode(text, out_type=str)
    assert "<0xEE>" in pieces and "<0xD9>" in pieces  # placeholder and Arabic as bytes
    assert _detokenize(pieces) == text


def test_a_cut_byte_sequence_is_dropped_and_the_placeholder_reported_lost(byte_sp):
    glossary = load_glossary(STARTER_GLOSSARY)
    masked = protect("Die Anmeldung endet am 15.03.2024 um 18 Uhr.", glossary)
    assert masked.items
    first = masked.items[0].placeholder
    pieces = byte_sp.encode(masked.text, out_type=str)
    lead = [f"<0x{b:02X}>" for b in first.encode("utf-8")]
    at = next(i for i in range(len(pieces)) if pieces[i:i + 3] == lead)
    del pieces[at + 2]  # the model emitted only two of the placeholder's three bytes

    text = _detokenize(pieces)
    assert "\ufffd" not in text and first not in text
    restored = restore(text, masked, "en", glossary)
    assert masked.items[0].label in restored.lost
    assert "\ufffd" not in restored.text


def test_only_the_broken_bytes_of_a_byte_run_are_dropped():
    assert _detokenize(["<0xEE>", "<0x80>", "<0xD9>", "<0x85>", "▁ok"]) == "م ok"
    assert _detokenize(["▁a", "<0xFF>", "▁b"]) == "a b"


def test_a_byte_fallback_model_never_outputs_replacement_characters(tmp_path):
    models = models_with(tmp_path, Variant(byte_fallback=True))
    german = [*GERMAN, "Treffen am \ue000 im Raum \ue001.", "مرحبا und 🎉 beim Fest."]
    out = ArgosEngine(models).translate({"en": german}).texts["en"]
    assert len(out) == len(german)
    assert not any("\ufffd" in text for text in out)


# --- 4. metadata and layout variants -------------------------------------------

@pytest.mark.parametrize("metadata", [
    {"package_type": None},  # Argos's own packages: "type" only
    {"package_type": None, "type": None},  # old packages: neither, translate by default
    {"from_codes": ["de"], "to_codes": ["en"]},
    {"from_code": None, "to_code": None, "from_codes": ["de"], "to_codes": ["en"]},
    {"package_version": None, "argos_version": None, "from_name": None, "to_name": None},
], ids=["type-only", "no-type", "code-lists-too", "code-lists-only", "bare"])
def test_metadata_variants_are_translate_packages(tmp_path, metadata):
    models = models_with(tmp_path, Variant(metadata=metadata))
    assert [p.pair for p in find_packages(models)] == ["de→en"]
    assert ArgosEngine(models).translate({"en": GERMAN[:1]}).texts["en"][0].strip()


def test_a_package_naming_several_source_languages_without_from_code_is_named(tmp_path):
    metadata = {"from_code": None, "from_codes": ["de", "fr"]}
    models = models_with(tmp_path, Variant(metadata=metadata),
                         fixtures=("translate-en_tr",))
    with pytest.raises(ModelMissingError) as error:
        ArgosEngine(models).plan(["tr"])
    assert "translate-de_en" in str(error.value) and "from_code" in str(error.value)


def test_a_stanza_folder_is_allowed(tmp_path):
    models = models_with(tmp_path, Variant(stanza=True))
    assert (models / "translate-de_en" / "stanza").is_dir()
    assert ArgosEngine(models).translate({"en": GERMAN[:1]}).texts["en"][0].strip()


def _sbd_package(models: Path) -> Path:
    """An Argos 1.x sentence-boundary package: no model of ours, type "sbd"."""
    package = models / "sbd-en"
    package.mkdir(parents=True)
    (package / "metadata.json").write_text(json.dumps(
        {"type": "sbd", "package_version": "1.0", "from_code": "en", "to_code": "en",
         "from_codes": ["en", "de"]}), encoding="utf-8")
    (package / "model").mkdir()
    return package


def test_a_non_translate_package_is_ignored_not_an_error(tmp_path, capsys):
    models = models_with(tmp_path, fixtures=("translate-de_en",))
    _sbd_package(models)
    assert [p.pair for p in find_packages(models)] == ["de→en"]
    assert ArgosEngine(models).plan(["en"])["en"].label == "de→en"
    code, out, _ = run_cli(capsys, "models", "list", "--models", str(models))
    assert code == 0 and "sbd" not in out and "de→en" in out


def test_an_archive_whose_top_folder_is_not_the_package_code(tmp_path, capsys):
    built = build_models.build_variant(Variant(), tmp_path / "src")
    archive = build_models.zip_package(built, tmp_path / "translate-de_en-1_9.argosmodel",
                                       top_folder="de_en")
    models = tmp_path / "models"
    code, out, _ = run_cli(capsys, "models", "install", str(archive), "--models", str(models))
    assert code == 0 and "de→en" in out
    assert [p.path.name for p in find_packages(models)] == ["de_en"]
    assert ArgosEngine(models).plan(["en"])["en"].label == "de→en"

    usb = tmp_path / "usb"
    usb.mkdir()
    shutil.copy(archive, usb)
    assert ArgosEngine(usb).translate({"en": GERMAN[:1]}).texts["en"][0].strip()


def _two_versions(tmp_path: Path) -> Path:
    """de→en 1.10 and 1.9, in folders whose names sort the older one last."""
    return models_with(
        tmp_path,
        Variant(folder_name="a-de_en", metadata={"package_version": "1.10"}),
        Variant(folder_name="b-de_en", seed=7, metadata={"package_version": "1.9"}))


def test_the_newest_version_of_a_pair_wins(tmp_path):
    engine = ArgosEngine(_two_versions(tmp_path))
    assert engine.packages[("de", "en")].version == "1.10"
    assert engine.packages[("de", "en")].path.name == "a-de_en"
    assert engine.signature()["models"] == "de→en 1.10"


def test_describe_packages_says_which_version_is_used(tmp_path):
    models = _two_versions(tmp_path)
    lines = describe_packages(find_packages(models))
    assert lines == [
        "de→en  version 1.10  (a-de_en)  used",
        "de→en  version 1.9  (b-de_en)  not used: version 1.10 is newer",
    ]


def test_describe_packages_names_an_unusable_package(bpe_models):
    lines = describe_packages(find_packages(bpe_models))
    assert lines[0] == "de→en  version 1.0  (translate-de_en)  used"
    assert lines[1].startswith("en→tr  version 1.0  (translate-en_tr)  not usable: ")
    assert "bpe.model" in lines[1]


# --- 5. models install / list with every variant --------------------------------

VARIANTS = {
    "separate-vocab": Variant(separate_vocabularies=True),
    "txt-vocab": Variant(separate_vocabularies=True, vocabulary_format="txt"),
    "byte-fallback": Variant(byte_fallback=True),
    "type-only": Variant(metadata={"package_type": None}),
    "no-type": Variant(metadata={"package_type": None, "type": None}),
    "code-lists": Variant(metadata={"from_code": None, "to_code": None,
                                    "from_codes": ["de"], "to_codes": ["en"]}),
    "stanza": Variant(stanza=True),
    "other-folder-name": Variant(folder_name="de_en-1_9"),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_install_list_and_translate_each_variant(tmp_path, capsys, name):
    built = build_models.build_variant(VARIANTS[name], tmp_path / "src")
    archive = build_models.zip_package(built, tmp_path / f"{name}.argosmodel")
    models = tmp_path / "models"
    code, out, err = run_cli(capsys, "models", "install", str(archive), "--models", str(models))
    assert (code, err) == (0, "") and "Installed de→en (version 1.0)" in out
    code, out, _ = run_cli(capsys, "models", "list", "--models", str(models))
    assert code == 0 and f"de→en  version 1.0  ({built.name})" in out
    assert ArgosEngine(models).translate({"en": GERMAN[:1]}).texts["en"][0].strip()


def test_install_prefix_package_and_list(tmp_path, capsys):
    built = build_models.build_variant(
        Variant(from_code="en", to_code="tr", seed=2202, target_prefix="__tr__"),
        tmp_path / "src")
    archive = build_models.zip_package(built, tmp_path / "p.argosmodel")
    models = tmp_path / "models"
    assert run_cli(capsys, "models", "install", str(archive), "--models", str(models))[0] == 0
    code, out, _ = run_cli(capsys, "models", "list", "--models", str(models))
    assert code == 0 and "en→tr  version 1.0  (translate-en_tr)" in out
    assert install_package(archive, models).target_prefix == "__tr__"


def test_installing_never_replaces_a_different_pair_that_has_the_same_folder_name(tmp_path):
    """Hand-made archives often share a top folder name such as "model"."""
    models = tmp_path / "models"
    for variant in (Variant(), Variant(from_code="en", to_code="tr", seed=2202)):
        built = build_models.build_variant(variant, tmp_path / variant.name)
        archive = tmp_path / f"{variant.name}.argosmodel"
        install_package(build_models.zip_package(built, archive, top_folder="model"), models)
    assert sorted(p.pair for p in find_packages(models)) == ["de→en", "en→tr"]
    reinstalled = install_package(tmp_path / "translate-en_tr.argosmodel", models)
    assert sorted(p.pair for p in find_packages(models)) == ["de→en", "en→tr"]
    assert reinstalled.pair == "en→tr"


def test_archives_in_the_models_folder_are_unpacked_only_when_a_run_needs_them(tmp_path):
    """A USB stick with many models: listing reads metadata, a run unpacks its own pairs."""
    import zipfile

    models = tmp_path / "usb"
    models.mkdir()
    for name in ("translate-de_en", "translate-en_tr", "translate-en_ar"):
        source = MODELS / name
        with zipfile.ZipFile(models / f"{name}.argosmodel", "w") as zf:
            for path in sorted(source.rglob("*")):
                zf.write(path, Path(name) / path.relative_to(source))
    unpack = tmp_path / "unpack"
    unpack.mkdir()
    found = find_packages(models, unpack)
    assert sorted(p.pair for p in found) == ["de→en", "en→ar", "en→tr"]
    assert not any(unpack.rglob("model.bin"))  # nothing unpacked just to look
    engine = ArgosEngine(models)
    engine.translate({"tr": ["Die Beratung ist offen."]})
    unpacked = sorted(p.parent.parent.name for p in Path(engine._unpacked.name).rglob("model.bin"))
    assert unpacked == ["translate-de_en", "translate-en_tr"]  # not en→ar

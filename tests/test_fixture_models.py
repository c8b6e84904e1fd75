"""Checks of the tiny Argos-format test packages in tests/fixtures/models.

Other tests rely on these packages behaving like real Argos models at the
interface (files, metadata, tokenisation, decoding) while being small, fast
and reproducible, so those properties are what is tested here.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm

MODELS_DIR = Path(__file__).parent / "fixtures" / "models"
PACKAGE_NAMES = ("translate-de_en", "translate-en_tr", "translate-en_ar")
MAX_PACKAGE_BYTES = 5 * 1024 * 1024
MAX_HYPOTHESIS_TOKENS = 40

SOURCES = {
    "de": [
        "Die Ausländerbehörde ist am Montag geschlossen.",
        "Der Deutschkurs beginnt am 3. September um 18 Uhr.",
        "Bitte bringen Sie Ihren Pass mit.",
    ],
    "en": [
        "The immigration office is closed on Monday.",
        "The German course starts on 3 September at 6 pm.",
        "Please bring your passport.",
    ],
}


def _load_build_script():
    """Import build_models.py, which lives in a data folder, not a package.

    The module is registered in sys.modules first because its dataclasses look
    their own module up there while being created.
    """
    name = "migo_fixture_build_models"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, MODELS_DIR / "build_models.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _translate(package_dir: Path, sentences: list[str]) -> list[list[str]]:
    """Tokenise, translate greedily and return the target pieces per sentence."""
    sp = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu")
    batch = [sp.encode(sentence, out_type=str) for sentence in sentences]
    results = translator.translate_batch(batch, replace_unknowns=True)
    return [result.hypotheses[0] for result in results]


def _source_code(package_dir: Path) -> str:
    return json.loads((package_dir / "metadata.json").read_text(encoding="utf-8"))["from_code"]


@pytest.fixture(scope="module")
def rebuilt_dir(tmp_path_factory) -> Path:
    """A fresh build of all packages, made once for the rebuild comparisons."""
    out = tmp_path_factory.mktemp("rebuilt-models")
    _load_build_script().main(out)
    return out


@pytest.mark.parametrize("name", PACKAGE_NAMES)
def test_package_layout_and_metadata(name: str) -> None:
    package_dir = MODELS_DIR / name
    metadata = json.loads((package_dir / "metadata.json").read_text(encoding="utf-8"))
    from_code, to_code = name.removeprefix("translate-").split("_")

    assert metadata["from_code"] == from_code
    assert metadata["to_code"] == to_code
    assert metadata["package_type"] == "translate"
    for key in ("package_version", "argos_version", "from_name", "to_name"):
        assert isinstance(metadata[key], str) and metadata[key]
    assert "gibberish" in metadata["description"]
    for relative in (
        "model/model.bin",
        "model/config.json",
        "model/shared_vocabulary.json",
        "sentencepiece.model",
        "README.md",
    ):
        assert (package_dir / relative).is_file(), relative

    size = sum(path.stat().st_size for path in package_dir.rglob("*") if path.is_file())
    assert size < MAX_PACKAGE_BYTES


@pytest.mark.parametrize("name", PACKAGE_NAMES)
def test_translation_is_bounded_and_deterministic(name: str) -> None:
    package_dir = MODELS_DIR / name
    sentences = SOURCES[_source_code(package_dir)]

    first = _translate(package_dir, sentences)
    second = _translate(package_dir, sentences)

    assert len(first) == len(sentences)
    for hypothesis in first:
        assert 0 < len(hypothesis) <= MAX_HYPOTHESIS_TOKENS
        assert "<unk>" not in hypothesis and "</s>" not in hypothesis
    assert first == second


@pytest.mark.parametrize("name", PACKAGE_NAMES)
def test_rebuild_is_identical(name: str, rebuilt_dir: Path) -> None:
    committed, rebuilt = MODELS_DIR / name, rebuilt_dir / name

    for relative in (
        "sentencepiece.model",
        "model/model.bin",
        "model/config.json",
        "model/shared_vocabulary.json",
        "metadata.json",
        "README.md",
    ):
        assert (rebuilt / relative).read_bytes() == (committed / relative).read_bytes(), relative
    sentences = SOURCES[_source_code(committed)]
    assert _translate(rebuilt, sentences) == _translate(committed, sentences)

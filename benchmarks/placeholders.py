"""Which placeholder form survives a de→en→X pivot best? Prints survival per form.

Each sentence of the sample is protected with the shipped glossary (tags, terms and
facts become placeholders), every placeholder is written in each candidate form, and
the text goes through CTranslate2 + SentencePiece hop by hop the way the argos engine
drives it (``translate_batch(..., replace_unknowns=True)``). We count a placeholder as
surviving when its exact form is in the final output, spaces ignored. Also printed:
whether the form is one SentencePiece piece unknown to the model (the only kind that
``replace_unknowns`` can copy) and whether the pseudo engine leaves it untouched.

    python benchmarks/placeholders.py [--models tests/fixtures/models] [--to tr,ar]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import ctranslate2
import sentencepiece

from pipeline.engines import _detokenize, pseudo_localize
from pipeline.glossary import load_glossary
from pipeline.packages import find_packages, newest_by_pair
from pipeline.protect import protect

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "essen-news-page.txt"

FORMS = {
    "pua (chosen)": lambda n: chr(0xE000 + n),
    "pua pair": lambda n: chr(0xE000) + chr(0xE100 + n),
    "double bracket": lambda n: f"⟦{n}⟧",
    "hash digits": lambda n: f"#{n}#",
    "curly digits": lambda n: f"{{{n}}}",
    "underscore digits": lambda n: f"__{n}__",
    "number 9900n": lambda n: f"990{n:02d}",
}


def sentences() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8")
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) > 3]


def load(packages: dict, pair: tuple[str, str]):
    """The translator, tokenizer and target prefix of the package migo would use.

    Found the way the engine finds them (any folder name, newest version wins), so
    the benchmark also runs on real Argos packages, multilingual ones included.
    """
    package = packages.get(pair)
    if package is None:
        raise SystemExit(f"no usable {pair[0]}→{pair[1]} package in the models folder")
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
    translator = ctranslate2.Translator(str(package.model_dir), device="cpu")
    return translator, sp, package.target_prefix


def hop(model, texts: list[str]) -> list[str]:
    translator, sp, prefix = model
    tokens = [sp.encode(t, out_type=str) for t in texts]
    results = translator.translate_batch(
        tokens, replace_unknowns=True, beam_size=2,
        target_prefix=[[prefix]] * len(tokens) if prefix else None)
    return [_detokenize(r.hypotheses[0], prefix) for r in results]


def single_unknown_piece(sp, form: str) -> bool:
    pieces = [p for p in sp.encode(form, out_type=str) if p != "\u2581"]
    return len(pieces) == 1 and sp.piece_to_id(pieces[0]) == sp.unk_id()


def measure(models: Path, targets: list[str]) -> None:
    glossary = load_glossary(ROOT / "pipeline" / "starter" / "glossaries")
    masked = [protect(s, glossary) for s in sentences()]
    packages = newest_by_pair(find_packages(models))
    de_en = load(packages, ("de", "en"))
    pivots = {lang: load(packages, ("en", lang)) for lang in targets}
    total = sum(len(m.items) for m in masked)
    print(f"{len(masked)} sentences, {total} placeholders; models in {models}")
    print(
        f"{'form':20} {'unk piece':>9} {'pseudo':>6} {'de→en':>7} "
        + " ".join(f"{'→' + t:>7}" for t in targets)
    )
    for name, form in FORMS.items():
        texts, wanted = [], []
        for m in masked:
            text = m.text
            for n, item in enumerate(m.items):
                text = text.replace(item.placeholder, form(n))
            texts.append(text)
            wanted.append([form(n) for n in range(len(m.items))])
        english = hop(de_en, texts)
        rates = [_rate(english, wanted)] + [_rate(hop(pivots[t], english), wanted) for t in targets]
        pseudo = all(w in pseudo_localize(form(7), "tr") for w in [form(7)])
        unknown = single_unknown_piece(de_en[1], form(3))
        print(f"{name:20} {unknown!s:>9} {pseudo!s:>6} " + " ".join(f"{r:7.1%}" for r in rates))


def _rate(outputs: list[str], wanted: list[list[str]]) -> float:
    hits = sum(w in out.replace(" ", "") for out, ws in zip(outputs, wanted) for w in ws)
    return hits / max(1, sum(len(ws) for ws in wanted))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, default=ROOT / "tests" / "fixtures" / "models")
    parser.add_argument("--to", default="tr,ar")
    args = parser.parse_args()
    measure(args.models, args.to.split(","))


if __name__ == "__main__":
    main()

"""Language identification on short sentences: Lingua beside py3langid.

migo's off-target check (``pipeline/langid.py``) must tell Ukrainian from Russian and
Persian from Arabic in a single short sentence, offline, with a model that ships inside
its pip package. This script scores the candidates on ``data/langid_sentences.tsv``:
20 short sentences per language (de, en, tr, ar, ru, uk, pl, fa), written for this
benchmark in the magazine's style (3-8 words).

Each tool runs twice: restricted to the eight languages (as migo uses it) and with every
language it knows (how it would behave if we did not restrict it). Printed: accuracy per
language, overall, the uk↔ru and fa↔ar confusions, and the time per sentence.

    python benchmarks/langid.py
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "langid_sentences.tsv"
LANGS = ["de", "en", "tr", "ar", "ru", "uk", "pl", "fa"]


def load() -> list[tuple[str, str]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, text = line.split("\t", 1)
            rows.append((lang, text))
    return rows


def lingua_tool(restricted: bool):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    if restricted:
        langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGS]
        detector = LanguageDetectorBuilder.from_languages(*langs).build()
    else:
        detector = LanguageDetectorBuilder.from_all_languages().build()

    def identify(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "?"
    return identify


def py3langid_tool(restricted: bool):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if restricted:
        identifier.set_languages(LANGS)
    return lambda text: identifier.classify(text)[0]


TOOLS = {"lingua": lingua_tool, "py3langid": py3langid_tool}


def score(identify, rows) -> tuple[dict[str, float], Counter, float]:
    right: Counter = Counter()
    confusions: Counter = Counter()
    started = time.perf_counter()
    for lang, text in rows:
        found = identify(text)
        right[lang] += found == lang
        if found != lang:
            confusions[(lang, found)] += 1
    seconds = (time.perf_counter() - started) / len(rows)
    total = Counter(lang for lang, _ in rows)
    accuracy = {lang: 100 * right[lang] / total[lang] for lang in LANGS}
    accuracy["all"] = 100 * sum(right.values()) / len(rows)
    return accuracy, confusions, seconds


def main() -> None:
    rows = load()
    print(f"{len(rows)} sentences, {len(rows) // len(LANGS)} per language; accuracy in %\n")
    header = f"{'tool':<24}" + "".join(f"{lang:>6}" for lang in [*LANGS, "all"])
    print(header + f"{'uk→ru':>7}{'ru→uk':>7}{'fa→ar':>7}{'ar→fa':>7}{'ms/sent':>9}")
    for name, make in TOOLS.items():
        for restricted in (True, False):
            identify = make(restricted)
            identify("warm up")  # loading the model is not identification time
            accuracy, confusions, seconds = score(identify, rows)
            label = f"{name} ({'8 langs' if restricted else 'all langs'})"
            cells = "".join(f"{accuracy[lang]:>6.0f}" for lang in [*LANGS, "all"])
            pairs = "".join(f"{confusions[pair]:>7}" for pair in
                            [("uk", "ru"), ("ru", "uk"), ("fa", "ar"), ("ar", "fa")])
            print(f"{label:<24}{cells}{pairs}{seconds * 1000:>9.2f}")


if __name__ == "__main__":
    main()

"""Issue 16: incremental runs stay incremental, decoding is bounded, the memory is fast.

Speed itself is measured by benchmarks/translate_speed.py, never asserted here; these
tests pin the behaviour that makes the speed possible: what reaches the engine, how it
is batched and capped, and that the faster memory finds exactly what difflib finds.
"""

from __future__ import annotations

import difflib
import gc
import json
import random
import shutil
import weakref
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import STARTER_GLOSSARY

from pipeline import catalog, engines
from pipeline.cli import main
from pipeline.engines import CAPPED, CONTROLS, LOOPING, ArgosEngine, DecodeSettings, looping
from pipeline.errors import ModelMissingError
from pipeline.memory import THRESHOLD, Memory, Unit, normalise

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input" / "2024-04"
MODELS = ROOT / "tests" / "fixtures" / "models"


class SpyTranslator:
    """The real fixture model behind a spy that records every batch and its options."""

    def __init__(self, translator, sp, pair: str, calls: list):
        self.translator, self.sp, self.pair, self.calls = translator, sp, pair, calls

    def translate_batch(self, tokens, **options):
        self.calls.append(SimpleNamespace(pair=self.pair, tokens=tokens, options=options))
        return self.translator.translate_batch(tokens, **options)


@pytest.fixture
def spy(monkeypatch):
    """Every translate_batch call of a run (the loader is swapped for a spying one)."""
    calls, loads = [], []
    real = engines.load_ctranslate2

    def load(package, settings=None):
        loads.append(package.pair)
        translator, sp = real(package, settings)
        return SpyTranslator(translator, sp, package.pair, calls), sp

    monkeypatch.setattr(engines, "load_ctranslate2", load)
    return SimpleNamespace(calls=calls, loads=loads)


def run(tmp_path: Path, issue: Path, *args: str) -> int:
    return main(["translate", str(issue), "--to", "en,tr", "--engine", "argos",
                 "--models", str(MODELS), "--locales", str(tmp_path / "locales"),
                 "--out", str(tmp_path / "out"), "--glossary", str(STARTER_GLOSSARY),
                 "--quiet", *args])


def sentences_sent(calls, pair: str) -> int:
    return sum(len(call.tokens) for call in calls if call.pair == pair)


@pytest.fixture
def issue(tmp_path) -> Path:
    copy = tmp_path / "2024-04"
    shutil.copytree(SAMPLE, copy)
    return copy


def test_an_unchanged_rerun_loads_no_model_and_translates_nothing(tmp_path, issue, spy):
    assert run(tmp_path, issue) == 0
    assert sentences_sent(spy.calls, "de→en") > 0
    spy.calls.clear()
    spy.loads.clear()
    assert run(tmp_path, issue) == 0
    assert spy.calls == [] and spy.loads == []


def test_an_edit_translates_only_the_changed_sentence(tmp_path, issue, spy):
    assert run(tmp_path, issue) == 0
    article = min(issue.glob("*.md"))
    text = article.read_text(encoding="utf-8")
    first = text.index("\n\n") + 2
    article.write_text(text[:first] + "Neu ist dieser Satz. " + text[first:], encoding="utf-8")
    spy.calls.clear()
    assert run(tmp_path, issue) == 0
    assert sentences_sent(spy.calls, "de→en") == 1
    assert sentences_sent(spy.calls, "en→tr") == 1
    sent = [spy.calls[0].tokens[0]]
    assert "".join(sent[0]).replace("▁", " ").strip() == "Neu ist dieser Satz."


def test_batches_are_sorted_by_length_and_the_cap_follows_the_source(spy):
    argos = ArgosEngine(MODELS, settings=DecodeSettings(batch_size=4, length_ratio=1.5,
                                                        length_extra=10, inter_threads=1))
    rng = random.Random(3)
    german = [f"Satz {n} " + " ".join(["Beratung"] * rng.randint(1, 20)) + "."
              for n in range(13)]
    argos.translate({"en": german})
    calls = [c for c in spy.calls if c.pair == "de→en"]
    assert [len(c.tokens) for c in calls] == [4, 4, 4, 1]
    lengths = [len(t) for c in calls for t in c.tokens]
    assert lengths == sorted(lengths)
    for call in calls:
        longest = max(len(t) for t in call.tokens)
        assert call.options["max_decoding_length"] == int(1.5 * longest + 10)
        assert call.options["beam_size"] == 2
        assert call.options["no_repeat_ngram_size"] == 4


def _german(count: int) -> list[str]:
    rng = random.Random(5)
    return [f"Satz {n} " + " ".join(["Beratung"] * rng.randint(1, 20)) + "."
            for n in range(count)]


def test_a_call_holds_one_batch_per_inter_thread(spy):
    """CTranslate2 runs the batches of one call in parallel: --inter-threads 2 needs
    calls of two batches, or the second worker idles."""
    argos = ArgosEngine(MODELS, settings=DecodeSettings(batch_size=3, inter_threads=2))
    argos.translate({"en": _german(13)})
    calls = [c for c in spy.calls if c.pair == "de→en"]
    assert [len(c.tokens) for c in calls] == [6, 6, 1]
    assert all(c.options["max_batch_size"] == 3 for c in calls)


def test_token_batches_hold_at_most_their_padded_token_budget(spy):
    argos = ArgosEngine(MODELS, settings=DecodeSettings(batch_size=60, batch_type="tokens",
                                                        inter_threads=1))
    german = _german(20)
    result = argos.translate({"en": german})
    calls = [c for c in spy.calls if c.pair == "de→en"]
    assert len(calls) > 1
    assert sum(len(c.tokens) for c in calls) == len(german) == len(result.texts["en"])
    for call in calls:
        longest = max(len(t) for t in call.tokens)
        assert len(call.tokens) == 1 or len(call.tokens) * longest <= 60
        assert call.options["batch_type"] == "tokens"


def test_one_single_threaded_translator_per_core_by_default(monkeypatch):
    """The measured default; 0 resolves against the machine, cuda keeps one translator."""
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert DecodeSettings().threads() == (1, 4)
    assert DecodeSettings(intra_threads=0).threads() == (4, 1)
    assert DecodeSettings(intra_threads=2).threads() == (2, 2)
    assert DecodeSettings(device="cuda").threads() == (1, 1)
    assert DecodeSettings(inter_threads=3).threads() == (1, 3)


def test_a_model_is_released_when_no_later_hop_needs_it(spy):
    argos = ArgosEngine(MODELS)
    argos.translate({"en": ["Die Beratung ist kostenlos."], "tr": ["Willkommen!"]})
    assert sorted(spy.loads) == ["de→en", "en→tr"]
    assert argos._loaded == {}


def test_the_next_model_loads_while_a_hop_runs_and_two_at_most_are_in_memory():
    """Loading takes as long as a small hop, so the next hop's model loads meanwhile;
    each model is still loaded once and released after its last hop."""
    alive: set[str] = set()
    during: list[tuple[str, set[str]]] = []
    loads: list[str] = []

    class Watched:
        def __init__(self, translator, pair: str):
            self.translator, self.pair = translator, pair
            alive.add(pair)
            weakref.finalize(self, alive.discard, pair)

        def translate_batch(self, tokens, **options):
            during.append((self.pair, alive | {"→".join(p) for p in argos._pending}))
            return self.translator.translate_batch(tokens, **options)

    def load(package):
        loads.append(package.pair)
        translator, sp = engines.load_ctranslate2(package)
        return Watched(translator, package.pair), sp

    argos = ArgosEngine(MODELS, load_model=load)
    argos.translate({"en": ["Die Beratung ist kostenlos."], "tr": ["Willkommen!"],
                     "ar": ["Der Kurs beginnt am Montag."]})
    assert sorted(loads) == ["de→en", "en→ar", "en→tr"]
    hops = [pair for pair, _ in during]
    assert hops == ["de→en", "en→tr", "en→ar"]
    assert during[0][1] == {"de→en", "en→tr"}  # the next one asked for during the first
    assert "en→ar" in during[1][1]
    assert all(len(models) <= 2 for _, models in during)
    gc.collect()
    assert argos._loaded == {} and argos._pending == {} and alive == set()


def test_a_big_hop_does_not_load_the_next_model_meanwhile(monkeypatch):
    """Only a small hop gains from loading ahead; a big one would hold two models and
    its batches at once."""
    monkeypatch.setattr(engines, "SMALL_HOP", 1)
    pending_during: dict[str, set] = {}

    class Watched:
        def __init__(self, translator, pair: str):
            self.translator, self.pair = translator, pair

        def translate_batch(self, tokens, **options):
            pending_during.setdefault(self.pair, set()).update(argos._pending)
            return self.translator.translate_batch(tokens, **options)

    def load(package):
        translator, sp = engines.load_ctranslate2(package)
        return Watched(translator, package.pair), sp

    argos = ArgosEngine(MODELS, load_model=load)
    argos.translate({"tr": ["Die Beratung ist kostenlos.", "Der Kurs beginnt."],
                     "ar": ["Die Beratung ist kostenlos.", "Der Kurs beginnt."]})
    assert pending_during == {"de→en": set(), "en→tr": set(), "en→ar": set()}


def test_a_model_that_fails_to_load_ahead_stops_the_run_at_its_hop():
    def load(package):
        if package.pair == "en→tr":
            raise RuntimeError("unsupported model version")
        return engines.load_ctranslate2(package)

    argos = ArgosEngine(MODELS, load_model=load)
    with pytest.raises(ModelMissingError, match="en→tr model cannot be loaded"):
        argos.translate({"en": ["Die Beratung ist kostenlos."], "tr": ["Willkommen!"]})
    assert argos._pending == {}


class CappedTranslator:
    """A degenerate model: every output runs to the decoding cap."""

    def translate_batch(self, tokens, max_decoding_length, **options):
        return [SimpleNamespace(hypotheses=[["▁bla"] * max_decoding_length]) for _ in tokens]


def test_a_capped_output_is_flagged_for_review_and_counted(tmp_path, issue, monkeypatch):
    real = engines.load_ctranslate2
    monkeypatch.setattr(engines, "load_ctranslate2",
                        lambda package, settings=None: (CappedTranslator(),
                                                        real(package, settings)[1]))
    assert run(tmp_path, issue, "--out", str(tmp_path / "out")) == 0
    po = catalog.read_catalog(tmp_path / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po")
    comments = [c for message in po if message.id for c in message.user_comments]
    assert any(c == f"QA: {CAPPED}" for c in comments)
    assert any(c == f"QA: {LOOPING}" for c in comments)
    report = json.loads((tmp_path / "out" / "2024-04" / "report.json").read_text())
    assert report["languages"]["tr"]["decoding_flagged"] == report["languages"]["tr"][
        "machine_translated"] > 0


class ControlByteTranslator:
    """A confused model: its byte-fallback pieces spell U+000E and U+0007."""

    def translate_batch(self, tokens, max_decoding_length, **options):
        pieces = ["▁Merhaba", "<0x0E>", "▁dünya", "<0x07>", "."]
        return [SimpleNamespace(hypotheses=[pieces]) for _ in tokens]


def test_control_characters_from_the_engine_never_reach_a_po_file(tmp_path, issue,
                                                                   monkeypatch):
    """Found by the full speed benchmark: a random model emitted <0x0E>, migo wrote it
    into the PO file, and the next run refused that file."""
    real = engines.load_ctranslate2
    monkeypatch.setattr(engines, "load_ctranslate2",
                        lambda package, settings=None: (ControlByteTranslator(),
                                                        real(package, settings)[1]))
    assert run(tmp_path, issue, "--out", str(tmp_path / "out")) == 0
    po_path = tmp_path / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po"
    po = catalog.read_catalog(po_path)  # strict: refuses control characters
    texts = [m.string for m in po if m.id and m.string]
    assert texts and all("\x0e" not in t and "\x07" not in t for t in texts)
    assert any("Merhaba dünya" in t for t in texts)
    comments = [c for message in po if message.id for c in message.user_comments]
    assert any(c == f"QA: {CONTROLS}" for c in comments)
    assert run(tmp_path, issue, "--out", str(tmp_path / "out")) == 0  # reads it back


def test_looping_finds_repeated_phrases_not_ordinary_text():
    assert looping(["▁a", "▁b", "▁a", "▁b", "▁a", "▁b", "▁a", "▁b"])
    assert looping(["▁x"] * 4)
    assert not looping(["▁the", "▁office", "▁is", "▁closed", "▁on", "▁the", "▁first", "▁day"])


def test_decode_settings_come_from_migo_toml_and_the_command_line(tmp_path, issue, spy):
    (tmp_path / "migo.toml").write_text(
        "[translate]\nbeam_size = 1\nbatch_size = 3\ninter_threads = 1\n", encoding="utf-8")
    assert run(tmp_path, issue, "--config", str(tmp_path / "migo.toml")) == 0
    assert {c.options["beam_size"] for c in spy.calls} == {1}
    assert max(len(c.tokens) for c in spy.calls) == 3
    spy.calls.clear()
    shutil.rmtree(tmp_path / "locales")
    assert run(tmp_path, issue, "--config", str(tmp_path / "migo.toml"), "--beam-size", "3") == 0
    assert {c.options["beam_size"] for c in spy.calls} == {3}


def test_a_bad_decode_setting_is_a_one_line_error(tmp_path, issue, capsys):
    assert run(tmp_path, issue, "--batch-size", "0") == 2
    assert "--batch-size must be at least 1" in capsys.readouterr().err


def test_the_report_summary_converts_like_dataclasses_asdict(tmp_path, issue):
    """report.json's dict comes from a copy-free converter: same content as asdict."""
    from dataclasses import asdict

    from pipeline.flow import RunConfig, translate_issue

    result = translate_issue(RunConfig(
        issue_dir=issue, langs=["en", "ar"], engine="argos", models_dir=MODELS,
        glossary_path=STARTER_GLOSSARY, locales_dir=tmp_path / "locales",
        out_dir=tmp_path / "out", show_progress=False))
    expected = asdict(result.run)
    expected = {key: value for key, value in expected.items()
                if value is not None or key not in ("glossary", "removed_languages")}
    if not expected["warnings"]:
        del expected["warnings"]
    assert result.run.to_json() == expected
    assert expected["readability"] and expected["languages"]["ar"]["segments"] > 0


def test_an_unchanged_catalog_is_not_written_and_a_changed_one_is(tmp_path, issue):
    """save's quick path (dates remembered at reading) must still see every change."""
    assert run(tmp_path, issue) == 0
    path = tmp_path / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po"
    before = path.read_bytes()
    po = catalog.read_catalog(path, "tr")
    assert po.source_dates is not None
    assert not catalog.save_catalog(po, path) and path.read_bytes() == before
    message = next(m for m in po if m.id)
    message.string = "değişti"
    assert catalog.save_catalog(po, path)
    after = path.read_bytes()
    assert after != before and 'msgstr "değişti"' in after.decode()
    assert catalog.translations(catalog.read_catalog(path, "tr"))[message.id].text == "değişti"


def test_cached_numbers_follow_the_language():
    from pipeline.facts import find_numbers

    assert find_numbers("8,000 Gäste", "en") == [8000]
    assert find_numbers("8,000 Gäste", "tr") == [8]
    found = find_numbers("8,000 Gäste", "en")
    found.append(1)  # a caller's list is its own: the cache stays as it was
    assert find_numbers("8,000 Gäste", "en") == [8000]


def test_merge_finds_the_same_fuzzy_matches_as_babel_with_pure_python_difflib():
    """catalog.merge lends Babel a faster get_close_matches while it updates: same
    matches, and Babel's own function is back afterwards."""
    import copy
    import difflib

    import babel.messages.catalog as babel_catalog

    from pipeline.model import Article, Block, BlockKind, Issue, Segment

    def issue(sentences):
        block = Block(BlockKind.PARAGRAPH, " ".join(sentences), line=1,
                      segments=[Segment(s, line=1) for s in sentences])
        return Issue("2024-05", [Article("a", "a.md", [block])])

    rng = random.Random(5)
    words = ["Beratung", "Kurs", "Montag", "Anmeldung", "Zentrum", "Stadt", "Familie",
             "Sprache", "Termin", "Woche", "offen", "Rathaus"]
    old = [" ".join(rng.choice(words) for _ in range(8)) + "." for _ in range(60)]
    new = [s.replace(s.split()[2], rng.choice(words), 1) for s in old[:30]] + old[30:]
    existing = catalog.merge(catalog.build_template(issue(old)),
                             catalog.new_catalog("tr", "2024-05"))
    for n, message in enumerate(m for m in existing if m.id):
        message.string = f"çeviri {n}"
    template = catalog.build_template(issue(new))
    plain = copy.deepcopy(existing)
    plain.update(copy.deepcopy(template), update_header_comment=False, keep_user_comments=True)
    merged = catalog.merge(template, existing)
    assert babel_catalog.SequenceMatcher is difflib.SequenceMatcher
    assert babel_catalog.get_close_matches.__module__ == "babel.messages.catalog"
    fuzzy = {m.id: m.string for m in plain if m.id and m.fuzzy}
    assert fuzzy and all(merged[msgid].string == text for msgid, text in fuzzy.items()
                         if merged[msgid].fuzzy)
    assert sum(1 for m in merged if m.id and m.fuzzy) > 10


# --- memory --------------------------------------------------------------------------------

def difflib_scan(units: list[Unit], source: str) -> tuple[Unit, float] | None:
    """Today's rule spelled out: difflib's ratio against every unit, shorter then first."""
    query = normalise(source)
    ranked = sorted(units, key=lambda u: (len(normalise(u.source)), normalise(u.source)))
    best = None
    for unit in ranked:
        text = normalise(unit.source)
        score = 1.0 if text == query else difflib.SequenceMatcher(
            None, text, query, autojunk=False).ratio()
        if score >= THRESHOLD and (best is None or score > best[1]):
            best = (unit, min(score, 0.99) if unit.source != source else 1.0)
    return best


def test_memory_lookup_finds_exactly_what_difflib_finds():
    rng = random.Random(16)
    words = ["Beratung", "Kurs", "Montag", "Anmeldung", "Zentrum", "Stadt", "Frauen", "Treffen", "kostenlos", "geöffnet", "Familie", "Sprache", "Hilfe", "Termin", "Woche"]
    units = [Unit(" ".join(rng.choice(words) for _ in range(rng.randint(3, 12))) + ".",
                  f"t{i}", "x.po") for i in range(400)]
    memory = Memory(units)
    queries = []
    for unit in units[:150]:
        tokens = unit.source.split()
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
        queries.append(" ".join(tokens))
    found = 0
    for query in queries:
        expected = difflib_scan(list({u.source: u for u in units}.values()), query)
        match = memory.closest(query)
        assert (match.unit, match.score) == expected if expected else match is None
        found += match is not None
    assert found > 50  # the queries really test close matches


def test_memory_lookup_matches_difflib_on_near_twins_and_case_variants():
    """Long sentences one letter apart score above 0.99 (shown as 99 %), and texts equal
    but for case or spacing all score 1.0: the order rules of the scan must still hold
    when Indel's bound lets the lookup skip difflib."""
    rng = random.Random(7)
    words = ["Beratung", "Kurs", "Montag", "Anmeldung", "Zentrum", "Stadt", "Familie",
             "Sprache", "Termin", "Woche", "ab", "im", "für", "und", "Rathaus", "offen"]
    base = [" ".join(rng.choice(words) for _ in range(rng.randint(30, 45))) + "."
            for _ in range(20)]
    units = []
    for n, text in enumerate(base):
        units += [Unit(text, f"a{n}", "x.po"), Unit(text.upper(), f"b{n}", "x.po"),
                  Unit(text.replace(" ", "  ", 1), f"c{n}", "x.po"),
                  Unit(text[:-1] + "!", f"d{n}", "x.po"), Unit(text[1:], f"e{n}", "x.po")]
    memory = Memory(units)
    queries = ([t.lower() for t in base] + [t[:-1] + "?" for t in base]
               + [t[:10] + "x" + t[11:] for t in base] + base)
    for query in queries:
        expected = difflib_scan(units, query)
        match = memory.closest(query)
        assert expected is not None and (match.unit, match.score) == expected


def test_memory_lookup_keeps_count_bounds_for_long_repetitive_texts():
    """Counts above 255 no longer fit a byte: the bound must then not cut them short."""
    units = [Unit("a" * 300 + " b", "x", "x.po"), Unit("a" * 290 + " c", "y", "x.po"),
             Unit("ab" * 150, "z", "x.po")]
    memory = Memory(units)
    for query in ["a" * 299 + " b", "a" * 280, "ab" * 149 + "c"]:
        expected = difflib_scan(units, query)
        match = memory.closest(query)
        assert (match.unit, match.score) == expected if expected else match is None
    assert memory.closest("a" * 299 + " b").unit.target == "x"


class Bar:
    def __init__(self, label: str, total: int, bars: list):
        self.label, self.total, self.done, self.closed = label, total, 0, False
        bars.append(self)

    def update(self, n: int = 1) -> None:
        self.done += n

    def close(self) -> None:
        self.closed = True


def test_one_progress_bar_per_hop_counts_its_sentences():
    bars: list[Bar] = []
    ArgosEngine(MODELS).translate({"en": ["Willkommen!", "Danke."], "tr": ["Willkommen!"]},
                                  lambda label, total: Bar(label, total, bars))
    assert [(b.label, b.total, b.done, b.closed) for b in bars] == [
        ("de→en", 2, 2, True), ("en→tr", 1, 1, True)]

"""A size-realistic Argos-format model and a synthetic magazine issue, built offline.

Used by ``translate_speed.py``. Real Argos models cannot be downloaded here, and the
tiny test fixtures (d_model 48) are far too small to say anything about speed. This
builds packages with the shape of a real Argos model: Transformer base, 6 encoder and
6 decoder layers, d_model 512, 8 heads, FFN 2048, int8, a 32,000-entry vocabulary.
The weights are random, so the output is gibberish; only the arithmetic is realistic.

Random weights tend to repeat one token forever. As in the test fixtures, one residual
dimension of the decoder is a *clock* that only the position table writes; the ``</s>``
row of the output projection reads it, so every hypothesis ends after a number of steps
that depends a little on the input. The ``</s>`` bias is calibrated per model so the
median output length matches the median source length of the synthetic issue.

SentencePiece is trained on the synthetic German text (8,000 pieces); the rest of the
vocabulary is filler pieces that only the decoder can emit, so the output projection
costs what a real 32k one costs.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import tempfile
from pathlib import Path

import numpy as np

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "segmentation_gold.jsonl"

LAYERS = 6
D_MODEL = 512
HEADS = 8
FFN = 2048
VOCAB = 32_000
SP_PIECES = 8_000
POSITIONS = 512
CLOCK_DIM = 0
CLOCK_SLOPE = 0.12
LATE_STEP = 70  # from here the clock rises steeply: nothing runs away
LATE_SLOPE = 1.5
# Measured: below +1 every output runs to the late clock; about +5 gives the median
# source length, but seeds differ. The search starts there and walks in half steps.
EOS_START, EOS_STEP, EOS_LIMITS = 5.0, 0.5, (-4.0, 12.0)


# --- the synthetic issue ---------------------------------------------------------------

def vocabulary() -> list[str]:
    """Words of the hand-written German gold set: real magazine vocabulary."""
    texts = [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    words = {w.strip(".,;:!?„“\"()") for text in texts for w in text.split()}
    return sorted(w for w in words if w.isalpha() and len(w) > 1)


def sentence(rng: random.Random, words: list[str]) -> str:
    """A German-looking sentence of 6–26 words; some carry a date, a time or a number."""
    body = [rng.choice(words) for _ in range(rng.randint(6, 26))]
    body[0] = body[0].capitalize()
    extra = rng.random()
    if extra < 0.15:
        body.insert(rng.randrange(1, len(body)), f"am {rng.randint(1, 28)}. März")
    elif extra < 0.3:
        body.insert(rng.randrange(1, len(body)), f"um {rng.randint(8, 20)} Uhr")
    elif extra < 0.4:
        body.insert(rng.randrange(1, len(body)), f"{rng.randint(2, 900)} Euro")
    return " ".join(body) + "."


def write_issue(folder: Path, articles: int, sentences_per_article: int = 27,
                seed: int = 16) -> list[str]:
    """Markdown articles (title + paragraphs of 3–5 sentences); returns every sentence."""
    rng = random.Random(seed)
    words = vocabulary()
    folder.mkdir(parents=True, exist_ok=True)
    every: list[str] = []
    for number in range(1, articles + 1):
        title = " ".join(rng.choice(words) for _ in range(4)).capitalize()
        paragraphs, left = [], sentences_per_article
        while left > 0:
            count = min(left, rng.randint(3, 5))
            paragraphs.append(" ".join(sentence(rng, words) for _ in range(count)))
            left -= count
        text = f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"artikel-{number:02d}.md").write_text(text, encoding="utf-8")
        every += [title] + [s for p in paragraphs for s in _split(p)]
    return every


def _split(paragraph: str) -> list[str]:
    return [s if s.endswith(".") else s + "." for s in paragraph.split(". ") if s]


# --- SentencePiece ---------------------------------------------------------------------

def train_sentencepiece(seed: int = 7) -> bytes:
    """A unigram model trained on synthetic German from the gold vocabulary."""
    import sentencepiece as spm

    rng = random.Random(seed)
    words = vocabulary()
    lines = [sentence(rng, words) for _ in range(20_000)]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, model_type="unigram",
        vocab_size=SP_PIECES, character_coverage=1.0, hard_vocab_limit=False,
        byte_fallback=True, num_threads=2, minloglevel=2)
    return model.getvalue()


# --- the transformer -------------------------------------------------------------------

def _dense(rng: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    return (rng.standard_normal((rows, cols), dtype=np.float32) / np.sqrt(cols))


def _norm(layer_norm) -> None:
    layer_norm.gamma = np.ones(D_MODEL, dtype=np.float32)
    layer_norm.beta = np.zeros(D_MODEL, dtype=np.float32)


def _linear(rng, linear, rows: int, cols: int, writes_clock_stream: bool = False) -> None:
    linear.weight = _dense(rng, rows, cols)
    linear.bias = np.zeros(rows, dtype=np.float32)
    if writes_clock_stream:  # only the position table may write the clock
        linear.weight[CLOCK_DIM, :] = 0.0


def _layer(rng, layer, decoder: bool) -> None:
    _norm(layer.self_attention.layer_norm)
    _linear(rng, layer.self_attention.linear[0], 3 * D_MODEL, D_MODEL)
    _linear(rng, layer.self_attention.linear[1], D_MODEL, D_MODEL, decoder)
    if decoder:
        _norm(layer.attention.layer_norm)
        _linear(rng, layer.attention.linear[0], D_MODEL, D_MODEL)
        _linear(rng, layer.attention.linear[1], 2 * D_MODEL, D_MODEL)
        _linear(rng, layer.attention.linear[2], D_MODEL, D_MODEL, True)
        layer.attention.linear[2].weight *= 2.0  # the source shapes the output
    _norm(layer.ffn.layer_norm)
    _linear(rng, layer.ffn.linear_0, FFN, D_MODEL)
    _linear(rng, layer.ffn.linear_1, D_MODEL, FFN, decoder)
    layer.ffn.linear_1.weight *= 0.5


def build_spec(pieces: list[str], seed: int):
    """The 6+6 Transformer base with random weights over ``pieces`` (shared vocabulary)."""
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    spec = transformer_spec.TransformerSpec.from_config(num_layers=(LAYERS, LAYERS),
                                                         num_heads=HEADS)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = _dense(rng, len(pieces), D_MODEL)
    for layer in encoder.layer:
        _layer(rng, layer, decoder=False)
    _norm(encoder.layer_norm)
    decoder.embeddings.weight = _dense(rng, len(pieces), D_MODEL)
    decoder.embeddings.weight[:, CLOCK_DIM] = 0.0
    positions = (0.5 * rng.standard_normal((POSITIONS, D_MODEL))).astype(np.float32)
    steps = np.arange(POSITIONS, dtype=np.float32)
    positions[:, CLOCK_DIM] = (CLOCK_SLOPE * steps
                               + LATE_SLOPE * np.maximum(steps - LATE_STEP, 0.0) - 3.0)
    decoder.position_encodings.encodings = positions
    for layer in decoder.layer:
        _layer(rng, layer, decoder=True)
    _norm(decoder.layer_norm)
    projection = _dense(rng, len(pieces), D_MODEL)
    projection[:, CLOCK_DIM] = 0.0
    eos = pieces.index("</s>")
    projection[eos, CLOCK_DIM] = 4.0
    decoder.projection.weight = projection
    bias = np.zeros(len(pieces), dtype=np.float32)
    bias[pieces.index("<unk>")] = bias[pieces.index("<s>")] = -1e4
    decoder.projection.bias = bias
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.optimize(quantization="int8")
    return spec


def _median_length(model_dir: Path, tokenized: list[list[str]]) -> float:
    import ctranslate2

    translator = ctranslate2.Translator(str(model_dir), device="cpu", intra_threads=2)
    results = translator.translate_batch(tokenized, beam_size=1, max_batch_size=32,
                                         max_decoding_length=POSITIONS - 2)
    return float(np.median([len(r.hypotheses[0]) for r in results]))


def _bias(spec) -> np.ndarray:
    """The output bias, writable also after ``optimize`` wrapped it."""
    bias = spec.decoder.projection.bias
    return bias.array if hasattr(bias, "array") else bias


def build_package(out_dir: Path, source: str, target: str, seed: int, sp_bytes: bytes,
                  calibration: list[list[str]]) -> Path:
    """One package folder; the ``</s>`` bias is the grid value closest to the source median."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    pieces += [f"▁f{n}" for n in range(VOCAB - len(pieces))]
    spec = build_spec(pieces, seed)
    wanted = float(np.median([len(t) for t in calibration]))
    final = out_dir / f"translate-{source}_{target}"
    with tempfile.TemporaryDirectory(dir=out_dir) as scratch:
        staging = Path(scratch) / final.name
        best, eos_bias, direction = None, EOS_START, 0
        while EOS_LIMITS[0] <= eos_bias <= EOS_LIMITS[1]:
            _bias(spec)[pieces.index("</s>")] = eos_bias
            shutil.rmtree(staging / "model", ignore_errors=True)
            (staging / "model").mkdir(parents=True)
            spec.save(str(staging / "model"))
            length = _median_length(staging / "model", calibration)
            print(f"  {final.name}: </s> bias {eos_bias:+.1f} → median {length:.0f} tokens "
                  f"(source {wanted:.0f})", flush=True)
            if best is None or abs(length - wanted) < best[0]:
                best = (abs(length - wanted), eos_bias)
            step = 1 if length > wanted else -1  # a higher bias ends outputs sooner
            if length == wanted or direction == -step:
                break  # crossed the source median
            direction = step
            eos_bias += step * EOS_STEP
        _bias(spec)[pieces.index("</s>")] = best[1]
        shutil.rmtree(staging / "model")
        (staging / "model").mkdir(parents=True)
        spec.save(str(staging / "model"))
        (staging / "sentencepiece.model").write_bytes(sp_bytes)
        (staging / "metadata.json").write_text(json.dumps({
            "package_version": "1.0", "argos_version": "1.9.0", "from_code": source,
            "from_name": source, "to_code": target, "to_name": target, "type": "translate",
            "package_type": "translate",
            "description": "migo benchmark model: random weights, gibberish output"}),
            encoding="utf-8")
        (staging / "README.md").write_text("Benchmark model, random weights.\n", encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        staging.rename(final)
    return final


def build_models(out_dir: Path, targets: list[str], calibration_text: list[str]) -> Path:
    """de→en and en→X for every other target, reused when already built with these sizes."""
    import sentencepiece as spm

    out_dir.mkdir(parents=True, exist_ok=True)
    for leftover in out_dir.glob("tmp*"):  # an interrupted build; argostranslate reads
        shutil.rmtree(leftover)            # every folder here as a package
    stamp = out_dir / "built.json"
    recipe = {"layers": LAYERS, "d_model": D_MODEL, "vocab": VOCAB, "clock": CLOCK_SLOPE,
              "late": LATE_STEP, "version": 3}
    done = json.loads(stamp.read_text()) if stamp.exists() else {}
    if done.get("recipe") != recipe:
        done = {"recipe": recipe, "pairs": []}
    sp_path = out_dir / "sentencepiece.model"
    if not sp_path.exists() or not done["pairs"]:
        sp_path.write_bytes(train_sentencepiece())
    sp_bytes = sp_path.read_bytes()
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    calibration = [sp.encode(s, out_type=str) for s in calibration_text[:48]]
    pairs = [("de", "en")] + [("en", t) for t in targets if t != "en"]
    for number, (source, target) in enumerate(pairs):
        if f"{source}_{target}" in done["pairs"]:
            continue
        build_package(out_dir, source, target, 1000 + number, sp_bytes, calibration)
        done["pairs"].append(f"{source}_{target}")
        stamp.write_text(json.dumps(done))
    return out_dir

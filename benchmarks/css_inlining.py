"""CSS inlining for the newsletter e-mail: css-inline (Rust) against premailer (cssutils).

Mail clients such as GMX and WEB.DE drop ``<style>``, so every rule must reach a
``style`` attribute. Both libraries do that; this prints how long each takes on a real
page (the whole issue in one file, all languages), and whether the result still carries
unresolved ``var(--…)`` values, which mail clients do not understand.

    python benchmarks/css_inlining.py [output/2024-04]

Without an argument it renders the sample issue with the pseudo engine into a
temporary folder first. Needs ``pip install -e '.[bench]'`` for premailer.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import css_inline
import premailer

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5


def pages(issue_out: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(issue_out.glob("*/all-articles.html"))]


def render_sample(tmp: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pipeline.cli", "translate", str(ROOT / "input/2024-04"),
                    "--to", "en,tr,ar,ru,uk,pl,fa", "--engine", "pseudo", "--glossary",
                    str(ROOT / "pipeline/starter/glossaries"), "--locales", str(tmp / "locales"),
                    "--out", str(tmp / "output")], check=True, capture_output=True, cwd=tmp)
    return tmp / "output" / "2024-04"


def with_css_inline(html: str) -> str:
    return css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False,
                                 load_remote_stylesheets=False).inline(html)


def with_premailer(html: str) -> str:
    return premailer.Premailer(html, keep_style_tags=False, remove_classes=False,
                               disable_validation=True, allow_network=False,
                               cssutils_logging_level="CRITICAL").transform()


def measure(inline, htmls: list[str]) -> tuple[float, str]:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        results = [inline(html) for html in htmls]
        best = min(best, time.perf_counter() - start)
    return best, results[0]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        issue_out = Path(sys.argv[1]) if len(sys.argv) > 1 else render_sample(Path(tmp))
        htmls = pages(issue_out)
    size = sum(len(h) for h in htmls) / 1024
    print(f"{len(htmls)} pages, {size:.0f} KiB of HTML; best of {REPEAT} runs")
    figures = {}
    for name, inline in (("css-inline", with_css_inline), ("premailer", with_premailer)):
        seconds, sample = measure(inline, htmls)
        figures[name] = seconds
        print(f"{name:11} {seconds * 1000:8.1f} ms   style attributes: "
              f"{sample.count('style='):4}   var( left: {sample.count('var(--'):3}   "
              f"<style> left: {sample.count('<style'):1}")
    print(f"premailer / css-inline: {figures['premailer'] / figures['css-inline']:.1f}x")


if __name__ == "__main__":
    main()

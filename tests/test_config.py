"""migo.toml: found upward, overridden by options, and every mistake named by file:line:key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import config as config_module
from pipeline.cli import (
    CONFIG_OPTIONS,
    READABILITY_LANGS,
    READABILITY_MAX_WORDS,
    build_parser,
    main,
)
from pipeline.config import ENGINE_NAMES, SETTINGS, find_config, load_config, starter_toml
from pipeline.errors import ConfigError

BROKEN = [
    # (file text, line, what the message must say)
    ('engine = "pseudo"\nlanguages = ["en",\n', 2, "not valid TOML"),
    ('engine = "pseudo"\n\ncolour = "blue"\n', 3, "key 'colour': unknown key"),
    ('engine = "pseudo"\nlanguages = 7\n', 2, "key 'languages': expected a list"),
    ('languages = ["en", "tr"]\nglossary = ["a", "b"]\n', 2, "key 'glossary': expected a path"),
    ('languages = ["en", "xx"]\n', 1, "key 'languages': unknown language code 'xx'"),
    ('languages = "de,en"\n', 1, "key 'languages': German is the source"),
    ('languages = ["en"]\n# the engine\n engine = "deepl"\n', 3, "key 'engine': 'deepl' is not"),
    ('languages = ["en"]\n[checks]\nmax_words = 3\n', 2, "key 'checks': unknown key"),
]


@pytest.mark.parametrize(("text", "line", "problem"), BROKEN)
def test_a_broken_file_is_exit_2_naming_file_line_and_key(tmp_path, monkeypatch, capsys,
                                                          text, line, problem):
    (tmp_path / "migo.toml").write_text(text, encoding="utf-8")
    (tmp_path / "issue").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "issue", "--engine", "pseudo"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"migo: error: {tmp_path / 'migo.toml'}:{line}: ")
    assert problem in err
    assert "\n" not in err
    assert not (tmp_path / "output").exists() and not (tmp_path / "locales").exists()


def test_a_glossary_in_the_file_must_exist(tmp_path, monkeypatch, capsys):
    (tmp_path / "migo.toml").write_text('languages = "en"\nglossary = "terms.csv"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["segment"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'migo.toml'}:2: key 'glossary': " in err and "no such file" in err


def test_the_file_is_found_upward_and_paths_are_relative_to_it(tmp_path, monkeypatch):
    (tmp_path / "migo.toml").write_text('languages = "en,tr"\nlocales = "po"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_config() == tmp_path / "migo.toml"
    args = _parsed(["status"])
    assert args.locales == tmp_path / "po"
    args = _parsed(["translate", "x"])
    assert args.to == ("en", "tr") and args.engine == "argos"
    assert args.out == tmp_path / "output"  # a default, but next to migo.toml
    assert args.tm == ()


def test_without_a_file_defaults_are_relative_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert find_config() is None or find_config().parent not in (tmp_path, *tmp_path.parents)
    args = _parsed(["translate", "x"])
    assert args.to is None and args.engine == "argos"
    assert args.locales == Path("locales") and args.glossary == Path("glossaries")


def test_options_win_over_the_file_and_config_names_another_file(tmp_path, monkeypatch):
    (tmp_path / "migo.toml").write_text('languages = "en"\nengine = "argos"\n')
    other = tmp_path / "other.toml"
    other.write_text('languages = ["fa"]\nengine = "none"\n')
    monkeypatch.chdir(tmp_path)
    args = _parsed(["translate", "x", "--to", "tr", "--engine", "pseudo", "--out", "o"])
    assert (args.to, args.engine, args.out) == ("tr", "pseudo", Path("o"))
    for argv in (["--config", "other.toml", "translate", "x"],
                 ["translate", "x", "--config", "other.toml"]):
        args = _parsed(argv)
        assert (args.to, args.engine) == (("fa",), "none")


def test_a_missing_config_file_is_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["status", "--config", "nope.toml"]) == 2
    assert "nope.toml: no such file" in capsys.readouterr().err


def test_no_languages_anywhere_says_what_to_do(tmp_path, monkeypatch, capsys):
    (tmp_path / "issue").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "issue", "--engine", "pseudo"]) == 2
    err = capsys.readouterr().err
    assert "pass --to" in err and "migo init" in err


def test_the_starter_file_has_every_key_and_loads_back(tmp_path):
    path = tmp_path / "migo.toml"
    path.write_text(starter_toml(), encoding="utf-8")
    for key in SETTINGS:
        assert f"\n{key} = " in starter_toml() or f"\n# {key} = " in starter_toml()
    config = load_config(path)
    assert config.get("languages") == ("en", "tr", "ar", "ru", "uk", "pl", "fa")
    assert config.get("glossary") == tmp_path / "glossaries"
    assert config.get("models") is None


def test_every_option_maps_to_a_declared_key():
    assert set(CONFIG_OPTIONS.values()) <= set(SETTINGS)


def test_light_constants_equal_the_real_registries():
    from pipeline.engines import ENGINES
    from pipeline.readability import MAX_WORDS, SCORERS

    assert ENGINE_NAMES == tuple(sorted(ENGINES))
    assert READABILITY_LANGS == tuple(sorted(SCORERS))
    assert READABILITY_MAX_WORDS == MAX_WORDS


def test_line_of_a_key_in_a_table():
    text = '[other]\nengine = 1\n\n[check]\n# engine = 2\nengine = 3\n'
    assert config_module._line_of(text, "check.engine") == 6
    assert config_module._line_of(text, "check") == 4


def test_a_config_error_is_a_migo_error(tmp_path):
    with pytest.raises(ConfigError):
        load_config(tmp_path / "missing" / "migo.toml")


#: Slow imports (0.1-0.7 s each) that only some commands need. spaCy is no runtime
#: dependency any more (the benchmarks' contender); it stays listed so it cannot creep back.
HEAVY = ("textstat", "nltk", "spacy", "numpy", "sacrebleu", "ctranslate2", "lxml",
         "sentencepiece", "pipeline.flow")


def test_importing_the_cli_loads_no_heavy_module():
    """`migo --help` must start quickly: the stages load when a command needs them."""
    code = ("import sys, pipeline.cli; pipeline.cli.build_parser(); "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == ""


def _parsed(argv):
    from pipeline.cli import _fill_from_config

    args = build_parser().parse_args(argv)
    _fill_from_config(args)
    return args


def test_without_a_magazine_folder_the_run_warns_and_points_to_init(tmp_path, monkeypatch,
                                                                    capsys):
    from conftest import SAMPLE_ISSUE

    monkeypatch.chdir(tmp_path)
    assert main(["translate", str(SAMPLE_ISSUE), "--to", "en", "--engine", "pseudo"]) == 0
    out = capsys.readouterr().out
    assert "Glossary: none found at glossaries" in out and "migo init" in out
    assert (tmp_path / "output" / "2024-04" / "en" / "index.html").is_file()


def test_english_variant_is_a_setting_with_two_values(tmp_path):
    from pipeline.config import SETTINGS, load_config, starter_toml
    from pipeline.errors import ConfigError

    assert SETTINGS["english_variant"].default == "en-GB"
    assert '# english_variant = "en-US"' in starter_toml()
    path = tmp_path / "migo.toml"
    path.write_text('english_variant = "en-US"\n', encoding="utf-8")
    assert load_config(path).get("english_variant") == "en-US"
    path.write_text('english_variant = "en-AU"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="en-GB or en-US"):
        load_config(path)

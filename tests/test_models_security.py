"""Model packages from a USB stick or a synced folder cannot escape, bomb or crash migo.

The attacks of issue 13 on model packages, each run through the real command: metadata
codes with ``../``, a 1.1 GB ``metadata.json``, zip bombs, a full disk, malformed
metadata, and a broken package that a run does not need.
"""

from __future__ import annotations

import errno
import json
import resource
import shutil
import zipfile
from pathlib import Path

import pytest

# Shared with the server tests: the fixture build script, "folder as it was", the CLI.
from test_models_install import FIXTURES, ROOT, build_models, one_line, run, snapshot

from pipeline import packages
from pipeline.errors import InputError
from pipeline.files import contained_path, inside


@pytest.fixture()
def models(tmp_path) -> Path:
    """A models folder with de→en installed, and a victim folder next to it."""
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copytree(FIXTURES / "translate-de_en", folder / "translate-de_en")
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "authorized_keys").write_text("ssh-ed25519 AAAA mine\n")
    return folder


# --- one containment helper ---------------------------------------------------------

def test_contained_path_refuses_every_way_out(tmp_path):
    base = tmp_path / "base"
    base.mkdir()
    (tmp_path / "outside").mkdir()
    (base / "link").symlink_to(tmp_path / "outside")
    assert contained_path(base, "translate-en_tr") == base / "translate-en_tr"
    assert contained_path(base, "a", "b") == base / "a" / "b"
    for parts in (["../outside"], [".."], ["/etc"],
                  ["a", "../../x"], ["link"], ["link", "x"], ["."], [""]):
        with pytest.raises(InputError, match="outside this folder"):
            contained_path(base, *parts)
    assert inside(base, base / "x") and not inside(base, base)


# --- metadata codes with ../ ----------------------------------------------------------------

def _archive_with_codes(tmp_path: Path, frm: str, to: str, top: str = "translate-en_tr") -> Path:
    archive = build_models.zip_fixture("translate-en_tr", tmp_path / "attack",
                                       from_code=frm, to_code=to)
    if top != "translate-en_tr":
        renamed = tmp_path / "attack" / f"{top}.argosmodel"
        with zipfile.ZipFile(archive) as src, zipfile.ZipFile(renamed, "w") as dst:
            for info in src.infolist():
                dst.writestr(top + info.filename.removeprefix("translate-en_tr"),
                             src.read(info))
        return renamed
    return archive


@pytest.mark.parametrize("frm, to", [
    ("en", "../../victim"), ("../../victim", "x"), ("en", "tr/../../../victim"),
    ("en", "tr\n"), ("en", "TR"), ("en", ""),
])
def test_codes_that_are_not_language_codes_are_refused(models, tmp_path, capsys, frm, to):
    # The archive's top folder "model" is taken by de→en, so the old code fell back to
    # translate-{from}_{to}: the name the attack controls.
    (models / "translate-de_en").rename(models / "model")
    archive = _archive_with_codes(tmp_path, frm, to, top="model")
    before, victim = snapshot(models), snapshot(tmp_path / "victim")
    code, _, err = run(capsys, "models", "install", archive, "--models", models)
    assert code == 3 and "Traceback" not in one_line(err)
    assert ("not a language code" in err or "no to_code" in err or "not text" in err)
    assert snapshot(models) == before and snapshot(tmp_path / "victim") == victim


def test_a_planted_symlink_in_the_models_folder_is_not_followed(models, tmp_path, capsys):
    (models / "translate-en_tr").symlink_to(tmp_path / "victim")
    archive = build_models.zip_fixture("translate-en_tr", tmp_path / "files")
    victim = snapshot(tmp_path / "victim")
    code, _, err = run(capsys, "models", "install", archive, "--models", models)
    assert code == 2 and "outside this folder" in one_line(err)
    assert snapshot(tmp_path / "victim") == victim
    assert (models / "translate-en_tr").is_symlink()
    assert not [p for p in models.iterdir() if p.name.startswith(".")]


def test_a_package_folder_with_bad_codes_is_named_and_never_used(models, tmp_path, capsys):
    shutil.copytree(FIXTURES / "translate-en_tr", models / "evil")
    meta = json.loads((models / "evil" / "metadata.json").read_text())
    meta["to_code"] = "../../victim"
    (models / "evil" / "metadata.json").write_text(json.dumps(meta))
    code, out, _ = run(capsys, "models", "list", "--models", models)
    assert code == 0 and "(evil)" in out and "not a language code" in out
    assert "victim" not in out.split("German can be translated into:")[1]


# --- bounded sizes -------------------------------------------------------------------------

def _declared_huge_metadata(path: Path, size: int = 1_100_000_000) -> Path:
    """A tiny archive whose central directory says metadata.json is 1.1 GB.

    Writing a real 1.1 GB entry takes seconds; what matters is that migo refuses from
    the declared size without reading the entry at all.
    """
    shutil.copy(build_models.zip_fixture("translate-en_tr", path.parent / "clean"), path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("translate-en_tr/metadata.json.tmp", b"{}")
        zf.filelist[-1].filename = "translate-en_tr/metadata.json"
        zf.filelist = [i for i in zf.filelist if i.filename != "translate-en_tr/metadata.json"
                       or i is zf.filelist[-1]]
        zf.filelist[-1].file_size = size
    return path


def _deflated(path: Path, name: str, size: int) -> Path:
    """A real bomb: ``size`` bytes of spaces that deflate to a few hundred kB."""
    shutil.copy(build_models.zip_fixture("translate-en_tr", path.parent / "clean"), path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf, \
            zf.open(name, "w", force_zip64=True) as out:
        chunk = b" " * (1 << 20)
        for _ in range(size >> 20):
            out.write(chunk)
    return path


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("kind", ["declared-1.1GB", "real-64MB"])
def test_a_huge_metadata_json_is_never_read(models, tmp_path, capsys, kind):
    usb = tmp_path / "usb"
    usb.mkdir()
    if kind == "declared-1.1GB":
        archive = _declared_huge_metadata(usb / "translate-en_tr.argosmodel")
    else:
        archive = _deflated(usb / "translate-en_tr.argosmodel", "translate-en_tr/metadata.json",
                            64 << 20)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code, out, _ = run(capsys, "models", "list", "--models", usb)
    assert code == 0 and "metadata.json of" in out and "refused" in out
    before = snapshot(models)
    code, _, err = run(capsys, "models", "install", archive, "--models", models)
    assert code == 3 and "metadata.json of" in one_line(err)
    assert snapshot(models) == before
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak
    assert grown_kb < 50_000  # never held in memory


def test_a_huge_metadata_json_in_a_package_folder_is_never_read(models, capsys):
    """A sparse 1.1 GB file: instant to make, and read in full by a naive json.load."""
    shutil.copytree(FIXTURES / "translate-en_tr", models / "huge")
    with open(models / "huge" / "metadata.json", "r+b") as handle:
        handle.truncate(1_100_000_000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code, out, _ = run(capsys, "models", "list", "--models", models)
    assert code == 0 and "(huge)" in out and "larger than 1.0 MB" in out
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 50_000


def test_a_zip_bomb_is_refused_before_unpacking(models, tmp_path, capsys):
    archive = _deflated(tmp_path / "bomb.argosmodel", "translate-en_tr/model/extra.bin",
                        200 << 20)
    assert archive.stat().st_size < 2_000_000
    before = snapshot(models)
    code, _, err = run(capsys, "models", "install", archive, "--models", models)
    assert code == 3 and "zip bomb" in one_line(err) and "bomb.argosmodel" in err
    assert snapshot(models) == before


def test_the_absolute_unpacked_size_is_bounded(models, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(packages, "MAX_UNPACKED_BYTES", 100_000)
    archive = build_models.zip_fixture("translate-en_tr", tmp_path / "files")
    before = snapshot(models)
    code, _, err = run(capsys, "models", "install", archive, "--models", models)
    assert code == 3 and "zip bomb" in one_line(err)
    assert snapshot(models) == before


def test_a_lying_size_in_the_zip_header_stops_at_the_bound(models, tmp_path, capsys,
                                                          monkeypatch):
    """The byte count while unpacking is a second bound, for headers that lie."""
    archive = build_models.zip_fixture("translate-en_tr", tmp_path / "files")
    monkeypatch.setattr(packages, "_check_entries",
                        lambda zf, path: "translate-en_tr")  # pretend the header passed
    monkeypatch.setattr(packages, "MAX_UNPACKED_BYTES", 300_000)
    before = snapshot(models)
    code, _, err = run(capsys, "models", "install", archive, "--models", models)
    assert code == 3 and "more than 0.3 MB" in one_line(err)
    assert snapshot(models) == before


def test_a_full_disk_names_the_file(models, tmp_path, capsys, monkeypatch):
    real_open = open

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    def fake_open(path, mode="r", *args, **kwargs):
        handle = real_open(path, mode, *args, **kwargs)
        return FullDisk(handle) if "model.bin" in str(path) and "x" in mode else handle

    monkeypatch.setattr(packages, "open", fake_open, raising=False)
    archive = build_models.zip_fixture("translate-en_tr", tmp_path / "files")
    before = snapshot(models)
    code, _, err = run(capsys, "models", "install", archive, "--models", models)
    assert code == 3 and "no space left" in one_line(err)
    assert "translate-en_tr/model/model.bin" in err and archive.name in err
    assert snapshot(models) == before


# --- malformed metadata: one-line errors, and runs that do not need it go on -------------------

MALFORMED = {
    "nested-deep": "[" * 100_000 + "]" * 100_000,
    "a-list": "[1, 2, 3]",
    "null": "null",
    "code-is-object": json.dumps({"from_code": {"a": 1}, "to_code": "tr"}),
    "code-is-number": json.dumps({"from_code": "en", "to_code": 5}),
    "codes-list-of-objects": json.dumps({"from_codes": [{"a": 1}], "to_code": "tr"}),
    "version-is-list": json.dumps({"from_code": "en", "to_code": "tr",
                                   "package_version": [1, 2]}),
    "version-huge-string": json.dumps({"from_code": "en", "to_code": "tr",
                                       "package_version": "9" * 100_000}),
    "version-huge-integer": '{"from_code": "en", "to_code": "tr", "package_version": '
                            + "9" * 100_000 + "}",
    "prefix-is-object": json.dumps({"from_code": "en", "to_code": "tr",
                                    "target_prefix": {"x": 1}}),
    "not-utf8": b"\xff\xfe{}".decode("latin-1"),
}


def _with_metadata(folder: Path, text: str) -> Path:
    shutil.copytree(FIXTURES / "translate-en_tr", folder)
    (folder / "metadata.json").write_bytes(text.encode("latin-1") if text.startswith("\xff")
                                           else text.encode("utf-8"))
    return folder


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_metadata_is_one_line_never_a_traceback(models, tmp_path, capsys, name):
    broken = _with_metadata(models / "broken", MALFORMED[name])
    code, out, err = run(capsys, "models", "list", "--models", models)
    assert code == 0 and "Traceback" not in err
    line = next(line for line in out.splitlines() if "(broken)" in line)
    assert "not usable" in line and len(line) < 400

    archive = build_models.zip_package(broken, tmp_path / f"{name}.argosmodel")
    shutil.rmtree(broken)
    before = snapshot(models)
    code, _, err = run(capsys, "models", "install", archive, "--models", models)
    assert code == 3 and f"{name}.argosmodel" in one_line(err) and len(err) < 400
    assert snapshot(models) == before


@pytest.mark.parametrize("name", ["nested-deep", "code-is-number", "version-huge-integer"])
def test_a_broken_package_a_run_does_not_need_is_a_warning(models, tmp_path, capsys, name):
    _with_metadata(models / "broken", MALFORMED[name])
    code, _, err = run(capsys, "translate", ROOT / "input" / "2024-04", "--to", "en",
                       "--engine", "argos", "--models", models, "--locales",
                       tmp_path / "locales", "--out", tmp_path / "out", "--quiet")
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("migo: warning:")]
    assert len(warnings) == 1 and "broken" in warnings[0] and "not needed" in warnings[0]
    assert (tmp_path / "out" / "2024-04" / "en" / "index.html").is_file()


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_an_entry_given_twice_is_refused(models, tmp_path, capsys):
    archive = build_models.zip_fixture("translate-en_tr", tmp_path / "files")
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("translate-en_tr/sentencepiece.model", b"second copy")
    before = snapshot(models)
    code, _, err = run(capsys, "models", "install", archive, "--models", models)
    assert code == 3 and "twice" in one_line(err)
    assert snapshot(models) == before


def test_a_broken_archive_in_the_folder_does_not_stop_other_runs(models, tmp_path, capsys):
    (models / "kaputt.argosmodel").write_bytes(b"PK\x03\x04 truncated")
    code, out, _ = run(capsys, "models", "list", "--models", models)
    assert code == 0 and "(kaputt.argosmodel)" in out and "not usable" in out
    code, _, err = run(capsys, "translate", ROOT / "input" / "2024-04", "--to", "en",
                       "--engine", "argos", "--models", models, "--locales",
                       tmp_path / "locales", "--out", tmp_path / "out", "--quiet")
    assert code == 0 and "kaputt.argosmodel" in err and "warning" in err

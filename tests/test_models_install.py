"""`migo models install/pack/verify/list/remove` against a real HTTP server on 127.0.0.1.

The server is started and stopped by each test; it serves an index in Argos's format
(with ``ipfs://`` mirrors, as the real one has) and the project's tiny packages zipped
as ``.argosmodel`` files. After every failure the models folder must be byte for byte
what it was, with no temporary files left.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import load_build_models

from pipeline import models as models_module
from pipeline.cli import main
from pipeline.models import DEFAULT_INDEX_BASE, INDEX_CACHE, MANIFEST, index_location

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "models"
PAIRS = {("de", "en"): "translate-de_en", ("en", "tr"): "translate-en_tr",
         ("en", "ar"): "translate-en_ar"}




build_models = load_build_models()


# --- the test server ---------------------------------------------------------------

class Server:
    """A threaded http.server on 127.0.0.1 serving ``root``, with a few failure modes.

    ``/dead/…`` answers 404, ``/truncated/NAME`` promises NAME's full length and sends
    half, ``/broken/…`` answers 503, ``/moved/NAME`` redirects to NAME and
    ``/to-ftp/NAME`` to an ftp:// URL. Every requested path is recorded.
    """

    def __init__(self, root: Path):
        self.root = root
        self.requests: list[str] = []
        server = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(root), **kwargs)

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append(self.path)
                if self.path.startswith("/dead/"):
                    self.send_error(404)
                elif self.path.startswith("/broken/"):
                    self.send_error(503)
                elif self.path.startswith(("/moved/", "/to-ftp/")):
                    name = self.path.split("/", 2)[2]
                    scheme = "ftp://127.0.0.1:9/" if self.path.startswith("/to-ftp/") else \
                        server.url
                    self.send_response(302)
                    self.send_header("Location", scheme + name)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif self.path.startswith("/truncated/"):
                    data = (root / self.path.removeprefix("/truncated/")).read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data[: len(data) // 2])
                    self.close_connection = True
                else:
                    super().do_GET()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if not self.thread.is_alive():
            return
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def downloads(self) -> list[str]:
        return [r for r in self.requests if r.endswith(".argosmodel")]


def write_index(root: Path, url: str, versions: dict | None = None,
                links=lambda url, name: ["ipfs://bafy" + name[:8], url + name]) -> None:
    """Argos's index format: no size, no checksum, a list of links per package."""
    versions = versions or {}
    entries = []
    for (frm, to), name in PAIRS.items():
        version = versions.get((frm, to), "1.0")
        archive = build_models.zip_fixture(name, root, version)
        entries.append({"package_version": version, "argos_version": "1.9.0",
                        "from_code": frm, "from_name": frm, "to_code": to, "to_name": to,
                        "links": links(url, archive.name), "code": f"translate-{frm}_{to}"})
    (root / "index.json").write_text(json.dumps(entries, indent=1), encoding="utf-8")


@pytest.fixture()
def server(tmp_path):
    root = tmp_path / "served"
    root.mkdir()
    srv = Server(root)
    try:
        socket.create_connection(srv.httpd.server_address, timeout=2).close()
    except OSError as exc:  # `unshare -n` without `ip link set lo up`: no loopback
        srv.stop()
        pytest.skip(f"127.0.0.1 is unreachable here ({exc.strerror}); these tests need "
                    "the loopback interface, nothing else")
    write_index(root, srv.url)
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def no_outside_world(monkeypatch, tmp_path):
    """No test may reach anything but 127.0.0.1, nor write into the user's folders."""
    monkeypatch.setattr(models_module, "RETRY_PAUSE_SECONDS", 0)
    monkeypatch.setattr(models_module, "TIMEOUT_SECONDS", 5)
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/nowhere")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "default-models"))
    for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(proxy, raising=False)


def snapshot(folder: Path) -> dict[str, str] | None:
    """Every name below ``folder`` with the sha256 of files: "exactly as it was"."""
    if not folder.exists():
        return None
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest()
                                               if p.is_file() else "dir")
            for p in sorted(folder.rglob("*"))}


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def install(capsys, models: Path, *what, index=None, extra=()) -> tuple[int, str, str]:
    args = ["models", "install", *what, "--models", models, "--quiet", *extra]
    if index is not None:
        args += ["--index", index]
    return run(capsys, *args)


def installed_pairs(models: Path) -> dict[str, str]:
    manifest = json.loads((models / MANIFEST).read_text(encoding="utf-8"))["packages"]
    return {record["pair"]: record["version"] for record in manifest.values()}


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


# --- install by language ----------------------------------------------------------------

def test_install_by_language_goes_through_english(server, tmp_path, capsys):
    models = tmp_path / "models"
    code, out, err = install(capsys, models, "tr,ar", index=server.url)
    assert code == 0, err
    assert installed_pairs(models) == {"de→en": "1.0", "en→tr": "1.0", "en→ar": "1.0"}
    assert sorted(p.name for p in models.iterdir()) == sorted(
        [INDEX_CACHE, MANIFEST, "translate-de_en", "translate-en_ar", "translate-en_tr"])
    assert sorted(server.downloads()) == sorted(
        f"/{name}-1_0.argosmodel" for name in PAIRS.values())  # de→en fetched once
    assert "Installed de→en" in out and "Installed en→ar" in out
    manifest = json.loads((models / MANIFEST).read_text())["packages"]
    served = server.root / "translate-en_tr-1_0.argosmodel"
    assert manifest["translate-en_tr"]["archive_sha256"] == hashlib.sha256(
        served.read_bytes()).hexdigest()
    assert manifest["translate-en_tr"]["archive_size"] == served.stat().st_size
    cache = json.loads((models / INDEX_CACHE).read_text())
    assert cache["url"] == server.url + "index.json" and cache["fetched"][:2] == "20"


def test_a_language_already_installed_is_left_alone(server, tmp_path, capsys):
    models = tmp_path / "models"
    assert install(capsys, models, "tr", index=server.url)[0] == 0
    before, downloads = snapshot(models), len(server.downloads())
    code, out, _ = install(capsys, models, "tr", index=server.url)
    assert code == 0 and "Already installed: en→tr (version 1.0)" in out
    after = snapshot(models)
    before.pop(INDEX_CACHE), after.pop(INDEX_CACHE)  # refreshed with its new date
    assert after == before and len(server.downloads()) == downloads


def test_a_newer_version_replaces_the_old_one_only_with_upgrade(server, tmp_path, capsys):
    models = tmp_path / "models"
    assert install(capsys, models, "tr", index=server.url)[0] == 0
    write_index(server.root, server.url, versions={("en", "tr"): "1.1"})
    before = snapshot(models)
    code, out, _ = install(capsys, models, "tr", index=server.url)
    assert code == 0 and "1.1 is available" in out and "--upgrade" in out
    assert installed_pairs(models)["en→tr"] == "1.0"
    assert {k: v for k, v in snapshot(models).items() if k != INDEX_CACHE} == {
        k: v for k, v in before.items() if k != INDEX_CACHE}

    code, out, _ = install(capsys, models, "tr", index=server.url, extra=["--upgrade"])
    assert code == 0 and "Installed en→tr (version 1.1)" in out
    assert installed_pairs(models) == {"de→en": "1.0", "en→tr": "1.1"}
    metadata = json.loads((models / "translate-en_tr" / "metadata.json").read_text())
    assert metadata["package_version"] == "1.1"
    assert not [p for p in models.iterdir() if p.name.startswith(".")]


def test_a_broken_upgrade_keeps_the_old_version(server, tmp_path, capsys):
    models = tmp_path / "models"
    assert install(capsys, models, "tr", index=server.url)[0] == 0
    write_index(server.root, server.url, versions={("en", "tr"): "1.1"})
    (server.root / "translate-en_tr-1_1.argosmodel").write_bytes(b"PK\x03\x04 not a zip")
    before = snapshot(models)
    code, _, err = install(capsys, models, "tr", index=server.url, extra=["--upgrade"])
    assert code == 3 and "en→tr" in one_line(err)
    assert snapshot(models) == before


def test_a_dead_first_link_falls_back_to_the_mirror(server, tmp_path, capsys):
    write_index(server.root, server.url, links=lambda url, name: [
        "ipfs://bafybeigdyr", url + "dead/" + name, "http://127.0.0.1:9/" + name, url + name])
    models = tmp_path / "models"
    code, _, err = install(capsys, models, "tr", index=server.url)
    assert code == 0, err
    assert "/dead/translate-en_tr-1_0.argosmodel" in server.requests
    assert not any("bafy" in r for r in server.requests)
    assert installed_pairs(models) == {"de→en": "1.0", "en→tr": "1.0"}
    manifest = json.loads((models / MANIFEST).read_text())["packages"]
    assert manifest["translate-en_tr"]["source"] == server.url + "translate-en_tr-1_0.argosmodel"


def test_a_mirror_with_a_damaged_file_moves_on_to_the_next_link(server, tmp_path, capsys):
    damaged = server.root / "damaged"
    damaged.mkdir()
    for archive in server.root.glob("*.argosmodel"):
        (damaged / archive.name).write_bytes(archive.read_bytes()[:-200])
    write_index(server.root, server.url, links=lambda url, name: [
        url + "damaged/" + name, url + name])
    models = tmp_path / "models"
    code, _, err = install(capsys, models, "tr", index=server.url)
    assert code == 0, err
    assert "/damaged/translate-en_tr-1_0.argosmodel" in server.requests
    assert installed_pairs(models) == {"de→en": "1.0", "en→tr": "1.0"}


def test_redirects_are_followed_to_http_only(server, tmp_path, capsys):
    write_index(server.root, server.url, links=lambda url, name: [
        url + "to-ftp/" + name, url + "moved/" + name])
    models = tmp_path / "models"
    code, _, err = install(capsys, models, "tr", index=server.url)
    assert code == 0, err
    assert "/moved/translate-en_tr-1_0.argosmodel" in server.requests
    write_index(server.root, server.url, links=lambda url, name: [url + "to-ftp/" + name])
    code, _, err = install(capsys, models, "ar", index=server.url)
    assert code == 3 and "redirect to ftp://" in one_line(err) and "refused" in err


def test_every_link_failing_is_exit_3_naming_each_and_changes_nothing(server, tmp_path, capsys):
    models = tmp_path / "models"
    assert install(capsys, models, "tr", index=server.url)[0] == 0
    write_index(server.root, server.url, links=lambda url, name: [
        url + "dead/" + name, url + "broken/" + name])
    before = snapshot(models)
    code, _, err = install(capsys, models, "ar", index=server.url)
    assert code == 3
    assert "en→ar" in one_line(err) and "HTTP 404" in err and "HTTP 503" in err
    assert server.requests.count("/broken/translate-en_ar-1_0.argosmodel") == 2  # one retry
    assert snapshot(models) == before


def test_an_unreachable_index_without_a_cache_stops_at_once(server, tmp_path, capsys):
    models = tmp_path / "models"
    code, _, err = install(capsys, models, "tr", index=server.url + "broken/")
    assert code == 3 and "cannot reach the model index" in one_line(err)
    assert "--index" in err and "migo models pack" in err
    assert server.requests == ["/broken/index.json"]  # one attempt, no retry loop
    assert snapshot(models) is None  # not even created


def test_an_unreachable_index_with_a_cache_uses_the_cache(server, tmp_path, capsys):
    models = tmp_path / "models"
    url = server.url
    assert install(capsys, models, "tr", index=url)[0] == 0
    server.stop()
    before = snapshot(models)
    code, out, _ = install(capsys, models, "tr", index=url)
    assert code == 0 and "cached on 20" in out and "Already installed: en→tr" in out
    code, _, err = install(capsys, models, "ar", index=url)  # the cache lists en→ar …
    assert code == 3 and "could not get the en→ar package" in one_line(err)  # … offline
    assert snapshot(models) == before


def test_a_truncated_download_is_retried_then_refused(server, tmp_path, capsys):
    write_index(server.root, server.url,
                links=lambda url, name: [url + "truncated/" + name])
    models = tmp_path / "models"
    code, _, err = install(capsys, models, "tr", index=server.url)
    assert code == 3 and "broke off after" in one_line(err)
    assert server.requests.count("/truncated/translate-de_en-1_0.argosmodel") == 2
    assert snapshot(models) is None


def test_a_truncated_first_link_and_a_good_mirror(server, tmp_path, capsys):
    write_index(server.root, server.url,
                links=lambda url, name: [url + "truncated/" + name, url + name])
    models = tmp_path / "models"
    assert install(capsys, models, "tr", index=server.url)[0] == 0
    assert installed_pairs(models) == {"de→en": "1.0", "en→tr": "1.0"}


def _hostile_archive(path: Path, extra: list[tuple[str, bytes]], symlink: str = "") -> Path:
    """A real fixture package plus entries an attacker added."""
    import zipfile

    shutil.copy(build_models.zip_fixture("translate-en_tr", path.parent / "clean"), path)
    with zipfile.ZipFile(path, "a") as zf:
        for name, data in extra:
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo("translate-en_tr/model/link")
            info.external_attr = (0o120777 << 16)
            zf.writestr(info, symlink)
    return path


@pytest.mark.parametrize("extra, symlink, problem", [
    ([("translate-en_tr/../../escaped.txt", b"owned")], "", "unsafe path"),
    ([("translate-en_tr/model/../../../escaped.txt", b"owned")], "", "unsafe path"),
    ([], "/root/.ssh/authorized_keys", "symbolic link"),
], ids=["dotdot", "nested-dotdot", "symlink"])
def test_hostile_zips_from_the_index_change_nothing(server, tmp_path, capsys, extra,
                                                    symlink, problem):
    models = tmp_path / "models"
    assert install(capsys, models, "en", index=server.url)[0] == 0
    _hostile_archive(server.root / "translate-en_tr-1_0.argosmodel", extra, symlink)
    before, outside = snapshot(models), snapshot(tmp_path)
    code, _, err = install(capsys, models, "tr", index=server.url)
    assert code == 3 and problem in one_line(err)
    assert snapshot(models) == before
    assert not (tmp_path / "escaped.txt").exists() and not (models.parent / "escaped.txt").exists()
    assert snapshot(tmp_path) == outside


def test_hostile_zips_given_as_files_change_nothing(tmp_path, capsys):
    models = tmp_path / "models"
    models.mkdir()
    archive = _hostile_archive(tmp_path / "evil.argosmodel",
                               [("translate-en_tr/../../escaped.txt", b"owned")])
    code, _, err = install(capsys, models, archive)
    assert code == 3 and "unsafe path" in one_line(err)
    assert snapshot(models) == {}
    linked = _hostile_archive(tmp_path / "link.argosmodel", [], symlink="/etc/passwd")
    code, _, err = install(capsys, models, linked)
    assert code == 3 and "symbolic link" in one_line(err)
    assert snapshot(models) == {}


# --- USB copies --------------------------------------------------------------------------

def pack(capsys, server, out: Path, langs="tr") -> None:
    code, _, err = run(capsys, "models", "pack", langs, "--out", out, "--index", server.url,
                       "--quiet")
    assert code == 0, err


def test_pack_writes_archives_and_an_index_with_size_and_sha256(server, tmp_path, capsys):
    usb = tmp_path / "usb"
    pack(capsys, server, usb)
    index = json.loads((usb / "index.json").read_text())
    assert [(e["from_code"], e["to_code"]) for e in index] == [("de", "en"), ("en", "tr")]
    for entry in index:
        archive = usb / entry["links"][0]
        assert entry["size"] == archive.stat().st_size
        assert entry["sha256"] == hashlib.sha256(archive.read_bytes()).hexdigest()
        assert {"package_version", "argos_version", "from_name", "to_name"} <= set(entry)
    pack(capsys, server, usb, "ar")  # a second go adds to the stick
    index = json.loads((usb / "index.json").read_text())
    assert len(index) == 3 and len(list(usb.glob("*.argosmodel"))) == 3
    assert not [p for p in usb.iterdir() if p.name.startswith(".")]


def test_a_failed_pack_leaves_no_folder_behind(server, tmp_path, capsys):
    write_index(server.root, server.url, links=lambda url, name: [url + "dead/" + name])
    code, _, err = run(capsys, "models", "pack", "tr", "--out", tmp_path / "usb",
                       "--index", server.url, "--quiet")
    assert code == 3 and "HTTP 404" in one_line(err)
    assert not (tmp_path / "usb").exists()
    code, _, err = run(capsys, "models", "pack", "xh", "--out", tmp_path / "usb",
                       "--index", server.url)
    assert code == 2 and "no route from German to xh" in one_line(err)
    assert not (tmp_path / "usb").exists()


def test_a_checksum_mismatch_from_a_usb_copy_changes_nothing(server, tmp_path, capsys):
    usb = tmp_path / "usb"
    pack(capsys, server, usb)
    archive = next(usb.glob("translate-en_tr-*.argosmodel"))
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte, same size
    archive.write_bytes(bytes(data))
    models = tmp_path / "models"
    assert install(capsys, models, "en", index=usb)[0] == 0
    before = snapshot(models)
    code, _, err = install(capsys, models, "tr", index=usb)
    assert code == 3 and "checksum mismatch" in one_line(err) and "en→tr" in err
    assert snapshot(models) == before


def _network_namespace_available() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-n", "true"], check=False, capture_output=True).returncode == 0


def test_pack_then_install_with_the_network_off(server, tmp_path, capsys):
    if not _network_namespace_available():
        if os.environ.get("CI"):
            pytest.fail("unshare -n is needed for the offline test in CI")
        pytest.skip("unshare -n is not available here")
    usb = tmp_path / "usb"
    pack(capsys, server, usb, "tr,ar")
    models = tmp_path / "models"
    env = {k: v for k, v in os.environ.items() if k != "ARGOS_PACKAGES_DIR"}
    command = [sys.executable, "-m", "pipeline.cli"]
    probe = subprocess.run(["unshare", "-n", sys.executable, "-c",
                            "import urllib.request as u; u.urlopen('" + server.url + "', "
                            "timeout=2)"], check=False, capture_output=True, text=True)
    assert probe.returncode != 0  # really offline: even 127.0.0.1 of the host is gone
    done = subprocess.run(["unshare", "-n", *command, "models", "install", "tr,ar",
                           "--index", str(usb), "--models", str(models), "--quiet"],
                          check=False, capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert installed_pairs(models) == {"de→en": "1.0", "en→tr": "1.0", "en→ar": "1.0"}
    assert not (models / INDEX_CACHE).exists()  # a folder index is not cached


def test_install_from_a_folder_of_archives_without_index(tmp_path, capsys):
    folder = tmp_path / "stick"
    for name in PAIRS.values():
        build_models.zip_fixture(name, folder)
    models = tmp_path / "models"
    code, out, err = install(capsys, models, extra=["--from", folder])
    assert code == 0, err
    assert installed_pairs(models) == {"de→en": "1.0", "en→tr": "1.0", "en→ar": "1.0"}
    code, out, _ = install(capsys, models, "tr", extra=["--from", folder])
    assert code == 0 and "Already installed" in out


def test_installing_several_files_is_all_or_nothing(tmp_path, capsys):
    good = build_models.zip_fixture("translate-de_en", tmp_path / "files")
    bad = tmp_path / "files" / "kaputt.argosmodel"
    bad.write_bytes(b"not a zip")
    models = tmp_path / "models"
    code, _, err = install(capsys, models, good, bad)
    assert code == 3 and "kaputt.argosmodel" in one_line(err)
    assert snapshot(models) is None
    code, out, _ = install(capsys, models, good)
    assert code == 0 and "Installed de→en" in out and installed_pairs(models) == {
        "de→en": "1.0"}


# --- list, verify, remove -----------------------------------------------------------------

@pytest.fixture()
def installed(server, tmp_path, capsys) -> Path:
    models = tmp_path / "models"
    assert install(capsys, models, "tr,ar", index=server.url)[0] == 0
    return models


def test_list_shows_size_source_checksum_and_reachable_languages(installed, server, capsys):
    code, out, _ = run(capsys, "models", "list", "--models", installed)
    assert code == 0
    line = next(line for line in out.splitlines() if "en→tr" in line)
    assert line.strip().startswith("en→tr  version 1.0  (translate-en_tr)")
    assert "MB" in line or "kB" in line
    assert "checksum ok" in line and f"from {server.url}translate-en_tr-1_0" in line
    assert "German can be translated into: ar (de→en→ar), en (de→en), tr (de→en→tr)" in out
    assert "Index cached on 20" in out and f"from {server.url}index.json" in out


def test_verify_passes_on_good_packages_and_names_a_damaged_one(installed, capsys):
    code, out, _ = run(capsys, "models", "verify", "--models", installed)
    assert code == 0 and out.count("ok ") == 3
    model_bin = installed / "translate-en_tr" / "model" / "model.bin"
    model_bin.write_bytes(model_bin.read_bytes()[:1000])
    code, out, err = run(capsys, "models", "verify", "--models", installed)
    assert code == 1 and "1 of 3 packages broken" in err
    broken = [line for line in out.splitlines() if line.startswith("BROKEN")]
    assert len(broken) == 1 and "en→tr" in broken[0] and "MISMATCH" in broken[0]
    assert f"migo models install tr --force --models {installed}" in broken[0]
    code, out, _ = run(capsys, "models", "list", "--models", installed)
    assert "checksum MISMATCH" in next(line for line in out.splitlines() if "en→tr" in line)


def test_the_repair_command_repairs(installed, server, capsys):
    model_bin = installed / "translate-en_tr" / "model" / "model.bin"
    model_bin.write_bytes(b"garbage")
    code, _, _ = install(capsys, installed, "tr", index=server.url, extra=["--force"])
    assert code == 0
    assert run(capsys, "models", "verify", "--models", installed)[0] == 0


def test_verify_catches_a_package_that_does_not_load_without_a_checksum(tmp_path, capsys):
    models = tmp_path / "models"
    shutil.copytree(FIXTURES / "translate-de_en", models / "translate-de_en")
    code, out, _ = run(capsys, "models", "verify", "--models", models)
    assert code == 0 and "ok      de→en" in out  # copied by hand: loads, nothing recorded
    (models / "translate-de_en" / "model" / "config.json").write_text("{", encoding="utf-8")
    (models / "translate-de_en" / "model" / "model.bin").write_bytes(b"\0" * 64)
    code, out, _ = run(capsys, "models", "verify", "--models", models)
    assert code == 1 and "does not load" in out and "migo models install en --force" in out


def test_remove_says_which_languages_stop_being_reachable(installed, capsys):
    code, out, _ = run(capsys, "models", "remove", "en-tr", "--models", installed)
    assert code == 0 and "no longer be translated into: tr." in out
    assert not (installed / "translate-en_tr").exists()
    assert set(installed_pairs(installed)) == {"de→en", "en→ar"}
    code, out, _ = run(capsys, "models", "remove", "de→en", "--models", installed)
    assert code == 0 and "no longer be translated into: ar, en." in out
    assert not [p for p in installed.iterdir() if p.name.startswith(".")]
    before = snapshot(installed)
    code, _, err = run(capsys, "models", "remove", "en→fa", "--models", installed)
    assert code == 2 and "no package en→fa" in one_line(err) and "en→ar" in err
    assert run(capsys, "models", "remove", "nonsense", "--models", installed)[0] == 2
    assert snapshot(installed) == before


def test_remove_also_takes_an_archive_lying_in_the_models_folder(tmp_path, capsys):
    models = tmp_path / "usb"
    for name in PAIRS.values():
        build_models.zip_fixture(name, models)
    code, out, _ = run(capsys, "models", "remove", "en_ar", "--models", models)
    assert code == 0 and "(translate-en_ar-1_0.argosmodel)" in out and ": ar." in out
    assert sorted(p.name for p in models.iterdir()) == [
        MANIFEST, "translate-de_en-1_0.argosmodel", "translate-en_tr-1_0.argosmodel"]


# --- usage errors and where the index is ------------------------------------------------------

@pytest.mark.parametrize("what, problem", [
    ("xh", "no route from German to xh"),
    ("../tr", "is not a language code"),
    ("de", "source language"),
])
def test_bad_languages_are_exit_2(server, tmp_path, capsys, what, problem):
    code, _, err = install(capsys, tmp_path / "models", what, index=server.url)
    assert code == 2 and problem in one_line(err)
    assert snapshot(tmp_path / "models") is None


def test_an_unreadable_index_file_is_exit_2(tmp_path, capsys):
    bad = tmp_path / "index.json"
    bad.write_text('{"not": "a list"}', encoding="utf-8")
    code, _, err = install(capsys, tmp_path / "models", "tr", index=bad)
    assert code == 2 and "not a package index" in one_line(err)
    code, _, err = install(capsys, tmp_path / "models", "tr", index=tmp_path / "missing")
    assert code == 2 and "no such index" in one_line(err)


def test_index_location_order(monkeypatch):
    assert index_location("/media/usb") == "/media/usb"
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:1/mirror/")
    assert index_location(None) == "http://127.0.0.1:1/mirror/"
    assert models_module._index_url(index_location(None)) == "http://127.0.0.1:1/mirror/index.json"
    assert models_module._index_url("http://h/x") == "http://h/x/index.json"
    assert models_module._index_url("http://h/x/my.json") == "http://h/x/my.json"
    monkeypatch.delenv("ARGOS_PACKAGE_INDEX")
    assert index_location(None) == DEFAULT_INDEX_BASE
    assert DEFAULT_INDEX_BASE.endswith("argospm-index/main")


def test_the_environment_variable_is_a_base_url_as_in_argos(server, tmp_path, monkeypatch,
                                                            capsys):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", server.url.rstrip("/"))
    assert install(capsys, tmp_path / "models", "tr")[0] == 0
    assert server.requests[0] == "/index.json"


# --- the whole way: a fresh install to translated pages -----------------------------------

def test_missing_model_error_names_the_exact_command(tmp_path, capsys):
    code, _, err = run(capsys, "translate", ROOT / "input" / "2024-04", "--to", "tr",
                       "--models", tmp_path / "empty", "--locales", tmp_path / "locales",
                       "--out", tmp_path / "out", "--quiet")
    assert code == 3
    assert f"migo models install tr --models {tmp_path / 'empty'}" in one_line(err)
    assert "--engine pseudo" in err


def test_from_a_fresh_install_to_translated_pages(server, tmp_path, capsys):
    models = tmp_path / "models"
    code, _, err = run(capsys, "models", "install", "tr,ar", "--index", server.url,
                       "--models", models)
    assert code == 0, err
    code, _, err = run(capsys, "translate", ROOT / "input" / "2024-04", "--to", "tr,ar",
                       "--engine", "argos", "--models", models, "--locales",
                       tmp_path / "locales", "--out", tmp_path / "out", "--quiet")
    assert code == 0, err
    assert (tmp_path / "locales" / "tr" / "LC_MESSAGES" / "2024-04.po").is_file()
    assert (tmp_path / "out" / "2024-04" / "index.html").is_file()
    for lang in ("tr", "ar"):
        assert (tmp_path / "out" / "2024-04" / lang / "index.html").is_file()
    report = json.loads((tmp_path / "out" / "2024-04" / "report.json").read_text())
    assert report["languages"]["ar"]["machine_translated"] > 0


def test_languages_models_folder_and_index_come_from_migo_toml(server, tmp_path, capsys,
                                                               monkeypatch):
    """A magazine folder made by `migo init` needs only `migo models install`."""
    (tmp_path / "migo.toml").write_text(
        f'languages = ["tr"]\nmodels = "models"\nmodel_index = "{server.url}"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "models", "install")
    assert code == 0, err
    assert installed_pairs(tmp_path / "models") == {"de→en": "1.0", "en→tr": "1.0"}

"""The newsletter e-mail and its sending, against a real SMTP server on 127.0.0.1.

The sample issue is rendered once with the pseudo engine (all seven languages plus a PNG
photo added to an article, so raster and SVG images both travel). aiosmtpd runs in a
thread on a free local port; every message it accepts is parsed back with the email
package. A server that refuses everything from the third message on stands for a
server that fails mid-run; the re-run against a healthy server must deliver the rest
and nobody twice.
"""

from __future__ import annotations

import email
import re
import shutil
import socket
from email import policy
from pathlib import Path

import pytest
from conftest import SAMPLE_ISSUE, STARTER_GLOSSARY

from pipeline import newsletter, published, send
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.flow import RunConfig, translate_issue
from pipeline.interface import load_interface_strings

ALL_LANGS = ["en", "tr", "ar", "ru", "uk", "pl", "fa"]
SENDER = "migo <newsletter@verbund.example>"


@pytest.fixture(scope="module")
def issue_out(tmp_path_factory) -> Path:
    from PIL import Image

    base = tmp_path_factory.mktemp("news")
    source = base / "input" / "2024-04"
    shutil.copytree(SAMPLE_ISSUE, source)
    Image.new("RGB", (1600, 900), (30, 90, 150)).save(source / "foto.jpg", quality=90)
    article = source / "migo-vorstellung.md"
    article.write_text(article.read_text(encoding="utf-8")
                       + "\n\n![Ein blaues Foto vom Verbund](foto.jpg)\n", encoding="utf-8")
    translate_issue(RunConfig(issue_dir=source, langs=ALL_LANGS, engine="pseudo",
                              glossary_path=STARTER_GLOSSARY, locales_dir=base / "locales",
                              out_dir=base / "output", show_progress=False))
    return base / "output" / "2024-04"  # the German original is rendered too (issue 18)


def build(issue_out: Path, lang: str, unsubscribe: str = "") -> newsletter.Newsletter:
    issue = published.load_issue(issue_out)
    return newsletter.build_newsletter(issue, lang, load_interface_strings(lang),
                                       newsletter.MailSettings(SENDER, unsubscribe))


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(bytes(message), policy=policy.default)


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_every_language_is_a_conformant_multipart_mail(issue_out, lang):
    mail = parsed(build(issue_out, lang, "abmelden@verbund.example").message)
    assert mail.get_content_type() == "multipart/alternative"
    plain, related = mail.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html_part = related.get_payload()[0]
    assert html_part.get_content_type() == "text/html"
    html = html_part.get_content()
    assert not re.search(r"<style|<link|data:|<script", html, re.IGNORECASE)
    assert not re.search(r"""(src|href)=["']?https?://[^"']*\.(png|jpe?g|gif|css)""", html)
    assert "var(--" not in html
    direction = "rtl" if lang in ("ar", "fa") else "ltr"
    assert f'<html lang="{lang}" dir="{direction}"' in html
    assert f"direction: {direction}" in html.split("<body", 1)[1][:600]
    cids = set(re.findall(r'src="cid:([^"]+)"', html))
    parts = {p["Content-ID"].strip("<>"): p for p in related.get_payload()[1:]}
    assert cids == set(parts) and len(cids) == 2  # the photo and the rasterised SVG
    for part in parts.values():
        import io

        from PIL import Image
        assert Image.open(io.BytesIO(part.get_content())).width <= newsletter.MAIL_WIDTH
    assert mail["List-Unsubscribe"] == "<mailto:abmelden@verbund.example>"
    assert mail["Content-Language"] == lang


def test_subject_is_in_the_readers_language_and_rfc2047_encoded(issue_out):
    raw = bytes(build(issue_out, "ru").message).decode("ascii")  # 7-bit on the wire
    subject_line = re.search(r"^Subject: (.*(?:\r\n .*)*)", raw, re.MULTILINE).group(1)
    assert "=?utf-8?" in subject_line
    assert parsed(build(issue_out, "ru").message)["Subject"] == "Новый выпуск migo: апрель 2024\u202fг."
    assert parsed(build(issue_out, "tr").message)["Subject"] == "Yeni migo: Nisan 2024"


def test_plain_text_has_footnoted_links_and_the_notice(issue_out):
    text = parsed(build(issue_out, "en").message).get_body(("plain",)).get_content()
    assert "translated from German by a machine" in text
    assert "[1] https://www.facebook.com/essenerverbund" in text
    assert "passages. Read the German original\n" in text.replace("\r\n", "\n")
    assert "../de/" not in text  # a page path leads nowhere from a mail
    footnote = re.search(r"Fàçébööķ-Pŕöfîļ[^\[]*\[(\d)\]", text)
    assert footnote and footnote.group(1) == "1"
    assert "<span" not in text


def test_links_between_pages_are_words_in_the_mail(issue_out):
    html = parsed(build(issue_out, "tr").message).get_body(("html",)).get_content()
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(re.match(r"(https?|mailto):|#", href) for href in hrefs), hrefs


def test_html_part_has_a_hidden_preheader_in_the_language(issue_out):
    html = parsed(build(issue_out, "tr").message).get_body(("html",)).get_content()
    preheader = re.search(r'class="preheader"[^>]*>([^<]*)<', html)
    assert preheader and preheader.group(1).startswith("Bu sayıda: ")
    assert "display: none" in html[:html.index(preheader.group(1))]


def test_custom_properties_are_resolved_for_mail_clients():
    css = ":root { --a: #123456; } p { color: var(--a); border: 1px solid var(--b, red); }"
    assert newsletter.resolve_custom_properties(css).strip() == \
        "p { color: #123456; border: 1px solid red; }"


# --- recipients -----------------------------------------------------------------------

def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("club,email,language\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("row, problem", [
    ("Verein B,not-an-address,tr", "not a valid e-mail address"),
    ("Verein B,b@club.example,xx-nonsense", "unknown language code"),
    ("Verein B,A@CLUB.example,tr", "listed twice (first on line 2)"),
])
def test_bad_recipient_lines_are_named_with_file_and_line(tmp_path, row, problem):
    path = write_csv(tmp_path / "clubs.csv", ["Verein A,a@club.example,ar", row])
    with pytest.raises(InputError) as caught:
        send.read_recipients(path)
    assert str(caught.value).startswith(f"{path}:3: ") and problem in str(caught.value)


# --- SMTP -----------------------------------------------------------------------------

class Inbox:
    """An aiosmtpd handler keeping what it accepts; ``refuse_from`` fails later messages."""

    def __init__(self, refuse_from: int | None = None):
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []
        self.attempts = 0
        self.refuse_from = refuse_from

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.refuse_from and len(self.received) + 1 >= self.refuse_from:
            return "451 4.3.0 try again later"
        self.received.append((list(envelope.rcpt_tos),
                              email.message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    controllers = []

    def start(handler: Inbox) -> int:
        with socket.socket() as probe:  # a free port; aiosmtpd cannot start on port 0
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        return port

    yield start
    for controller in controllers:
        controller.stop()


RECIPIENTS = [f"Verein {lang},{lang}@club.example,{lang}" for lang in ALL_LANGS] + [
    "Polski Klub 2,pl2@club.example,PL", "Italia,it@club.example,it"]


def run_cli(issue_out: Path, tmp_path: Path, csv: Path, port: int, *extra: str) -> int:
    return main(["newsletter", str(issue_out), "--out", str(tmp_path / "mail"), "--from",
                 SENDER, "--recipients", str(csv), "--smtp", f"127.0.0.1:{port}", "--quiet",
                 "--config", str(_no_login_config(tmp_path)), *extra])


def _no_login_config(tmp_path: Path) -> Path:
    path = tmp_path / "migo.toml"
    path.write_text('[newsletter]\nsecurity = "none"\n', encoding="utf-8")
    return path


def no_pause(monkeypatch) -> list[float]:
    """Pauses between attempts are asked for but not waited (dataclass defaults live in
    ``__init__``, so patching the class attribute would not reach the instances)."""
    pauses: list[float] = []
    monkeypatch.setattr(send, "sleep", pauses.append)
    return pauses


def test_every_language_arrives_at_its_clubs(issue_out, tmp_path, smtp_server, monkeypatch):
    no_pause(monkeypatch)
    inbox = Inbox()
    csv = write_csv(tmp_path / "clubs.csv", RECIPIENTS)
    assert run_cli(issue_out, tmp_path, csv, smtp_server(inbox), "--send") == 0
    got = {tos[0]: mail for tos, mail in inbox.received}
    assert len(inbox.received) == len(RECIPIENTS)
    for lang in ALL_LANGS:
        mail = got[f"{lang}@club.example"]
        assert mail["Content-Language"] == lang and mail["To"] == f"{lang}@club.example"
        assert f'lang="{lang}"' in mail.get_body(("html",)).get_content()
    assert got["pl2@club.example"]["Content-Language"] == "pl"
    assert got["it@club.example"]["Content-Language"] == "de"  # no Italian edition
    assert len({mail["Message-ID"] for mail in got.values()}) == len(RECIPIENTS)


def test_a_failing_server_then_a_rerun_sends_nobody_twice(issue_out, tmp_path, smtp_server,
                                                          monkeypatch, capsys):
    no_pause(monkeypatch)
    csv = write_csv(tmp_path / "clubs.csv", RECIPIENTS)
    failing = Inbox(refuse_from=3)
    assert run_cli(issue_out, tmp_path, csv, smtp_server(failing), "--send") == 1
    assert len(failing.received) == 2
    assert "not sent" in capsys.readouterr().err
    healthy = Inbox()
    assert run_cli(issue_out, tmp_path, csv, smtp_server(healthy), "--send") == 0
    addresses = [tos[0] for tos, _ in failing.received + healthy.received]
    assert sorted(addresses) == sorted(row.split(",")[1] for row in RECIPIENTS)
    assert len(addresses) == len(set(addresses))
    again = Inbox()
    assert run_cli(issue_out, tmp_path, csv, smtp_server(again), "--send") == 0
    assert again.received == []


def test_retries_are_bounded(issue_out, tmp_path, smtp_server, monkeypatch):
    pauses = no_pause(monkeypatch)
    csv = write_csv(tmp_path / "clubs.csv", RECIPIENTS[:1])
    inbox = Inbox(refuse_from=1)
    assert run_cli(issue_out, tmp_path, csv, smtp_server(inbox), "--send") == 1
    assert inbox.attempts == send.SmtpSettings.retries
    assert pauses == [send.SmtpSettings.pause] * (send.SmtpSettings.retries - 1)


def test_a_recipients_file_with_errors_sends_nothing(issue_out, tmp_path, smtp_server, capsys):
    inbox = Inbox()
    csv = write_csv(tmp_path / "clubs.csv", [*RECIPIENTS, "Doppelt,tr@club.example,tr"])
    assert run_cli(issue_out, tmp_path, csv, smtp_server(inbox), "--send") == 2
    assert inbox.attempts == 0 and inbox.received == []
    assert f"{csv}:{len(RECIPIENTS) + 2}:" in capsys.readouterr().err
    assert not (tmp_path / "mail").exists()


def test_the_default_is_a_dry_run(issue_out, tmp_path, smtp_server, capsys):
    inbox = Inbox()
    csv = write_csv(tmp_path / "clubs.csv", RECIPIENTS)
    assert run_cli(issue_out, tmp_path, csv, smtp_server(inbox)) == 0
    out = capsys.readouterr().out
    assert inbox.attempts == 0
    assert "would send: Italia <it@club.example>: de (no it edition)" in out
    assert len(list((tmp_path / "mail").glob("*.eml"))) == len(ALL_LANGS) + 1


def test_a_user_without_password_is_refused_before_sending(tmp_path, monkeypatch):
    monkeypatch.delenv(send.PASSWORD_VARIABLE, raising=False)
    with pytest.raises(InputError, match=send.PASSWORD_VARIABLE):
        send.password_for(send.SmtpSettings("127.0.0.1", user="verbund"))
    assert send.password_for(send.SmtpSettings("127.0.0.1")) is None  # no user: no login

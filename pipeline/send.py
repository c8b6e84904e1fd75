"""Sending the newsletter: recipients file, dry run, SMTP, and a log that prevents repeats.

A club must never get the same issue twice, even when the SMTP server fails halfway:
every accepted message is appended to a send log (JSON lines, flushed and synced before
the next one goes out) next to the ``.eml`` files, and a re-run skips what the log
holds. Failures are retried a bounded number of times and then reported; the next run
carries on with them. The recipients file is checked completely before anything is
sent: one bad line (a malformed address, an unknown language, a duplicate) stops the
run with its file and line.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from time import sleep

from email_validator import EmailNotValidError, validate_email

from .errors import InputError
from .files import timestamp
from .langs import normalize
from .published import SOURCE_LANG

COLUMNS = ("club", "email", "language")
PASSWORD_VARIABLE = "MIGO_SMTP_PASSWORD"
SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class Recipient:
    club: str
    email: str
    language: str
    line: int


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the SMTP server; the password only ever comes from the environment."""

    host: str
    port: int | None = None
    security: str = "starttls"
    user: str = ""
    retries: int = 3  # attempts per message, the first one included
    pause: float = 2.0  # seconds between attempts

    @property
    def real_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.security]


@dataclass
class SendResult:
    sent: list[Recipient] = field(default_factory=list)
    skipped: list[Recipient] = field(default_factory=list)  # in the log already
    failed: list[tuple[Recipient, str]] = field(default_factory=list)


def parse_smtp(value: str) -> tuple[str, int | None]:
    """``HOST[:PORT]`` as given after ``--smtp``."""
    host, _, port = value.strip().rpartition(":") if ":" in value else (value.strip(), "", "")
    if not host or (port and not port.isdigit()):
        raise InputError(f"--smtp {value!r}: expected HOST or HOST:PORT, e.g. mail.example:587")
    return host, int(port) if port else None


def read_recipients(path: Path) -> list[Recipient]:
    """Every row of the recipients CSV, validated; the first problem raises with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such recipients file", path) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text (save the CSV as UTF-8)", path) from None
    reader = csv.DictReader(text.splitlines())
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if sorted(header) != sorted(COLUMNS):
        raise InputError(f"the first line must name the columns {', '.join(COLUMNS)}; "
                         f"found {', '.join(header) or 'nothing'}", path, 1)
    reader.fieldnames = header
    recipients: list[Recipient] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any((value or "").strip() for value in row.values()):
            continue
        recipient = _recipient(row, path, line)
        key = recipient.email.lower()
        if key in seen:
            raise InputError(f"{recipient.email} is listed twice (first on line {seen[key]})",
                             path, line)
        seen[key] = line
        recipients.append(recipient)
    if not recipients:
        raise InputError("no recipients in the file", path)
    return recipients


def _recipient(row: dict, path: Path, line: int) -> Recipient:
    if None in row or any(row.get(c) is None for c in COLUMNS):
        raise InputError(f"expected {len(COLUMNS)} columns ({', '.join(COLUMNS)})", path, line)
    club, email, language = (row[c].strip() for c in COLUMNS)
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InputError(f"{email!r} is not a valid e-mail address: {exc}", path, line) from None
    return Recipient(club, email, _language(language, path, line), line)


def _language(code: str, path: Path, line: int) -> str:
    try:
        return normalize(code)
    except InputError:
        raise InputError(f"unknown language code {code!r} (use ISO 639-1, e.g. tr, ar)",
                         path, line) from None


def plan(recipients: list[Recipient], produced: set[str]) -> list[tuple[Recipient, str]]:
    """Who gets which language: their own when it was produced, else the German original."""
    return [(r, r.language if r.language in produced else SOURCE_LANG) for r in recipients]


def describe_plan(pairs: list[tuple[Recipient, str]], done: set[str]) -> list[str]:
    lines = []
    for recipient, lang in pairs:
        note = "" if lang == recipient.language else f" (no {recipient.language} edition)"
        state = "already sent" if recipient.email.lower() in done else "would send"
        lines.append(f"{state}: {recipient.club} <{recipient.email}>: {lang}{note}")
    return lines


# --- the send log -------------------------------------------------------------------

def log_path(out_dir: Path, issue: str) -> Path:
    return Path(out_dir) / f"migo-{issue}.sent.jsonl"


def already_sent(path: Path) -> set[str]:
    """The addresses the log records; a torn last line (a crash mid-write) is ignored."""
    if not path.is_file():
        return set()
    done = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            done.add(json.loads(line)["email"].lower())
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return done


def _record(path: Path, recipient: Recipient, lang: str, message_id: str) -> None:
    entry = {"email": recipient.email, "club": recipient.club, "language": lang,
             "message_id": message_id, "sent": timestamp().isoformat(timespec="seconds")}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        log.flush()
        os.fsync(log.fileno())


# --- SMTP ---------------------------------------------------------------------------

def password_for(settings: SmtpSettings) -> str | None:
    """No user, no login; a user needs the password from the environment, never a file."""
    if not settings.user:
        return None
    password = os.environ.get(PASSWORD_VARIABLE)
    if not password:
        raise InputError(f"SMTP user {settings.user!r} is set but {PASSWORD_VARIABLE} is "
                         "not: export the password in that environment variable")
    return password


def connect(settings: SmtpSettings, password: str | None) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if settings.security == "ssl":
        server = smtplib.SMTP_SSL(settings.host, settings.real_port, timeout=30,
                                  context=context)
    else:
        server = smtplib.SMTP(settings.host, settings.real_port, timeout=30)
        if settings.security == "starttls":
            server.starttls(context=context)
    if settings.user:
        server.login(settings.user, password or "")
    return server


def send_all(pairs: list[tuple[Recipient, str]], messages: dict[str, EmailMessage],
             settings: SmtpSettings, log: Path,
             progress: Callable[[], None] = lambda: None) -> SendResult:
    """Send each recipient their language's message once; the log makes re-runs safe."""
    password = password_for(settings)
    done = already_sent(log)
    result = SendResult()
    server: smtplib.SMTP | None = None
    try:
        for recipient, lang in pairs:
            if recipient.email.lower() in done:
                result.skipped.append(recipient)
                progress()
                continue
            message = personal_copy(messages[lang], recipient)
            server, problem = _deliver(server, message, recipient, settings, password)
            if problem is None:
                _record(log, recipient, lang, message["Message-ID"])
                done.add(recipient.email.lower())
                result.sent.append(recipient)
            else:
                result.failed.append((recipient, problem))
            progress()
    finally:
        _close(server)
    return result


def personal_copy(message: EmailMessage, recipient: Recipient) -> EmailMessage:
    """The language's message addressed to one club, with a Message-ID of its own."""
    copy_ = copy.deepcopy(message)
    domain = message["Message-ID"].rsplit("@", 1)[-1].rstrip(">")
    del copy_["Message-ID"]
    copy_["Message-ID"] = make_msgid("migo", domain=domain)
    copy_["To"] = recipient.email
    return copy_


def _deliver(server, message, recipient: Recipient, settings: SmtpSettings, password):
    """Up to ``settings.retries`` attempts; reconnects after a dropped connection.

    A permanent refusal (5xx) is not retried: the same message would be refused again.
    Returns the connection to reuse and None, or a reason the message did not go.
    """
    problem = "not attempted"
    for attempt in range(max(1, settings.retries)):
        if attempt:
            sleep(settings.pause)
        try:
            if server is None:
                server = connect(settings, password)
            server.send_message(message, to_addrs=[recipient.email])
            return server, None
        except smtplib.SMTPResponseException as exc:
            problem = f"{exc.smtp_code} {_text(exc.smtp_error)}"
            if exc.smtp_code >= 500:
                return _reset(server), problem
            server = _reset(server)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return _reset(server), f"{code} {_text(text)}"
        except (smtplib.SMTPException, OSError) as exc:
            problem = str(exc) or type(exc).__name__
            _close(server)
            server = None
    return server, problem


def _reset(server):
    """After a refused message the session may be in any state: start over cleanly."""
    try:
        server.rset()
        return server
    except (smtplib.SMTPException, OSError, AttributeError):
        _close(server)
        return None


def _close(server) -> None:
    if server is None:
        return
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        server.close()


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)

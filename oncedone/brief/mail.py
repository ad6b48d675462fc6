"""Who gets mail and how it leaves: the recipients file, the SMTP settings, one message per
recipient, sent (or written to a folder for a dry run) with each failure said and the others served."""

import os
import re
import smtplib
import tomllib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from oncedone import config, i18n
from oncedone.access import EVERYTHING, Scope
from oncedone.config import Config

EXIT_SOME_FAILED = 1
EXIT_UNUSABLE = 2
SMTP_TIMEOUT_SECONDS = 30
# The password and the user never live in a file that may be committed: the environment only.
ENV = {"host": "ONCEDONE_SMTP_HOST", "port": "ONCEDONE_SMTP_PORT", "starttls": "ONCEDONE_SMTP_STARTTLS",
       "sender": "ONCEDONE_MAIL_FROM", "user": "ONCEDONE_SMTP_USER", "password": "ONCEDONE_SMTP_PASSWORD",
       "base_url": "ONCEDONE_BASE_URL"}


class MailSettingsError(ValueError):
    """The [mail] or [brief] table, the environment or the recipients file holds an unusable value."""


@dataclass(frozen=True)
class Settings:
    """[mail] and [brief] of oncedone.toml, each overridden by its environment variable."""

    host: str = "localhost"
    port: int = 25
    starttls: bool = False
    sender: str = "once-and-done@localhost"
    user: str | None = None
    password: str | None = None
    base_url: str = "http://localhost:8501"
    default_to: str | None = None  # the one recipient of a run without --recipients


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    groups: tuple[str, ...]
    scope: Scope


def _config_path() -> Path:
    # The same file config.load() reads: $ONCEDONE_CONFIG, else the repository's oncedone.toml.
    return Path(os.environ.get("ONCEDONE_CONFIG") or config.DEFAULT_PATH)


def settings(environ=os.environ, path: Path | None = None) -> Settings:
    """The SMTP and link settings: the configuration file's [mail] and [brief], then the environment."""
    chosen = path or _config_path()
    raw = tomllib.loads(chosen.read_text(encoding="utf-8"))
    mail, brief = raw.get("mail", {}), raw.get("brief", {})
    forbidden = sorted({"user", "password"} & set(mail))
    if forbidden:
        raise MailSettingsError(f"{chosen}: [mail] must not hold {', '.join(forbidden)}: set "
                                f"{ENV['user']} and {ENV['password']} in the environment")
    values = {"host": mail.get("host", "localhost"), "port": mail.get("port", 25), "starttls": mail.get("starttls", False),
              "sender": mail.get("from", "once-and-done@localhost"), "base_url": brief.get("base_url", Settings.base_url),
              "user": None, "password": None}
    for key, name in ENV.items():
        if environ.get(name):
            values[key] = environ[name]
    try:
        port = int(values["port"])
    except ValueError:
        raise MailSettingsError(f"the SMTP port must be a number, not {values['port']!r}") from None
    starttls = values["starttls"]
    if isinstance(starttls, str):
        starttls = starttls.strip().lower() in ("1", "true", "yes", "on")
    return Settings(str(values["host"]), port, bool(starttls), str(values["sender"]), values["user"], values["password"],
                    str(values["base_url"]), mail.get("to"))


def recipients(path: Path, cfg: Config) -> list[Recipient]:
    """The recipients file: `[[recipient]]` tables of email, language (fr or en, default fr) and groups."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise MailSettingsError(f"{path}: cannot be read as TOML ({err})") from err
    tables = raw.get("recipient", [])
    if not isinstance(tables, list) or not tables:
        raise MailSettingsError(f"{path}: no [[recipient]] table")
    found = []
    for number, table in enumerate(tables, 1):
        email, language, groups = table.get("email"), table.get("language", i18n.DEFAULT_LANGUAGE), table.get("groups", [])
        if not isinstance(email, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+", email):
            raise MailSettingsError(f"{path}: recipient {number} needs an e-mail address, not {email!r}")
        if language not in i18n.LANGUAGES:
            raise MailSettingsError(f"{path}: {email}: language must be one of {', '.join(i18n.LANGUAGES)}, not {language!r}")
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            raise MailSettingsError(f"{path}: {email}: groups must be a list of group names")
        found.append(Recipient(email, language, tuple(groups), cfg.access.scope_for(groups)))
    return found


def everyone(chosen: Settings) -> list[Recipient]:
    """Without a recipients file: one reader of the whole scope, in French, at [mail] to."""
    return [Recipient(chosen.default_to or "", i18n.DEFAULT_LANGUAGE, (), EVERYTHING)]


def message(chosen: Settings, to: str, subject: str, text: str, html: str | None = None,
            attachment: tuple[str, bytes] | None = None) -> EmailMessage:
    """One mail: a text part, an HTML alternative, and a PDF attached."""
    mail = EmailMessage()
    mail["From"] = chosen.sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=chosen.sender.rpartition("@")[2] or None)
    mail.set_content(text)
    if html is not None:
        mail.add_alternative(html, subtype="html")
    if attachment is not None:
        name, data = attachment
        mail.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return mail


def send(chosen: Settings, mail: EmailMessage) -> None:
    """Send one mail; raises smtplib or OS errors, which `reason` puts into a sentence."""
    with smtplib.SMTP(chosen.host, chosen.port, timeout=SMTP_TIMEOUT_SECONDS) as server:
        if chosen.starttls:
            server.starttls()
        if chosen.user:
            server.login(chosen.user, chosen.password or "")
        server.send_message(mail)


def reason(err: Exception, chosen: Settings) -> str:
    """Why a mail did not leave, in one sentence."""
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        code, said = next(iter(err.recipients.values()))
        return f"the SMTP server refused the recipient ({code} {said.decode(errors='replace') if isinstance(said, bytes) else said})"
    if isinstance(err, smtplib.SMTPResponseException):
        said = err.smtp_error.decode(errors="replace") if isinstance(err.smtp_error, bytes) else err.smtp_error
        return f"the SMTP server answered {err.smtp_code} {said}"
    if isinstance(err, (ConnectionError, TimeoutError, OSError, smtplib.SMTPServerDisconnected)):
        return f"cannot reach the SMTP server {chosen.host}:{chosen.port} ({err.__class__.__name__}: {err})"
    return f"{err.__class__.__name__}: {err}"


def write(folder: Path, stem: str, mail: EmailMessage, attachment: tuple[str, bytes] | None = None) -> list[Path]:
    """A dry run: the mail as `<stem>.eml`, and its PDF beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.@-]+", "_", stem)
    written = [folder / f"{safe}.eml"]
    written[0].write_bytes(bytes(mail))
    if attachment is not None:
        written.append(folder / f"{safe}.pdf")
        written[1].write_bytes(attachment[1])
    return written

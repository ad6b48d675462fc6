"""A real SMTP server on 127.0.0.1 for the brief and alert tests (aiosmtpd), and a configuration
file that points the commands at it."""

import email
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from oncedone import config


class Loopback(Controller):
    """aiosmtpd's Controller on a port the system chose (port 0): its own start-up check needs the real port."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Mailbox:
    """Keeps every mail it accepts; refuses the recipients it is told to (550, as a real server would)."""

    def __init__(self, refused: tuple[str, ...] = ()):
        self.refused = refused
        self.mails: list[email.message.EmailMessage] = []
        self.rcpt_tos: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.rcpt_tos.extend(envelope.rcpt_tos)
        self.mails.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.mails if m["To"] == address]


def serve(refused: tuple[str, ...] = ()) -> tuple[Loopback, Mailbox]:
    box = Mailbox(refused)
    server = Loopback(box, hostname="127.0.0.1", port=0)
    server.start()
    return server, box


GROUPS = """
[access.groups.direction]
title_types = "all"
departments = "all"

[access.groups.lead_75_passports]
title_types = ["passport"]
departments = ["75"]
"""


def write_config(folder: Path, port: int, extra: str = "") -> Path:
    """The shipped oncedone.toml with [mail] pointing at the test server, two groups, and `extra`."""
    shipped = config.DEFAULT_PATH.read_text(encoding="utf-8")
    text = (f"{shipped}\n{GROUPS}\n[mail]\nhost = \"127.0.0.1\"\nport = {port}\nfrom = \"brief@example.org\"\n"
            f"\n[brief]\nbase_url = \"https://dashboard.example.org\"\n{extra}")
    path = folder / "oncedone.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def use_config(monkeypatch):
    """Point config.load() (cached) and the mail settings at a file for one test; the cache is
    cleared again after it, so that no other test reads this configuration."""

    def point_at(path: Path) -> None:
        monkeypatch.setenv("ONCEDONE_CONFIG", str(path))
        config.load.cache_clear()

    yield point_at
    config.load.cache_clear()


@pytest.fixture
def smtp():
    """A running server that accepts every recipient; stopped after the test."""
    server, box = serve()
    yield server.port, box
    server.stop()


def recipients_file(folder: Path, *people: tuple[str, str, list[str]]) -> Path:
    path = folder / "recipients.toml"
    path.write_text("".join(f'[[recipient]]\nemail = "{e}"\nlanguage = "{lang}"\ngroups = {groups!r}\n\n'
                            for e, lang, groups in people).replace("'", '"'), encoding="utf-8")
    return path

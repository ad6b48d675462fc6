"""The morning brief (issue 18): mailed through a real SMTP server, read back from its PDF, for
each reader's scope, with each failure said and the other recipients still served."""

import io
import socket
from datetime import date

import pypdf
import pytest

from oncedone import __main__ as cli
from oncedone import config, i18n
from oncedone.access import EVERYTHING
from oncedone.brief import content, mail, render
from oncedone.kpi import indicators
from oncedone.kpi.indicators import Selection
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from tests.conftest import export_files
from tests.mail_fixtures import recipients_file, serve, smtp, use_config, write_config  # noqa: F401 (fixtures)

DAY = date(2018, 11, 20)  # a Tuesday

REQUESTS = [
    "A1,passport,2018-11-01T10:00:00+01:00,75,online,C1",  # delivered on DAY at 12:00
    "A2,passport,2018-11-10T10:00:00+01:00,75,online,C2",  # open
    "A3,id_card,2018-11-05T10:00:00+01:00,13,online,C3",  # delivered on DAY at 16:00
    "A4,id_card,2018-11-15T09:00:00+01:00,13,online,C4",  # open
    "A5,passport,2018-10-01T10:00:00+02:00,13,online,C5",  # open, long past target
]
EVENTS = [
    "A1,delivered,2018-11-20T12:00:00+01:00",
    "A2,in_review,2018-11-12T10:00:00+01:00",
    "A3,delivered,2018-11-20T16:00:00+01:00",
]
CONTACTS = [
    "K1,phone,2018-11-20T09:00:00+01:00,2018-11-20T09:01:00+01:00,resolved,status_inquiry,C1,A1,N1,G1,60,",
    "K2,phone,2018-11-20T10:00:00+01:00,2018-11-20T10:01:00+01:00,resolved,status_inquiry,C3,A3,N1,G1,60,",
    "K3,email,2018-11-21T09:00:00+01:00,2018-11-21T10:00:00+01:00,resolved,status_inquiry,C3,A3,N2,G2,60,",  # C3 again
    "K4,chatbot,2018-11-20T11:00:00+01:00,2018-11-20T11:00:00+01:00,resolved,other,C9,,BOT,,,",  # no application
    "K5,phone,2018-11-30T10:00:00+01:00,,abandoned,status_inquiry,C5,A5,N1,,,",  # the latest instant: as_of
]
# On DAY, the whole scope:
#   episodes by their first contact on DAY: K1 (alone, resolved: once and done), K2+K3 (C3 came back
#   on A3 the next day: not once and done), K4 (alone, resolved) = 3 episodes, 2 once and done = 66.7 %
#   (none provisional: the last contact of each is 9 or 10 days before as_of, more than W = 7).
#   backlog at the end of DAY: A2, A4, A5 = 3 (A1 and A3 were delivered during DAY)
#   delivery days of the titles delivered on DAY: A1 19 d 2 h = 19.0833, A3 15 d 6 h = 15.25;
#   p90 = 15.25 + 0.9 × (19.0833 − 15.25) = 18.70 days
NATIONAL = {"once_and_done_rate": 2 / 3, "backlog": 3, "delivery_days_p90": 18.70}
# The team lead of passports in department 75: A1 and A2 only; of the contacts, K1 (about A1);
# K4 is about no application, national demand, outside any narrower scope.
#   once and done 1 / 1 = 100 %; backlog A2 = 1; p90 of A1 alone = 19.0833 days
LEAD_75 = {"once_and_done_rate": 1.0, "backlog": 1, "delivery_days_p90": 19 + 2 / 24}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("brief")
    path = folder / "warehouse.duckdb"
    outcome = ingest.ingest(path, export_files(folder, REQUESTS, EVENTS, CONTACTS), command="tests: brief")
    assert outcome.exit_code == 0, ingest.summary(outcome, path)
    return path


def pdf_text(data: bytes) -> str:
    """The PDF's text, spaces of any width made plain (French numbers hold narrow no-break spaces)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def said(value: float, key: str, lang: str) -> str:
    """A number as the brief (and Today's cards) say it, spaces made plain."""
    text = {"once_and_done_rate": i18n.format_rate, "delivery_days_p90": i18n.format_days,
            "backlog": i18n.format_number}[key](value, lang)
    return text.replace("\u202f", " ")


def attached_pdf(message) -> bytes:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    return part.get_content()


def run(*args: str) -> int:
    return cli.main(["brief", *args])


def test_the_brief_arrives_with_its_pdf_holding_the_days_numbers_of_the_report(small, tmp_path, smtp, use_config, capsys):
    port, box = smtp
    use_config(write_config(tmp_path, port))
    people = recipients_file(tmp_path, ("directrice@example.org", "fr", ["direction"]))
    assert run("--warehouse", str(small), "--day", DAY.isoformat(), "--recipients", str(people)) == 0
    (message,) = box.to("directrice@example.org")
    assert message["Subject"] == "Once & Done — le point du 20/11/2018"
    text = pdf_text(attached_pdf(message))
    report = indicators.report(Warehouse(small), Selection(DAY, DAY, scope=EVERYTHING), config.load())
    for key, expected in NATIONAL.items():
        assert report[key] == pytest.approx(expected, abs=0.005)  # the hand count is the report's
        assert said(report[key], key, "fr") in text, key  # and the PDF says the report's number
    assert "Réglé au premier contact 66,7 %" in text and "Délivrés, 90e centile 18,7 jours" in text
    assert "Demandes en cours 3" in text
    # The mail's own body holds the cards too, and a link to Today with the trends' period in the URL.
    body = message.get_body(("html",)).get_content()
    assert "66,7\u202f%" in body
    assert "https://dashboard.example.org/today?from=2018-10-01&amp;to=2018-11-20" in body
    assert "sent to directrice@example.org" in capsys.readouterr().out


def test_a_team_leads_brief_holds_only_their_scope_in_their_language(small, tmp_path, smtp, use_config):
    port, box = smtp
    use_config(write_config(tmp_path, port))
    people = recipients_file(tmp_path, ("directrice@example.org", "fr", ["direction"]),
                             ("lead75@example.org", "en", ["lead_75_passports"]))
    assert run("--warehouse", str(small), "--day", DAY.isoformat(), "--recipients", str(people)) == 0
    lead = pdf_text(attached_pdf(box.to("lead75@example.org")[0]))
    for key, expected in LEAD_75.items():
        assert said(expected, key, "en") in lead, key
    assert "Scope: Passport · Department 75" in lead
    assert "Once and done 100.0%" in lead and "Open applications 1" in lead and "Delivered, 90th centile 19.1 days" in lead
    # The whole scope's numbers are nowhere in the lead's brief; they are in the director's.
    assert "66.7%" not in lead and "18.7 days" not in lead
    director = pdf_text(attached_pdf(box.to("directrice@example.org")[0]))
    assert "Réglé au premier contact 66,7 %" in director and "Demandes en cours 3" in director
    assert "Délivrés, 90e centile 18,7 jours" in director


def test_the_scope_reaches_the_engine_through_one_seam():
    # A scope granting nothing gets no brief (never the national one); any other scope, a union of
    # grants included, is the Selection's own, bound in SQL as the dashboard's is.
    view = Selection(DAY, DAY, scope=content.LINK_ONLY)
    with pytest.raises(content.BriefError):
        content.scoped(view, config.load().access.scope_for(["no_such_group"]))
    assert content.scoped(view, EVERYTHING).scope == EVERYTHING
    from oncedone.access import Grant, Scope

    both = Scope((Grant(("passport",), ("75",)), Grant(("id_card",), ("92",))))
    lead = content.scoped(view, both)
    assert lead.scope == both and (lead.title_types, lead.departments) == ((), ())


def test_an_unreachable_smtp_server_is_said_with_each_recipient_and_exits_non_zero(small, tmp_path, use_config, capsys):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    use_config(write_config(tmp_path, port))
    people = recipients_file(tmp_path, ("a@example.org", "fr", ["direction"]), ("b@example.org", "en", ["direction"]))
    assert run("--warehouse", str(small), "--day", DAY.isoformat(), "--recipients", str(people)) == mail.EXIT_SOME_FAILED
    err = capsys.readouterr().err
    for who in ("a@example.org", "b@example.org"):  # both were tried: the first failure did not stop the run
        assert f"FAILED {who}: cannot reach the SMTP server 127.0.0.1:{port} (ConnectionRefusedError" in err
    assert "2 brief mail(s) of 2 recipient(s) failed" in err


def test_a_refused_recipient_is_said_and_the_others_are_still_served(small, tmp_path, use_config, capsys):
    server, box = serve(refused=("gone@example.org",))
    try:
        use_config(write_config(tmp_path, server.port))
        people = recipients_file(tmp_path, ("gone@example.org", "fr", ["direction"]),
                                 ("lead75@example.org", "fr", ["lead_75_passports"]))
        code = run("--warehouse", str(small), "--day", DAY.isoformat(), "--recipients", str(people))
    finally:
        server.stop()
    assert code == mail.EXIT_SOME_FAILED
    err = capsys.readouterr().err
    assert "FAILED gone@example.org: the SMTP server refused the recipient (550 5.1.1 mailbox unavailable)" in err
    assert box.rcpt_tos == ["lead75@example.org"] and len(box.to("lead75@example.org")) == 1


def test_a_dry_run_without_recipients_writes_one_french_brief_of_the_whole_scope(small, tmp_path, use_config, capsys):
    use_config(write_config(tmp_path, 1))
    out = tmp_path / "out"
    assert run("--warehouse", str(small), "--day", DAY.isoformat(), "--dry-run", str(out)) == 0
    assert sorted(p.name for p in out.iterdir()) == ["brief-2018-11-20.eml", "brief-2018-11-20.pdf"]
    text = pdf_text((out / "brief-2018-11-20.pdf").read_bytes())
    assert "Le point du matin" in text and "66,7 %" in text and "tous les titres, tous les départements" in text
    assert pypdf.PdfReader(out / "brief-2018-11-20.pdf").pages[0].mediabox.height == pytest.approx(841.89, abs=0.5)  # A4


def test_the_smtp_password_lives_in_the_environment_only(tmp_path):
    path = tmp_path / "oncedone.toml"
    path.write_text('[mail]\nhost = "smtp.example.org"\npassword = "secret"\n', encoding="utf-8")
    with pytest.raises(mail.MailSettingsError, match="ONCEDONE_SMTP_PASSWORD"):
        mail.settings({}, path)
    path.write_text('[mail]\nhost = "smtp.example.org"\nport = 587\nstarttls = true\n', encoding="utf-8")
    chosen = mail.settings({"ONCEDONE_SMTP_USER": "u", "ONCEDONE_SMTP_PASSWORD": "p", "ONCEDONE_SMTP_PORT": "2525"}, path)
    assert (chosen.host, chosen.port, chosen.starttls, chosen.user, chosen.password) == ("smtp.example.org", 2525, True, "u", "p")


def test_the_markdown_of_the_catalogue_becomes_html():
    assert render.markdown(":red-badge[**✕ hors seuil**] **Stock** : 3 < 4") == (
        '<span class="badge red"><strong>✕ hors seuil</strong></span> <strong>Stock</strong> : 3 &lt; 4')
    assert render.plain(":orange-badge[**▲**] **Stock**") == "▲ Stock"

"""The quick wins page and Today's top levers, run headless with AppTest on the hand-made warehouse
of tests/test_quickwins_golden.py (its levers are worked out by hand there)."""

from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from oncedone.i18n import NNBSP
from oncedone.store import ingest
from tests.conftest import export_files
from tests.test_quickwins_golden import CONTACTS, EVENTS, REQUESTS

JANUARY = {"from": "2018-01-01", "to": "2018-01-31"}  # the data ends on 31 January 10:00 (C10)


@pytest.fixture(scope="module")
def golden_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quickwins_pages")
    assert ingest.ingest(folder / "golden.duckdb", export_files(folder, REQUESTS, EVENTS, CONTACTS)).exit_code == 0
    return folder / "golden.duckdb"


@pytest.fixture
def app(golden_path, monkeypatch):
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(golden_path))
    return AppTest.from_file("../dashboard.py", default_timeout=60)


def run(at: AppTest, page: str, **params) -> AppTest:
    at.query_params.update(params)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_the_levers_in_french_with_their_arithmetic_and_links(app):
    at = run(app, "views/quickwins.py", **JANUARY)
    assert at.title[0].value == "Les leviers qui rapportent le plus"
    said = markdown(at)
    cards = [line for line in said if line.startswith("**") and line[2].isdigit()]
    assert cards[:3] == [
        "**1. Fausse résolution, Agent conversationnel**",
        "**2. Fausse résolution, Téléphone**",
        f"**3. Attente au stade «{NNBSP}Déposée{NNBSP}», Passeport**",
    ]
    # The chatbot: 2 of 2 logged resolved followed within 7 days; once and done 2/7 -> 3/7.
    assert any(line.startswith(f"2 sollicitations sur 2 notées «{NNBSP}résolu{NNBSP}»") for line in said)
    # Half the 3 repeats, 1.5 x 7/31 = 0.34 a week; half their 920 s, 460 s x 7/31 = 0.03 h.
    assert f"**La moitié réglée du premier coup{NNBSP}: −0,3 contacts et −0,0{NNBSP}h d'agent par semaine{NNBSP}; " \
           f"réglé au premier contact 28,6{NNBSP}% → 42,9{NNBSP}%.**" in said
    links = at.get("page_link")
    chatbot = next(link for link in links if "Agent conversationnel" in link.proto.label)
    assert chatbot.proto.page.endswith("contacts")
    assert parse_qs(chatbot.proto.query_string) == {"from": ["2018-01-01"], "to": ["2018-01-31"], "channel": ["chatbot"]}
    stage = next(link for link in links if parse_qs(link.proto.query_string).get("bl_stage"))
    assert parse_qs(stage.proto.query_string)["bl_title"] == ["passport"]
    # Each title type's way back links to its backlog at the day.
    drilled = [parse_qs(link.proto.query_string) for link in links if link.proto.page.endswith("backlog")]
    assert sorted(q["bl_title"][0] for q in drilled if "bl_stage" not in q) == [
        "driving_licence", "id_card", "passport", "vehicle_registration"]
    # The reference period is said, and the backtest says why it cannot run here.
    assert "8 semaines avant la période, du 06/11/2017 au 31/12/2017" in "\n".join(c.value for c in at.caption)
    assert any("15/12/2017" in i.value for i in at.info)


def test_the_way_back_and_its_what_if_in_english(app):
    at = run(app, "views/quickwins.py", **JANUARY, lang="en")
    assert at.title[0].value == "Quick wins: the levers that would bring the most"
    assert len(at.get("plotly_chart")) == 4  # one projection per title type
    at.slider(key="qw_capacity").set_value(50).run()
    assert not at.exception
    assert any(i.value.startswith("With 50% more capacity and 0% less inflow:") for i in at.info)


def test_today_shows_the_three_top_levers(app):
    at = run(app, "views/today.py", **JANUARY)
    levers = [link for link in at.get("page_link") if link.proto.page.endswith("quickwins")]
    # The three of the golden ranking, and the way to all of them.
    assert [link.proto.label.split(f"**{NNBSP}:")[0] for link in levers[:3]] == [
        "**Fausse résolution, Agent conversationnel", "**Fausse résolution, Téléphone",
        f"**Attente au stade «{NNBSP}Déposée{NNBSP}», Passeport",
    ]
    assert len(levers) == 4

"""The catalogue and the formatting that follows the language."""

from datetime import date, datetime, timezone

import pytest

from oncedone import config, i18n
from oncedone.i18n import NNBSP
from oncedone.store import contract

pytestmark = pytest.mark.filterwarnings("error")


def test_french_numbers_group_thousands_with_a_narrow_space_and_use_a_decimal_comma():
    assert i18n.format_number(1234.5, "fr", 1) == f"1{NNBSP}234,5"
    assert i18n.format_number(1234567, "fr") == f"1{NNBSP}234{NNBSP}567"
    assert i18n.format_number(3, "fr") == "3"
    assert i18n.format_number(-0.04, "fr", 1) == "0,0"  # a rounded tiny negative is zero, unsigned


def test_english_numbers_use_commas_and_a_decimal_point():
    assert i18n.format_number(1234.5, "en", 1) == "1,234.5"
    assert i18n.format_number(1234567, "en") == "1,234,567"


def test_rates_are_percentages_in_each_language():
    assert i18n.format_rate(0.673, "fr") == f"67,3{NNBSP}%"
    assert i18n.format_rate(0.673, "en") == "67.3%"
    assert i18n.format_rate(1, "en") == "100.0%"


def test_days_and_instants():
    assert i18n.format_day(date(2018, 11, 29), "fr") == "29/11/2018"
    assert i18n.format_day(date(2018, 11, 29), "en") == "2018-11-29"
    # 23:30 UTC on Nov 30 is already Dec 1 in Paris (UTC+1 in winter).
    instant = datetime(2018, 11, 30, 23, 30, tzinfo=timezone.utc)
    assert i18n.format_instant(instant, "fr") == "01/12/2018 00:30"
    assert i18n.format_instant(instant, "en") == "2018-12-01 00:30"
    # Summer time: UTC+2.
    assert i18n.format_instant(datetime(2018, 7, 1, 8, 0, tzinfo=timezone.utc), "en") == "2018-07-01 10:00"


def test_durations_in_days_agree_in_number():
    assert i18n.format_days(12.46, "fr") == f"12,5{NNBSP}jours"
    assert i18n.format_days(1, "fr") == f"1,0{NNBSP}jour"
    assert i18n.format_days(1234.5, "en") == "1,234.5 days"
    assert i18n.format_days(1.0, "en") == "1.0 day"


def test_missing_values_are_a_dash_everywhere():
    for fmt in (i18n.format_number, i18n.format_rate, i18n.format_day, i18n.format_instant, i18n.format_days):
        assert fmt(None, "fr") == "—"
        assert fmt(None, "en") == "—"
    assert i18n.format_value("delivered_count", None, "en") == "—"
    assert i18n.label("channel", None, "fr") == "—"


def test_values_are_formatted_as_their_column_suffix_says():
    assert i18n.format_value("submitted_count", 1234, "fr") == f"1{NNBSP}234"
    assert i18n.format_value("within_target_rate", 0.5, "en") == "50.0%"
    assert i18n.format_value("delivery_days", 3.25, "fr") == f"3,2{NNBSP}jours"
    assert i18n.format_value("submitted_day", date(2018, 1, 2), "fr") == "02/01/2018"


def test_every_catalogue_key_has_both_languages_and_matching_placeholders():
    import string

    for key, texts in i18n.CATALOGUE.items():
        assert set(texts) == set(i18n.LANGUAGES), key
        assert all(isinstance(v, str) and v.strip() for v in texts.values()), key
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(text) if f} for lang, text in texts.items()}
        assert fields["fr"] == fields["en"], f"{key}: placeholders differ {fields}"


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("title_type", contract.TITLE_TYPES),
        ("status", contract.STATUSES),
        ("submission_channel", contract.SUBMISSION_CHANNELS),
        ("channel", contract.CHANNELS),
        ("reason", contract.REASONS),
        ("outcome", contract.OUTCOMES),
        ("kind", tuple(k.name for k in contract.KINDS)),
    ],
)
def test_every_enumerated_value_of_the_contract_has_a_label(kind, values):
    for value in values:
        assert i18n.has(f"{kind}.{value}"), f"{kind}.{value} has no label"
    assert i18n.label("title_type", "passport", "fr") == "Passeport"


def test_configured_title_types_have_labels():
    for title_type in config.load().title_types:
        assert i18n.has(f"title_type.{title_type}")


def test_every_quarantine_reason_the_import_writes_has_a_label():
    import re
    from pathlib import Path

    queries = Path(i18n.__file__).resolve().parent.parent / "queries" / "ingest"
    written = set()
    for path in queries.glob("*.sql"):
        written |= set(re.findall(r"'reason':\s*'([a-z_]+)'", path.read_text()))
        written |= set(re.findall(r"then '([a-z_]+)' end\)? as rejection_reason", path.read_text()))
    assert {"missing_value", "conflicting_duplicate"} <= written, "the import's SQL changed shape"
    for reason in written:
        assert i18n.has(f"quarantine_reason.{reason}"), reason


def test_an_unknown_value_or_language_falls_back_gracefully():
    assert i18n.label("department", "2A", "fr") == "2A"
    assert i18n.t("nav.today", "de") == "Aujourd'hui"


def test_short_durations_in_seconds_minutes_hours():
    assert i18n.format_seconds(0.64, "fr") == f"0,6{NNBSP}s"
    assert i18n.format_seconds(42.4, "en") == "42 s"
    assert i18n.format_seconds(185, "fr") == f"3{NNBSP}min 05{NNBSP}s"
    assert i18n.format_seconds(3725, "en") == "1 h 02 min"
    assert i18n.format_value("duration_seconds", 9.96, "en") == "10.0 s"  # rounded to one decimal under 10 s
    assert i18n.format_seconds(None) == i18n.MISSING


def test_every_unusable_file_code_of_the_import_is_said_in_both_languages():
    from oncedone.store import ingest

    for code in ingest.UnusableFile.SENTENCES:
        assert i18n.has(f"unusable.{code}"), code
    err = ingest.UnusableFile("x.csv", "missing_columns", kind="request_events", columns="status")
    assert str(err) == "x.csv: a request_events file needs the column(s) status"  # the command line's sentence
    said = i18n.unusable_file(err.file_name, err.code, err.params, str(err), "fr")
    assert said == f"x.csv{NNBSP}: un fichier «{NNBSP}Événements de demande{NNBSP}» doit avoir la ou les colonnes status"
    assert i18n.unusable_file("y.csv", "a_new_code", {}, "y.csv: something new", "fr") == "y.csv: something new"


# French typography and wording (issue 13) ------------------------------------------------------

import re  # noqa: E402

# A space (ordinary or no-break) before a high punctuation mark, or inside French quotes. A colon
# glued to a word after it is Streamlit's colour directive (`:red[...]`), not punctuation.
_LOOSE = re.compile(r"[ \u00a0](?:[;?!]|:(?![a-z]))|«[ \u00a0]|[ \u00a0]»")


def test_french_high_punctuation_and_quotes_take_a_narrow_no_break_space():
    loose = {key: texts["fr"] for key, texts in i18n.CATALOGUE.items() if _LOOSE.search(texts["fr"])}
    assert loose == {}
    # And the narrow space is there, not dropped: "Période : x" must not become "Période: x".
    glued = {key: texts["fr"] for key, texts in i18n.CATALOGUE.items()
             if re.search(r"[^\s\u202f(\[*]:\s|[^\s\u202f][;?!](?:\s|$)|«[^\u202f]|[^\u202f]»", texts["fr"])}
    assert glued == {}


BANNED_FRENCH = (
    "une fois pour toutes", "standard", "confinement", "demande évitable", "épisode", "assistant en ligne",
    "escaladé", "citoyen", "à regarder", "décile", "p90", "hors de ce taux",
)


def test_french_uses_the_administrations_terms():
    for word in BANNED_FRENCH:
        found = {key: texts["fr"] for key, texts in i18n.CATALOGUE.items() if word in texts["fr"].lower()}
        assert found == {}, word
    renamed = {
        "today.card.once_and_done_rate": "Réglé au premier contact",
        "today.headline": "Les deux engagements de service",
        "column.false_containment_rate": "Fausse résolution",
        "today.card.failure_demand_rate": "Contacts évitables",
        "column.episode_count": "Sollicitations",
        "channel.chatbot": "Agent conversationnel",
        "outcome.escalated": "Transmis au niveau 2",
        "today.attention": "Points d'attention",
        "today.card.cohort_p90": "Délai réel, 90e centile",
    }
    assert {key: i18n.t(key, "fr") for key in renamed} == renamed
    assert i18n.t("completeness.badge.without_citizen", "fr", rate="3 %") == (
        "3 % des contacts sans usager identifié, non compris dans ce taux")
    assert i18n.t("today.year_before", "fr", value=f"69,6{NNBSP}%") == f"il y a un an{NNBSP}: 69,6{NNBSP}%"
    assert i18n.t("today.attention.segment", "fr", segment="Immatriculation", count=f"6{NNBSP}601", growth="+12") == (
        f":orange-badge[**▲**] **Immatriculation**{NNBSP}: 6{NNBSP}601 hors délai (+12 en une semaine)")


# Each Today card and the column another page shows it under: one name per indicator.
SAME_INDICATOR = {
    "once_and_done_rate": "once_and_done_rate",
    "within_target_rate": "within_target_rate",
    "cohort_p90": "cohort_days_p90",
    "backlog": "backlog_count",
    "failure_demand_rate": "failure_demand_rate",
    "delivery_days_p90": "delivery_days_p90",
    "days_to_clear": "days_to_clear",
    "right_first_time_rate": "right_first_time_rate",
    "pickup_rate": "pickup_rate",
    "mail_response_hours_p90": "mail_response_hours_p90",
    "csat_avg": "csat_avg",
}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_one_name_per_indicator_on_every_page(lang):
    said = {card: (i18n.t(f"today.card.{card}", lang), i18n.column_label(column, lang))
            for card, column in SAME_INDICATOR.items()}
    assert {card: today for card, (today, _) in said.items()} == {card: other for card, (_, other) in said.items()}
    # The same applications are "en cours" everywhere, never "en attente" on one page.
    assert i18n.t("chart.backlog", lang) == i18n.column_label("open_count", lang) == i18n.column_label("backlog_count", lang)


def test_one_unit_per_indicator_on_every_page():
    from oncedone.kpi import director

    card = director.CARD["days_to_clear"]
    # "Jours pour résorber" read "22,7 j" on Today and "38,5" on the backlog page: days on both now.
    assert director.say(card, {"days_to_clear": 38.5}, "fr") == i18n.format_value("days_to_clear", 38.5, "fr")
    assert i18n.format_value("days_to_clear", 38.5, "fr") == f"38,5{NNBSP}jours"
    assert i18n.format_value("days_to_clear", 38.5, "en") == "38.5 days"
    # Satisfaction read "3,1 / 5" on Today and "3,7" on the contacts page; the label says "(1 à 5)".
    assert director.say(director.CARD["csat_avg"], {"csat_avg": 3.66}, "fr") == "3,7"
    assert i18n.format_value("csat_avg", 3.66, "fr") == "3,7"

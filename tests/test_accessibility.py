"""Accessibility without a browser (issue 21, RGAA 4.1): palettes a colour-blind reader tells apart,
and a text summary after every chart of every page."""

import itertools
import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from oncedone import i18n
from oncedone.app import charts
from tests import director_fixtures as fx
from tests.colour_vision import MACHADO, difference, seen

CATEGORICAL_MIN_DIFFERENCE = 15  # CIE76 in CIELAB: well past "just noticeable" (2.3) for thin lines and small bars
SEQUENTIAL_MIN_DIFFERENCE = 9
VISIONS = (None, *MACHADO)


@pytest.mark.parametrize("palette", [p for p in charts.COLOURS if p != "age_bucket"] + ["trend"])
def test_every_palette_stays_apart_for_colour_blind_readers(palette):
    colours = charts.TREND_COLOURS if palette == "trend" else charts.COLOURS[palette]
    close = [(a, b, vision, round(difference(x, y, vision), 1))
             for (a, x), (b, y) in itertools.combinations(colours.items(), 2) for vision in VISIONS
             if x.lower() != y.lower() and difference(x, y, vision) < CATEGORICAL_MIN_DIFFERENCE]
    assert close == []


def test_age_buckets_darken_with_age_whatever_the_vision():
    buckets = list(charts.COLOURS["age_bucket"].values())
    for vision in VISIONS:
        lightness = [seen(c, vision)[0] for c in buckets]
        assert lightness == sorted(lightness, reverse=True), vision  # read by lightness, not hue
        assert min(difference(a, b, vision) for a, b in zip(buckets, buckets[1:])) >= SEQUENTIAL_MIN_DIFFERENCE, vision


def test_a_chart_summary_names_each_series_with_its_last_value():
    import polars as pl

    daily = pl.DataFrame({"day": [date(2018, 3, 1), date(2018, 3, 2)], "backlog": [7, 6],
                          "inflow_per_day": [1.0, 0.0], "throughput_per_day": [0.5, 1.25]})
    fig = charts.backlog_and_flows(daily, "fr", (date(2018, 3, 1), date(2018, 3, 2)))
    names = [i18n.t(k, "fr") for k in ("chart.backlog", "chart.inflow_per_day", "chart.throughput_per_day")]
    # Last values: backlog 6, inflow 0, throughput 1.25 said with one decimal (1,2: half to even), on 2 March.
    assert charts.summary(fig, "fr") == (
        f"Graphique de 3\u202fsérie(s)\u202f: {names[0]}, dernière valeur 6 (02/03/2018)\u202f; "
        f"{names[1]}, dernière valeur 0 (02/03/2018)\u202f; {names[2]}, dernière valeur 1,2 (02/03/2018).")


def test_every_chart_of_every_page_is_followed_by_its_summary(tmp_path, monkeypatch):
    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(fx.build(tmp_path)))
    for page in ("views/today.py", "views/backlog.py", "views/delivery.py", "views/contacts.py"):
        for lang in ("fr", "en"):
            at = AppTest.from_file("../dashboard.py", default_timeout=60)
            at.switch_page(page)
            if lang == "en":
                at.query_params["lang"] = "en"
            at.run()
            assert not at.exception, page
            figures = at.get("plotly_chart")
            summaries = [m.value for m in at.markdown if 'data-testid="chart-summary"' in m.value]
            assert figures and len(summaries) == len(figures), (page, lang, len(figures), len(summaries))
            assert all(i18n.t("charts.summary_empty", lang) in s or "(" in s for s in summaries), (page, summaries)
            json.loads(figures[0].proto.spec)  # still a whole figure

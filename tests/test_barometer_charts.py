"""Chart builders: translated titles, n and n_eff in tooltips, suppressed cells not drawn,
published series labelled with their source, a map that d3 can draw."""

import json

import pytest

from network.barometer import charts
from network.barometer.published import published_values, series_label
from network.core import geo, i18n

LANGS = list(i18n.LANGUAGES)


def row(mean=60.0, n=100, suppressed=False, unreliable=False, **extra):
    return {"mean": None if suppressed else mean, "low": None if suppressed else mean - 3,
            "high": None if suppressed else mean + 3, "n": n,
            "n_eff": None if suppressed else n * 0.9, "suppressed": suppressed,
            "unreliable": unreliable, **extra}


def spec_text(chart) -> str:
    return json.dumps(chart.to_dict(), ensure_ascii=False)


def values_of(chart) -> list[dict]:
    spec = chart.to_dict()
    return [v for data in spec.get("datasets", {}).values() for v in data]


@pytest.mark.parametrize("lang", LANGS)
def test_the_trend_chart_titles_its_axes_and_tooltips_in_the_language(lang):
    rows = [row(58 + i, date=f"{2019 + i}-07-01", wave=f"W{i}") for i in range(3)]
    chart = charts.index_trend_chart(rows, published_values(), lang, "ours")
    text = spec_text(chart)
    for key in ("barometer.chart.index_axis", "barometer.chart.fieldwork_year",
                "barometer.chart.n", "barometer.chart.neff", "barometer.chart.estimate_ci"):
        assert i18n.translate(key, lang) in text
    assert series_label("basque_country", lang) in text


def test_published_values_keep_their_source_in_the_chart():
    chart = charts.index_trend_chart([], published_values(), "en", "ours")
    values = values_of(chart)
    assert {v["source"] for v in values} >= {"Bilbao barometer, Biltzen presentation (unic.eu)"}
    assert {(v["year"], v["mean"]) for v in values} >= {("2022", 69.28), ("2019", 59.09)}


def test_the_published_series_are_those_of_the_domain_primer():
    got = {(v.series, v.year): v.value for v in published_values()}
    assert got == {("basque_country", 2007): 51.78, ("basque_country", 2008): 53.82,
                   ("basque_country", 2012): 53.62, ("basque_country", 2016): 59.04,
                   ("basque_country", 2022): 69.28, ("basque_country", 2023): 66.36,
                   ("bilbao", 2017): 56.69, ("bilbao", 2019): 59.09}
    assert all(v.source for v in published_values())
    assert all("published" in series_label(s, "en") for s in ("basque_country", "bilbao"))


def test_suppressed_cells_are_not_plotted_as_numbers():
    rows = [row(60, date="2024-07-01", wave="A"), row(n=6, suppressed=True, date="2025-07-01",
                                                    wave="B")]
    values = values_of(charts.index_trend_chart(rows, [], "en", "ours"))
    assert [v["wave"] for v in values] == ["A"]


@pytest.mark.parametrize("lang,expected", [("es", "61,5 (58,5–64,5)"), ("en", "61.5 (58.5–64.5)")])
def test_tooltip_figures_use_the_language_s_decimal_mark(lang, expected):
    assert charts.estimate_text(row(61.5), lang) == expected
    assert charts.estimate_text(row(suppressed=True, n=3), lang) == i18n.translate(
        "barometer.not_enough", lang)


def test_district_small_multiples_mark_suppressed_cells_at_the_floor():
    rows = [row(60, district="Deusto", number=1, date="2024-07-01", wave="A"),
            row(n=4, suppressed=True, district="Uribarri", number=2, date="2024-07-01", wave="A")]
    chart = charts.district_trend_chart(rows, "en", 40)
    values = values_of(chart)
    assert {v["district"]: v["flag_text"] for v in values} == {
        "Deusto": "reliable", "Uribarri": "not enough responses"}
    assert all(v["floor"] == 40 for v in values)


def test_the_map_rewinds_rings_clockwise_for_d3_and_greys_out_small_districts(db):
    from network import reference

    geojson = reference.districts_geojson(db)
    districts = reference.districts(db)
    rows = [row(55 + d.number, district_id=d.id) for d in districts[1:]]
    rows.append(row(n=5, suppressed=True, district_id=districts[0].id))
    labels = [{"district_id": d.id, "name": d.name("es"), "lat": d.label_lat,
               "lon": d.label_lon} for d in districts]
    spec = charts.district_map(geojson, rows, "es", labels).to_dict()
    features = next(layer["data"]["values"] for layer in spec["layer"]
                    if "values" in layer.get("data", {}))
    for f in features:
        outer = geo.polygons(f["geometry"])[0][0]
        assert charts._signed_area(outer) < 0  # clockwise in lon/lat
    deusto = next(f for f in features if f["properties"]["name"] == "Deusto")
    assert deusto["properties"]["index"] is None
    assert deusto["properties"]["estimate_text"] == "no hay suficientes respuestas"
    assert spec["layer"][0]["mark"]["type"] == "geoshape"


def test_rewinding_keeps_holes_the_other_way():
    outer_ccw = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole_cw = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]
    fixed = charts.rewind_for_d3({"type": "Polygon", "coordinates": [outer_ccw, hole_cw]})
    outer, hole = fixed["coordinates"]
    assert charts._signed_area(outer) < 0 < charts._signed_area(hole)


@pytest.mark.parametrize("dimension", ["sex", "age_band", "born_abroad"])
def test_breakdown_charts_label_categories_and_say_when_a_group_is_too_small(dimension):
    from network.barometer.instrument import instrument

    inst = instrument()
    cats = inst.categories(dimension)
    rows = [row(60, category=c) for c in cats[:-1]] + [row(n=2, suppressed=True,
                                                            category=cats[-1])]
    chart = charts.breakdown_chart(rows, "eu", dimension, (40, 80))
    text = spec_text(chart)
    assert i18n.translate("barometer.not_enough", "eu") in text
    assert i18n.translate(f"barometer.dimension.{dimension}", "eu") in text
    labels = {v["category_label"] for v in values_of(chart)}
    assert labels == {inst.label(dimension, c, "eu") for c in cats}


def test_breakdown_domain_rounds_out_to_tens():
    assert charts.breakdown_domain([row(61), row(72)]) == (50, 80)
    assert charts.breakdown_domain([]) == (0, 100)


def test_band_and_item_charts_translate_their_labels():
    bands = [row(40 + i, band=b, date="2024-07-01", wave="A")
             for i, b in enumerate(("tolerant", "ambivalent", "reluctant"))]
    text = spec_text(charts.band_share_chart(bands, "eu"))
    assert i18n.translate("barometer.band.reluctant", "eu") in text
    assert i18n.translate("barometer.chart.share_axis", "eu") in text
    items = [row(50, item="q01", date="2024-07-01", wave="A")]
    text = spec_text(charts.item_trend_chart(items, "es"))
    assert "Demasiados inmigrantes" in text and "inversa" in text

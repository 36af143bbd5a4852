import json

import pytest

from network import database, reference
from network.core import geo
from network.core.errors import PermissionDenied, UnknownDistrict, ValidationFailed


def test_bilbao_has_eight_districts_with_official_numbers_and_basque_names(db):
    districts = reference.districts(db)
    assert [d.number for d in districts] == list(range(1, 9))
    assert districts[0].name_es == "Deusto" and districts[0].name_eu == "Deustu"
    assert districts[6].name_es == "Rekalde" and districts[6].name_eu == "Errekalde"


def test_every_label_point_lies_inside_its_district(db):
    for d in reference.districts(db):
        assert geo.contains(reference.district_geometry(db, d.id), d.label_lat, d.label_lon)


def test_ibaiondo_is_labelled_in_the_built_up_north(db):
    ibaiondo = reference.resolve_district(db, 5)
    assert ibaiondo.label_lat > 43.25


def test_barrios_are_loaded(db):
    names = {b["name"] for b in reference.barrios(db, reference.resolve_district(db, 6).id)}
    assert names == {"Abando", "Indautxu"}


def test_population_is_known_only_where_a_source_exists(db):
    pops = reference.latest_populations(db)
    assert pops[None]["value"] == 350410 and pops[None]["year"] == 2024
    known = {reference.district_by_id(db, k).number for k in pops if k is not None}
    assert known == {5, 6, 7}
    assert all(p["source"] for p in pops.values())


@pytest.mark.parametrize("value,number", [
    ("1", 1), (" 7 ", 7), ("Deusto", 1), ("deustu", 1), ("Errekalde", 7), ("REKALDE", 7),
    ("Begona", 4), ("Begoña", 4), ("Basurtu-Zorrotza", 8),
])
def test_district_resolves_from_number_or_either_name(db, value, number):
    assert reference.resolve_district(db, value).number == number


@pytest.mark.parametrize("value", ["0", "9", "Gotham", "", "1; DROP TABLE districts"])
def test_unknown_district_is_refused(db, value):
    with pytest.raises(UnknownDistrict):
        reference.resolve_district(db, value)


def test_a_second_city_loads_without_code_changes(tmp_path):
    city = tmp_path / "villa"
    city.mkdir()
    square = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    other = [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]
    (city / "d.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nom": "Nord"},
         "geometry": {"type": "Polygon", "coordinates": square}},
        {"type": "Feature", "properties": {"nom": "Sud"},
         "geometry": {"type": "Polygon", "coordinates": other}},
    ]}))
    (city / "city.toml").write_text(
        '[city]\nslug="villa"\nname="Villa"\nboundaries="d.geojson"\n'
        'boundaries_name_property="nom"\n'
        '[[districts]]\nnumber=1\nname_es="Norte"\nname_eu="Iparra"\nboundary_name="Nord"\n'
        'barrios=["A"]\n'
        '[[districts]]\nnumber=2\nname_es="Sur"\nname_eu="Hegoa"\nboundary_name="Sud"\n'
    )
    db = database.connect(tmp_path / "villa.db")
    assert reference.load_city(db, city)
    assert [d.name_eu for d in reference.districts(db)] == ["Iparra", "Hegoa"]
    assert reference.setting(db, "city.name") == "Villa"
    assert reference.latest_populations(db) == {}


def test_staff_record_a_population_with_year_and_source(db, staff):
    d = reference.resolve_district(db, 1)
    reference.set_population(db, staff, d.id, 2024, 50000, "Register 2024")
    assert reference.latest_populations(db)[d.id]["value"] == 50000


@pytest.mark.parametrize("year,value,source", [
    (2024, 0, "x"), (2024, -5, "x"), (1800, 100, "x"), (2024, 100, " "),
])
def test_invalid_population_is_refused_and_changes_nothing(db, staff, year, value, source):
    before = db["populations"].count
    with pytest.raises(ValidationFailed):
        reference.set_population(db, staff, None, year, value, source)
    assert db["populations"].count == before


def test_coordinators_cannot_edit_reference_data(db, coordinator):
    with pytest.raises(PermissionDenied):
        reference.set_population(db, coordinator, None, 2024, 1000, "x")

"""The incident filter contract: each filter alone and combined, any-spelling search, validation and facets."""
import datetime

import pytest

from gazetteer.models import Alias, Place
from mapper.facets import filter_choices
from mapper.filters import BadQuery, IncidentFilter, filtered_incidents, filtered_queryset, parse_filters
from mapper.models import Article, Incident

ISIS, ARMY, SDF = "Islamic State (ISIS)", "Military Forces of Syria", "Syrian Democratic Forces"


def box(ring):
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return {"min_lon": min(xs), "min_lat": min(ys), "max_lon": max(xs), "max_lat": max(ys)}


def make_place(name_ar, name_en, feature_type, geometry, point, country="SY", governorate="", district="",
               aliases=()):
    coords = geometry["coordinates"]
    ring = {"Point": lambda c: [c], "LineString": lambda c: c, "Polygon": lambda c: c[0]}[geometry["type"]](coords)
    place = Place.objects.create(name_ar=name_ar, name_en=name_en, feature_type=feature_type, geometry=geometry,
                                 lon=point[0], lat=point[1], country=country, governorate=governorate,
                                 district=district, source="test", external_id=f"t-{name_en}", **box(ring))
    for text in (name_ar, name_en, *aliases):
        Alias.objects.create(place=place, text=text, kind="name")
    return place


def square(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def incident_at(place, **fields):
    """An incident located at a place (its geometry, point and extent), saved (derived fields filled)."""
    defaults = {"event_type": "Battles", "sub_event_type": "Armed clash", "geometry": place.geometry,
                "lon": place.lon, "lat": place.lat, "min_lon": place.min_lon, "min_lat": place.min_lat,
                "max_lon": place.max_lon, "max_lat": place.max_lat, "place": place, "evidence_text": ""}
    return Incident.objects.create(**{**defaults, **fields})


def build_dataset():
    """Places (governorate polygons, a town, a city, a road, a zone, an Iraqi town), two articles and seven
    incidents: a point, a line, a polygon, a synthetic record without article, an undated one, a merged
    duplicate and one without geometry."""
    deir = make_place("دير الزور", "Deir ez-Zor", "governorate", square(39.5, 34.5, 41.5, 35.9), (40.1, 35.3),
                      aliases=("ديرالزور",))
    raqqa_gov = make_place("الرقة", "Raqqa", "governorate", square(38.0, 35.9, 39.5, 36.7), (38.9, 36.2))
    raqqa = make_place("الرقة", "Raqqa city", "city", {"type": "Point", "coordinates": [39.01, 35.95]},
                       (39.01, 35.95), governorate="Raqqa")
    mayadin = make_place("الميادين", "Al-Mayadin", "town", {"type": "Point", "coordinates": [40.45, 35.02]},
                         (40.45, 35.02), governorate="Deir ez-Zor", district="Al-Mayadin")
    road = make_place("طريق الرقة دير الزور", "Raqqa-Deir ez-Zor road", "road",
                      {"type": "LineString", "coordinates": [[40.14, 35.33], [39.6, 35.7], [39.01, 35.95]]},
                      (39.6, 35.7))
    zone = make_place("منطقة خفض التصعيد", "De-escalation zone", "zone", square(36.2, 35.3, 37.0, 36.3),
                      (36.6, 35.8))
    qaim = make_place("القائم", "Al-Qaim", "town", {"type": "Point", "coordinates": [41.05, 34.37]},
                      (41.05, 34.37), country="IQ")
    sana = Article.objects.create(title="تقرير سانا", text="نص", published=datetime.date(2017, 3, 6), source="SANA",
                                  url="https://example.org/sana", content_hash="f-1")
    enab = Article.objects.create(title="عنب بلدي", text="نص", published=datetime.date(2017, 3, 21),
                                  source="Enab Baladi", url="https://example.org/enab", content_hash="f-2")
    clash = incident_at(mayadin, article=sana, date=datetime.date(2017, 3, 5), precision=1, certainty=0.9,
                        location_name="الميادين", fatalities=4,
                        actors=[{"name": ISIS, "role": "attacker"}, {"name": ARMY, "role": "target"}],
                        evidence_text="اشتباكات بين داعش والجيش في ريف ديرالزور الشرقي")
    strike = incident_at(road, article=enab, date=datetime.date(2017, 3, 20), precision=2, certainty=0.6,
                         event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                         location_name="طريق الرقة", actors=[{"name": ARMY, "role": "attacker"}],
                         evidence_text="غارة جوية على طريق الرقه")
    attack = incident_at(raqqa_gov, article=sana, date=datetime.date(2017, 5, 1), precision=3, certainty=0.4,
                         event_type="Violence against civilians", sub_event_type="Attack", alleged=True,
                         location_name="ريف الرقة", actors=[{"name": SDF, "role": "attacker"}],
                         evidence_text="هجوم على مدنيين")
    protest = incident_at(raqqa, article=None, outlet="ACLED", synthetic=True, external_id="test:1",
                          date=datetime.date(2018, 1, 10), event_type="Protests", sub_event_type="Peaceful protest",
                          precision=1, certainty=1.0, location_name="الرقة", evidence_text="مظاهرة")
    undated = incident_at(qaim, article=enab, date=None, precision=1, certainty=0.8,
                          event_type="Strategic developments", sub_event_type="Agreement",
                          location_name="القائم", evidence_text="اتفاق")
    duplicate = incident_at(mayadin, article=enab, date=datetime.date(2017, 3, 5), precision=1, certainty=0.7,
                            merged_into=clash, location_name="الميادين",
                            actors=[{"name": ISIS, "role": "attacker"}], evidence_text="معارك في الميادين")
    unmapped = Incident.objects.create(article=sana, event_type="Battles", sub_event_type="Armed clash",
                                       date=datetime.date(2017, 3, 5), evidence_text="بلا مكان")
    return {"places": {"deir": deir, "raqqa_gov": raqqa_gov, "raqqa": raqqa, "mayadin": mayadin, "road": road,
                       "zone": zone, "qaim": qaim},
            "articles": {"sana": sana, "enab": enab},
            "clash": clash, "strike": strike, "attack": attack, "protest": protest, "undated": undated,
            "duplicate": duplicate, "unmapped": unmapped}


@pytest.fixture
def ds(db):
    return build_dataset()


CANONICAL = ("clash", "strike", "attack", "protest", "undated")


def ids(params):
    return set(filtered_queryset(params).values_list("id", flat=True))


def named(ds, *names):
    return {ds[n].pk for n in names}


def test_no_filter_lists_canonical_mapped_incidents(ds):
    assert ids({}) == named(ds, *CANONICAL)
    assert IncidentFilter().is_empty and IncidentFilter().to_query() == ""


def test_each_filter_alone(ds):
    place = ds["places"]
    cases = [
        ({"from": "2017-03-20"}, ("strike", "attack", "protest")),
        ({"to": "2017-03-20"}, ("clash", "strike")),
        ({"from": "2017-03-05", "to": "2017-03-05"}, ("clash",)),
        ({"type": "Battles"}, ("clash",)),
        ({"type": ["Battles", "Protests"]}, ("clash", "protest")),
        ({"sub_type": "Air/drone strike"}, ("strike",)),
        ({"actor": ARMY}, ("clash", "strike")),
        ({"actor": [ISIS, SDF]}, ("clash", "attack")),
        ({"actor": "Military Forces"}, ()),  # exact names only
        ({"governorate": "Deir ez-Zor"}, ("clash", "strike")),
        ({"governorate": ["Raqqa", "Deir ez-Zor"]}, ("clash", "strike", "attack", "protest")),
        ({"precision": "1"}, ("clash", "protest", "undated")),
        ({"precision": ["2", "3"]}, ("strike", "attack")),
        ({"outlet": "SANA"}, ("clash", "attack")),
        ({"outlet": ["ACLED", "Enab Baladi"]}, ("strike", "protest", "undated")),
        ({"certainty_min": "0.6"}, ("clash", "strike", "protest", "undated")),
        ({"certainty_min": "1"}, ("protest",)),
        ({"bbox": "40,34.8,41,35.2"}, ("clash",)),
        ({"bbox": "39.4,35.5,39.7,35.95"}, ("strike", "attack")),  # the road's and the polygon's extents
        ({"synthetic": "0"}, ("clash", "strike", "attack", "undated")),
        ({"synthetic": "1"}, ("protest",)),
        ({"place": str(place["mayadin"].pk)}, ("clash",)),
        ({"place": str(place["deir"].pk)}, ("clash", "strike")),  # points within its extent
        ({"place": str(place["road"].pk)}, ("strike", "protest")),  # the city point is on its extent's edge
    ]
    for params, expected in cases:
        assert ids(params) == named(ds, *expected), params


def test_article_filter_includes_merged_reports(ds):
    enab = ds["articles"]["enab"]
    assert ids({"article": str(enab.pk)}) == named(ds, "strike", "undated", "duplicate")
    assert ids({"article": str(ds["articles"]["sana"].pk)}) == named(ds, "clash", "attack")  # unmapped skipped
    assert ids({"article": "99999"}) == set()


def test_combined_filters(ds):
    params = {"from": "2017-01-01", "to": "2017-12-31", "actor": ARMY, "precision": ["1", "2"],
              "bbox": "38,34,42,37", "synthetic": "0"}
    assert ids(params) == named(ds, "clash", "strike")
    assert ids({**params, "type": "Explosions/Remote violence"}) == named(ds, "strike")
    assert ids({**params, "q": "داعش"}) == named(ds, "clash")
    assert ids({**params, "outlet": "SANA", "certainty_min": "0.95"}) == set()


@pytest.mark.parametrize("query, expected", [
    ("الرقة", ("strike", "attack", "protest")),   # ة matches ه in "طريق الرقه" and the place names
    ("الرقه", ("strike", "attack", "protest")),
    ("دير الزور", ("clash", "strike")),          # both words occur in "ديرالزور" and in the road's place
    ("ديرالزور", ("clash",)),
    ("غارة جوية", ("strike",)),
    ("غاره   جويه", ("strike",)),
    ("داعش الميادين", ("clash",)),               # every word must match
    ("داعش القائم", ()),
    ("Air/drone", ("strike",)),                   # English (types) too, case-insensitive
    ("protest", ("protest",)),
    ("أكلد", ()),
    ("   ", CANONICAL),                           # blank means no search
])
def test_any_spelling_search(ds, query, expected):
    assert ids({"q": query}) == named(ds, *expected)


def test_to_query_is_canonical_and_round_trips(ds):
    from django.http import QueryDict

    raw = QueryDict(mutable=True)
    for name, value in [("type", "Protests"), ("type", "Battles"), ("type", "Battles"), ("q", " الرقة "),
                        ("bbox", "38,34,42,37"), ("from", "2017-01-01"), ("zoom", "7"), ("layers", "heat"),
                        ("synthetic", "0"), ("certainty_min", "0.5"), ("precision", "2")]:
        raw.appendlist(name, value)
    parsed = parse_filters(raw)
    assert parsed.types == ("Battles", "Protests")
    query = parsed.to_query()
    assert query.startswith("from=2017-01-01&type=Battles&type=Protests&precision=2&certainty_min=0.5&q=")
    assert "zoom" not in query and "layers" not in query
    again = parse_filters(QueryDict(query))
    assert again == parsed and again.to_query() == query
    assert parse_filters({"place": str(ds["places"]["zone"].pk)}).to_query() == f"place={ds['places']['zone'].pk}"


@pytest.mark.parametrize("params, word", [
    ({"from": "2017-13-01"}, "from"), ({"from": "2017-1-1"}, "from"), ({"to": "yesterday"}, "to"),
    ({"from": "2018-01-01", "to": "2017-01-01"}, "after"),
    ({"type": ""}, "type"), ({"type": "x" * 61}, "type"), ({"sub_type": " "}, "sub_type"),
    ({"actor": "a" * 201}, "actor"), ({"governorate": ""}, "governorate"), ({"outlet": ""}, "outlet"),
    ({"precision": "4"}, "precision"), ({"precision": "x"}, "precision"), ({"precision": "0"}, "precision"),
    ({"certainty_min": "1.5"}, "certainty_min"), ({"certainty_min": "nan"}, "certainty_min"),
    ({"certainty_min": "abc"}, "certainty_min"), ({"certainty_min": "-0.1"}, "certainty_min"),
    ({"q": "ا" * 201}, "q"), ({"bbox": "1,2,3"}, "bbox"), ({"bbox": "5,5,1,1"}, "bbox"),
    ({"bbox": "inf,0,1,1"}, "bbox"), ({"article": "0"}, "article"), ({"article": "x"}, "article"),
    ({"synthetic": "yes"}, "synthetic"), ({"place": "abc"}, "place"), ({"place": "999999"}, "unknown place"),
    ({"type": ["Battles"] * 51}, "at most"), ({"q": "a\x00b"}, "NUL"), ({"actor": "\x00"}, "NUL"),
    ({"from": "٢٠١٧-٠١-٠١"}, "from"),
])
def test_bad_filters_raise_bad_query(ds, params, word):
    with pytest.raises(BadQuery, match=word):
        parse_filters(params)


def test_blank_form_fields_are_ignored(ds):
    assert ids({"from": "", "to": " ", "q": "", "certainty_min": ""}) == named(ds, *CANONICAL)


def test_filtered_incidents_joins_article_and_place_in_api_order(ds, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(filtered_incidents({}))
        outlets = [(i.article.source if i.article else None, i.place.name_en) for i in rows]
    assert [i.pk for i in rows] == [ds[n].pk for n in ("protest", "attack", "strike", "clash", "undated")]
    assert outlets[0] == (None, "Raqqa city") and outlets[3] == ("SANA", "Al-Mayadin")


def test_filter_choices_counts(ds):
    everything = filter_choices()
    assert everything["total"] == 6  # canonical incidents, the unmapped one included
    choices = filter_choices(filtered_queryset({}))
    assert choices["total"] == 5
    assert choices["date_min"] == "2017-03-05" and choices["date_max"] == "2018-01-10"
    types = {t["value"]: t for t in choices["types"]}
    assert [t["value"] for t in choices["types"]] == ["Battles", "Explosions/Remote violence",
                                                      "Violence against civilians", "Protests",
                                                      "Strategic developments"]
    assert types["Battles"]["count"] == 1 and types["Battles"]["sub_types"] == [{"value": "Armed clash", "count": 1}]
    assert types["Battles"]["label"]
    assert choices["actors"] == [{"value": ARMY, "count": 2}, {"value": ISIS, "count": 1},
                                 {"value": SDF, "count": 1}]
    assert {g["value"]: g["count"] for g in choices["governorates"]} == {"Deir ez-Zor": 2, "Raqqa": 2}
    assert {o["value"]: o["count"] for o in choices["outlets"]} == {"SANA": 2, "Enab Baladi": 2, "ACLED": 1}
    assert choices["precisions"] == [1, 2, 3]
    narrowed = filter_choices(filtered_queryset({"actor": ARMY}))
    assert narrowed["total"] == 2 and narrowed["date_max"] == "2017-03-20"
    empty = filter_choices(filtered_queryset({"type": "Riots"}))
    assert empty["total"] == 0 and empty["types"] == [] and empty["date_min"] is None


@pytest.mark.parametrize("index_share", [0.0, 2.0])  # always a table scan / always the extent index
def test_bbox_filter_gives_the_same_set_either_way(ds, monkeypatch, index_share):
    import mapper.filters as filters

    monkeypatch.setattr(filters, "INDEX_SHARE", index_share)
    assert ids({"bbox": "40,34.8,41,35.2"}) == named(ds, "clash")
    assert ids({"bbox": "39.4,35.5,39.7,35.95"}) == named(ds, "strike", "attack")
    assert ids({"bbox": "-180,-90,180,90"}) == named(ds, *CANONICAL)


def test_extent_share():
    from mapper.filters import extent_share

    assert extent_share((0, 0, 10, 10), (0, 0, 10, 10)) == 1
    assert extent_share((0, 0, 5, 10), (0, 0, 10, 10)) == 0.5
    assert extent_share((20, 20, 30, 30), (0, 0, 10, 10)) == 0
    assert extent_share((0, 0, 1, 1), None) == 1 and extent_share((0, 0, 1, 1), (5, 5, 5, 5)) == 1

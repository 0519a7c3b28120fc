"""The map page view: URL filters and view state parsed and pre-filled, clear 400s, exports and the shared dataset."""
import datetime
import json
import random
import re
from html import unescape

import folium
import pytest
from django.http import QueryDict

from gazetteer.conf import kharita_setting
from gazetteer.models import Place
from mapper import maps
from mapper.explore_views import MapView, parse_view, window_query
from mapper.filters import BadQuery, parse_filters
from mapper.incident_fields import fill_derived_fields
from mapper.models import Article, Incident

TYPES = {
    "Battles": ["Armed clash", "Government regains territory"],
    "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest"],
    "Riots": ["Violent demonstration"],
    "Strategic developments": ["Arrests", "Looting/property destruction"],
}
ACTORS = ["ISIS", "Syrian army", "SDF", "Turkish forces"]
OUTLETS = ["وكالة الشمال", "شبكة الفرات", "Outlet C"]
# Stored spelling of the place names; searches use other spellings of the same names.
PLACE_NAMES = ["الرقّة", "إدلب", "دير الزور", "أعزاز", "منبج", "تدمر"]
START = datetime.date(2024, 1, 1)
DAYS = 182
BOX = (36.0, 32.6, 42.0, 37.0)  # where the random points fall
GOVERNORATES = {"Deir ez-Zor": (39.0, 34.0, 42.0, 36.5), "Aleppo": (36.0, 35.5, 39.0, 37.0)}
ROAD = [[36.72, 34.73], [36.75, 35.13], [36.63, 35.93], [37.10, 36.15]]
ZONE = [[38.0, 33.0], [39.2, 33.0], [39.2, 34.0], [38.0, 34.0], [38.0, 33.0]]


def ring(box):
    a, b, c, d = box
    return [[a, b], [c, b], [c, d], [a, d], [a, b]]


def make_place(name_ar, name_en, feature_type, geometry, box, key):
    return Place.objects.create(
        name_ar=name_ar, name_en=name_en, feature_type=feature_type, geometry=geometry,
        lon=(box[0] + box[2]) / 2, lat=(box[1] + box[3]) / 2, min_lon=box[0], min_lat=box[1],
        max_lon=box[2], max_lat=box[3], country="SY", source="test-explore", external_id=key)


def point_incident(rng, i, article):
    lon = round(rng.uniform(BOX[0], BOX[2]), 4)
    lat = round(rng.uniform(BOX[1], BOX[3]), 4)
    event_type = list(TYPES)[i % len(TYPES)]
    subs = TYPES[event_type]
    actors = [{"name": ACTORS[i % 4], "role": "actor1"}]
    if i % 3 == 0:
        actors.append({"name": ACTORS[(i + 1) % 4], "role": "actor2"})
    name = PLACE_NAMES[i % len(PLACE_NAMES)]
    return Incident(
        article=article if i % 50 == 0 else None, event_type=event_type, sub_event_type=subs[(i // 6) % len(subs)],
        actors=actors, date=START + datetime.timedelta(days=(i * 7) % DAYS), location_name=name,
        geometry={"type": "Point", "coordinates": [lon, lat]}, lon=lon, lat=lat,
        min_lon=lon, min_lat=lat, max_lon=lon, max_lat=lat, precision=1 + i % 3,
        uncertainty_km=(0.0, 5.0, 25.0)[i % 3], evidence_text=f"تقرير رقم {i} عن {name}",
        certainty=round(0.3 + (i % 8) * 0.1, 2), outlet=OUTLETS[i % 3])


def explore_dataset(points=640, seed=7):
    """`points` incidents spread over Syria, a road (LineString) and a zone (Polygon) incident, and places."""
    rng = random.Random(seed)
    for name, box in GOVERNORATES.items():
        make_place(name, name, "governorate", {"type": "Polygon", "coordinates": [ring(box)]}, box, name)
    make_place("منطقة الاختبار", "Test zone", "zone", {"type": "Polygon", "coordinates": [ZONE]},
               (38.0, 33.0, 39.2, 34.0), "zone")
    make_place("الطريق الدولي M5", "M5 highway", "road", {"type": "LineString", "coordinates": ROAD},
               (36.63, 34.73, 37.10, 36.15), "m5")
    article = Article.objects.create(title="تقرير <b>اختبار</b>", text="نص", source=OUTLETS[0],
                                     published=START, content_hash="explore-dataset")
    incidents = [point_incident(rng, i, article) for i in range(points)]
    incidents.append(Incident(
        event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED", actors=[],
        date=datetime.date(2024, 3, 4), location_name="الطريق الدولي M5",
        geometry={"type": "LineString", "coordinates": ROAD}, lon=36.75, lat=35.13, min_lon=36.63,
        min_lat=34.73, max_lon=37.10, max_lat=36.15, precision=2, uncertainty_km=5.0,
        evidence_text="انفجار عبوة على الطريق الدولي", outlet="Outlet C", certainty=0.8))
    incidents.append(Incident(
        event_type="Violence against civilians", sub_event_type="Attack",
        actors=[{"name": 'مسلحون "مجهولون"', "role": "actor1"}], date=datetime.date(2024, 3, 5),
        location_name="منطقة الاختبار", geometry={"type": "Polygon", "coordinates": [ZONE]},
        lon=38.6, lat=33.5, min_lon=38.0, min_lat=33.0, max_lon=39.2, max_lat=34.0, precision=3,
        uncertainty_km=40.0, evidence_text='هجوم <script>alert(1)</script> في "المنطقة"',
        outlet="Outlet C", certainty=0.6))
    fill_derived_fields(incidents)
    Incident.objects.bulk_create(incidents)
    return {"article": article, "count": len(incidents)}


# ---- the view ----

def config_of(html):
    """The JSON config the page passes to KharitaExplore.start."""
    match = re.search(r"KharitaExplore\.start\(map_[0-9a-f]+, (\{.*?\})\);", html)
    assert match, "no explore config in the page"
    return json.loads(match.group(1))


@pytest.fixture
def small(db):
    return explore_dataset(points=30)


@pytest.mark.django_db
def test_page_renders_map_form_layers_and_exports(client, small):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<div class="folium-map kharita-map" dir="ltr" id="map_[0-9a-f]+"', html)
    assert '<div class="map-frame" dir="ltr">' in html
    for script in re.findall(r'<script[^>]*\bsrc="([^"]+)"', html):
        assert script.startswith(("/static/", "/jsi18n/")), script
    # The page's own scripts are inlined, in load order, after the catalog and Leaflet; each names its file.
    order = [html.index('src="/jsi18n/"'), html.index('src="/static/vendor/leaflet/leaflet.js"'),
             html.index('src="/static/kharita/map.js"')]
    order += [html.index(f"//# sourceURL=/static/kharita/{name}.js\n</script>")
              for name in ("heat", "explore_state", "explore_draw", "explore_timeline", "explore_list", "explore")]
    assert order == sorted(order)
    assert html.index("KharitaExplore.start(") > order[-1]
    assert ".kharita-cluster-ring" in html[:html.index("<body")]  # explore.css, inlined in the head
    assert 'src="/static/kharita/explore' not in html and 'href="/static/kharita/explore.css"' not in html
    # Map first: the filter form is rendered in the frame after the first clusters (never without scripts).
    head = html[:html.index("<body")]
    assert 'root.classList.add("kharita-map-first")' in head
    assert ".kharita-map-first #explore-filters { content-visibility: hidden;" in head
    assert 'class="kharita-map-first' not in html
    config = config_of(html)
    assert config["urls"] == {"clusters": "/api/clusters.geojson", "incidents": "/api/incidents.geojson",
                              "timeline": "/api/timeline.json", "facets": "/api/facets.json",
                              "places": "/api/places.geojson"}
    assert config["layers"] == ["incidents"] and config["t"] == "" and config["w"] == "7d"
    assert config["view_given"] is False
    lons = [i.min_lon for i in Incident.objects.all()] + [i.max_lon for i in Incident.objects.all()]
    assert config["fit"][0] == min(lons) and config["fit"][2] == max(lons)
    assert config["date_min"] == "2024-01-01"
    assert 'id="incident-count" data-count="32"' in html
    for ext in ("geojson", "csv", "gpkg"):
        url = f"/api/export/incidents.{ext}"
        assert f'id="export-{ext}" data-export-base="{url}" href="{url}"' in html
    assert html.count('name="layer"') == 5
    assert html.count('class="legend-list"') == 1


def test_inlined_code_that_could_end_its_element_early_is_refused(tmp_path, monkeypatch):
    for name, text, tag in (("a.js", 'var s = "</SCRIPT>";', "</script"), ("b.js", "<!-- x", "</script"),
                            ("c.css", "a::after { content: '</style>'; }", "</style")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        monkeypatch.setattr(maps.finders, "find", lambda path, name=name: str(tmp_path / name))
        with pytest.raises(ValueError, match="cannot be inlined"):
            maps._inline_source(f"test/{name}", tag)


def test_explore_tiles_render_as_a_plain_url_layer():
    """The explore map's tile layer (given to folium as a provider, to skip its name lookup) renders exactly as
    the layer of a URL string does."""
    def script(layer):
        m = folium.Map(tiles=None)
        layer.add_to(m)
        m.get_root().render()
        return re.sub(r"[0-9a-f]{32}", "ID", m.get_root().script.render())

    url, attribution = kharita_setting("TILE_URL"), kharita_setting("TILE_ATTRIBUTION")
    assert script(maps.configured_tiles()) == script(folium.TileLayer(tiles=url, attr=attribution))


@pytest.mark.django_db
def test_url_prefills_the_form_and_the_view(client, small):
    query = ("type=Battles&type=Protests&sub_type=Armed+clash&actor=ISIS&governorate=Aleppo&precision=2"
             "&outlet=Outlet+C&certainty_min=0.5&q=%D8%A7%D8%AF%D9%84%D8%A8&from=2024-02-01&to=2024-03-31"
             "&synthetic=0&t=2024-03-10&w=2w&z=9&c=35.5,38.25&layers=incidents,heat,zones")
    html = client.get("/?" + query).content.decode()
    assert re.search(r'name="type" value="Battles" checked', html)
    assert re.search(r'name="type" value="Protests" checked', html)
    assert not re.search(r'name="type" value="Riots" checked', html)
    for value in ("Armed clash", "ISIS", "Aleppo", "Outlet C"):  # greyed (is-empty) when the others match none
        assert re.search(rf'<option value="{value}" selected( class="is-empty")?>', html), value
    assert re.search(r'name="precision" value="2" checked', html)
    assert 'name="certainty_min" min="0" max="1" step="0.05" dir="ltr"\n               value="0.5"' in html
    assert 'value="ادلب"' in html
    assert 'name="from" value="2024-02-01"' in html and 'name="to" value="2024-03-31"' in html
    assert '<option value="0" selected>' in html
    assert '<option value="w" selected>' in html and 'id="window-size" min="1" max="999" value="2"' in html
    config = config_of(html)
    assert config["t"] == "2024-03-10" and config["w"] == "2w" and config["view_given"] is True
    assert config["layers"] == ["incidents", "heat", "zones"] and config["fit"] is None
    assert re.search(r'L\.map\(\s*"map_[0-9a-f]+",\s*\{\s*center: \[35\.5, 38\.25\]', html)
    assert '"zoom": 9' in html
    for name in ("heat", "zones"):
        assert re.search(rf'name="layer" value="{name}" checked', html)
    assert not re.search(r'name="layer" value="boundaries" checked', html)
    # Exports carry the filters narrowed to the two-week window ending on t.
    href = unescape(re.search(r'id="export-csv" data-export-base="[^"]+" href="([^"]+)"', html).group(1))
    params = QueryDict(href.split("?", 1)[1])
    assert params["from"] == "2024-02-26" and params["to"] == "2024-03-10"
    assert params.getlist("type") == ["Battles", "Protests"] and params["q"] == "ادلب"
    assert "t" not in params and "z" not in params and "layers" not in params


@pytest.mark.django_db
def test_selected_values_without_data_stay_selected(client, small):
    html = client.get("/?actor=Nobody+%3Cb%3E&sub_type=Made+up&governorate=Atlantis&outlet=None").content.decode()
    assert '<option value="Nobody &lt;b&gt;" selected class="is-empty">Nobody &lt;b&gt; (0)</option>' in html
    assert '<option value="Made up" selected class="is-empty">' in html
    assert '<option value="Atlantis" selected class="is-empty">' in html
    assert "<b>" not in html.split("<main", 1)[1].replace("<b>اختبار</b>", "")


def form_counts(html):
    """{(facet, value): count} of the filter form: the type checkboxes and each multi-select's options (a
    sub-type under its type)."""
    counts = {}
    for value, n in re.findall(r'name="type" value="([^"]+)".*?<span class="count">(\d+)</span>', html, re.S):
        counts[("type", unescape(value))] = int(n)
    for name in ("actor", "governorate", "outlet", "sub_type"):
        select = re.search(rf'<select id="f-{name}".*?</select>', html, re.S).group(0)
        group = None
        for tag in re.finditer(r'<optgroup label="[^"]*" data-type="([^"]*)">|<option value="([^"]*)"[^>]*>.*? '
                               r'\((\d+)\)</option>', select):
            if tag.group(1) is not None:
                group = unescape(tag.group(1))
                continue
            key = (name, unescape(tag.group(2))) + ((group,) if name == "sub_type" else ())
            counts[key] = int(tag.group(3))
    return counts


def database_counts(params):
    """form_counts as the database gives them: each facet over the mapped canonical incidents that match every
    other filter of `params` (plain ORM on that facet's column, not the app's counting code)."""
    counts = {}
    facets = {"type": "event_type", "sub_type": "sub_event_type", "governorate": "governorate",
              "outlet": "outlet"}
    for name, column in facets.items():
        others = {key: value for key, value in params.items() if key != name}
        qs = parse_filters(others).apply(Incident.objects.exclude(geometry__isnull=True))
        for row in qs.values(column, "event_type"):
            key = (name, row[column]) + ((row["event_type"],) if name == "sub_type" else ())
            counts[key] = counts.get(key, 0) + 1
    others = {key: value for key, value in params.items() if key != "actor"}
    qs = parse_filters(others).apply(Incident.objects.exclude(geometry__isnull=True))
    for actors in qs.values_list("actors", flat=True):
        for name in {a["name"] for a in actors}:
            counts[("actor", name)] = counts.get(("actor", name), 0) + 1
    return counts


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    "", "type=Battles", "type=Battles&type=Riots&governorate=Aleppo", "from=2024-02-01&to=2024-03-15",
    "actor=ISIS&outlet=Outlet+C&sub_type=Armed+clash", "q=الرقه&precision=1&certainty_min=0.5",
    "type=Protests&t=2024-03-10&w=3w", "bbox=38,33,39,34&actor=SDF",
])
def test_form_counts_are_faceted_for_the_urls_filters(client, small, query):
    """Each facet's counts in the page's first HTML are those of the incidents matching every other filter
    (the time window included, the page's bbox and view left out); every option stays, 0 when none match."""
    html = client.get("/?" + query).content.decode()
    params = {key: values for key, values in QueryDict(query).lists() if key not in ("t", "w", "bbox")}
    if "t" in QueryDict(query):
        params.update({"from": ["2024-02-19"], "to": ["2024-03-10"]})
    expected = database_counts(params)
    shown = form_counts(html)
    assert {key for key, n in shown.items() if n} == {key for key, n in expected.items() if n and key[1]}
    for key, n in shown.items():
        assert n == expected.get(key, 0), (query, key)
    everything = form_counts(client.get("/").content.decode())
    assert set(shown) >= set(everything)  # no option disappears
    if query == "type=Battles":  # choosing a type leaves the other types' counts as they were
        assert all(shown[key] == n for key, n in everything.items() if key[0] == "type")
    form = re.search(r'<form id="explore-filters"[^>]*>', html).group(0)
    counted = QueryDict(unescape(re.search(r'data-counts-query="([^"]*)"', form).group(1)))
    assert "bbox" not in counted and all(counted.getlist(k) == v for k, v in params.items()), counted


@pytest.mark.django_db
def test_page_bbox_sets_the_first_view_only(client, small):
    html = client.get("/?bbox=38,33,39,34&type=Battles").content.decode()
    assert config_of(html)["fit"] == [38.0, 33.0, 39.0, 34.0]
    href = unescape(re.search(r'id="export-geojson" data-export-base="[^"]+" href="([^"]+)"', html).group(1))
    assert href == "/api/export/incidents.geojson?type=Battles"


@pytest.mark.django_db
@pytest.mark.parametrize("query, word", [
    ("from=2024-13-01", "from"), ("to=yesterday", "to"), ("from=2024-05-01&to=2024-01-01", "from"),
    ("precision=7", "precision"), ("certainty_min=2", "certainty_min"), ("certainty_min=nan", "certainty_min"),
    ("q=" + "x" * 201, "q"), ("type=" + "x" * 61, "type"),
    ("actor=" + "&actor=".join(map(str, range(51))), "actor"),
    ("z=99&c=35,38", "z"), ("z=5&c=abc", "c"), ("z=5&c=95,38", "c"), ("z=5", "z and c"), ("c=35,38", "z and c"),
    ("layers=incidents,tanks", "layers"), ("t=2024-02-30", "t"), ("w=0d", "w"), ("w=7y", "w"),
    ("place=999999", "place"), ("article=abc", "article"), ("synthetic=2", "synthetic"), ("bbox=1,2,3", "bbox"),
])
def test_bad_urls_get_a_clear_400_page(client, query, word):
    response = client.get("/?" + query)
    assert response.status_code == 400
    html = response.content.decode()
    message = unescape(re.search(r'<p class="error-message">(.*?)</p>', html, re.S).group(1))
    assert word in message
    assert "<html" in html and 'href="/"' in html


@pytest.mark.django_db
def test_empty_database_page(client):
    response = client.get("/?t=2024-01-01&layers=heat")
    assert response.status_code == 200
    config = config_of(response.content.decode())
    assert config["fit"] is None and config["date_min"] is None and config["layers"] == ["heat"]
    assert 'id="incident-count" data-count="0"' in response.content.decode()


@pytest.mark.django_db
def test_blank_form_fields_are_no_filter(client, small):
    response = client.get("/?q=&from=&to=&certainty_min=&synthetic=&article=&place=")
    assert response.status_code == 200
    assert config_of(response.content.decode())["fit"] is not None


def test_parse_view_defaults_and_values():
    assert parse_view(QueryDict("")) == MapView()
    view = parse_view(QueryDict("z=7&c=35.1,38.2&layers=heat,boundaries,heat&t=2024-01-31&w=3w"))
    assert view == MapView(zoom=7, center=(35.1, 38.2), layers=("heat", "boundaries"), t="2024-01-31", window="3w")
    assert parse_view(QueryDict("layers=")).layers == ()
    with pytest.raises(BadQuery):
        parse_view(QueryDict("z=-1&c=1,1"))


@pytest.mark.django_db
def test_window_query_narrows_to_the_window_inside_from_to():
    params = QueryDict("from=2024-03-05&to=2024-03-31&type=Riots")
    view = MapView(t="2024-03-08", window="7d")
    narrowed = QueryDict(window_query(params, parse_filters(params), view))
    assert narrowed["from"] == "2024-03-05" and narrowed["to"] == "2024-03-08" and narrowed["type"] == "Riots"
    late = MapView(t="2024-05-01", window="1w")
    narrowed = QueryDict(window_query(params, parse_filters(params), late))
    assert narrowed["from"] == "2024-03-25" and narrowed["to"] == "2024-03-31"
    assert window_query(params, parse_filters(params), MapView()) == parse_filters(params).to_query()


@pytest.mark.django_db
def test_dataset_spreads_over_governorates_and_spellings(small):
    canonical = Incident.objects.all()
    assert canonical.filter(governorate="Aleppo").exists() and canonical.filter(governorate="Deir ez-Zor").exists()
    assert canonical.filter(actor_index__contains="|ISIS|").exists()
    found = parse_filters(QueryDict("q=الرقه")).apply(canonical)
    assert found.count() == canonical.filter(location_name="الرقّة").count() > 0


def grid_of(html):
    return json.loads(unescape(re.search(r'<script id="explore-grid" type="application/json">(.*?)</script>', html,
                                         re.S).group(1)))


@pytest.mark.django_db
def test_first_view_grid_is_embedded_only_when_the_view_holds_every_incident(client):
    dataset = explore_dataset()
    grid = grid_of(client.get("/").content.decode())
    assert grid["query"] == "" and grid["total"] == dataset["count"] and 0 <= grid["zoom"] <= 11
    assert sum(cell[2] for cell in grid["cells"]) == dataset["count"]
    assert grid_of(client.get("/?type=Battles&type=Riots").content.decode()) is None  # few: drawn one by one
    five = "type=Battles&type=Protests&type=Riots&type=Strategic+developments&type=Violence+against+civilians"
    assert grid_of(client.get("/?" + five).content.decode())["query"] == five  # the query explore.js compares
    for query in ("z=7&c=34.8,39.0", "t=2024-02-01", "bbox=36,33,40,36", "layers=heat"):
        assert grid_of(client.get("/?" + query).content.decode()) is None, query

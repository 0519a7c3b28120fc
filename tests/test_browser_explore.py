"""Browser tests of the map page: filters and URL, time slider, exact cluster counts, shapes, list, exports, layers."""
import csv
import datetime
import io
import json
import urllib.request
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Q

from mapper.models import Incident
from tests.test_browser import CLICKABLE_POINT_JS, LOCAL_TILES, Watched
from tests.test_explore_view import ROAD, explore_dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEW = "z=7&c=34.8,39.0"  # the whole dataset in one fixed view
READ_FORM_JS = "() => KharitaExploreState.readForm(document.getElementById('explore-filters'))"


class Explore(Watched):
    """A watched map page with helpers to wait for it and read what it shows."""

    def _failed(self, request):
        # The page aborts a stale API request when the view or the filters change again: intended.
        if "/api/" in request.url and "ERR_ABORTED" in (request.failure or ""):
            return
        super()._failed(request)

    def open(self, path):
        super().open(path)
        self.idle()

    def idle(self):
        self.page.evaluate("() => KharitaExplore.idle()")

    def params(self):
        return parse_qs(urlsplit(self.page.url).query)

    def map_attr(self, name):
        return self.page.locator(".folium-map").get_attribute(f"data-kharita-{name}")

    def total(self):
        return int(self.map_attr("count"))

    def bbox(self):
        return [float(v) for v in self.map_attr("bbox").split(",")]

    def list_ids(self):
        return [int(i) for i in self.page.locator("#incident-list li").evaluate_all(
            "items => items.map(li => li.dataset.id)")]

    def list_total(self):
        return int(self.page.locator("#list-summary").get_attribute("data-total"))

    def cluster_sum(self):
        return sum(int(t) for t in self.page.locator(".kharita-cluster-count").all_inner_texts())

    def drawn_ids(self):
        return set(int(i) for i in self.page.locator("path[data-incident-id]").evaluate_all(
            "paths => paths.map(p => p.dataset.incidentId)"))

    def form(self):
        return self.page.evaluate(READ_FORM_JS)


@pytest.fixture
def local_tiles(settings):
    settings.KHARITA = {**settings.KHARITA, "TILE_URL": LOCAL_TILES}


@pytest.fixture
def explore(browser, live_server, local_tiles):
    page = Explore(browser, live_server.url)
    yield page
    page.close()


@pytest.fixture
def dataset(transactional_db):
    return explore_dataset()


def in_view(bbox, *conditions):
    """The canonical incidents intersecting bbox that meet every condition (plain ORM, not the app's filter code)."""
    west, south, east, north = bbox
    return (Incident.objects.filter(merged_into__isnull=True, max_lon__gte=west, min_lon__lte=east,
                                    max_lat__gte=south, min_lat__lte=north)
            .exclude(geometry__isnull=True).filter(*conditions))


def check_shown(explore, *conditions):
    """The map total, the list total and the first list page match the database for these conditions."""
    expected = in_view(explore.bbox(), *conditions)
    assert explore.total() == expected.count() == explore.list_total()
    newest = list(expected.order_by("-date", "-id").values_list("id", flat=True)[:50])
    assert explore.list_ids() == newest
    return expected.count()


FILTER_CASES = [
    ("dates", lambda p: (p.fill("#f-from", "2024-02-01"), p.fill("#f-to", "2024-03-15")),
     {"from": ["2024-02-01"], "to": ["2024-03-15"]},
     Q(date__gte=datetime.date(2024, 2, 1), date__lte=datetime.date(2024, 3, 15))),
    ("type", lambda p: p.check("input[name='type'][value='Battles']"),
     {"type": ["Battles"]}, Q(event_type="Battles")),
    ("sub_type", lambda p: p.select_option("#f-sub_type", ["Armed clash", "Air/drone strike"]),
     {"sub_type": ["Air/drone strike", "Armed clash"]}, Q(sub_event_type__in=["Armed clash", "Air/drone strike"])),
    ("actor", lambda p: p.select_option("#f-actor", ["SDF"]), {"actor": ["SDF"]}, Q(actor_index__contains="|SDF|")),
    ("governorate", lambda p: p.select_option("#f-governorate", ["Deir ez-Zor"]),
     {"governorate": ["Deir ez-Zor"]}, Q(governorate="Deir ez-Zor")),
    ("precision", lambda p: (p.check("input[name='precision'][value='1']"),
                             p.check("input[name='precision'][value='3']")),
     {"precision": ["1", "3"]}, Q(precision__in=[1, 3])),
    ("outlet", lambda p: p.select_option("#f-outlet", ["شبكة الفرات"]), {"outlet": ["شبكة الفرات"]},
     Q(outlet="شبكة الفرات")),
    ("certainty", lambda p: p.fill("#f-certainty_min", "0.75"), {"certainty_min": ["0.75"]}, Q(certainty__gte=0.75)),
    # Stored as الرقّة (with a shadda and a taa marbuta): found when typed without them.
    ("q", lambda p: p.fill("#f-q", "الرقه"), {"q": ["الرقه"]}, Q(location_name="الرقّة")),
]


def test_each_filter_round_trips_through_the_url(explore, dataset):
    page = explore.page
    previous = None
    explore.open("/?" + VIEW)
    everything = explore.total()
    for name, act, expected_params, condition in FILTER_CASES:
        act(page)
        explore.idle()
        params = explore.params()
        for key, values in expected_params.items():
            assert params.get(key) == values, (name, params)
        assert params["z"] == ["7"] and "c" in params, name
        count = check_shown(explore, condition)
        assert 0 < count < everything, name
        form, ids, url = explore.form(), explore.list_ids(), page.url
        explore.open(urlsplit(url).path + "?" + urlsplit(url).query)  # a fresh load of the shared link
        assert page.url == url, name
        assert explore.form() == form, name
        assert explore.total() == count and explore.list_ids() == ids, name
        previous = (name, form, count)
        page.locator("#filters-clear").click()
        explore.idle()
        assert explore.total() == everything and set(explore.params()) == {"z", "c"}, name
    # Two filters in one page, then Back restores the first (pushState history).
    page.check("input[name='type'][value='Protests']")
    explore.idle()
    first_url, first_total = page.url, explore.total()
    page.select_option("#f-governorate", ["Aleppo"])
    explore.idle()
    check_shown(explore, Q(event_type="Protests"), Q(governorate="Aleppo"))
    page.go_back()
    explore.idle()
    assert page.url == first_url and explore.total() == first_total
    assert explore.form()["governorate"] == [] and explore.form()["type"] == ["Protests"]
    page.locator("#filters-clear").click()
    explore.idle()
    assert "type" not in explore.params() and explore.total() == dataset["count"]
    assert previous[0] == "q"
    # Values the API would refuse are pointed out in the form and never reach the URL.
    page.fill("#f-from", "2024-03-01")
    page.fill("#f-to", "2024-02-01")
    page.fill("#f-certainty_min", "2")
    page.locator("#f-certainty_min").dispatch_event("change")
    explore.idle()
    assert page.evaluate("() => document.getElementById('f-to').validity.valid") is False
    assert not {"to", "certainty_min"} & set(explore.params())
    explore.screenshot("explore-filters.png")
    explore.check_clean()


def window_condition(end, days):
    return Q(date__gte=end - datetime.timedelta(days=days - 1), date__lte=end)


def test_time_slider_steps_plays_and_lands_in_the_url(explore, dataset):
    page = explore.page
    explore.open("/?" + VIEW)
    assert page.locator("#time-label").inner_text() and "t" not in explore.params()
    slider = page.locator("#time-slider")
    slider.focus()
    page.keyboard.press("Home")
    explore.idle()
    assert explore.params()["t"] == ["2024-01-01"] and explore.params()["w"] == ["7d"]
    check_shown(explore, window_condition(datetime.date(2024, 1, 1), 7))
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    explore.idle()
    assert explore.params()["t"] == ["2024-01-04"]
    check_shown(explore, window_condition(datetime.date(2024, 1, 4), 7))
    label = page.locator("#time-label").inner_text()
    assert "2024-01-01" in label and "2024-01-04" in label  # the window starts no earlier than the first date
    page.select_option("#window-unit", "w")
    page.fill("#window-size", "2")
    page.locator("#window-size").dispatch_event("change")
    explore.idle()
    assert explore.params()["w"] == ["2w"]
    two_weeks = check_shown(explore, window_condition(datetime.date(2024, 1, 4), 14))
    export = page.locator("#export-csv").get_attribute("href")
    assert "from=2023-12-22" in export and "to=2024-01-04" in export

    play = page.locator("#time-play")
    play.click()
    assert play.get_attribute("aria-pressed") == "true"
    page.wait_for_function("() => new URLSearchParams(location.search).get('t') > '2024-01-04'", timeout=10000)
    play.click()  # pause
    assert play.get_attribute("aria-pressed") == "false"
    explore.idle()
    t = datetime.date.fromisoformat(explore.params()["t"][0])
    assert (t - datetime.date(2024, 1, 4)).days % 7 == 0  # weekly steps
    check_shown(explore, window_condition(t, 14))
    explore.screenshot("explore-time.png")

    url = page.url
    explore.open(urlsplit(url).path + "?" + urlsplit(url).query)
    assert page.locator("#time-slider").get_attribute("aria-valuetext") == page.locator("#time-label").inner_text()
    assert t.isoformat() in page.locator("#time-label").inner_text()
    check_shown(explore, window_condition(t, 14))
    page.locator("#time-all").click()
    explore.idle()
    assert "t" not in explore.params() and explore.total() == dataset["count"]
    assert two_weeks < dataset["count"]
    explore.check_clean()


def test_cluster_labels_sum_to_the_database_count_in_view(explore, dataset):
    page = explore.page
    explore.open("/?" + VIEW)
    assert explore.map_attr("mode") == "clusters"
    expected = in_view(explore.bbox()).count()
    assert expected == dataset["count"] > 500
    singles = explore.drawn_ids()
    assert explore.cluster_sum() + len(singles) == expected == explore.total()
    # The list pages through the incidents in view, 50 at a time, newest first.
    ordered = list(in_view(explore.bbox()).order_by("-date", "-id").values_list("id", flat=True))
    assert explore.list_ids() == ordered[:50] and page.locator("#list-prev").is_disabled()
    page.locator("#list-next").click()
    explore.idle()
    assert explore.list_ids() == ordered[50:100]
    assert page.locator("#incident-list").get_attribute("start") == "51"
    assert "2" in page.locator("#list-page").inner_text() and "13" in page.locator("#list-page").inner_text()
    page.locator("#list-prev").click()
    explore.idle()
    assert explore.list_ids() == ordered[:50]
    # Hovering a listed incident that is inside a bubble rings its place on the map.
    hidden = next(i for i in explore.list_ids() if i not in singles)
    page.locator(f"#incident-list li[data-id='{hidden}']").hover()
    assert page.locator("path.kharita-hover-ring").count() == 1
    page.mouse.move(5, 5)
    assert page.locator("path.kharita-hover-ring").count() == 0
    bubble = page.locator(".kharita-cluster").first
    assert bubble.get_attribute("role") == "button" and bubble.get_attribute("tabindex") == "0"
    count = bubble.get_attribute("data-count")
    assert count in bubble.get_attribute("aria-label")
    explore.screenshot("explore-clusters.png")

    # Keyboard: Enter on a bubble zooms in to its incidents; the counts stay exact at the new view.
    bubble.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('z') !== '7'", timeout=10000)
    explore.idle()
    zoomed = in_view(explore.bbox()).count()
    assert 0 < zoomed < expected and int(explore.params()["z"][0]) > 7
    shown = explore.cluster_sum() + len(explore.drawn_ids())
    assert shown == zoomed == explore.total()

    # A filter small enough for every incident to be drawn: one shape per incident.
    explore.open("/?type=Riots&" + VIEW)
    assert explore.map_attr("mode") == "features"
    riots = in_view(explore.bbox(), Q(event_type="Riots"))
    assert explore.drawn_ids() == set(riots.values_list("id", flat=True))
    assert page.locator(".kharita-cluster").count() == 0
    halos = riots.filter(uncertainty_km__gt=0).count()
    assert page.locator("path.kharita-halo").count() == halos > 0
    explore.check_clean()


def path_commands(page, selector):
    return page.locator(selector).first.get_attribute("d")


def test_line_and_polygon_incidents_list_sync_and_popups(explore, dataset):
    page = explore.page
    explore.open("/?sub_type=Remote+explosive/landmine/IED&sub_type=Attack")
    assert explore.map_attr("mode") == "features"
    line_d = path_commands(page, "path.kharita-line")
    polygon_d = path_commands(page, "path.kharita-polygon")
    # The road: one open path through its 4 vertices; the zone: a closed ring (ends with z).
    assert line_d.count("L") == len(ROAD) - 1 and not line_d.strip().lower().endswith("z")
    assert polygon_d.strip().lower().endswith("z")
    line = Incident.objects.get(sub_event_type="Remote explosive/landmine/IED")
    polygon = Incident.objects.get(location_name="منطقة الاختبار")
    assert page.locator("path.kharita-line").get_attribute("data-incident-id") == str(line.pk)
    assert page.locator("path.kharita-polygon").get_attribute("data-incident-id") == str(polygon.pk)

    point = page.evaluate(CLICKABLE_POINT_JS, "path.kharita-polygon")
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector(f"#incident-list li[data-id='{polygon.pk}'].is-hover", timeout=5000)
    page.mouse.click(point["x"], point["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5000)
    assert '<script>alert(1)</script>' in popup.inner_text()  # text, never markup
    assert popup.locator("script").count() == 0
    page.locator(".leaflet-popup-close-button").click()
    page.wait_for_function("() => !document.querySelector('.leaflet-popup')", timeout=5000)

    # The list: hover highlights the shape; a click flies to the incident and opens its popup.
    item = page.locator(f"#incident-list li[data-id='{line.pk}']")
    item.hover()
    assert "kharita-highlighted" in page.locator("path.kharita-line").get_attribute("class")
    item.locator("button").click()
    page.locator(".leaflet-popup-content", has_text=line.evidence_text).wait_for(timeout=10000)
    explore.idle()
    assert page.locator(".leaflet-popup-content").inner_text().count(line.evidence_text) == 1
    explore.screenshot("explore-line-popup.png")
    # Keyboard: a list item is a button; Enter on it opens that incident's popup.
    first = page.locator("#incident-list li").first
    first_id = int(first.get_attribute("data-id"))
    first.locator("button").focus()
    page.keyboard.press("Enter")
    evidence = Incident.objects.get(pk=first_id).evidence_text
    page.locator(".leaflet-popup-content", has_text=evidence).wait_for(timeout=10000)
    explore.check_clean()


def fetch(base_url, href):
    with urllib.request.urlopen(base_url + href) as response:
        return response.read(), response.headers


def test_export_links_carry_the_active_filter(explore, dataset, tmp_path):
    page = explore.page
    explore.open("/?" + VIEW)
    page.check("input[name='type'][value='Battles']")
    page.select_option("#f-governorate", ["Deir ez-Zor"])
    explore.idle()
    page.locator("#time-slider").focus()
    page.keyboard.press("End")
    page.select_option("#window-unit", "w")
    page.fill("#window-size", "8")
    page.locator("#window-size").dispatch_event("change")
    explore.idle()
    t = datetime.date.fromisoformat(explore.params()["t"][0])
    wanted = set(Incident.objects.filter(
        window_condition(t, 56), merged_into__isnull=True, event_type="Battles", governorate="Deir ez-Zor")
        .values_list("id", flat=True))
    assert wanted and len(wanted) < dataset["count"]

    body, headers = fetch(explore.base_url, page.locator("#export-geojson").get_attribute("href"))
    assert "attachment" in headers["Content-Disposition"]
    assert {f["properties"]["id"] for f in json.loads(body)["features"]} == wanted

    body, _ = fetch(explore.base_url, page.locator("#export-csv").get_attribute("href"))
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert {int(r["kharita_id"]) for r in rows} == wanted

    import geopandas

    body, _ = fetch(explore.base_url, page.locator("#export-gpkg").get_attribute("href"))
    path = tmp_path / "export.gpkg"
    path.write_bytes(body)
    frame = geopandas.read_file(path, layer="incidents", engine="pyogrio")
    assert set(int(i) for i in frame["kharita_id"]) == wanted
    explore.check_clean()


def test_arabic_page_layers_heat_and_only_local_requests(explore, dataset):
    page = explore.page
    explore.open("/?" + VIEW)
    assert page.locator("html").get_attribute("dir") == "rtl" and page.locator("html").get_attribute("lang") == "ar"
    assert page.locator(".folium-map").get_attribute("dir") == "ltr"
    assert page.locator(".map-frame").get_attribute("dir") == "ltr"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.folium-map')).direction") == "ltr"
    for name in ("heat", "boundaries", "zones", "roads"):
        page.check(f"input[name='layer'][value='{name}']")
    explore.idle()
    assert explore.params()["layers"] == ["incidents,heat,boundaries,zones,roads"]
    expect = {"boundaries": 2, "zones": 1, "roads": 1}
    for kind, n in expect.items():
        assert page.locator(f"path.kharita-place-{kind}").count() == n, kind
    painted = page.evaluate("""() => {
      const c = document.querySelector('canvas.kharita-heat');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) { n++; } } return n; }""")
    assert painted > 1000
    explore.screenshot("explore-layers.png")
    page.uncheck("input[name='layer'][value='incidents']")
    explore.idle()
    assert page.locator(".kharita-cluster").count() == 0
    url = page.url
    explore.open(urlsplit(url).path + "?" + urlsplit(url).query)
    assert page.locator("input[name='layer'][value='incidents']").is_checked() is False
    assert page.locator("input[name='layer'][value='zones']").is_checked()
    assert page.locator("path.kharita-place-zones").count() == 1 and page.locator(".kharita-cluster").count() == 0
    assert page.locator("canvas.kharita-heat").count() == 1
    explore.check_clean()
    assert all(u.startswith(explore.base_url + "/") for u in explore.requests)

    # The English interface is left to right; the map is left to right in both.
    explore.context.add_cookies([{"name": "django_language", "value": "en", "url": explore.base_url}])
    explore.open("/?" + VIEW)
    assert page.locator("html").get_attribute("dir") == "ltr" and page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".folium-map").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "Incident map"
    explore.screenshot("explore-en.png")
    explore.check_clean()


def test_first_view_draws_the_pages_grid_before_the_api_answers(explore, dataset):
    """Without a view in the URL the map fits every incident and draws their clusters from the page itself
    (merged from its finer grid); the API's answer for the view then adds the single incidents, and keeps
    every bubble as it was."""
    page = explore.page
    held = []
    page.route("**/api/clusters.geojson*", lambda route: held.append(route))
    page.goto(explore.base_url + "/")
    page.wait_for_selector(".kharita-cluster-count", timeout=15000)
    assert len(held) == 1 and explore.map_attr("state") == "loading"
    early = sorted(int(t) for t in page.locator(".kharita-cluster-count").all_inner_texts())
    held[0].continue_()
    page.unroute("**/api/clusters.geojson*")
    page.wait_for_selector('.folium-map[data-kharita-state="loaded"]', timeout=15000)
    explore.idle()
    expected = in_view(explore.bbox()).count()
    assert expected == dataset["count"] == explore.total() and explore.map_attr("mode") == "clusters"
    exact = sorted(int(t) for t in page.locator(".kharita-cluster-count").all_inner_texts())
    assert exact == early and sum(exact) + len(explore.drawn_ids()) == expected
    assert explore.list_total() == expected
    # The filter form, rendered a frame after the first clusters (map first), is there by now.
    assert page.evaluate("() => document.documentElement.classList.contains('kharita-map-first')") is False
    assert page.locator("#f-q").is_visible() and page.locator("#f-actor").bounding_box()["height"] > 40
    explore.check_clean()


FORM_COUNTS_JS = """() => {
  const form = document.getElementById('explore-filters');
  const out = {type: {}, sub_type: {}, actor: {}, governorate: {}, outlet: {}, empty: [], selected: [], bad: []};
  form.querySelectorAll("input[name='type']").forEach((box) => {
    const label = box.closest('label');
    out.type[box.value] = Number(label.querySelector('.count').textContent);
    if (label.classList.contains('is-empty')) { out.empty.push('type|' + box.value); }
  });
  for (const name of ['sub_type', 'actor', 'governorate', 'outlet']) {
    form.querySelectorAll(`select[name='${name}'] option`).forEach((option) => {
      const match = /^(.*) \\((\\d+)\\)$/.exec(option.textContent);
      if (!match || match[1] !== option.value || option.disabled) { out.bad.push(option.textContent); return; }
      const key = name === 'sub_type' ? option.parentNode.dataset.type + '|' + option.value : option.value;
      out[name][key] = Number(match[2]);
      if (option.classList.contains('is-empty')) { out.empty.push(name + '|' + key); }
      if (option.selected) { out.selected.push(name + '|' + key); }
    });
  }
  return out;
}"""


def database_facets(common, own):
    """{facet: {value: count}} as the database gives them: each facet over the mapped canonical incidents that
    meet the `common` conditions and every other facet's condition in `own` (plain ORM)."""
    def matching(facet):
        others = [q for name, q in own.items() if name != facet]
        return (Incident.objects.filter(merged_into__isnull=True).exclude(geometry__isnull=True)
                .filter(*common, *others))

    counts = {}
    for facet, column in (("type", "event_type"), ("governorate", "governorate"), ("outlet", "outlet")):
        counts[facet] = dict(Counter(v for v in matching(facet).values_list(column, flat=True) if v))
    counts["actor"] = dict(Counter(name for actors in matching("actor").values_list("actors", flat=True)
                                   for name in {a["name"] for a in actors}))
    counts["sub_type"] = dict(Counter(f"{t}|{s}" for t, s in
                                      matching("sub_type").values_list("event_type", "sub_event_type")))
    return counts


def check_counts(explore, common, own):
    """Every count the form shows is the database's (0 for a choice no incident matches, greyed), and every
    choice is still listed, selectable."""
    shown = explore.page.evaluate(FORM_COUNTS_JS)
    expected = database_facets(common, own)
    assert shown["bad"] == []
    for facet in ("type", "sub_type", "actor", "governorate", "outlet"):
        assert set(expected[facet]) <= set(shown[facet]), facet
        assert {k: n for k, n in shown[facet].items() if n} == expected[facet], facet
    assert set(shown["empty"]) == {f"{facet}|{k}" for facet in ("type", "sub_type", "actor", "governorate", "outlet")
                                   for k, n in shown[facet].items() if not n}
    return shown


def test_filter_counts_follow_the_other_filters(explore, dataset):
    page = explore.page
    explore.open("/?" + VIEW)
    everything = check_counts(explore, [], {})
    assert not any("/api/facets.json" in u for u in explore.requests)  # the page came with its counts
    # A date range: every facet counts the incidents in it; a choice without any stays, greyed.
    page.fill("#f-from", "2024-02-01")
    page.fill("#f-to", "2024-03-01")
    page.locator("#f-to").dispatch_event("change")
    explore.idle()
    dates = Q(date__gte=datetime.date(2024, 2, 1), date__lte=datetime.date(2024, 3, 1))
    in_range = check_counts(explore, [dates], {})
    assert in_range["actor"] != everything["actor"] and in_range["governorate"] != everything["governorate"]
    assert in_range["actor"]['مسلحون "مجهولون"'] == 0 and 'actor|مسلحون "مجهولون"' in in_range["empty"]
    # A type: the other types keep their counts (not 0), the other facets count that type only.
    page.check("input[name='type'][value='Battles']")
    explore.idle()
    battles = {"type": Q(event_type="Battles")}
    shown = check_counts(explore, [dates], battles)
    assert shown["type"] == in_range["type"] and all(shown["type"][t] > 0 for t in ("Protests", "Riots"))
    assert shown["actor"] != in_range["actor"]
    # A governorate too: its own facet is counted without it, and it stays selected whatever the counts.
    page.select_option("#f-governorate", ["Aleppo"])
    explore.idle()
    both = {**battles, "governorate": Q(governorate="Aleppo")}
    shown = check_counts(explore, [dates], both)
    assert shown["governorate"]["Deir ez-Zor"] > 0 and shown["selected"] == ["governorate|Aleppo"]
    explore.screenshot("explore-facets.png")
    # The time slider's window counts as well.
    page.locator("#time-slider").focus()
    page.keyboard.press("End")
    explore.idle()
    t = datetime.date.fromisoformat(explore.params()["t"][0])
    window = check_counts(explore, [dates, window_condition(t, 7)], both)
    assert sum(window["type"].values()) < sum(shown["type"].values())
    # A fresh load of the link shows the same counts from the server, without asking the API again.
    requests = len(explore.requests)
    explore.open(urlsplit(page.url).path + "?" + urlsplit(page.url).query)
    assert page.evaluate(FORM_COUNTS_JS) == window
    assert not any("/api/facets.json" in u for u in explore.requests[requests:])
    page.locator("#filters-clear").click()
    page.locator("#time-all").click()
    explore.idle()
    assert check_counts(explore, [], {}) == everything
    explore.check_clean()

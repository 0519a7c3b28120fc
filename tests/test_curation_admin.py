"""Curation in the admin: Arabic-aware search, the geometry form, merging duplicates, history, export, access."""
import datetime
import json
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission, User

from gazetteer.core.geometry import parse_geojson, summarize
from gazetteer.core.query_keys import query_keys
from gazetteer.merge import MergeError, merge_places
from gazetteer.models import Alias, Place, PlaceChange
from mapper.models import Article, Incident, Toponym

CHANGELIST = "/admin/gazetteer/place/"
DEIR = {"type": "Point", "coordinates": [40.14, 35.336]}
RAQQA = {"type": "Point", "coordinates": [39.0167, 35.95]}


def make_place(name_ar, name_en, geometry, external_id, aliases=(), **fields):
    """A place saved the way the importer saves one (derived columns from the geometry, names as aliases)."""
    info = summarize(parse_geojson(geometry))
    place = Place.objects.create(name_ar=name_ar, name_en=name_en, geometry=geometry, source="test",
                                 external_id=external_id, feature_type=fields.pop("feature_type", "city"),
                                 **info, **fields)
    Alias.objects.create(place=place, text=name_ar, language="ar", kind="name")
    Alias.objects.create(place=place, text=name_en, language="en", kind="name")
    for text in aliases:
        Alias.objects.create(place=place, text=text)
    return place


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with id `form_id` (first submit button excluded)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data, self.textarea, self.select = form_id, False, {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[attrs["name"]] = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data[self.textarea] = ""
        elif tag == "select":
            self.select = attrs["name"]
            self.data.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def form_data(html, form_id="place_form"):
    parser = FormFields(form_id)
    parser.feed(html)
    data = parser.data
    if data.get("geometry", "").startswith("\n"):
        data["geometry"] = data["geometry"][1:]  # the newline a textarea swallows
    return data


def change_url(place):
    return f"{CHANGELIST}{place.pk}/change/"


def found(client, query):
    response = client.get(CHANGELIST, {"q": query})
    assert response.status_code == 200
    return {place.pk for place in response.context["cl"].result_list}


@pytest.fixture
def deir(db):
    return make_place("دير الزور", "Deir ez-Zor", DEIR, "deir", aliases=["دير الزور المدينة"])


# Search ---------------------------------------------------------------------------------------------

def test_query_keys_cover_spellings_proclitics_and_article():
    assert "ديرالزور" in query_keys("دَيْر الزُّور")
    assert "ديرالزور" in query_keys("بدير-الزور")
    assert "الرقه" in query_keys("للرقة")  # ل + الرقة
    assert "الرقه" in query_keys("رقة")
    assert "رقه" in query_keys("الرقة")
    assert query_keys("  ") == set()


@pytest.mark.parametrize("query", ["دير الزور", "ديرالزور", "دير-الزور", "دَيْر الزُّور", "دير  الزور",
                                   "بدير الزور", "وديرالزور", "Deir ez-Zor", "deir ez zor"])
def test_search_finds_a_place_from_any_spelling(admin_client, deir, query):
    decoy = make_place("دير حافر", "Deir Hafer", {"type": "Point", "coordinates": [37.7, 36.16]}, "hafer")
    result = found(admin_client, query)
    assert deir.pk in result
    assert decoy.pk not in result


def test_search_matches_alias_keys_with_and_without_the_article(admin_client, db):
    raqqa = make_place("الرقة", "Raqqa", RAQQA, "raqqa")
    assert raqqa.pk in found(admin_client, "رقة")
    assert raqqa.pk in found(admin_client, "للرقة")
    assert raqqa.pk in found(admin_client, "الرقّة")
    assert found(admin_client, "حمص") == set()


# The place form: map widget, geometry validation, derived columns ----------------------------------------

def test_change_page_has_the_local_map_editor_and_history(admin_client, deir, settings):
    settings.KHARITA = {"TILE_URL": "/static/kharita/blank-tile.png?{z}/{x}/{y}"}
    html = admin_client.get(change_url(deir)).content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet-draw/leaflet.draw.js" in html
    assert "/static/vendor/leaflet-draw/leaflet.draw.css" in html
    assert "/static/kharita/place_editor.js" in html
    assert 'class="kharita-place-editor-map" dir="ltr"' in html
    assert 'data-tile-url="/static/kharita/blank-tile.png?{z}/{x}/{y}"' in html
    assert "<script src=\"http" not in html and "unpkg" not in html and "cdn" not in html.lower()
    # The derived columns are shown, not editable.
    data = form_data(html)
    assert "geometry" in data and json.loads(data["geometry"]) == DEIR
    assert not {"lat", "lon", "min_lon", "min_lat", "max_lon", "max_lat"} & set(data)
    assert "سجل التعديلات" in html  # the history inline, in the page's language (Arabic by default)


def test_saving_a_new_geometry_recomputes_point_and_bbox(admin_client, deir):
    data = form_data(admin_client.get(change_url(deir)).content.decode())
    polygon = {"type": "Polygon", "coordinates": [[[40.0, 35.2], [40.3, 35.2], [40.3, 35.5], [40.0, 35.5],
                                                   [40.0, 35.2]]]}
    data.update(geometry=json.dumps(polygon), min_lon="99", lat="-5")  # hand-typed derived values are ignored
    response = admin_client.post(change_url(deir), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    deir.refresh_from_db()
    assert deir.geometry == polygon
    assert (deir.min_lon, deir.min_lat, deir.max_lon, deir.max_lat) == (40.0, 35.2, 40.3, 35.5)
    assert 40.0 < deir.lon < 40.3 and 35.2 < deir.lat < 35.5


@pytest.mark.parametrize("geometry, message", [
    ('{"type": "Point", "coordinates": [40.1', "ليس نص JSON صالحًا"),
    ('{"type": "Point", "coordinates": [400, 35]}', "coordinates must be lon/lat"),
    ('{"type": "Polygon", "coordinates": [[[1, 2], [3]]]}', "ليس شكلًا هندسيًا صالحًا بصيغة GeoJSON"),
    ('[1, 2]', "GeoJSON object"),
    ('{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [40, 35]}]}',
     "أما GeometryCollection فغير مدعوم"),
    ("", "لا بد للمكان من شكل هندسي"),
])
def test_bad_geometry_is_a_form_error_not_a_500(admin_client, deir, geometry, message):
    data = form_data(admin_client.get(change_url(deir)).content.decode())
    data.update(geometry=geometry, name_en="Changed")
    response = admin_client.post(change_url(deir), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    deir.refresh_from_db()
    assert deir.geometry == DEIR and deir.name_en == "Deir ez-Zor"
    assert not PlaceChange.objects.exists()


# History ------------------------------------------------------------------------------------------------

def test_history_records_add_change_alias_and_delete_with_user_and_diffs(admin_client, admin_user, db):
    add_page = admin_client.get(f"{CHANGELIST}add/").content.decode()
    data = form_data(add_page)
    assert data["external_id"].startswith("admin-") and data["source"] == "curated"
    data.update(name_ar="الميادين", name_en="Al-Mayadin", feature_type="town", country="SY",
                geometry=json.dumps({"type": "Point", "coordinates": [40.45, 35.02]}))
    assert admin_client.post(f"{CHANGELIST}add/", data).status_code == 302
    place = Place.objects.get(name_ar="الميادين")
    assert (place.lat, place.lon) == (35.02, 40.45)
    assert set(place.aliases.values_list("text", "kind")) == {("الميادين", "name"), ("Al-Mayadin", "name")}
    added = PlaceChange.objects.get(action="add")
    assert added.user == admin_user and added.place == place
    assert added.changes["name_ar"] == [None, "الميادين"]
    assert added.changes["aliases"] == [[], sorted(["الميادين", "Al-Mayadin"])]

    data = form_data(admin_client.get(change_url(place)).content.decode())
    data.update({"name_en": "Mayadin", "notes": "checked against the map",
                 "aliases-2-text": "الميادين الشرقية", "aliases-2-language": "ar", "aliases-2-kind": "alias"})
    assert admin_client.post(change_url(place), data).status_code == 302
    changed = PlaceChange.objects.get(action="change")
    assert changed.user == admin_user
    assert changed.changes["name_en"] == ["Al-Mayadin", "Mayadin"]
    assert changed.changes["notes"] == ["", "checked against the map"]
    assert changed.changes["aliases"] == [[], ["Mayadin", "الميادين الشرقية"]]
    assert "geometry" not in changed.changes

    data = form_data(admin_client.get(change_url(place)).content.decode())
    alias_rows = {data[f"aliases-{i}-text"]: i for i in range(int(data["aliases-TOTAL_FORMS"]))
                  if data.get(f"aliases-{i}-text")}
    data[f"aliases-{alias_rows['الميادين الشرقية']}-DELETE"] = "on"
    assert admin_client.post(change_url(place), data).status_code == 302
    alias_entry = PlaceChange.objects.get(action="alias")
    assert alias_entry.changes == {"aliases": [["الميادين الشرقية"], []]}

    # A renamed place keeps its former name as a plain alias.
    data = form_data(admin_client.get(change_url(place)).content.decode())
    data["name_ar"] = "مدينة الميادين"
    assert admin_client.post(change_url(place), data).status_code == 302
    renamed = PlaceChange.objects.filter(action="change").first()
    assert renamed.changes["name_ar"] == ["الميادين", "مدينة الميادين"]
    assert renamed.changes["aliases"] == [[], ["مدينة الميادين"]]
    assert renamed.changes["alias الميادين"] == [["ar", "name"], ["ar", "alias"]]
    assert place.aliases.get(text="مدينة الميادين").kind == "name"

    # Saving without changes records nothing.
    data = form_data(admin_client.get(change_url(place)).content.decode())
    assert admin_client.post(change_url(place), data).status_code == 302
    assert PlaceChange.objects.count() == 4

    page = admin_client.get(change_url(place)).content.decode()
    assert "الاسم الإنجليزي: Al-Mayadin ← Mayadin" in page

    assert admin_client.post(f"{CHANGELIST}{place.pk}/delete/", {"post": "yes"}).status_code == 302
    deleted = PlaceChange.objects.get(action="delete")
    assert deleted.place is None and deleted.user == admin_user
    assert "الميادين" in deleted.place_label and deleted.changes["name_en"] == ["Mayadin", None]
    assert deleted.changes["aliases"][0] == sorted(["Al-Mayadin", "Mayadin", "الميادين", "مدينة الميادين"])
    # The earlier entries stay, detached from the deleted place.
    assert PlaceChange.objects.filter(place__isnull=True).count() == 5


def test_bulk_delete_records_each_place(admin_client, admin_user, deir):
    raqqa = make_place("الرقة", "Raqqa", RAQQA, "raqqa")
    response = admin_client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [deir.pk, raqqa.pk],
                                              "post": "yes"})
    assert response.status_code == 302 and not Place.objects.exists()
    labels = sorted(PlaceChange.objects.filter(action="delete", user=admin_user).values_list("place_label", flat=True))
    assert labels == ["الرقة / Raqqa [test:raqqa]", "دير الزور / Deir ez-Zor [test:deir]"]


def test_history_list_is_read_only_and_filters_by_action_and_user(admin_client, admin_user, deir):
    PlaceChange.objects.create(place=deir, place_label="x", user=admin_user, action="change",
                               changes={"name_en": ["a", "b"]})
    PlaceChange.objects.create(place=None, place_label="test", user=None, action="import",
                               changes={"summary": [None, {"added": 1}]})
    response = admin_client.get("/admin/gazetteer/placechange/", {"action__exact": "import"})
    assert response.status_code == 200
    assert [e.action for e in response.context["cl"].result_list] == ["import"]
    response = admin_client.get("/admin/gazetteer/placechange/", {"user__id__exact": admin_user.pk})
    assert [e.action for e in response.context["cl"].result_list] == ["change"]
    assert admin_client.get("/admin/gazetteer/placechange/add/").status_code == 403
    entry = PlaceChange.objects.get(action="change")
    page = admin_client.get(f"/admin/gazetteer/placechange/{entry.pk}/change/")
    assert page.status_code == 200 and b'name="action"' not in page.content
    assert admin_client.post(f"/admin/gazetteer/placechange/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PlaceChange.objects.count() == 2


# Merging -----------------------------------------------------------------------------------------------

def article_with_references(place):
    article = Article.objects.create(title="t", text="قصف على دير الزور", content_hash=f"merge-{place.pk}")
    toponym = Toponym.objects.create(article=article, start=8, end=17, surface="دير الزور", key="دير الزور",
                                     role="literal", place=place, score=0.9)
    incident = Incident.objects.create(
        article=article, event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        date=datetime.date(2024, 1, 2), location_name="دير الزور", geometry=place.geometry, lat=place.lat,
        lon=place.lon, place=place, evidence_start=0, evidence_end=17, evidence_text="قصف على دير الزور")
    return toponym, incident


def test_merge_action_confirms_then_moves_aliases_and_repoints_references(admin_client, admin_user, deir):
    duplicate = make_place("ديرالزور", "Dayr az Zawr", DEIR, "deir-dup", aliases=["دير الزور المدينة", "الدير"])
    third = make_place("دير الزور", "Deir el-Zor", DEIR, "deir-3")
    toponym, incident = article_with_references(duplicate)
    _, incident3 = article_with_references(third)
    PlaceChange.objects.create(place=duplicate, place_label="dup", action="change", changes={})
    selected = [deir.pk, duplicate.pk, third.pk]

    page = admin_client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": selected})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dayr az Zawr" in html and "mapper.Incident.place: 1" in html and 'name="survivor"' in html
    assert Place.objects.count() == 3  # nothing happens before the confirmation

    response = admin_client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": selected,
                                              "confirm": "yes", "survivor": deir.pk})
    assert response.status_code == 302
    assert list(Place.objects.values_list("pk", flat=True)) == [deir.pk]
    texts = list(deir.aliases.values_list("text", flat=True))
    assert len(texts) == len(set(texts))
    assert set(texts) == {"دير الزور", "Deir ez-Zor", "ديرالزور", "Dayr az Zawr", "دير الزور المدينة",
                          "الدير", "Deir el-Zor"}
    assert deir.aliases.get(text="Dayr az Zawr").kind == "alias"  # another place's primary name
    deir.refresh_from_db()
    assert (deir.name_en, deir.external_id) == ("Deir ez-Zor", "deir")  # the survivor's fields stay
    toponym.refresh_from_db()
    incident.refresh_from_db()
    incident3.refresh_from_db()
    assert toponym.place_id == incident.place_id == incident3.place_id == deir.pk
    merge = PlaceChange.objects.get(action="merge")
    assert merge.user == admin_user and merge.place == deir
    assert len(merge.changes["merged"][0]) == 2
    assert merge.changes["repointed"][1]["mapper.Incident.place"] == 2
    assert merge.changes["repointed"][1]["mapper.Toponym.place"] == 2
    assert PlaceChange.objects.get(place_label="dup").place == deir  # the merged place's history moves too


def test_merge_needs_a_choice_and_two_places(admin_client, deir):
    other = make_place("الميادين", "Mayadin", {"type": "Point", "coordinates": [40.45, 35.02]}, "may")
    response = admin_client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": [deir.pk, other.pk],
                                              "confirm": "yes"})
    assert response.status_code == 200 and "اختر المكان الذي يُبقى عليه." in response.content.decode()
    response = admin_client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": [deir.pk]},
                                 follow=True)
    assert "اختر مكانين على الأقل لدمجهما." in response.content.decode()
    assert Place.objects.count() == 2
    with pytest.raises(MergeError):
        merge_places(deir, [deir])


# Export -----------------------------------------------------------------------------------------------

def test_export_action_downloads_geojson(admin_client, deir):
    raqqa = make_place("الرقة", "Raqqa", RAQQA, "raqqa")
    response = admin_client.post(CHANGELIST, {"action": "export_selected", "_selected_action": [deir.pk, raqqa.pk]})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content.decode())
    assert [f["properties"]["external_id"] for f in data["features"]] == ["deir", "raqqa"]
    assert data["features"][0]["properties"]["aliases"] == [
        {"text": "دير الزور", "language": "ar", "kind": "name"},
        {"text": "Deir ez-Zor", "language": "en", "kind": "name"},
        {"text": "دير الزور المدينة", "language": "ar", "kind": "alias"},
    ]


# Access -----------------------------------------------------------------------------------------------

def test_non_staff_and_staff_without_permission_are_refused(client, deir):
    user = User.objects.create_user("reader", password="pw-reader-1")
    client.force_login(user)
    for url in (CHANGELIST, change_url(deir), "/admin/gazetteer/placechange/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": [deir.pk],
                                        "confirm": "yes", "survivor": deir.pk})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    user.is_staff = True
    user.save()
    assert client.get(change_url(deir)).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_place"))
    viewer = client.get(CHANGELIST)
    assert viewer.status_code == 200
    assert b"merge_selected" not in viewer.content  # merging needs change and delete permission
    other = make_place("الرقة", "Raqqa", RAQQA, "raqqa")
    client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": [deir.pk, other.pk],
                             "confirm": "yes", "survivor": deir.pk})
    assert Place.objects.count() == 2


def test_merge_places_without_the_admin(deir):
    """gazetteer.merge works on its own: a result that says what moved, and one history entry without a user."""
    duplicate = make_place("دير الزور", "Deir Ezzor", DEIR, "deir-dup")
    toponym, incident = article_with_references(duplicate)
    result = merge_places(deir, [duplicate])
    assert result.merged == ["دير الزور / Deir Ezzor [test:deir-dup]"]
    assert result.aliases_moved == ["Deir Ezzor"] and result.aliases_added == []
    assert result.repointed == {"mapper.Toponym.place": 1, "mapper.Incident.place": 1}
    assert not Place.objects.filter(pk=duplicate.pk).exists()
    entry = PlaceChange.objects.get(action="merge")
    assert entry.user is None and entry.changes["aliases"] == [[], ["Deir Ezzor"]]

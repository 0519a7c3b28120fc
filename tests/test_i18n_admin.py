"""The gazetteer and mapper admin in Arabic by default and in English after the language switch."""
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from gazetteer import history
from gazetteer.admin import merge_message
from gazetteer.admin_import import UPLOAD_FORMATS
from gazetteer.core.sources.formats import FORMATS
from gazetteer.merge import MergeResult
from gazetteer.models import Place, PlaceChange
from tests.test_curation_admin import CHANGELIST, DEIR, make_place

MAYADIN = {"type": "Point", "coordinates": [40.45, 35.02]}


@pytest.fixture
def places(db):
    deir = make_place("دير الزور", "Deir ez-Zor", DEIR, "deir", aliases=["دير الزور المدينة"])
    return deir, make_place("الميادين", "Mayadin", MAYADIN, "may")


def fetch(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    return response.content.decode()


def to_english(client, path):
    response = client.post("/i18n/setlang/", {"language": "en", "next": path})
    assert response.status_code == 302 and response["Location"] == path


def assert_both(client, path, arabic, english, post=None):
    """The page at `path` (or the response to `post` there) shows `arabic` by default and `english` once the
    interface is switched, and none of the Arabic interface strings then."""
    def page():
        return client.post(path, post).content.decode() if post is not None else fetch(client, path)

    html = page()
    assert '<html lang="ar" dir="rtl">' in html
    assert [text for text in arabic if text not in html] == []
    to_english(client, path)
    html = page()
    assert '<html lang="en" dir="ltr">' in html
    assert [text for text in english if text not in html] == []
    assert [text for text in arabic if text in html] == []


def test_place_changelist_in_both_languages(admin_client, places):
    assert_both(admin_client, CHANGELIST,
                ["المعجم الجغرافي", "الأماكن", "الاسم العربي", "الاسم الإنجليزي", "نوع المكان", "المحافظة",
                 "دمج الأماكن المحددة في مكان واحد", "تصدير الأماكن المحددة بصيغة GeoJSON", "استيراد أماكن…"],
                ["Gazetteer", "Places", "Arabic name", "English name", "Kind of place", "Governorate",
                 "Merge selected places into one", "Export selected as GeoJSON", "Import places…"])


def test_place_change_form_in_both_languages(admin_client, places):
    deir = places[0]
    history.record("change", deir, changes={"name_en": ["Deir ezZor", "Deir ez-Zor"]})
    assert_both(admin_client, reverse("admin:gazetteer_place_change", args=[deir.pk]),
                ["الشكل الهندسي", "تُحسب النقطة والمستطيل المحيط من الشكل الهندسي عند الحفظ.", "مصدر البيانات",
                 "الرمز المكاني (P-code)", "هامش عدم الدقة (كم)", "المعرّف في المصدر", "الأسماء البديلة",
                 "مفتاح المطابقة", "نوع الاسم", "سجل التعديلات", "ما الذي تغيّر",
                 "الاسم الإنجليزي: Deir ezZor ← Deir ez-Zor", "المنطقة", "الناحية"],
                ["Geometry", "The point and the bounding box are computed from the geometry on save.", "Provenance",
                 "P-code", "Uncertainty (km)", "Id in the source", "Aliases", "Matching key", "Kind of name",
                 "History", "What changed", "English name: Deir ezZor → Deir ez-Zor", "District",
                 "Sub-district"])


def test_place_editor_hint_and_status_texts_in_both_languages(admin_client, places):
    """The map editor's hint is in the page, its status texts travel to place_editor.js as data-messages."""
    assert_both(admin_client, reverse("admin:gazetteer_place_change", args=[places[0].pk]),
                ["ارسم نقطة أو خطاً أو مضلعاً بأدوات الخريطة",
                 "&quot;point&quot;: &quot;نقطة عند خط العرض %(lat)s وخط الطول %(lon)s&quot;",
                 "نص GeoJSON ليس JSON صالحاً", "دير الزور / Deir ez-Zor (مدينة)"],
                ["Draw a point, line or polygon with the tools on the map",
                 "&quot;point&quot;: &quot;Point at lat %(lat)s, lon %(lon)s&quot;",
                 "The GeoJSON text is not valid JSON", "دير الزور / Deir ez-Zor (City)"])


def test_merge_confirmation_and_message_in_both_languages(admin_client, places):
    deir, mayadin = places
    third = make_place("الصالحية", "Salhiyeh", {"type": "Point", "coordinates": [40.6, 34.7]}, "sal")
    selection = {"action": "merge_selected", "_selected_action": [deir.pk, mayadin.pk]}
    arabic = admin_client.post(CHANGELIST, selection).content.decode()
    for text in ("<title>دمج أماكن", "اختر المكان الذي يُبقى عليه. تبقى حقوله كما هي", "إبقاء",
                 "المصدر : المعرّف", "السجلات المرتبطة", 'value="دمج في المكان المختار"'):
        assert text in arabic, text
    done = admin_client.post(CHANGELIST, {**selection, "_selected_action": [deir.pk, mayadin.pk, third.pk],
                                          "confirm": "yes", "survivor": deir.pk}, follow=True).content.decode()
    assert ("دُمج مكانان في دير الزور / Deir ez-Zor [test:deir]. أضيفت 4 أسماء بديلة. "
            "لم يُنقل إليه أي سجل مرتبط.") in done

    to_english(admin_client, CHANGELIST)
    other = make_place("الميادين", "Mayadin", MAYADIN, "may2")
    english = admin_client.post(CHANGELIST, {**selection, "_selected_action": [deir.pk, other.pk]}).content.decode()
    for text in ("<title>Merge places", "Choose the place to keep. Its own fields stay as they are", ">Keep<",
                 "Source : id", "References", 'value="Merge into the chosen place"'):
        assert text in english, text
    assert "دمج" not in english.split("<body", 1)[1].replace("دير", "")
    done = admin_client.post(CHANGELIST, {**selection, "_selected_action": [deir.pk, other.pk], "confirm": "yes",
                                          "survivor": deir.pk}, follow=True).content.decode()
    assert ("Merged 1 place into دير الزور / Deir ez-Zor [test:deir]. 0 aliases added. "
            "0 references re-pointed.") in done
    assert Place.objects.count() == 1


def test_merge_message_uses_the_plural_forms():
    result = MergeResult(survivor=Place(name_ar="حلب", name_en="Aleppo", source="t", external_id="1"),
                         merged=["a"] * 11, aliases_added=["x"] * 3, repointed={"mapper.Incident.place": 100})
    with translation.override("ar"):
        assert merge_message(result) == ("دُمج 11 مكانًا في حلب / Aleppo [t:1]. أضيفت 3 أسماء بديلة. "
                                         "نُقل إليه 100 سجل مرتبط.")
    with translation.override("en"):
        assert merge_message(result) == ("Merged 11 places into حلب / Aleppo [t:1]. 3 aliases added. "
                                         "100 references re-pointed.")


def test_import_page_in_both_languages(admin_client, db):
    assert_both(admin_client, reverse("admin:gazetteer_place_import"),
                ["استيراد أماكن", "الصيغة", "ميغابايت على الأكثر",
                 "file: أي ملف GeoJSON أو GeoPackage أو CSV فيه عمودان للاسم والشكل الهندسي",
                 "لصيغة &#x27;file&#x27; (الافتراضي name_ar)"],
                ["Import places", "Format", "MB at most",
                 "file: Any GeoJSON / GeoPackage / CSV with name and geometry columns",
                 "&#x27;file&#x27; (default name_ar)"])


def test_every_upload_format_is_a_known_format():
    assert set(UPLOAD_FORMATS) <= set(FORMATS)


def test_upload_format_labels_are_the_cores_words_for_translation():
    """The admin repeats the core's English labels only so that makemessages finds them: they must not drift."""
    with translation.override("en"):
        assert {name: str(label) for name, label in UPLOAD_FORMATS.items()} == {
            name: FORMATS[name].label for name in UPLOAD_FORMATS}


def test_history_list_in_both_languages(admin_client, places):
    history.record("change", places[1], user=None, changes={"name_en": ["Al-Mayadin", "Mayadin"]})
    history.record_import("file: wells.geojson", SimpleNamespace(added=3, changed=1, unchanged=0, skipped=2))
    assert PlaceChange.objects.count() == 2
    assert_both(admin_client, reverse("admin:gazetteer_placechange_changelist"),
                ["سجل تعديلات الأماكن", "ما الذي تغيّر", "الاسم الإنجليزي: Al-Mayadin ← Mayadin",
                 "ملخص الاستيراد: أضيفت 3، تغيّرت 1، بلا تغيير 0، تُركت 2", "عُدّل", "تم الاستيراد"],
                ["Place history", "What changed", "English name: Al-Mayadin → Mayadin",
                 "Import summary: Added 3, Changed 1, Unchanged 0, Skipped 2", "Changed", "Imported"])


def test_admin_index_and_mapper_models_in_both_languages(admin_client, db):
    assert_both(admin_client, reverse("admin:index"),
                ["المعجم الجغرافي", "الحوادث والخرائط", "الأماكن", "الأسماء البديلة", "سجل تعديلات الأماكن",
                 "المقالات", "الحوادث", "الأطراف", "الإشارات إلى الأماكن",
                 "الأسماء غير المحلولة والملتبسة (قائمة المراجعة)"],
                ["Gazetteer", "Incidents and maps", "Places", "Aliases", "Place history", "Articles", "Incidents",
                 "Actors", "Place mentions", "Unresolved and ambiguous names (curation queue)"])


def test_actor_and_incident_admin_in_both_languages(admin_client, db):
    assert_both(admin_client, reverse("admin:mapper_actor_add"),
                ["نوع الطرف (رمز ACLED)", "1 قوات الدولة", "4 ميليشيات قائمة على الهوية", "الاسم المعتمد للطرف"],
                ["Actor type (ACLED code)", "1 State forces", "4 Identity militias", "Canonical (English) actor name"])
    assert admin_client.post("/i18n/setlang/", {"language": "ar", "next": "/admin/"}).status_code == 302
    assert_both(admin_client, reverse("admin:mapper_incident_add"),
                ["نوع الحدث", "النوع الفرعي للحدث", "درجة اليقين", "الشاهد", "مدموجة في"],
                ["Event type", "Sub-event type", "Certainty", "Evidence", "Merged into"])

"""The curation queue: grouping, the three actions, permissions, and a curator's fix changing the next parse."""
import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.test import Client

from gazetteer.core.curated import read_curated
from gazetteer.core.geometry import haversine_km
from gazetteer.core.index import GazetteerIndex
from gazetteer.core.normalize import normalize_key
from gazetteer.models import Alias, Place, PlaceChange
from mapper import curation
from gazetteer.conf import kharita_setting
from mapper.extraction.pipeline import geoparse
from mapper.ingest import ingest_text
from mapper.models import Article, IgnoredName, Toponym

EVIL = "<script>alert(1)</script>"
QUEUE = "/admin/mapper/unresolvedname/"
RESOLVE = QUEUE + "resolve/"
ACT = QUEUE + "act/"
HAMA = (35.13179, 36.75783)
VILLAGE = (35.30, 36.60)  # where the curator puts the unknown village, about 22 km from Hama
VILLAGE_REPORT = (
    "قصف مدفعي على قرية الزعفرانة في ريف حماة\n\n"
    "قصفت قوات النظام قرية الزعفرانة في ريف حماة الشمالي صباح الاثنين، "
    "ما أدى إلى مقتل مدنيين اثنين وإصابة آخرين.\n"
)


def make_place(name_ar, feature_type, lat, lon, name_en="", country="SY", governorate="", ext=None, population=0):
    place = Place.objects.create(
        name_ar=name_ar, name_en=name_en, feature_type=feature_type,
        geometry={"type": "Point", "coordinates": [lon, lat]}, lat=lat, lon=lon,
        min_lon=lon, min_lat=lat, max_lon=lon, max_lat=lat, country=country, governorate=governorate,
        population=population, source="test", external_id=ext or f"test-{name_ar}")
    Alias.objects.create(place=place, text=name_ar, kind="name")
    if name_en:
        Alias.objects.create(place=place, text=name_en, language="en", kind="name")
    return place


def add_toponym(article, surface, nth=0, place=None, ambiguous=False, role="literal"):
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(surface, start + 1)
    return Toponym.objects.create(article=article, start=start, end=start + len(surface), surface=surface,
                                  key=normalize_key(surface), role=role, place=place, ambiguous=ambiguous)


def article(text, n):
    return Article.objects.create(title=text.split("\n")[0][:80], text=text, content_hash=f"queue-{n}",
                                  published=datetime.date(2024, 3, 4 + n))


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def hama(db):
    return make_place("حماة", "city", *HAMA, name_en="Hama", governorate="Hama", population=700000)


@pytest.fixture
def queue_data(hama):
    """Articles with an unknown village (3 mentions, 2 articles), an ambiguous name, and noise."""
    first = article("قصفت قوات النظام قرية الصالحية صباح اليوم. وقال الأهالي إن الصالحية تعرضت لقصف عنيف "
                    "بعد منتصف الليل.\nوفي حماة هدوء حذر.", 1)
    second = article("نزح الأهالي " + EVIL + " من الصالحية إلى المخيمات. خبر آخر.", 2)
    third = article("اشتباكات في تل أحمر بين الطرفين. وذكر مراسلنا أن المرصد أفاد بذلك.", 3)
    other_hama = make_place("تل أحمر", "village", 36.5, 40.2, ext="tel-ahmar-north")
    add_toponym(first, "الصالحية")
    add_toponym(first, "الصالحية", nth=1)
    add_toponym(second, "الصالحية")
    add_toponym(first, "حماة", place=hama)                     # resolved, not ambiguous: not queued
    add_toponym(third, "تل أحمر", place=other_hama, ambiguous=True)
    add_toponym(third, "المرصد", role="organization")         # an outlet, not a place: not queued
    return {"first": first, "second": second, "third": third, "tel_ahmar": other_hama}


@pytest.fixture
def curator(db):
    """A staff user allowed to curate (not a superuser)."""
    user = User.objects.create_user("curator", password="pw-curator-1", is_staff=True)
    codenames = ["view_unresolvedname", "change_unresolvedname", "add_alias", "add_place", "add_ignoredname",
                 "view_article", "change_article"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def queue_keys():
    return [group["key"] for group in curation.queue_groups()]


# ---- the toponym contract carries the key and the ambiguity flag ------------------------------------------


def test_toponym_dicts_carry_key_and_ambiguous():
    index = GazetteerIndex(read_curated())
    result = geoparse("قصفت الطائرات مدينة حماة وبحماة اشتعلت النيران.", index)
    toponyms = [t for t in result["toponyms"] if t["place"]]
    assert toponyms
    for t in toponyms:
        assert isinstance(t["ambiguous"], bool)
        assert t["key"] == normalize_key(t["surface"])  # the surface never carries the proclitic
    assert "حماه" in {t["key"] for t in toponyms}  # "وبحماة": the proclitics stay out of surface and key


def test_stored_toponyms_keep_key_and_ambiguity(hama):
    stored, created = ingest_text(VILLAGE_REPORT, published=datetime.date(2024, 3, 4))
    assert created
    rows = list(stored.toponyms.all())
    assert rows and all(row.key for row in rows)
    by_key = {row.key: row for row in rows}
    assert by_key["حماه"].place == hama and by_key["حماه"].ambiguous is False


# ---- the queue query ------------------------------------------------------------------------------------


def test_queue_groups_counts_and_examples(queue_data, hama):
    groups = {g["key"]: g for g in curation.queue_groups()}
    assert set(groups) == {"الصالحيه", "تل احمر"}
    assert (groups["الصالحيه"]["count"], groups["الصالحيه"]["articles"], groups["الصالحيه"]["unresolved"]) == (3, 2, 3)
    assert list(groups) == ["الصالحيه", "تل احمر"]  # most frequent first

    entry = curation.describe(groups["الصالحيه"])
    assert entry.surface == "الصالحية" and not entry.ambiguous
    assert len(entry.examples) == 2  # one per article
    assert {e.article_id for e in entry.examples} == {queue_data["first"].pk, queue_data["second"].pk}
    newest = entry.examples[0]  # the second article is the most recent
    assert (newest.before, newest.mention) == ("نزح الأهالي " + EVIL + " من ", "الصالحية")
    assert newest.after == " إلى المخيمات."
    oldest = entry.examples[1]
    assert oldest.before + oldest.mention + oldest.after == "قصفت قوات النظام قرية الصالحية صباح اليوم."
    assert entry.feature_type == "village"  # from the cue word "قرية" before it

    ambiguous = curation.describe(groups["تل احمر"])
    assert ambiguous.ambiguous and ambiguous.unresolved == 0
    assert ambiguous.chosen == [(queue_data["tel_ahmar"], 1)]

    assert [g["key"] for g in curation.queue_groups(kind="ambiguous")] == ["تل احمر"]
    assert [g["key"] for g in curation.queue_groups(kind="unresolved")] == ["الصالحيه"]
    assert [g["key"] for g in curation.queue_groups(search="صالحيّة")] == ["الصالحيه"]


def test_suggested_place_drops_a_settlement_cue():
    assert curation.suggest_place("قرية الزعفرانة") == ("الزعفرانة", "village")
    assert curation.suggest_place("وبلدة كفر نبودة") == ("كفر نبودة", "town")
    assert curation.suggest_place("مستشفى الروم") == ("مستشفى الروم", "facility")
    assert curation.suggest_place("البحر المتوسط") == ("البحر المتوسط", "other")
    assert curation.suggest_place("المدينة الصناعية") == ("المدينة الصناعية", "zone")  # a name, not a cue
    assert curation.suggest_place("الصالحية", before="قصفت مخيم") == ("الصالحية", "camp")
    assert curation.suggest_place("الصالحية") == ("الصالحية", "village")


def test_example_cut_stops_at_sentences_and_width():
    text = "جملة أولى. " + "كلام " * 40 + "الهدف" + " بعده" * 40
    start = text.index("الهدف")
    before, mention, after = curation.example_cut(text, start, start + len("الهدف"), width=30)
    assert mention == "الهدف"
    assert before.startswith("… ") and len(before) <= 33
    assert after.endswith(" …") and len(after) <= 33


def test_articles_mentioning_any_spelling(db):
    hit = Article.objects.create(text="قُصِفَت بالزَّعفرانـة ليلًا", content_hash="m1")
    variant = Article.objects.create(text="وفي الزعفرانه اشتباكات", content_hash="m2")
    longer = Article.objects.create(text="مزارع الزعفرانةالجديدة", content_hash="m3")
    elsewhere = Article.objects.create(text="لا ذكر للقرية هنا", content_hash="m4")
    found = curation.articles_mentioning(["الزعفرانة"])
    assert found == {hit.pk, variant.pk}
    assert longer.pk not in found and elsewhere.pk not in found
    assert re.search(curation.name_pattern({"دير الزور"}), "مدينة دير-الزور")


def test_search_places_by_normalised_alias(hama, queue_data):
    assert curation.search_places("حماه") == [hama]
    assert curation.search_places("الحماة") == [hama]  # with or without the article
    assert queue_data["tel_ahmar"] in curation.search_places("تل")
    assert curation.search_places("   ") == []


# ---- the admin pages --------------------------------------------------------------------------------------


def test_queue_page_lists_names_escaped_and_is_on_the_admin_index(admin_client, queue_data):
    index = admin_client.get("/admin/")
    assert index.status_code == 200 and QUEUE.encode() in index.content

    response = admin_client.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    rows = re.findall(r'<tr class="queue-entry" data-key="([^"]+)"', html)
    assert rows == ["الصالحيه", "تل احمر"]
    assert "<mark>الصالحية</mark>" in html
    assert EVIL not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count('class="queue-inline-form"') == 2  # one ignore form (with its CSRF token) per row
    assert html.count('name="csrfmiddlewaretoken"') == 3  # and the admin's logout form

    ambiguous = admin_client.get(QUEUE + "?kind=ambiguous").content.decode()
    assert re.findall(r'<tr class="queue-entry" data-key="([^"]+)"', ambiguous) == ["تل احمر"]


def test_resolve_page_offers_three_actions_and_a_place_picker(admin_client, queue_data, hama):
    response = admin_client.get(RESOLVE, {"key": "الصالحيه", "q": "حماه"})
    assert response.status_code == 200
    html = response.content.decode()
    for form in ('id="alias-form"', 'id="create-form"', 'id="ignore-form"', 'id="place-map"'):
        assert form in html
    assert f'value="{hama.pk}"' in html
    assert 'id="create_name_ar"' in html and 'value="الصالحية"' in html
    assert "&lt;script&gt;" in html and EVIL not in html
    assert f'data-tile-url="{kharita_setting("TILE_URL")}"' in html  # tiles only from the configured server
    assert f'data-lat="{kharita_setting("MAP_CENTER")[0]:f}"' in html  # no incident yet: the default view

    missing = admin_client.get(RESOLVE, {"key": "لا يوجد"})
    assert missing.status_code == 302 and missing.url == QUEUE


def test_non_staff_and_anonymous_are_refused(client, queue_data, django_user_model):
    anonymous = client.get(QUEUE)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous.url
    user = django_user_model.objects.create_user("reader", password="pw-reader-1")
    client.force_login(user)
    for response in (client.get(QUEUE), client.get(RESOLVE, {"key": "الصالحيه"}),
                     client.post(ACT, {"action": "ignore", "key": "الصالحيه", "surface": "الصالحية"})):
        assert response.status_code == 302 and "/admin/login/" in response.url
    assert not IgnoredName.objects.exists()


def test_staff_without_curation_rights_is_refused(queue_data, django_user_model):
    user = django_user_model.objects.create_user("staff", password="pw-staff-1", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_unresolvedname"))
    client = Client()
    client.force_login(user)
    assert client.get(QUEUE).status_code == 200
    assert client.post(ACT, {"action": "ignore", "key": "الصالحيه", "surface": "الصالحية"}).status_code == 403
    assert not IgnoredName.objects.exists()


def test_posting_needs_the_csrf_token(queue_data, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", password="pw-boss-1")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert client.post(ACT, {"action": "ignore", "key": "الصالحيه", "surface": "الصالحية"}).status_code == 403
    assert not IgnoredName.objects.exists()
    assert client.get(ACT).status_code == 405


# ---- the three actions ------------------------------------------------------------------------------------


def test_ignore_hides_the_name(curator, queue_data):
    response = curator.post(ACT, {"action": "ignore", "key": "الصالحيه", "surface": "الصالحية"})
    assert response.status_code == 302 and response.url == QUEUE
    ignored = IgnoredName.objects.get()
    assert (ignored.key, ignored.surface, ignored.user.username) == ("الصالحيه", "الصالحية", "curator")
    assert queue_keys() == ["تل احمر"]
    assert "data-key=\"الصالحيه\"" not in curator.get(QUEUE).content.decode()
    curator.post(ACT, {"action": "ignore", "key": "الصالحيه", "surface": "الصالحية"})  # twice is harmless
    assert IgnoredName.objects.count() == 1


def test_alias_action_resolves_the_name_and_records_history(curator, queue_data, hama):
    target = make_place("الصالحية", "village", 35.01, 36.55, ext="salhiyeh-hama", governorate="Hama")
    Alias.objects.filter(place=target).delete()  # known only under another name until the curator acts
    Alias.objects.create(place=target, text="صالحية حماة", kind="name")
    response = curator.post(ACT, {"action": "alias", "key": "الصالحيه", "surface": "الصالحية",
                                  "place": target.pk})
    assert response.status_code == 302 and response.url == QUEUE
    assert Alias.objects.filter(place=target, text="الصالحية", kind="alias").exists()
    change = PlaceChange.objects.get(action="alias")
    assert change.place == target and change.user.username == "curator"
    assert change.changes["aliases"] == [None, "الصالحية"]
    # Both articles were parsed again with the new alias: every mention now points at the place.
    (message,) = messages_of(response)
    assert "أُعيد تحليل 2 مقالًا" in message
    assert set(Toponym.objects.filter(key="الصالحيه").values_list("place_id", flat=True)) == {target.pk}
    assert "الصالحيه" not in queue_keys()


def test_create_place_action_adds_a_point_place(curator, queue_data, hama):
    response = curator.post(ACT, {"action": "create", "key": "الصالحيه", "surface": "الصالحية",
                                  "name_ar": "الصالحية", "name_en": "Salhiyeh", "feature_type": "village",
                                  "lat": "35.2", "lon": "36.7", "country": "", "governorate": ""})
    assert response.status_code == 302 and response.url == QUEUE
    place = Place.objects.get(name_ar="الصالحية")
    assert (place.lat, place.lon, place.feature_type, place.source) == (35.2, 36.7, "village", "curator")
    assert place.geometry == {"type": "Point", "coordinates": [36.7, 35.2]}
    assert (place.country, place.governorate) == ("SY", "Hama")  # from the nearest known place
    assert sorted(place.aliases.values_list("text", flat=True)) == ["Salhiyeh", "الصالحية"]
    change = PlaceChange.objects.get(action="add")
    assert change.place == place and change.user.username == "curator"
    assert change.changes["lat"] == [None, 35.2]
    assert set(Toponym.objects.filter(key="الصالحيه").values_list("place_id", flat=True)) == {place.pk}
    assert "الصالحيه" not in queue_keys()


@pytest.mark.parametrize("bad, reason", [
    ({"lat": "200"}, "خط العرض"),
    ({"lon": "abc"}, "خط الطول"),
    ({"feature_type": "castle"}, "النوع"),
    ({"name_ar": "   "}, "الاسم العربي"),
])
def test_create_place_rejects_bad_input_and_changes_nothing(curator, queue_data, bad, reason):
    form = {"action": "create", "key": "الصالحيه", "surface": "الصالحية", "name_ar": "الصالحية",
            "feature_type": "village", "lat": "35.2", "lon": "36.7", **bad}
    places = Place.objects.count()
    response = curator.post(ACT, form)
    assert response.status_code == 302 and response.url.startswith(RESOLVE)
    (message,) = messages_of(response)
    assert "لم يُنفَّذ الإجراء" in message and reason in message
    assert Place.objects.count() == places and not PlaceChange.objects.exists()
    assert "الصالحيه" in queue_keys()


def test_alias_action_needs_a_place(curator, queue_data):
    response = curator.post(ACT, {"action": "alias", "key": "الصالحيه", "surface": "الصالحية"})
    assert response.status_code == 302
    assert "اختر مكانًا" in messages_of(response)[0]
    assert not Alias.objects.filter(text="الصالحية").exists()
    unknown = curator.post(ACT, {"action": "drop-table", "key": "x"})
    assert unknown.status_code == 302 and "إجراء غير معروف" in messages_of(unknown)[-1]


# ---- a curator's fix changes the next parse -----------------------------------------------------------------


def located(stored):
    """(lat, lon, precision, place id) of each located incident of an article."""
    return sorted((i.lat, i.lon, i.precision, i.place_id) for i in stored.incidents.exclude(lat=None))


def test_a_curators_fix_changes_the_next_parse(curator, hama):
    stored, _ = ingest_text(VILLAGE_REPORT, published=datetime.date(2024, 3, 4), source="وكالة الاختبار")
    before = located(stored)
    assert before
    for lat, lon, precision, _ in before:  # placed at Hama's countryside: the village is unknown
        assert haversine_km(lat, lon, *HAMA) < 1 and precision == 3

    # The unknown village waits in the queue as an unresolved cue mention.
    groups = {g["key"]: g for g in curation.queue_groups(kind="unresolved")}
    assert "الزعفرانه" in groups
    entry = curation.describe(groups["الزعفرانه"])
    assert (entry.name, entry.feature_type) == ("الزعفرانة", "village")

    page = curator.get(RESOLVE, {"key": entry.key}).content.decode()
    assert f'data-lat="{HAMA[0]:f}"' in page  # the place picker opens where the article's incident is

    response = curator.post(ACT, {"action": "create", "key": entry.key, "surface": entry.surface,
                                  "name_ar": entry.name, "feature_type": entry.feature_type,
                                  "lat": str(VILLAGE[0]), "lon": str(VILLAGE[1])})
    assert response.status_code == 302
    (message,) = messages_of(response)
    assert f"أُعيد تحليل 1 مقالًا؛ تغيّر موقع {len(before)} حادثة" in message

    village = Place.objects.get(name_ar="الزعفرانة")
    after = located(stored)
    assert after == [(*VILLAGE, 1, village.pk)] * len(before)
    assert haversine_km(*before[0][:2], *after[0][:2]) > 15
    assert "الزعفرانه" not in queue_keys()
    assert Toponym.objects.filter(article=stored, place=village).exists()


def test_reresolve_for_place_and_the_article_admin_action(admin_client, hama):
    stored, _ = ingest_text(VILLAGE_REPORT, published=datetime.date(2024, 3, 4))
    village = make_place("الزعفرانة", "village", *VILLAGE, ext="zafarana")
    count = len(located(stored))
    outcome = curation.reresolve_for_place(village)
    assert (outcome.articles, outcome.moved, outcome.place) == (1, count, village)
    assert located(stored) == [(*VILLAGE, 1, village.pk)] * count

    village.delete()  # the incident falls back to Hama once the village is gone and the article re-parsed
    response = admin_client.post("/admin/mapper/article/", {"action": "reparse_selected",
                                                           "_selected_action": [stored.pk]})
    assert response.status_code == 302
    assert f"أُعيد تحليل 1 مقالًا؛ تغيّر موقع {count} حادثة" in messages_of(response)[0]
    assert all(haversine_km(lat, lon, *HAMA) < 1 for lat, lon, _, _ in located(stored))

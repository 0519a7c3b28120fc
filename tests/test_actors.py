"""Actors: the built-in dictionary, roles from the phrasing, capitals as governments, and the curators'
dictionary in the database feeding the next parse."""
import datetime
import time

import pytest

from gazetteer.core.normalize import normalize
from mapper.extraction.actors import ACTORS, DEFAULT_LEXICON, ActorLexicon, assign_roles, find_actors
from mapper.extraction.events import find_triggers


def names(sentence, lexicon=None):
    norm = normalize(sentence).text
    return [a.name for a in find_actors(norm, 0, len(norm), lexicon)]


def roles(sentence):
    norm = normalize(sentence).text
    trigger = find_triggers(norm)[0]
    return {a["name"]: a["role"] for a in assign_roles(norm, trigger, find_actors(norm, 0, len(norm)))}


@pytest.mark.parametrize("name, phrasings", [
    ("Islamic State (ISIS)", ["هاجم داعش", "خلايا تنظيم الدولة", "عناصر الدولة الإسلامية", "لـ\"داعش\""]),
    ("Hayat Tahrir al-Sham (HTS)", ["هيئة تحرير الشام", "جبهة النصرة", "مسلحي \"تحرير الشام\""]),
    ("Military Forces of Syria", ["الجيش السوري", "الجيش العربي السوري", "قوات النظام", "قوات الأسد",
                                  "بقوات النظام", "للجيش السوري"]),
    ("National Defence Forces (NDF)", ["الدفاع الوطني", "ومسلحي الدفاع الوطني"]),
    ("Syrian Democratic Forces (SDF)", ["قسد", "قوات سوريا الديمقراطية", "وحدات حماية الشعب", "لقسد"]),
    ("Syrian National Army / opposition factions", ["الجيش الوطني السوري", "فصائل المعارضة", "الجيش الحر"]),
    ("Maghawir al-Thawra", ["جيش المغاوير", "مغاوير الثورة"]),
    ("US-led coalition", ["التحالف الدولي", "طيران التحالف"]),
    ("Military Forces of Russia", ["الطيران الروسي", "الجانب الروسي", "القوات الروسية"]),
    ("Military Forces of Iran / IRGC", ["الحرس الثوري الإيراني", "للحرس الثوري", "الميليشيات الإيرانية"]),
    ("Hezbollah", ["حزب الله", "ميليشيا حزب الله اللبناني"]),
    ("Military Forces of Turkey", ["الجيش التركي", "القوات التركية"]),
    ("Military Forces of Israel", ["الطيران الإسرائيلي", "الجيش الإسرائيلي"]),
    ("Popular Mobilization Forces (PMF)", ["الحشد الشعبي"]),
    ("Tribal militia", ["مقاتلي العشائر", "أبناء العشائر", "مقاتلو العشائر العربية"]),
    ("Civilians", ["المدنيين", "مدنيون", "الأهالي"]),
])
def test_each_required_actor_is_found_in_its_forms(name, phrasings):
    for phrase in phrasings:
        assert names(phrase) == [name], phrase


def test_every_actor_has_an_acled_interaction_code():
    assert all(1 <= code <= 8 for code, _ in ACTORS.values())
    assert DEFAULT_LEXICON.code_of("Military Forces of Syria") == 1
    assert DEFAULT_LEXICON.code_of("Civilians") == 7


def test_the_longest_name_wins():
    assert names("الجيش السوري الحر") == ["Syrian National Army / opposition factions"]
    assert names("الجيش التركي") == ["Military Forces of Turkey"]


@pytest.mark.parametrize("sentence, expected", [
    ("هجوم لتنظيم داعش على مواقع قوات النظام", {"Islamic State (ISIS)": "attacker",
                                                "Military Forces of Syria": "target"}),
    ("استهداف قسد لمواقع الجيش الوطني السوري", {"Syrian Democratic Forces (SDF)": "attacker",
                                              "Syrian National Army / opposition factions": "target"}),
    ("قصفت القوات التركية قرى ريف عين عيسى", {"Military Forces of Turkey": "attacker"}),
    ("تعرضت مواقع قوات النظام لهجوم من قبل هيئة تحرير الشام", {"Military Forces of Syria": "target",
                                                             "Hayat Tahrir al-Sham (HTS)": "attacker"}),
    ("قتل خمسة عناصر من قسد بتفجير انتحاري", {"Syrian Democratic Forces (SDF)": "target"}),
    ("نحو 20 قتيلاً في هجوم لـ\"داعش\" على مواقع لقوات النظام", {"Islamic State (ISIS)": "attacker",
                                                               "Military Forces of Syria": "target"}),
    ("الهجوم الذي شنّته خلايا تنظيم الدولة على مواقع لقوات النظام ومسلحي الدفاع الوطني", {
        "Islamic State (ISIS)": "attacker", "Military Forces of Syria": "target",
        "National Defence Forces (NDF)": "target"}),
    ("قصف مدفعي مصدره مواقع الجيش التركي طال المدنيين", {"Military Forces of Turkey": "attacker",
                                                         "Civilians": "target"}),
])
def test_roles_come_from_the_phrasing(sentence, expected):
    assert roles(sentence) == expected


def test_capitals_are_governments_only_when_they_act():
    assert names("أنقرة تهدد بعملية عسكرية جديدة") == ["Government of Turkey"]
    assert names("دعت موسكو إلى التهدئة") == ["Government of Russia"]
    assert names("واشنطن تبحث عن ذريعة") == ["Government of the United States"]
    assert names("وجّهت دمشق رسالتين إلى مجلس الأمن") == ["Government of Syria"]
    assert names("سقطت قذائف على أحياء في دمشق") == []
    assert names("محيط العاصمة دمشق وريف دمشق") == []
    assert names("وصل الوفد إلى طهران") == []


def test_a_curators_lexicon_adds_actors_and_aliases():
    entries = dict(ACTORS)
    entries["Liwa al-Quds"] = (3, ("لواء القدس",))
    code, aliases = ACTORS["Islamic State (ISIS)"]
    entries["Islamic State (ISIS)"] = (code, aliases + ("الخوارج",))
    lexicon = ActorLexicon(entries)
    assert names("هاجم عناصر لواء القدس", lexicon) == ["Liwa al-Quds"]
    assert names("هاجم الخوارج", lexicon) == ["Islamic State (ISIS)"]
    assert names("هاجم عناصر لواء القدس") == []


def test_finding_actors_is_fast():
    text = normalize(("اندلعت اشتباكات بين قوات النظام ومقاتلي العشائر قرب حاجز للفرقة الرابعة في ريف دير الزور "
                      "بينما قصف الطيران الروسي مواقع هيئة تحرير الشام. ") * 2000).text
    started = time.perf_counter()
    found = find_actors(text, 0, len(text))
    elapsed = time.perf_counter() - started
    assert len(found) == 10_000
    assert elapsed < 1.0, f"{len(text) / elapsed / 1e6:.2f} M chars/s"


# ---- the curators' dictionary in the database ------------------------------------------------------------

REPORT = "هجوم على بلدة خان شيخون\n\nهاجم عناصر لواء القدس مواقع هيئة تحرير الشام في ريف إدلب أمس.\n"


@pytest.fixture
def fresh_lexicon():
    from mapper.actor_store import invalidate_actor_lexicon

    invalidate_actor_lexicon()
    yield
    invalidate_actor_lexicon()


def incident_actor_names(result):
    return {a["name"] for i in result["incidents"] for a in i["actors"]}


@pytest.mark.django_db
def test_an_alias_a_curator_adds_is_found_by_the_next_parse(fresh_lexicon, curated_index):
    from mapper.actor_store import get_actor_lexicon
    from mapper.extraction.pipeline import geoparse
    from mapper.models import Actor, ActorAlias

    published = datetime.date(2024, 1, 10)
    before = geoparse(REPORT, curated_index, published=published, actors=get_actor_lexicon())
    assert "Liwa al-Quds" not in incident_actor_names(before)

    actor = Actor.objects.create(name="Liwa al-Quds", inter_code=3, notes="pro-government militia")
    ActorAlias.objects.create(actor=actor, text="لواء القدس")
    after = geoparse(REPORT, curated_index, published=published, actors=get_actor_lexicon())
    assert "Liwa al-Quds" in incident_actor_names(after)

    actor.delete()
    again = geoparse(REPORT, curated_index, published=published, actors=get_actor_lexicon())
    assert "Liwa al-Quds" not in incident_actor_names(again)


@pytest.mark.django_db
def test_a_database_actor_named_like_a_built_in_one_extends_it(fresh_lexicon):
    from mapper.actor_store import get_actor_lexicon
    from mapper.models import Actor, ActorAlias

    isis = Actor.objects.create(name="Islamic State (ISIS)", name_ar="خوارج البغدادي", inter_code=2)
    ActorAlias.objects.create(actor=isis, text="الخوارج")
    lexicon = get_actor_lexicon()
    assert names("هاجم الخوارج", lexicon) == ["Islamic State (ISIS)"]
    assert names("هاجم خوارج البغدادي", lexicon) == ["Islamic State (ISIS)"]
    assert names("هاجم داعش", lexicon) == ["Islamic State (ISIS)"]  # the built-in aliases stay


@pytest.mark.django_db
def test_ingest_parses_with_the_curators_dictionary(fresh_lexicon):
    from gazetteer.models import Alias, Place
    from mapper.ingest import ingest_text
    from mapper.models import Actor, ActorAlias

    idlib = Place.objects.create(name_ar="إدلب", name_en="Idlib", feature_type="city",
                                 geometry={"type": "Point", "coordinates": [36.63, 35.93]}, lat=35.93, lon=36.63,
                                 min_lon=36.63, min_lat=35.93, max_lon=36.63, max_lat=35.93, country="SY",
                                 source="test", external_id="test-idlib")
    Alias.objects.create(place=idlib, text="إدلب", kind="name")

    actor = Actor.objects.create(name="Liwa al-Quds", inter_code=3)
    ActorAlias.objects.create(actor=actor, text="لواء القدس")
    article, created = ingest_text(REPORT, published=datetime.date(2024, 1, 10), source="test")
    assert created
    stored = {a["name"] for i in article.incidents.all() for a in i.actors}
    assert "Liwa al-Quds" in stored


@pytest.mark.django_db
def test_the_admin_lists_and_edits_actors_with_aliases(client, fresh_lexicon):
    from django.contrib.auth.models import User

    from mapper.models import Actor, ActorAlias

    User.objects.create_superuser("curator", "c@example.org", "pw")
    client.login(username="curator", password="pw")
    actor = Actor.objects.create(name="Liwa al-Quds", inter_code=3)
    ActorAlias.objects.create(actor=actor, text="لواء القدس")
    listing = client.get("/admin/mapper/actor/", {"q": "لواء القدس"})
    assert listing.status_code == 200 and "Liwa al-Quds" in listing.content.decode()
    assert client.get("/admin/mapper/actor/", {"inter_code__exact": "3"}).status_code == 200
    page = client.get(f"/admin/mapper/actor/{actor.pk}/change/")
    assert page.status_code == 200 and "لواء القدس" in page.content.decode()

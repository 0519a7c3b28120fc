"""Spotting and roles on an in-memory gazetteer: clitics, لل, word boundaries, outlets and metonyms."""
from gazetteer.core.index import GazetteerIndex
from gazetteer.core.model import AliasRecord, PlaceRecord
from gazetteer.core.toponyms import find_places


def place(pid, name, ftype="town", lat=35.0, lon=38.0, country="SY", aliases=()):
    return PlaceRecord(pid, name, pid, ftype, {"type": "Point", "coordinates": [lon, lat]}, lat, lon,
                       country=country, aliases=[AliasRecord(a) for a in aliases])


INDEX = GazetteerIndex([
    place("raqqa", "الرقة", lat=35.95, lon=39.01),
    place("dez", "دير الزور", "city", lat=35.33, lon=40.14),
    place("mayadin", "الميادين", lat=35.02, lon=40.45),
    place("washington", "واشنطن", "city", lat=38.9, lon=-77.0, country="US"),
    place("astana", "أستانة", "city", lat=51.1, lon=71.4, country="KZ"),
    place("t2", "المحطة الثانية", "station", lat=34.45, lon=40.15),
    place("t3", "المحطة الثالثة", "station", lat=34.50, lon=38.80),
])


def spans(text):
    return [(t.surface, t.role, t.place.id if t.place else None) for t in find_places(text, INDEX).mentions]


def test_proclitics_and_lam_lam():
    found = spans("وصلت التعزيزات للرقة وبدير الزور وفالميادين")
    assert ("رقة", "literal", "raqqa") in found
    assert ("دير الزور", "literal", "dez") in found


def test_name_without_inner_space():
    assert ("ديرالزور", "literal", "dez") in spans("على طريق ديرالزور")


def test_word_boundary():
    assert spans("الرقةالجديدة") == []


def test_outlet_is_organization():
    found = spans("قال مصدر للميادين نت إن المصدر: الميادين نت")
    assert [r for _, r, _ in found] == ["organization", "organization"]


def test_metonymic_capital_and_conference_venue():
    found = dict((s, r) for s, r, _ in spans("لأن واشنطن تبحث عن ذريعة بعد مؤتمر أستانة"))
    assert found == {"واشنطن": "metonymic", "أستانة": "metonymic"}
    assert dict((s, r) for s, r, _ in spans("وصل الوفد إلى واشنطن أمس"))["واشنطن"] == "literal"
    assert dict((s, r) for s, r, _ in spans("المناورات رسالة إلى واشنطن"))["واشنطن"] == "metonymic"


def test_elliptical_pair_of_stations():
    parse = find_places("في الطريق الرابط بين المحطتين الثانية والثالث", INDEX)
    assert [m.place.id for m in parse.mentions] == ["t2", "t3"]
    assert len(parse.derived) == 1
    assert parse.derived[0].geometry["type"] == "LineString"

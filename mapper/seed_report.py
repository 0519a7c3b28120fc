"""The seed article checked item by item against ../shared/samples/seed-article-expectations.md."""
import datetime as dt
import re
from dataclasses import dataclass

from shapely.geometry import Point

from gazetteer.core.geometry import GeometryError, extent_km, parse_geojson, to_metric
from mapper.extraction.pipeline import geoparse

ATTACK_SUB_TYPES = ("Armed clash", "Shelling/artillery/missile attack")
ISIS, SYRIAN_ARMY = "Islamic State (ISIS)", "Military Forces of Syria"
RUSSIA = "Military Forces of Russia"
MAGHAWIR = "Maghawir al-Thawra"
COALITION = ("US-led coalition", "Military Forces of the United States")
STATION_END_KM = 1.0
ROAD_CORRIDOR_KM = 2.0
NOT_HERE_KM = 5.0
NEAR_KM = 25.0
ADJECTIVE = re.compile(r"^(?:ال)?أمي?ركي(?:ة|ين|ون)?[ٌٍَُِّْ]*$")


@dataclass
class Check:
    """One expectation: what the user expects, what the parser gave, and whether they agree."""

    item: str
    expected: str
    got: str
    ok: bool


class _Places:
    """Curated places of the gazetteer by external id, whichever way the index numbers its places."""

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer
        self._by_external = None

    def __call__(self, external_id):
        place = self.gazetteer.get(f"curated:{external_id}")
        if place is not None:
            return place
        if self._by_external is None:
            self._by_external = {p.external_id: p for p in self.gazetteer.places.values() if p.source == "curated"}
        return self._by_external.get(external_id)


def _geometry(obj):
    try:
        return parse_geojson(obj) if obj else None
    except GeometryError:
        return None


def _place_geometry(place):
    return _geometry(place.geometry) or Point(place.lon, place.lat)


def _km(a, b):
    return to_metric(a).distance(to_metric(b)) / 1000.0


def _spans(text, phrase):
    return [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]


def _overlapping(parsed, span):
    return [t for t in parsed["toponyms"] if t["start"] < span[1] and span[0] < t["end"]]


def _describe_toponym(t):
    place = t.get("place")
    target = f"{place.get('name_en') or place.get('name_ar')} ({place['geometry']['type'] if place.get('geometry') else 'point'})" \
        if place else "unresolved"
    return f"«{t['surface']}» {t['role']} → {target}"


def _describe_all(toponyms):
    return "; ".join(_describe_toponym(t) for t in toponyms) or "not recognised"


def _resolves_to(t, place, role="literal"):
    return place is not None and t.get("place") is not None and t["place"]["id"] == place.id and t["role"] == role


def _incident_texts(text, incident):
    spans = [incident["evidence"]] + list(incident.get("mentions") or [])
    return [text[s["start"]:s["end"]] for s in spans]


def _describe_incident(i):
    if i is None:
        return "absent"
    loc = i.get("location")
    where = f"{loc['name']} ({loc['geometry']['type'] if loc.get('geometry') else 'Point'})" if loc else "no location"
    actors = ", ".join(f"{a['name']}:{a['role']}" for a in i["actors"]) or "no actors"
    return f"{i['event_type']} / {i['sub_event_type']}; {actors}; {where}; {i['date']}"


def _location_geometry(incident):
    loc = incident and incident.get("location")
    if not loc:
        return None
    return _geometry(loc.get("geometry")) or Point(loc["lon"], loc["lat"])


# --- places ---------------------------------------------------------------------------------------

def _place_checks(text, parsed, places):
    checks = []
    tops = parsed["toponyms"]

    def literal_names(item, phrase, external_id, count=None):
        place = places(external_id)
        found = [t for span in _spans(text, phrase) for t in _overlapping(parsed, span)]
        found = list({t["start"]: t for t in found}.values())
        ok = bool(found) and all(_resolves_to(t, place) for t in found)
        if count is not None:
            ok = ok and len(found) == count
        label = place.name_en if place else external_id
        times = f" ×{count}" if count else ""
        checks.append(Check(item, f"literal{times} → {label}", _describe_all(found), ok))

    literal_names("place: الحسكة", "الحسكة", "sy-city-hasakah")
    literal_names("place: الحدود السورية-العراقية (twice)", "الحدود السورية-العراقية", "border-sy-iq", count=2)
    literal_names("place: الحدود العراقية", "الحدود العراقية", "border-sy-iq", count=1)

    t2, t3 = places("station-t2"), places("station-t3")
    pair = [t for span in _spans(text, "المحطتين الثانية والثالث") for t in _overlapping(parsed, span)]
    ok = any(_resolves_to(t, t2) for t in pair) and any(_resolves_to(t, t3) for t in pair)
    checks.append(Check("place: المحطتين الثانية والثالث (elliptical pair)", "literal T2 and T3 stations",
                        _describe_all(pair), ok))

    badia = places("region-badia")
    found = [t for t in tops if "البادية" in t["surface"]]
    checks.append(Check("place: البادية السورية / البادية (four times)", "literal ×4 → Syrian Desert (Badia)",
                        _describe_all(found), len(found) == 4 and all(_resolves_to(t, badia) for t in found)))

    for surface, external_id in (("طريق تدمر-ديرالزور", "road-palmyra-deir-ez-zor"),
                                 ("طريق تدمر-البوكمال الصحراوي", "road-palmyra-abu-kamal"),
                                 ("طريق ديرالزور-دمشق", "road-deir-ez-zor-damascus")):
        road = places(external_id)
        found = [t for t in tops if t["surface"] == surface]
        ok = bool(found) and all(_resolves_to(t, road) and t["place"]["geometry"]["type"]
                                 in ("LineString", "MultiLineString") for t in found)
        checks.append(Check(f"place: {surface} (road)", f"literal → {road.name_en if road else external_id} (line)",
                            _describe_all(found), ok))

    for surface, external_id in (("تدمر", "sy-city-palmyra"), ("البوكمال", "sy-city-abu-kamal")):
        place = places(external_id)
        found = [t for t in tops if t["surface"] == surface]
        checks.append(Check(f"place: {surface}", f"literal → {place.name_en if place else external_id}",
                            _describe_all(found), bool(found) and all(_resolves_to(t, place) for t in found)))

    deir = places("sy-city-deir-ez-zor")
    found = [t for t in tops if t["surface"] == "ديرالزور"]
    checks.append(Check("place: ديرالزور (no space)", "literal → Deir ez-Zor", _describe_all(found),
                        bool(found) and all(_resolves_to(t, deir) for t in found)))

    zone = places("zone-al-tanf-55km")
    found = [t for t in tops if "55 كم" in t["surface"]]
    ok = len(found) == 2 and all(_resolves_to(t, zone) and t["place"]["geometry"]["type"]
                                 in ("Polygon", "MultiPolygon") for t in found)
    checks.append(Check("place: منطقة 55 كم (twice)", "literal ×2 → al-Tanf 55 km zone (polygon)",
                        _describe_all(found), ok))
    return checks


def _not_place_checks(text, parsed, places):
    checks = []
    outlet = [t for span in _spans(text, "ميادين نت") for t in _overlapping(parsed, span)]
    checks.append(Check("not a place: الميادين نت (outlet, 3 times)", "organization or not a toponym, never a place",
                        _describe_all(outlet) if outlet else "not a toponym",
                        all(t["role"] == "organization" for t in outlet)))
    for surface, role, why in (("واشنطن", "metonymic", "the US government"),
                               ("أستانة", "metonymic", "the Astana conference")):
        found = [t for t in parsed["toponyms"] if t["surface"] == surface]
        checks.append(Check(f"not a place: {surface} ({why})", role, _describe_all(found),
                            bool(found) and all(t["role"] == role for t in found)))
    adjectives = [t for t in parsed["toponyms"] if ADJECTIVE.match(t["surface"])]
    checks.append(Check("not a place: أميركي / الأميركية (adjectives)", "no toponym",
                        _describe_all(adjectives) if adjectives else "no toponym", not adjectives))
    banned = [p for p in (places("city-washington"), places("city-astana"), places("sy-city-mayadin")) if p]
    near = []
    for incident in parsed["incidents"]:
        here = _location_geometry(incident)
        if here is None:
            continue
        near += [f"{incident['sub_event_type']} at {p.name_en}" for p in banned
                 if _km(here, Point(p.lon, p.lat)) <= NOT_HERE_KM]
    checks.append(Check("no incident at Washington, Astana or the town of al-Mayadin",
                        f"no incident location within {NOT_HERE_KM:g} km", "; ".join(near) or "none", not near))
    return checks


# --- incidents ------------------------------------------------------------------------------------

def _attack_checks(text, parsed, places, published):
    attacks = [i for i in parsed["incidents"] if i["sub_event_type"] in ATTACK_SUB_TYPES]
    # with several candidates the rest of the checks judge the one reported from the T3-T2 sentence
    attack = next((i for i in attacks if any("المحطتين" in chunk for chunk in _incident_texts(text, i))),
                  attacks[0] if attacks else None)
    checks = [Check("incident 1 (attack): present once", "one Armed clash or Shelling incident",
                    f"{len(attacks)}: " + " | ".join(_describe_incident(i) for i in attacks), len(attacks) == 1)]
    if attack is None:
        attack = {"actors": [], "location": None, "evidence": {"start": 0, "end": 0}, "attributed_to": "",
                  "alleged": False, "date": None, "date_basis": None, "event_type": None, "sub_event_type": None}
    checks.append(Check("incident 1: type", "Battles / Armed clash (or Explosions/Remote violence / Shelling)",
                        f"{attack['event_type']} / {attack['sub_event_type']}",
                        (attack["event_type"], attack["sub_event_type"]) in (
                            ("Battles", "Armed clash"), ("Explosions/Remote violence", ATTACK_SUB_TYPES[1]))))
    roles = {a["name"]: a["role"] for a in attack["actors"]}
    checks.append(Check("incident 1: actors", "ISIS attacker, Syrian army target",
                        ", ".join(f"{n}:{r}" for n, r in roles.items()) or "none",
                        roles.get(ISIS) == "attacker" and roles.get(SYRIAN_ARMY) == "target"))
    line = _location_geometry(attack)
    t2, t3, road = places("station-t2"), places("station-t3"), places("road-palmyra-abu-kamal")
    loc = attack.get("location") or {}
    if line is not None and line.geom_type == "LineString" and t2 and t3:
        ends = [Point(line.coords[0]), Point(line.coords[-1])]
        gaps = [min(_km(e, Point(s.lon, s.lat)) for e in ends) for s in (t2, t3)]
        got = f"{loc.get('name')}: LineString, ends {gaps[0]:.1f} km from T2 and {gaps[1]:.1f} km from T3"
        ok = max(gaps) <= STATION_END_KM
    else:
        got, ok = f"{loc.get('name')}: {line.geom_type if line is not None else 'no location'}", False
    checks.append(Check("incident 1: geometry", f"the T3–T2 segment as a LineString (ends within {STATION_END_KM:g} km "
                        "of the stations)", got, ok))
    if line is not None and road is not None:
        off = to_metric(line).difference(to_metric(_place_geometry(road)).buffer(ROAD_CORRIDOR_KM * 1000)).length / 1000
        checks.append(Check("incident 1: follows the Palmyra–Abu Kamal desert road",
                            f"segment within {ROAD_CORRIDOR_KM:g} km of the road", f"{off:.1f} km of it outside",
                            line.geom_type == "LineString" and off < 0.01))
    else:
        checks.append(Check("incident 1: follows the Palmyra–Abu Kamal desert road",
                            f"segment within {ROAD_CORRIDOR_KM:g} km of the road", "no line", False))
    spread = extent_km(line) if line is not None else None
    checks.append(Check("incident 1: precision", "somewhere along the segment: precision ≥ 2, uncertainty covers it",
                        f"precision {loc.get('precision')}, uncertainty {loc.get('uncertainty_km')} km"
                        + (f" (segment half-extent {spread:.1f} km)" if spread is not None else ""),
                        bool(loc) and loc.get("precision", 0) >= 2 and spread is not None
                        and loc.get("uncertainty_km", 0) >= spread - 0.5))
    evidence = text[attack["evidence"]["start"]:attack["evidence"]["end"]]
    checks.append(Check("incident 1: evidence", "the sentence with «المحطتين الثانية والثالث»",
                        evidence[:70] + ("…" if len(evidence) > 70 else ""), "المحطتين الثانية والثالث" in evidence))
    # the launch from the Maghawir/coalition area is the alleged part: either the whole incident is alleged,
    # or it carries that claim with who makes it (pipeline `claims`)
    launch_claims = [c for c in attack.get("claims") or ()
                     if c.get("claimed_by") and set(c.get("about") or ()) & {MAGHAWIR, *COALITION}]
    claims = "; ".join(f"{c['claimed_by']} about {', '.join(c['about'])}" for c in launch_claims) or "none"
    checks.append(Check("incident 1: attribution", "attributed to the field source; the launch from the "
                        "Maghawir/coalition area alleged",
                        f"attributed_to={attack['attributed_to']!r}, alleged={attack['alleged']}, claims: {claims}",
                        bool(attack["attributed_to"]) and (attack["alleged"] is True or bool(launch_claims))))
    if published is not None:
        checks.append(Check("incident 1: date", f"{published.isoformat()} (publication date, said so)",
                            f"{attack['date']} ({attack.get('date_basis')})",
                            attack["date"] == published.isoformat() and attack.get("date_basis") == "publication"))
    return checks


def _find(parsed, text, words, actor=None):
    """Strategic-development incidents whose evidence or mentions contain one of `words` (and `actor`)."""
    found = []
    for i in parsed["incidents"]:
        if i["event_type"] != "Strategic developments" or i["sub_event_type"] != "Other":
            continue
        if actor and actor not in {a["name"] for a in i["actors"]}:
            continue
        if any(w in chunk for chunk in _incident_texts(text, i) for w in words):
            found.append(i)
    return found


def _in_badia(incident, places):
    badia = places("region-badia")
    here = _location_geometry(incident)
    return here is not None and badia is not None and _place_geometry(badia).intersects(here)


def _strategic_checks(text, parsed, places, published):
    checks = []
    manoeuvres = _find(parsed, text, ("مناورات",), actor=RUSSIA)
    m = manoeuvres[0] if manoeuvres else None
    checks.append(Check("incident 2 (Russian manoeuvres with the 15th Division)",
                        "Strategic developments, Russia and the Syrian army (15th Division) as actors",
                        _describe_incident(m),
                        m is not None and SYRIAN_ARMY in {a["name"] for a in m["actors"]}))
    checks.append(Check("incident 2: location", "in the Badia", _describe_incident(m), m is not None and _in_badia(m, places)))

    reinforcements = [i for i in _find(parsed, text, ("تعزيزات", "نقل الجنود"), actor=SYRIAN_ARMY)
                      if RUSSIA not in {a["name"] for a in i["actors"]}]
    r = reinforcements[0] if reinforcements else None
    checks.append(Check("incident 3 (army reinforcements)", "Strategic developments, Syrian army as actor",
                        _describe_incident(r), r is not None))
    checks.append(Check("incident 3: location", "in the Badia", _describe_incident(r), r is not None and _in_badia(r, places)))

    transfers = _find(parsed, text, ("معتقلي", "بالمروحيات"))
    t = transfers[0] if transfers else None
    names = {a["name"] for a in t["actors"]} if t else set()
    checks.append(Check("incident 4 (detainee transfer by helicopter)", "Strategic developments by the coalition",
                        _describe_incident(t), t is not None and bool(names & set(COALITION))))
    checks.append(Check("incident 4: alleged", "alleged", f"alleged={t['alleged']}" if t else "absent",
                        t is not None and t["alleged"] is True))
    ends = [p for p in (places("sy-city-hasakah"), places("region-badia"), places("border-sy-iq")) if p]
    here = _location_geometry(t)
    near = here is not None and any(_km(here, _place_geometry(p)) <= NEAR_KM for p in ends)
    checks.append(Check("incident 4: location", "Hasakah, the Badia or the Iraqi border", _describe_incident(t), near))
    if published is not None:
        current = [i for i in (m, r, t) if i is not None]
        checks.append(Check("incidents 2–4: date", f"{published.isoformat()} (publication date)",
                            ", ".join(str(i["date"]) for i in current) or "absent",
                            len(current) == 3 and all(i["date"] == published.isoformat() for i in current)))
    return checks


def _history_checks(parsed, places):
    regains = [i for i in parsed["incidents"] if i["sub_event_type"] == "Government regains territory"]
    g = next((i for i in regains if str(i["date"]).startswith("2017")), regains[0] if regains else None)
    checks = [Check("incident 5 (Abu Kamal retaken, end of 2017)", "one Government regains territory incident",
                    f"{len(regains)}: " + " | ".join(_describe_incident(i) for i in regains), len(regains) == 1)]
    checks.append(Check("incident 5: ACLED event type", "Battles (ACLED files territory changes under Battles)",
                        g["event_type"] if g else "absent", g is not None and g["event_type"] == "Battles"))
    checks.append(Check("incident 5: historical 2017", "historical, dated 2017",
                        f"historical={g['historical']}, date {g['date']}" if g else "absent",
                        g is not None and g["historical"] is True and str(g["date"]).startswith("2017")))
    kamal = places("sy-city-abu-kamal")
    here = _location_geometry(g)
    km = _km(here, Point(kamal.lon, kamal.lat)) if here is not None and kamal else None
    checks.append(Check("incident 5: location", "Abu Kamal",
                        f"{g['location']['name']} ({km:.1f} km away)" if km is not None else "no location",
                        km is not None and km <= NEAR_KM))
    return checks


def check_seed(text, parsed, gazetteer, published=None):
    """[Check] for a parse of the seed article; `published` (date) is the date the user supplied."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    places = _Places(gazetteer)
    return (_place_checks(text, parsed, places) + _not_place_checks(text, parsed, places)
            + _attack_checks(text, parsed, places, published) + _strategic_checks(text, parsed, places, published)
            + _history_checks(parsed, places))


def seed_report(text, gazetteer, published=None):
    """Geoparse the seed article and check it: [Check(item, expected, got, ok)]."""
    return check_seed(text, geoparse(text, gazetteer, published=published), gazetteer, published)


def format_report(checks):
    """A plain-text table of the checks with a pass count."""
    width_item = max(len(c.item) for c in checks)
    width_expected = max(len(c.expected) for c in checks)
    lines = [f"{'':4} {'item':<{width_item}}  {'expected':<{width_expected}}  got"]
    for c in checks:
        lines.append(f"{'ok' if c.ok else 'FAIL':<4} {c.item:<{width_item}}  {c.expected:<{width_expected}}  {c.got}")
    lines.append(f"{sum(c.ok for c in checks)}/{len(checks)} expectations met")
    return "\n".join(lines)

"""Score predicted incidents against gold incidents: same event type within 25 km, one-to-one per document.

Rules:
- A predicted incident hits a gold incident when both have the same `event_type` and the distance from
  the gold point to the predicted location is at most 25 km. For a line or polygon location the distance is
  to the geometry itself (0 inside a polygon), not to its representative point. A prediction without a
  location never hits.
- Matching is one-to-one within a document and maximises the number of hits (augmenting paths over the
  bipartite graph of allowed pairs); each gold incident tries first the candidates with its sub-event type,
  then those with its date, then the nearer ones, so that two events of one type at one place pair up
  with the predictions that describe them.
- Gold incidents flagged `historical` are real incidents of the text: they are scored like the others, and
  among hits the agreement of the historical flag is reported separately.
- Actors are compared on their canonical names: a gold Arabic name is mapped through the parser's actor
  dictionary (`mapper/extraction/actors.py`); a name the dictionary does not know stays as written and so
  cannot agree with a prediction.
"""
from shapely.geometry import Point
from shapely.ops import nearest_points

from gazetteer.core.geometry import GeometryError, haversine_km, parse_geojson, to_metric, to_wgs84
from gazetteer.core.normalize import normalize
from mapper.evaluation import prf
from mapper.extraction.actors import find_actors

HIT_KM = 25.0
SCORED_ROLES = ("attacker", "target")
EXCERPT_CHARS = 160


class IncidentFormatError(ValueError):
    """A gold incident that does not follow the record schema."""


# --- distance and matching ----------------------------------------------------------------------

def location_distance_km(lat, lon, location):
    """km from (lat, lon) to a predicted location: to its geometry when it is a line or polygon (0 when a
    polygon covers the point), else to its point; None when the prediction has no location."""
    if not location or location.get("lat") is None or location.get("lon") is None:
        return None
    geometry = location.get("geometry")
    if geometry and geometry.get("type") not in ("Point", None):
        try:
            geom = parse_geojson(geometry)
        except GeometryError:
            geom = None
        if geom is not None:
            point = Point(lon, lat)
            if geom.covers(point):
                return 0.0
            nearest = to_wgs84(nearest_points(to_metric(geom), to_metric(point))[0])
            return haversine_km(lat, lon, nearest.y, nearest.x)
    return haversine_km(lat, lon, location["lat"], location["lon"])


def candidate_pairs(gold, pred, max_km=HIT_KM):
    """{gold index: [(preference, km, pred index), ...] best first} for the pairs allowed to hit; the
    preference puts the same sub-event type first, then the same date, then the nearer."""
    edges = {}
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if p.get("event_type") != g["event_type"]:
                continue
            km = location_distance_km(g["lat"], g["lon"], p.get("location"))
            if km is not None and km <= max_km:
                preference = (p.get("sub_event_type") != g["sub_event_type"], p.get("date") != g.get("date"))
                edges.setdefault(gi, []).append((preference, km, pi))
    for options in edges.values():
        options.sort()
    return edges


def match_incidents(gold, pred, max_km=HIT_KM):
    """One-to-one hits [(gold index, pred index, km)] of maximum size (Kuhn's augmenting paths; each gold
    incident, most constrained first, tries its preferred candidates first)."""
    edges = candidate_pairs(gold, pred, max_km)
    owner = {}  # pred index -> gold index

    def augment(gi, seen):
        for _, _, pi in edges[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in sorted(edges, key=lambda g: (len(edges[g]), edges[g][0][:2], g)):
        augment(gi, set())
    km = {(gi, pi): d for gi, options in edges.items() for _, d, pi in options}
    return sorted((gi, pi, km[gi, pi]) for pi, gi in owner.items())


# --- agreement among hits -----------------------------------------------------------------------

def canonical_actor(name):
    """The parser's canonical name for a gold actor name, or the name itself when the dictionary lacks it."""
    norm = normalize(name).text
    found = find_actors(norm, 0, len(norm))
    if len(found) == 1 and found[0].nend - found[0].nstart >= len(norm.strip()) - 1:
        return found[0].name
    return name


def actor_set(actors, canonical=False):
    """{(name, role)} of the attacker and target actors."""
    return {(canonical_actor(a["name"]) if canonical else a["name"], a["role"])
            for a in actors or () if a.get("role") in SCORED_ROLES}


def _rate(agree, n):
    return {"agree": agree, "n": n, "rate": agree / n if n else None}


def _pairs(gold_docs, pred_docs):
    pred_docs = list(pred_docs)
    if len(pred_docs) != len(gold_docs):
        raise ValueError(f"{len(pred_docs)} prediction documents for {len(gold_docs)} gold documents")
    return [(g, g.get("incidents") or [], (p or {}).get("incidents") or []) for g, p in zip(gold_docs, pred_docs)]


def score_incidents(gold_docs, pred_docs, max_km=HIT_KM):
    """Overall and per-event-type P/R/F1, per-sub-type counts and, among hits, the agreement of sub-type,
    date, attacker/target actors, fatalities and the historical flag."""
    by_type, by_sub = {}, {}
    tp = n_gold = n_pred = no_location = hist_gold = hist_hits = 0
    sub_ok = date_ok = fat_ok = fat_known = fat_known_ok = hist_ok = actor_exact = 0
    actor_tp = actor_fp = actor_fn = 0
    for _, gold, pred in _pairs(gold_docs, pred_docs):
        hits = match_incidents(gold, pred, max_km)
        n_gold, n_pred, tp = n_gold + len(gold), n_pred + len(pred), tp + len(hits)
        no_location += sum(1 for p in pred if not p.get("location"))
        hist_gold += sum(1 for g in gold if g.get("historical"))
        for g in gold:
            by_type.setdefault(g["event_type"], [0, 0, 0])[2] += 1
            by_sub.setdefault(g["sub_event_type"], {"gold": 0, "pred": 0, "hits": 0, "same_sub_type": 0})["gold"] += 1
        for p in pred:
            by_type.setdefault(p.get("event_type"), [0, 0, 0])[1] += 1
            by_sub.setdefault(p.get("sub_event_type"), {"gold": 0, "pred": 0, "hits": 0, "same_sub_type": 0})["pred"] += 1
        for gi, pi, _ in hits:
            g, p = gold[gi], pred[pi]
            counts = by_type[g["event_type"]]
            counts[0], counts[1], counts[2] = counts[0] + 1, counts[1] - 1, counts[2] - 1
            by_sub[g["sub_event_type"]]["hits"] += 1
            same_sub = p.get("sub_event_type") == g["sub_event_type"]
            by_sub[g["sub_event_type"]]["same_sub_type"] += same_sub
            sub_ok += same_sub
            date_ok += p.get("date") == g.get("date")
            fat_ok += p.get("fatalities") == g.get("fatalities")
            if g.get("fatalities") is not None:
                fat_known += 1
                fat_known_ok += p.get("fatalities") == g["fatalities"]
            hist_ok += bool(p.get("historical")) == bool(g.get("historical"))
            hist_hits += bool(g.get("historical"))
            want, got = actor_set(g.get("actors"), canonical=True), actor_set(p.get("actors"))
            actor_exact += want == got
            actor_tp, actor_fp, actor_fn = (actor_tp + len(want & got), actor_fp + len(got - want),
                                            actor_fn + len(want - got))
    per_type = {t: dict(prf(*c), gold=c[0] + c[2], pred=c[0] + c[1]) for t, c in sorted(by_type.items(), key=str)}
    return {
        "docs": len(gold_docs), "gold": n_gold, "pred": n_pred, "max_km": max_km,
        "pred_without_location": no_location, "gold_historical": hist_gold,
        "overall": prf(tp, n_pred - tp, n_gold - tp),
        "by_event_type": per_type,
        "by_sub_event_type": dict(sorted(by_sub.items(), key=lambda kv: str(kv[0]))),
        "hits": {
            "n": tp,
            "sub_event_type": _rate(sub_ok, tp),
            "date_exact": _rate(date_ok, tp),
            "actors_exact": _rate(actor_exact, tp),
            "actors": prf(actor_tp, actor_fp, actor_fn),
            "fatalities": _rate(fat_ok, tp),
            "fatalities_when_gold_known": _rate(fat_known_ok, fat_known),
            "historical_flag": _rate(hist_ok, tp),
            "historical_gold_hit": hist_hits,
        },
    }


# --- errors -------------------------------------------------------------------------------------

def _excerpt(text):
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1] + "…"


def _nearest_same_type(lat, lon, event_type, others, key):
    """(km, item) of the nearest other-side incident of the same type, or None."""
    best = None
    for o in others:
        if o.get("event_type") != event_type:
            continue
        km = key(o, lat, lon)
        if km is not None and (best is None or km < best[0]):
            best = (km, o)
    return best


def collect_incident_errors(gold_docs, pred_docs, k=10, max_km=HIT_KM):
    """Up to k missed gold incidents and k false predictions, each with the reason it did not hit."""
    missed, false = [], []
    for gdoc, gold, pred in _pairs(gold_docs, pred_docs):
        hits = match_incidents(gold, pred, max_km)
        got_g, got_p = {gi for gi, _, _ in hits}, {pi for _, pi, _ in hits}
        for gi, g in enumerate(gold):
            if gi in got_g:
                continue
            near = _nearest_same_type(g["lat"], g["lon"], g["event_type"], pred,
                                      lambda p, lat, lon: location_distance_km(lat, lon, p.get("location")))
            reason = ("no prediction of this type" if near is None and not any(
                p.get("event_type") == g["event_type"] for p in pred)
                else "same-type predictions lack a location" if near is None
                else f"nearest same-type prediction {near[0]:.1f} km" if near[0] > max_km
                else "its same-type predictions are taken by other gold incidents")
            missed.append({"id": gdoc["id"], "event_type": g["event_type"], "sub_event_type": g["sub_event_type"],
                           "date": g.get("date"), "location": g.get("location"), "lat": g["lat"], "lon": g["lon"],
                           "historical": bool(g.get("historical")), "reason": reason,
                           "evidence": _excerpt(g.get("evidence"))})
        for pi, p in enumerate(pred):
            if pi in got_p:
                continue
            loc = p.get("location")
            if not loc:
                reason = "no location"
            else:
                near = _nearest_same_type(loc["lat"], loc["lon"], p.get("event_type"), gold,
                                          lambda g, lat, lon: location_distance_km(g["lat"], g["lon"], loc))
                reason = ("no gold incident of this type" if near is None
                          else f"nearest same-type gold {near[0]:.1f} km" if near[0] > max_km
                          else "its same-type gold incidents are taken by other predictions")
            ev = p.get("evidence") or {}
            false.append({"id": gdoc["id"], "event_type": p.get("event_type"),
                          "sub_event_type": p.get("sub_event_type"), "date": p.get("date"),
                          "location": loc and loc.get("name"), "lat": loc and loc.get("lat"),
                          "lon": loc and loc.get("lon"), "historical": bool(p.get("historical")), "reason": reason,
                          "evidence": _excerpt(gdoc["text"][ev.get("start", 0):ev.get("end", 0)])})
    return {"missed_gold": missed[:k], "false_predictions": false[:k]}


# --- gold records -------------------------------------------------------------------------------

def has_incidents(gold_docs):
    """True when the gold set annotates incidents (some record carries an `incidents` list)."""
    return any(isinstance(d.get("incidents"), list) for d in gold_docs)


def check_incidents(gold_docs):
    """Raise IncidentFormatError naming the document of a gold incident that cannot be scored."""
    for doc in gold_docs:
        incidents = doc.get("incidents", [])
        if not isinstance(incidents, list):
            raise IncidentFormatError(f"{doc['id']}: 'incidents' is not a list")
        for n, inc in enumerate(incidents):
            where = f"{doc['id']}: incident {n}"
            if not isinstance(inc, dict):
                raise IncidentFormatError(f"{where} is not an object")
            for key in ("event_type", "sub_event_type", "lat", "lon"):
                if inc.get(key) is None:
                    raise IncidentFormatError(f"{where} lacks {key!r}")
            lat, lon = inc["lat"], inc["lon"]
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)) \
                    or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise IncidentFormatError(f"{where}: bad lat/lon ({lat!r}, {lon!r})")

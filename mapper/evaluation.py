"""Score geoparser predictions against annotated gold JSONL: recognition P/R/F1 and resolution distance."""
import json
import statistics
from pathlib import Path

from gazetteer.core.geometry import haversine_km
from gazetteer.core.normalize import normalize_key

LOCATION_ROLES = ("literal", "metonymic")
THRESHOLDS_KM = (5, 25, 161)
SEPARATORS = " \t\n_\u00a0"
CONJUNCTIONS = "وف"
PREPOSITIONS = ("لل", "ب", "ل", "ك")
TRIGGER_WORDS = (
    "دولة", "دوله", "مدينة", "مدينه", "محافظة", "محافظه", "منطقة", "منطقه", "بلدة", "بلده",
    "قرية", "قريه", "قضاء", "ناحية", "ناحيه", "العاصمة", "العاصمه", "حي",
)


class GoldFormatError(ValueError):
    """A gold JSONL file that does not follow the record schema."""


# --- span normalisation -------------------------------------------------------------------------

def _skip(text, i, end, chars):
    while i < end and text[i] in chars:
        i += 1
    return i


def _word_letters(text, i, end):
    """Number of letters in the word starting at i (up to the next separator or '#')."""
    n = 0
    while i < end and text[i] not in SEPARATORS and text[i] != "#":
        n += text[i].isalpha()
        i += 1
    return n


def _strip_proclitics(text, i, end):
    """Skip an optional conjunction then an optional preposition, keeping at least 3 letters of the word."""
    j = i
    if j < end and text[j] in CONJUNCTIONS and _word_letters(text, j + 1, end) >= 3:
        j += 1
    for prep in PREPOSITIONS:
        if text.startswith(prep, j) and j + len(prep) <= end and _word_letters(text, j + len(prep), end) >= 3:
            return j + len(prep)
    return j


def _strip_trigger(text, i, end):
    """Skip a leading trigger word (مدينة, دولة, ...) when it is followed by a separator and more text."""
    for word in TRIGGER_WORDS:
        k = i + len(word)
        if text.startswith(word, i) and k < end and text[k] in SEPARATORS + "#":
            rest = _skip(text, k, end, SEPARATORS + "#")
            if rest < end:
                return rest
    return i


def strip_span(text, start, end):
    """(start, end) after dropping leading '#', '_'/spaces, Arabic proclitics and a trigger word.

    For matching only: it may over-strip names that begin with a proclitic letter (بيروت -> يروت),
    which is harmless because both gold and predicted spans are stripped the same way.
    An input made only of separators returns an empty span (end, end).
    """
    start, end = max(0, start), min(len(text), end)
    while end > start and text[end - 1] in SEPARATORS:
        end -= 1
    i = _skip(text, start, end, SEPARATORS + "#")
    i = _strip_proclitics(text, i, end)
    i = _strip_trigger(text, i, end)
    i = _skip(text, i, end, SEPARATORS + "#")
    return (i, end) if i < end else (end, end)


# --- matching -----------------------------------------------------------------------------------

def _pred_toponyms(pred_doc, roles):
    """Predicted toponyms of one document kept for scoring (roles=None keeps all)."""
    toponyms = pred_doc.get("toponyms", []) if isinstance(pred_doc, dict) else (pred_doc or [])
    return [t for t in toponyms if roles is None or t.get("role", "literal") in roles]


def _gold_toponyms(gold_doc, roles):
    """Gold toponyms of one document kept for scoring: a gold mention without a role is literal."""
    return [t for t in gold_doc["toponyms"] if roles is None or t.get("role", "literal") in roles]


def _pairs(gold_docs, pred_docs):
    """(gold_doc, pred_doc) pairs: pred_docs is a list aligned with gold_docs or a dict keyed by id."""
    if isinstance(pred_docs, dict):
        return [(g, pred_docs.get(g["id"], {"toponyms": []})) for g in gold_docs]
    pred_docs = list(pred_docs)
    if len(pred_docs) != len(gold_docs):
        raise ValueError(f"{len(pred_docs)} prediction documents for {len(gold_docs)} gold documents")
    return list(zip(gold_docs, pred_docs))


def match_strict(gold, pred):
    """One-to-one (gold index, pred index) pairs with identical (start, end)."""
    free = {}
    for pi, p in enumerate(pred):
        free.setdefault((p["start"], p["end"]), []).append(pi)
    pairs = []
    for gi, g in enumerate(gold):
        candidates = free.get((g["start"], g["end"]))
        if candidates:
            pairs.append((gi, candidates.pop(0)))
    return pairs


def match_relaxed(text, gold, pred):
    """One-to-one (gold index, pred index) pairs whose stripped spans overlap, greedy by overlap size."""
    gs = [strip_span(text, g["start"], g["end"]) for g in gold]
    ps = [strip_span(text, p["start"], p["end"]) for p in pred]
    candidates = []
    for gi, (g0, g1) in enumerate(gs):
        for pi, (p0, p1) in enumerate(ps):
            overlap = min(g1, p1) - max(g0, p0)
            if overlap > 0:
                union = max(g1, p1) - min(g0, p0)
                candidates.append((-overlap, -overlap / union, gi, pi))
    candidates.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def prf(tp, fp, fn):
    """Precision, recall and F1 with their counts."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


# --- scores -------------------------------------------------------------------------------------

def score_recognition(gold_docs, pred_docs, roles=LOCATION_ROLES):
    """Strict (exact span) and relaxed (stripped spans overlap) precision, recall and F1."""
    counts = {"strict": [0, 0, 0], "relaxed": [0, 0, 0]}
    n_gold = n_pred = mismatched = 0
    for gdoc, pdoc in _pairs(gold_docs, pred_docs):
        gold, pred = _gold_toponyms(gdoc, roles), _pred_toponyms(pdoc, roles)
        n_gold += len(gold)
        n_pred += len(pred)
        mismatched += sum(1 for p in pred if "surface" in p and gdoc["text"][p["start"]:p["end"]] != p["surface"])
        for mode, pairs in (("strict", match_strict(gold, pred)), ("relaxed", match_relaxed(gdoc["text"], gold, pred))):
            c = counts[mode]
            c[0] += len(pairs)
            c[1] += len(pred) - len(pairs)
            c[2] += len(gold) - len(pairs)
    return {
        "strict": prf(*counts["strict"]), "relaxed": prf(*counts["relaxed"]),
        "docs": len(gold_docs), "gold": n_gold, "pred": n_pred, "pred_offset_mismatches": mismatched,
    }


def _has_coords(obj):
    return obj is not None and obj.get("lat") is not None and obj.get("lon") is not None


def predicted_location(pred):
    """(lat, lon, source) the parser gives users for a predicted toponym: its place's point, else the
    `fallback` location of an unresolved cue mention (incidents use it too); None when it has neither."""
    if pred is None:
        return None
    for source in ("place", "fallback"):
        loc = pred.get(source)
        if _has_coords(loc):
            return loc["lat"], loc["lon"], source
    return None


def _error_km(gold, pred):
    """(distance in km from the gold point to the predicted location or None, location source or None)."""
    loc = predicted_location(pred)
    if loc is None:
        return None, None
    return haversine_km(gold["lat"], gold["lon"], loc[0], loc[1]), loc[2]


def resolution_pairs(gold_docs, pred_docs, roles=LOCATION_ROLES):
    """For every gold toponym with coordinates: (gold doc, gold toponym, pred toponym or None, error km or None)."""
    rows = []
    for gdoc, pdoc in _pairs(gold_docs, pred_docs):
        gold, pred = _gold_toponyms(gdoc, roles), _pred_toponyms(pdoc, roles)
        matched = dict(match_relaxed(gdoc["text"], gold, pred))
        for gi, g in enumerate(gold):
            if not _has_coords(g):
                continue
            p = pred[matched[gi]] if gi in matched else None
            rows.append((gdoc, g, p, _error_km(g, p)[0]))
    return rows


def _summarise_resolution(rows, thresholds):
    """Accuracy within each threshold over all rows and over matched rows; rows are (pred, error, source)."""
    errors = [e for _, e, _ in rows if e is not None]
    n, n_matched = len(rows), sum(1 for p, _, _ in rows if p is not None)
    result = {"n": n, "n_matched": n_matched, "n_resolved": len(errors),
              "n_from_fallback": sum(1 for _, e, src in rows if e is not None and src == "fallback")}
    for km in thresholds:
        hits = sum(1 for e in errors if e <= km)
        result[f"acc_{km}km"] = hits / n if n else None
        result[f"matched_acc_{km}km"] = hits / n_matched if n_matched else None
    result["median_km"] = statistics.median(errors) if errors else None
    result["mean_km"] = statistics.fmean(errors) if errors else None
    return result


def score_resolution(gold_docs, pred_docs, roles=LOCATION_ROLES, thresholds=THRESHOLDS_KM):
    """Accuracy within each threshold over all gold toponyms with coordinates and over matched ones only;
    `n_from_fallback` counts resolved predictions located by a cue mention's fallback."""
    rows = [(p, *_error_km(g, p)) for _, g, p, _ in resolution_pairs(gold_docs, pred_docs, roles)]
    return _summarise_resolution(rows, thresholds)


# --- per-document names -------------------------------------------------------------------------
# Some gold sets (IDRISI) annotate each distinct name once per document, usually at its first
# occurrence. This secondary view collapses both sides to one item per distinct name per document, so
# that artefact is measured apart from the mention-level headline.

def name_key(text, toponym):
    """The normalised key of a toponym's stripped span (proclitics, '#' and trigger words removed)."""
    start, end = strip_span(text, toponym["start"], toponym["end"])
    return normalize_key(text[start:end])


def _names(text, toponyms):
    """{key: [toponym index, ...]} in order of first occurrence, each list in text order."""
    groups = {}
    for i in sorted(range(len(toponyms)), key=lambda i: (toponyms[i]["start"], toponyms[i]["end"])):
        groups.setdefault(name_key(text, toponyms[i]), []).append(i)
    return groups


def match_names(text, gold, pred):
    """(gold names, pred names, {gold key: pred key}): a predicted name hits a gold name with the same
    key, or else one whose span any of its occurrences overlaps (relaxed); one-to-one."""
    g_names, p_names = _names(text, gold), _names(text, pred)
    pairs = {k: k for k in g_names if k in p_names}
    used = set(pairs.values())
    g_key = {i: k for k, idx in g_names.items() for i in idx}
    p_key = {i: k for k, idx in p_names.items() for i in idx}
    for gi, pi in match_relaxed(text, gold, pred):
        gk, pk = g_key[gi], p_key[pi]
        if gk not in pairs and pk not in used:
            pairs[gk] = pk
            used.add(pk)
    return g_names, p_names, pairs


def score_names(gold_docs, pred_docs, roles=LOCATION_ROLES, thresholds=THRESHOLDS_KM):
    """Per-document names: recognition P/R/F1 over distinct names per document, and resolution of each
    gold name (its first gold occurrence with coordinates) judged on the FIRST predicted occurrence."""
    tp = fp = fn = n_gold = n_pred = 0
    rows = []
    for gdoc, pdoc in _pairs(gold_docs, pred_docs):
        text, gold, pred = gdoc["text"], _gold_toponyms(gdoc, roles), _pred_toponyms(pdoc, roles)
        g_names, p_names, pairs = match_names(text, gold, pred)
        n_gold += len(g_names)
        n_pred += len(p_names)
        tp += len(pairs)
        fp += len(p_names) - len(pairs)
        fn += len(g_names) - len(pairs)
        for gk, idx in g_names.items():
            g = next((gold[i] for i in idx if _has_coords(gold[i])), None)
            if g is None:
                continue
            p = pred[p_names[pairs[gk]][0]] if gk in pairs else None
            rows.append((p, *_error_km(g, p)))
    recognition = dict(prf(tp, fp, fn), gold=n_gold, pred=n_pred)
    return {"recognition": recognition, "resolution": _summarise_resolution(rows, thresholds)}


def score(gold_docs, pred_docs, roles=LOCATION_ROLES):
    """Recognition and resolution scores for one gold set: mention level (the headline) and, under
    "names", the per-document names view."""
    return {"recognition": score_recognition(gold_docs, pred_docs, roles),
            "resolution": score_resolution(gold_docs, pred_docs, roles),
            "names": score_names(gold_docs, pred_docs, roles)}


def collect_errors(gold_docs, pred_docs, k=10, roles=LOCATION_ROLES):
    """Up to k false positives, false negatives, unresolved matches and worst resolution errors (relaxed)."""
    fps, fns = [], []
    for gdoc, pdoc in _pairs(gold_docs, pred_docs):
        text, gold, pred = gdoc["text"], _gold_toponyms(gdoc, roles), _pred_toponyms(pdoc, roles)
        pairs = match_relaxed(text, gold, pred)
        got_g, got_p = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
        fps += [_describe(gdoc, p, pred=p) for pi, p in enumerate(pred) if pi not in got_p]
        fns += [_describe(gdoc, g) for gi, g in enumerate(gold) if gi not in got_g]
    rows = resolution_pairs(gold_docs, pred_docs, roles)
    resolved = sorted((r for r in rows if r[3] is not None), key=lambda r: -r[3])
    unresolved = [r for r in rows if r[2] is not None and r[3] is None]
    return {
        "false_positives": fps[:k], "false_negatives": fns[:k],
        "unresolved": [_describe(d, g, pred=p) for d, g, p, _ in unresolved[:k]],
        "worst_resolution": [dict(_describe(d, g, pred=p), error_km=round(e, 1)) for d, g, p, e in resolved[:k]],
    }


def _describe(doc, span, pred=None, width=30):
    text = doc["text"]
    item = {"id": doc["id"], "surface": text[span["start"]:span["end"]],
            "context": text[max(0, span["start"] - width):span["end"] + width].replace("\n", " ")}
    if pred is not None:
        place, fallback = pred.get("place"), pred.get("fallback")
        item["role"] = pred.get("role")
        item["place"] = place and {k: place.get(k) for k in ("id", "name_ar", "name_en", "lat", "lon")}
        if place is None and _has_coords(fallback):
            item["fallback"] = {k: fallback.get(k) for k in ("name", "basis", "lat", "lon", "uncertainty_km")}
    if _has_coords(span) and pred is not span:
        item["gold"] = [span["lat"], span["lon"]]
    return item


# --- gold files ---------------------------------------------------------------------------------

def _check_toponym(t, text, where):
    if not isinstance(t, dict):
        raise GoldFormatError(f"{where}: toponym is not an object")
    for key in ("start", "end", "surface"):
        if key not in t:
            raise GoldFormatError(f"{where}: toponym lacks {key!r}")
    start, end = t["start"], t["end"]
    if not (type(start) is int and type(end) is int and 0 <= start < end <= len(text)):
        raise GoldFormatError(f"{where}: bad offsets {start!r}..{end!r} for a text of {len(text)} characters")
    lat, lon = t.get("lat"), t.get("lon")
    if (lat is None) != (lon is None):
        raise GoldFormatError(f"{where}: lat and lon must both be set or both be null")
    if lat is not None:
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
            raise GoldFormatError(f"{where}: lat/lon must be numbers")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GoldFormatError(f"{where}: lat/lon out of range ({lat}, {lon})")


def load_gold(path):
    """Gold documents from a JSONL file; raises GoldFormatError naming the file and line of a bad record."""
    path = Path(path)
    docs, seen = [], set()
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})") from None
            if not isinstance(doc, dict):
                raise GoldFormatError(f"{where}: record is not a JSON object")
            if not isinstance(doc.get("text"), str):
                raise GoldFormatError(f"{where}: record lacks a string 'text'")
            if not isinstance(doc.get("toponyms"), list):
                raise GoldFormatError(f"{where}: record lacks a 'toponyms' list")
            doc.setdefault("id", f"{path.stem}:{lineno}")
            if doc["id"] in seen:
                raise GoldFormatError(f"{where}: duplicate id {doc['id']!r}")
            seen.add(doc["id"])
            for n, t in enumerate(doc["toponyms"]):
                _check_toponym(t, doc["text"], f"{where}: toponym {n}")
            docs.append(doc)
    return docs

"""Unit tests of the gold loader and the recognition/resolution scorer in mapper.evaluation."""
import json
import math

import pytest

from gazetteer.core.geometry import EARTH_RADIUS_KM, haversine_km
from mapper import evaluation as ev
from mapper import evaluation_report as report

KM_PER_DEG_LAT = EARTH_RADIUS_KM * math.pi / 180


def span(text, surface, nth=0, **extra):
    """A toponym dict for the nth occurrence of surface in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "surface": surface, **extra}


def place_north_of(lat, lon, km):
    """A predicted place `km` due north of (lat, lon)."""
    return {"id": 1, "name_ar": "x", "name_en": "x", "feature_type": "city",
            "lat": lat + km / KM_PER_DEG_LAT, "lon": lon, "geometry": None}


def stripped(text):
    start, end = ev.strip_span(text, 0, len(text))
    return text[start:end]


@pytest.mark.parametrize("raw, expected", [
    ("وإسرائيل", "إسرائيل"),
    ("بلبنان", "لبنان"),
    ("للرقة", "رقة"),
    ("#بيروت", "يروت"),  # over-stripped, but the same on both sides
    ("بدولة الكويت", "الكويت"),
    ("ودولة الكويت", "الكويت"),
    ("مدينة #البتراء", "البتراء"),
    ("منطقة_ضبعة", "ضبعة"),
    ("محافظة حلب", "حلب"),
    ("بحر", "بحر"),          # remainder would be 2 letters
    ("ولد", "ولد"),
    ("مدينة", "مدينة"),      # a trigger word alone is kept
    ("#", ""),
])
def test_strip_span(raw, expected):
    assert stripped(raw) == expected


def test_strip_span_respects_offsets():
    text = "قصف في #منطقة_ضبعة اليوم"
    start = text.index("#")
    s, e = ev.strip_span(text, start, start + len("#منطقة_ضبعة"))
    assert text[s:e] == "ضبعة"


TEXT = "غارات على بلبنان ثم #بيروت وفي مدينة حمص وحلب عن حزب الله"


def recognition_docs():
    gold = [{"id": "d1", "text": TEXT, "toponyms": [
        span(TEXT, "بلبنان"), span(TEXT, "#بيروت"), span(TEXT, "مدينة حمص"), span(TEXT, "حلب")]}]
    pred = [{"toponyms": [
        span(TEXT, "لبنان", role="literal"), span(TEXT, "بيروت", role="metonymic"),
        span(TEXT, "حمص", role="literal"), span(TEXT, "حلب", role="literal"),
        span(TEXT, "غارات", role="literal"), span(TEXT, "حزب الله", role="organization")]}]
    return gold, pred


def test_recognition_strict_vs_relaxed():
    gold, pred = recognition_docs()
    rec = ev.score_recognition(gold, pred)
    assert rec["strict"] == {"tp": 1, "fp": 4, "fn": 3, "precision": 0.2, "recall": 0.25,
                             "f1": pytest.approx(2 * 0.2 * 0.25 / 0.45)}
    assert (rec["relaxed"]["tp"], rec["relaxed"]["fp"], rec["relaxed"]["fn"]) == (4, 1, 0)
    assert rec["relaxed"]["precision"] == 0.8 and rec["relaxed"]["recall"] == 1.0
    assert rec["gold"] == 4 and rec["pred"] == 5 and rec["pred_offset_mismatches"] == 0


def test_recognition_roles_parameter():
    gold, pred = recognition_docs()
    rec = ev.score_recognition(gold, pred, roles=None)
    assert rec["relaxed"]["fp"] == 2 and rec["pred"] == 6
    rec = ev.score_recognition(gold, pred, roles=("literal",))
    assert (rec["relaxed"]["tp"], rec["relaxed"]["fn"]) == (3, 1)


def test_relaxed_matching_is_one_to_one_and_greedy():
    text = "قصف في الضفة الغربية أمس"
    gold = [{"id": "g", "text": text, "toponyms": [span(text, "الضفة الغربية")]}]
    pred = [{"toponyms": [span(text, "الضفة"), span(text, "الغربية")]}]
    assert ev.match_relaxed(text, gold[0]["toponyms"], pred[0]["toponyms"]) == [(0, 1)]
    rec = ev.score_recognition(gold, pred)
    assert (rec["relaxed"]["tp"], rec["relaxed"]["fp"], rec["relaxed"]["fn"]) == (1, 1, 0)


def test_overlap_only_in_stripped_prefix_is_not_a_match():
    text = "في #بيروت"
    gold = [span(text, "#بيروت")]
    assert ev.match_relaxed(text, gold, [span(text, "#")]) == []
    assert ev.match_relaxed(text, gold, [span(text, "في #")]) == []


def test_predictions_by_id_and_length_check():
    gold, pred = recognition_docs()
    assert ev.score_recognition(gold, {"d1": pred[0]})["relaxed"]["tp"] == 4
    assert ev.score_recognition(gold, {})["relaxed"]["fn"] == 4
    assert ev.score_recognition(gold, [pred[0]["toponyms"]])["relaxed"]["tp"] == 4
    with pytest.raises(ValueError, match="1 gold"):
        ev.score_recognition(gold, [])
    empty = ev.score_recognition([], [])
    assert empty["strict"]["f1"] == 0.0 and empty["docs"] == 0


def resolution_docs():
    text = "دمشق وحمص وحلب وادلب ودرعا والرقة"
    coords = {"دمشق": (33.51, 36.29), "وحمص": (34.73, 36.71), "وحلب": (36.20, 37.16),
              "وادلب": (35.93, 36.63), "ودرعا": (32.62, 36.10)}
    gold = [span(text, s, lat=lat, lon=lon) for s, (lat, lon) in coords.items()]
    gold.append(span(text, "والرقة", lat=None, lon=None))
    pred = [
        span(text, "دمشق", role="literal", place=place_north_of(33.51, 36.29, 3)),     # hit at 3 km
        span(text, "حمص", role="literal", place=place_north_of(34.73, 36.71, 20)),     # hit at 20 km
        span(text, "حلب", role="literal", place=place_north_of(36.20, 37.16, 300)),    # miss at 300 km
        span(text, "ادلب", role="literal", place=None),                                # unresolved
        span(text, "الرقة", role="literal", place=place_north_of(35.95, 39.01, 1)),    # gold has no coords
    ]  # درعا is not predicted
    return [{"id": "r1", "text": text, "toponyms": gold}], [{"toponyms": pred, "incidents": []}]


def test_place_helper_distance():
    p = place_north_of(33.5, 36.3, 3)
    assert haversine_km(33.5, 36.3, p["lat"], p["lon"]) == pytest.approx(3.0)


def test_resolution_accuracy_median_mean():
    gold, pred = resolution_docs()
    res = ev.score_resolution(gold, pred)
    assert (res["n"], res["n_matched"], res["n_resolved"]) == (5, 4, 3)
    assert res["acc_5km"] == pytest.approx(1 / 5)
    assert res["acc_25km"] == pytest.approx(2 / 5)
    assert res["acc_161km"] == pytest.approx(2 / 5)
    assert res["matched_acc_5km"] == pytest.approx(1 / 4)
    assert res["matched_acc_161km"] == pytest.approx(2 / 4)
    assert res["median_km"] == pytest.approx(20.0)
    assert res["mean_km"] == pytest.approx((3 + 20 + 300) / 3)


def test_resolution_without_coordinates():
    gold, pred = recognition_docs()
    res = ev.score_resolution(gold, pred)
    assert res["n"] == 0 and res["acc_5km"] is None and res["median_km"] is None


def test_score_reports_and_errors():
    gold, pred = resolution_docs()
    result = ev.score(gold, pred)
    assert set(result) == {"recognition", "resolution", "names"}
    json.dumps(result)
    md = report.format_markdown("syria", result)
    header = md.splitlines()[0]
    assert header.startswith("| set |") and "names F1" in header and len(md.splitlines()) == 3
    assert header.count("|") == md.splitlines()[1].count("|") == md.splitlines()[2].count("|")
    row = report.format_markdown("syria", result, header=False)
    assert row.startswith("| syria | 1 | 6 |") and "| 20.0 | 107.7 |" in row
    # names view: 6 distinct gold names, 5 predicted (درعا missed); دمشق and حمص within 25 km of 5 geo
    assert row.endswith("| 1.000 | 0.833 | 0.909 | 0.400 |")
    text = report.format_text("syria", result)
    assert "relaxed" in text and "per-document names" in text and "0 by a fallback location" in text
    errors = ev.collect_errors(gold, pred, k=2)
    assert [e["surface"] for e in errors["false_negatives"]] == ["ودرعا"]
    assert errors["false_positives"] == []
    assert [e["surface"] for e in errors["unresolved"]] == ["وادلب"]
    assert [e["error_km"] for e in errors["worst_resolution"]] == [300.0, 20.0]
    assert "300.0 km" in report.format_errors(errors)


def fallback(lat, lon):
    return {"lat": lat, "lon": lon, "uncertainty_km": 5.0, "name": "حلب", "basis": "container", "place_id": 7}


def test_fallback_location_is_scored_and_counted():
    text = "قصف مطار النيرب في حلب"
    gold = [{"id": "f", "text": text, "toponyms": [span(text, "مطار النيرب", lat=36.19, lon=37.22)]}]
    pred = [{"toponyms": [span(text, "مطار النيرب", role="literal", place=None, fallback=fallback(36.20, 37.16)),
                          span(text, "حلب", role="literal", place=place_north_of(36.20, 37.16, 0))]}]
    res = ev.score_resolution(gold, pred)
    assert (res["n"], res["n_matched"], res["n_resolved"], res["n_from_fallback"]) == (1, 1, 1, 1)
    assert res["acc_25km"] == 1.0 and res["acc_5km"] == 0.0
    assert ev.predicted_location(pred[0]["toponyms"][0]) == (36.20, 37.16, "fallback")
    assert ev.predicted_location(pred[0]["toponyms"][1])[2] == "place"
    assert ev.predicted_location({"place": None, "fallback": None}) is None
    errors = ev.collect_errors(gold, pred, k=3)
    assert errors["unresolved"] == [] and errors["worst_resolution"][0]["fallback"]["basis"] == "container"
    assert "fallback container: حلب" in report.format_errors(errors)
    pred[0]["toponyms"][0]["fallback"] = None
    res = ev.score_resolution(gold, pred)
    assert (res["n_resolved"], res["n_from_fallback"], res["acc_25km"]) == (0, 0, 0.0)


ALEPPO, HOMS = (36.20, 37.16), (34.73, 36.71)
NAMES_TEXT = "قصف على حلب. ثم غارة على حلب وقصف حمص وإدلب"


def test_names_view_collapses_find_first_annotation():
    # the gold marks each distinct name once (at its first occurrence); the parser tags a later one
    gold = [{"id": "n", "text": NAMES_TEXT, "toponyms": [
        span(NAMES_TEXT, "حلب", lat=ALEPPO[0], lon=ALEPPO[1]), span(NAMES_TEXT, "وقصف حمص"[5:], lat=HOMS[0], lon=HOMS[1])]}]
    pred = [{"toponyms": [
        span(NAMES_TEXT, "حلب", nth=1, role="literal", place=place_north_of(*ALEPPO, 3)),
        span(NAMES_TEXT, "حمص", role="literal", place=place_north_of(*HOMS, 300)),
        span(NAMES_TEXT, "وإدلب", role="literal", place=place_north_of(35.93, 36.63, 0))]}]
    rec = ev.score_recognition(gold, pred)["relaxed"]
    assert (rec["tp"], rec["fp"], rec["fn"]) == (1, 2, 1)
    names = ev.score_names(gold, pred)
    assert {k: names["recognition"][k] for k in ("tp", "fp", "fn", "gold", "pred")} == \
        {"tp": 2, "fp": 1, "fn": 0, "gold": 2, "pred": 3}
    res = names["resolution"]
    assert (res["n"], res["n_matched"], res["n_resolved"]) == (2, 2, 2)
    assert res["acc_25km"] == 0.5 and res["median_km"] == pytest.approx((3 + 300) / 2)


def test_names_resolution_is_judged_on_the_first_predicted_occurrence():
    gold = [{"id": "n", "text": NAMES_TEXT, "toponyms": [span(NAMES_TEXT, "حلب", lat=ALEPPO[0], lon=ALEPPO[1])]}]
    first_wrong = [{"toponyms": [
        span(NAMES_TEXT, "حلب", nth=1, role="literal", place=place_north_of(*ALEPPO, 2)),
        span(NAMES_TEXT, "حلب", nth=0, role="literal", place=place_north_of(*ALEPPO, 400))]}]
    res = ev.score_names(gold, first_wrong)["resolution"]
    assert res["acc_25km"] == 0.0 and res["median_km"] == pytest.approx(400)
    first_unresolved = [{"toponyms": [span(NAMES_TEXT, "حلب", role="literal", place=None),
                                      span(NAMES_TEXT, "حلب", nth=1, role="literal", place=place_north_of(*ALEPPO, 2))]}]
    res = ev.score_names(gold, first_unresolved)["resolution"]
    assert (res["n_matched"], res["n_resolved"], res["acc_25km"]) == (1, 0, 0.0)


def test_names_match_by_overlap_when_keys_differ():
    text = "قصف في الضفة الغربية وفي الضفة الغربية"
    gold = [span(text, "الضفة الغربية")]
    pred = [span(text, "الضفة", nth=1), span(text, "الغربية")]
    g_names, p_names, pairs = ev.match_names(text, gold, pred)
    assert list(g_names) == ["الضفه الغربيه"] and pairs == {"الضفه الغربيه": "الغربيه"}
    names = ev.score_names([{"id": "o", "text": text, "toponyms": gold}], [{"toponyms": pred}])
    assert (names["recognition"]["tp"], names["recognition"]["fp"]) == (1, 1)
    assert names["resolution"]["n"] == 0


def write(tmp_path, lines):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "a", "text": "في حلب", "toponyms": [
    {"start": 3, "end": 6, "surface": "حلب", "lat": 36.2, "lon": 37.16}]}, ensure_ascii=False)


def test_load_gold_reads_and_skips_blank_lines(tmp_path):
    no_id = json.dumps({"text": "لا شيء", "toponyms": []}, ensure_ascii=False)
    docs = ev.load_gold(write(tmp_path, [GOOD, "", no_id]))
    assert [d["id"] for d in docs] == ["a", "gold:3"]


@pytest.mark.parametrize("bad, message", [
    ("{not json", "invalid JSON"),
    ("[1, 2]", "not a JSON object"),
    ('{"id": "b", "toponyms": []}', "'text'"),
    ('{"id": "b", "text": "x"}', "'toponyms'"),
    ('{"id": "b", "text": "abc", "toponyms": [{"start": 0, "end": 9, "surface": "abc"}]}', "bad offsets"),
    ('{"id": "b", "text": "abc", "toponyms": [{"start": 0, "end": 2}]}', "lacks 'surface'"),
    ('{"id": "b", "text": "abc", "toponyms": [{"start": 0, "end": 2, "surface": "ab", "lat": 1}]}', "both"),
    ('{"id": "b", "text": "abc", "toponyms": [{"start": 0, "end": 2, "surface": "ab", "lat": 99, "lon": 1}]}',
     "out of range"),
    (GOOD, "duplicate id"),
])
def test_load_gold_errors_name_the_line(tmp_path, bad, message):
    path = write(tmp_path, [GOOD, bad])
    with pytest.raises(ev.GoldFormatError, match=message) as info:
        ev.load_gold(path)
    assert f"{path}:2:" in str(info.value)


def test_evaluation_module_is_django_free():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(ev))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.split(".")[0] == "django"]


@pytest.mark.shared
@pytest.mark.parametrize("name", ["idrisi_levant_dev.jsonl", "anercorp_levant_loc_dev.jsonl"])
def test_shared_gold_spans_match_surfaces(shared_dir, name):
    docs = ev.load_gold(shared_dir / "eval-dev" / name)
    spans = [(d["text"], t) for d in docs for t in d["toponyms"]]
    assert len(docs) > 100 and spans
    ok = sum(text[t["start"]:t["end"]] == t["surface"] for text, t in spans)
    assert ok / len(spans) >= 0.99

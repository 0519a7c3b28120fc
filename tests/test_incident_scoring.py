"""Incident scoring: same event type within 25 km, one-to-one, per-type aggregation and the evaluate command."""
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from shapely.geometry import LineString, Point

from gazetteer.core.geometry import metric_buffer, offset_point, to_geojson
from mapper import evaluation
from mapper.incident_scoring import (
    canonical_actor, collect_incident_errors, location_distance_km, match_incidents, score_incidents,
)

NEWS_GOLD = Path(__file__).resolve().parent.parent / "eval" / "news" / "gold.jsonl"
ORIGIN = Point(40.0, 35.0)  # lon, lat


def gold(event_type="Battles", sub="Armed clash", lat=35.0, lon=40.0, **extra):
    return dict({"event_type": event_type, "sub_event_type": sub, "lat": lat, "lon": lon, "date": "2021-05-01",
                 "actors": [], "fatalities": None, "historical": False, "location": "x", "evidence": "e"}, **extra)


def located(geom, name="here"):
    rep = geom if geom.geom_type == "Point" else geom.interpolate(0.5, normalized=True) \
        if geom.geom_type == "LineString" else geom.representative_point()
    return {"name": name, "lat": rep.y, "lon": rep.x, "geometry": to_geojson(geom, 6), "precision": 1,
            "uncertainty_km": 0, "place_id": None}


def pred(event_type="Battles", sub="Armed clash", location=None, **extra):
    return dict({"event_type": event_type, "sub_event_type": sub, "location": location, "date": "2021-05-01",
                 "actors": [], "fatalities": None, "historical": False, "evidence": {"start": 0, "end": 4}}, **extra)


def at_km(km, bearing=0):
    return located(offset_point(ORIGIN, bearing, km))


def doc(incidents, text="نص الخبر"):
    return {"id": "d", "text": text, "toponyms": [], "incidents": incidents}


def test_same_type_within_25_km_hits_and_26_km_does_not():
    assert location_distance_km(35.0, 40.0, at_km(24)) == pytest.approx(24, abs=0.1)
    assert match_incidents([gold()], [pred(location=at_km(24))]) != []
    assert match_incidents([gold()], [pred(location=at_km(26))]) == []


def test_a_different_event_type_never_hits_even_on_the_spot():
    assert match_incidents([gold()], [pred("Explosions/Remote violence", "Shelling/artillery/missile attack",
                                           location=at_km(0))]) == []


def test_a_prediction_without_location_never_hits():
    assert match_incidents([gold()], [pred(location=None)]) == []
    result = score_incidents([doc([gold()])], [{"incidents": [pred(location=None)]}])
    assert result["overall"]["tp"] == 0 and result["pred_without_location"] == 1


def test_a_line_is_measured_to_its_geometry_not_its_point():
    a, b = offset_point(ORIGIN, 90, 10), offset_point(ORIGIN, 0, 200)  # 10 km east, then far north
    line = LineString([(a.x, a.y), (b.x, b.y)])
    location = located(line)
    assert location_distance_km(35.0, 40.0, {**location, "geometry": None}) > 90  # its point is ~100 km away
    assert location_distance_km(35.0, 40.0, location) == pytest.approx(10, abs=0.2)
    assert match_incidents([gold()], [pred(location=location)]) != []


def test_a_polygon_that_covers_the_gold_point_is_at_zero_km():
    zone = metric_buffer(offset_point(ORIGIN, 180, 40), 60)
    assert location_distance_km(35.0, 40.0, located(zone)) == 0.0


def test_matching_is_one_to_one_and_maximises_hits():
    # gold 0 can only hit the near prediction; gold 1 is nearer to it too but can also hit the far one
    golds = [gold(lat=offset_point(ORIGIN, 180, 20).y), gold()]
    preds = [pred(location=at_km(2)), pred(location=at_km(20, 90))]
    hits = match_incidents(golds, preds)
    assert sorted((g, p) for g, p, _ in hits) == [(0, 0), (1, 1)]
    two_golds_one_pred = match_incidents([gold(), gold()], [pred(location=at_km(1))])
    assert len(two_golds_one_pred) == 1


def test_two_events_of_one_type_at_one_place_pair_with_their_own_sub_type_and_date():
    golds = [gold(sub="Armed clash", date="2021-05-01"),
             gold(sub="Government regains territory", date="2021-04-30")]
    preds = [pred(sub="Government regains territory", date="2021-04-30", location=at_km(1)),
             pred(sub="Armed clash", date="2021-05-01", location=at_km(3))]
    assert [(g, p) for g, p, _ in match_incidents(golds, preds)] == [(0, 1), (1, 0)]
    r = score_incidents([doc(golds)], [{"incidents": preds}])
    assert r["hits"]["sub_event_type"]["rate"] == 1.0 and r["hits"]["date_exact"]["rate"] == 1.0


def test_a_historical_gold_incident_is_scored_and_its_flag_compared():
    r = score_incidents([doc([gold(historical=True, date="2017-05-10")])],
                        [{"incidents": [pred(location=at_km(0), date="2017-05-10")]}])
    assert r["overall"]["f1"] == 1.0 and r["gold_historical"] == 1
    assert r["hits"]["historical_flag"] == {"agree": 0, "n": 1, "rate": 0.0}


def test_errors_give_the_reason_and_the_predicted_evidence():
    text = "قصف على البلدة. ومظاهرة في المدينة."
    false_pred = pred("Protests", "Peaceful protest", location=None,
                      evidence={"start": text.index("ومظاهرة"), "end": len(text)})
    errors = collect_incident_errors([doc([gold()], text=text)],
                                     [{"incidents": [pred(location=at_km(30)), false_pred]}])
    assert re.fullmatch(r"nearest same-type prediction 30\.\d km", errors["missed_gold"][0]["reason"])
    reasons = {e["event_type"]: (e["reason"], e["evidence"]) for e in errors["false_predictions"]}
    assert reasons["Protests"] == ("no location", "ومظاهرة في المدينة.")
    assert re.fullmatch(r"nearest same-type gold 30\.\d km", reasons["Battles"][0])


def test_per_type_aggregation_and_agreements():
    golds = [gold(), gold("Protests", "Peaceful protest"),
             gold("Explosions/Remote violence", "Air/drone strike", historical=True, date="2017-05-10",
                  fatalities=3, actors=[{"name": "الطيران الروسي", "role": "attacker"},
                                        {"name": "مدنيون", "role": "target"}])]
    preds = [pred(location=at_km(3)),
             pred("Explosions/Remote violence", "Shelling/artillery/missile attack", location=at_km(5),
                  historical=True, date="2017-05-10", fatalities=3,
                  actors=[{"name": "Military Forces of Russia", "role": "attacker"},
                          {"name": "Civilians", "role": "target"}]),
             pred("Protests", "Peaceful protest", location=at_km(80))]
    r = score_incidents([doc(golds)], [{"incidents": preds}])
    assert (r["overall"]["tp"], r["overall"]["fp"], r["overall"]["fn"]) == (2, 1, 1)
    assert r["by_event_type"]["Battles"]["f1"] == 1.0
    protests = r["by_event_type"]["Protests"]
    assert (protests["tp"], protests["gold"], protests["pred"], protests["f1"]) == (0, 1, 1, 0.0)
    assert r["by_sub_event_type"]["Air/drone strike"] == {"gold": 1, "pred": 0, "hits": 1, "same_sub_type": 0}
    hits = r["hits"]
    assert hits["sub_event_type"]["agree"] == 1 and hits["date_exact"]["rate"] == 1.0
    assert hits["historical_flag"]["rate"] == 1.0 and hits["historical_gold_hit"] == 1 and r["gold_historical"] == 1
    assert hits["actors_exact"]["agree"] == 2  # the clash has no actors on either side
    assert hits["actors"]["tp"] == 2 and hits["fatalities_when_gold_known"]["rate"] == 1.0
    errors = collect_incident_errors([doc(golds)], [{"incidents": preds}])
    assert [e["event_type"] for e in errors["missed_gold"]] == ["Protests"]
    assert re.search(r"gold 80\.\d km", errors["false_predictions"][0]["reason"])


def test_gold_actor_names_map_to_the_parser_dictionary():
    assert canonical_actor("داعش") == "Islamic State (ISIS)"
    assert canonical_actor("الجيش العراقي") == "الجيش العراقي"  # only a part is known: kept as written


def test_a_perfect_prediction_of_the_news_set_scores_one():
    docs = evaluation.load_gold(NEWS_GOLD)
    preds = [{"incidents": [
        pred(g["event_type"], g["sub_event_type"], location=located(Point(g["lon"], g["lat"])), date=g["date"],
             historical=g["historical"], fatalities=g["fatalities"],
             actors=[{"name": canonical_actor(a["name"]), "role": a["role"]} for a in g["actors"]])
        for g in d["incidents"]]} for d in docs]
    r = score_incidents(docs, preds)
    assert r["gold"] >= 30 and r["overall"]["f1"] == 1.0
    assert all(s["f1"] == 1.0 for s in r["by_event_type"].values())
    assert all(r["hits"][k]["rate"] == 1.0 for k in ("sub_event_type", "date_exact", "actors_exact", "fatalities",
                                                        "historical_flag"))


# --- the command ------------------------------------------------------------------------------------

TEXT = ("اشتباكات في دير الزور\n\nاندلعت اشتباكات عنيفة أمس بين الجيش السوري وخلايا تنظيم داعش "
        "قرب مدينة الميادين بريف ديرالزور الشرقي، ما أدى إلى مقتل ثلاثة عناصر.\n")
MAYADIN = (35.01982, 40.45154)


@pytest.fixture
def gazetteer_db(db):
    call_command("load_gazetteer", "--commit", "--source", "curated", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def gold_file(tmp_path):
    start = TEXT.index("الميادين")
    record = {"id": "t1", "text": TEXT, "published": "2021-05-02", "outlet": "شبكة اختبار",
              "toponyms": [{"start": start, "end": start + 8, "surface": "الميادين", "lat": MAYADIN[0],
                            "lon": MAYADIN[1], "role": "literal"}],
              "incidents": [gold(lat=MAYADIN[0], lon=MAYADIN[1], date="2021-05-01", fatalities=3,
                                 actors=[{"name": "داعش", "role": "attacker"}]),
                            gold("Protests", "Peaceful protest", lat=35.95, lon=39.01)]}
    path = tmp_path / "small.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def run(*args):
    out = io.StringIO()
    call_command("evaluate", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_evaluate_reports_incidents_in_text_json_and_markdown(gazetteer_db, gold_file):
    text = run("--gold", str(gold_file), "--errors", "5")
    assert "incidents: 2 gold" in text and "overall  P 1.000  R 0.500" in text
    assert "Battles" in text and "missed gold (1)" in text and "Peaceful protest" in text
    assert "| small | **all** | 2 |" in text
    assert "recognition strict" in text  # the toponym block is still there
    report = json.loads(run("--gold", str(gold_file), "--json"))
    inc = report["small"]["incidents"]
    assert inc["overall"]["tp"] == 1 and inc["by_event_type"]["Battles"]["precision"] == 1.0
    assert inc["hits"]["date_exact"]["rate"] == 1.0  # the record's published date anchors «أمس»
    assert "incident_errors" not in report["small"]


def test_evaluate_without_incidents_keeps_the_toponym_report(gazetteer_db, tmp_path):
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps({"id": "p", "text": TEXT, "toponyms": []}, ensure_ascii=False) + "\n", encoding="utf-8")
    report = json.loads(run("--gold", str(path), "--json"))
    assert set(report["plain"]) == {"scores"}


def test_evaluate_rejects_a_gold_incident_without_coordinates(gazetteer_db, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "b", "text": TEXT, "toponyms": [],
                                "incidents": [{"event_type": "Battles", "sub_event_type": "Armed clash"}]}) + "\n",
                    encoding="utf-8")
    with pytest.raises(CommandError, match="incident 0 lacks 'lat'"):
        run("--gold", str(path))


def test_evaluate_needs_gold_or_seed(db):
    with pytest.raises(CommandError, match="--gold"):
        run()

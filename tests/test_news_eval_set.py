"""The news evaluation set (eval/news): reproducible from its sources, well-formed, varied, apart from the samples."""
import datetime
import importlib.util
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from mapper import evaluation

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "eval" / "news"
GOLD = NEWS / "gold.jsonl"
SAMPLES = ROOT / "mapper" / "samples"
# The kinds of event the set must cover, at least twice each (README.md lists them).
REQUIRED_CATEGORIES = ("clash", "attack", "airstrike", "shelling", "ied", "suicide", "abduction", "arrests",
                       "gov_regains", "nonstate_takes", "base", "troop_movement", "exercise", "protest")
SHINGLE = 8  # words: a shared run this long would be copied text, not a common phrase


def _load_builder():
    spec = importlib.util.spec_from_file_location("news_build", NEWS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_builder()


@pytest.fixture(scope="module")
def docs():
    return evaluation.load_gold(GOLD)


def test_the_builder_reproduces_the_committed_gold_file():
    assert build.dumps(build.build()) == GOLD.read_text(encoding="utf-8")


def test_spans_round_trip_and_the_scorer_loads_the_file(docs):
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids))
    for doc in docs:
        for t in doc["toponyms"]:
            assert doc["text"][t["start"]:t["end"]] == t["surface"], (doc["id"], t)
            assert t["role"] in ("literal", "metonymic", "organization")
            assert (t["lat"] is None) == (t["role"] == "organization"), (doc["id"], t)
        spans = sorted((t["start"], t["end"]) for t in doc["toponyms"])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), f"overlapping spans in {doc['id']}"


def test_the_set_has_thirty_news_articles_of_the_right_size_and_period(docs):
    assert len(docs) >= 30
    assert sum(1 for d in docs if d["toponyms"]) >= 15
    for doc in docs:
        assert 80 <= len(doc["text"].split()) <= 300, doc["id"]
        published = datetime.date.fromisoformat(doc["published"])
        assert datetime.date(2016, 1, 1) <= published <= datetime.date(2024, 12, 31)
        assert doc["outlet"]
    roles = Counter(t["role"] for d in docs for t in d["toponyms"])
    assert roles["metonymic"] >= 10 and roles["organization"] >= 10


def test_every_kind_of_event_appears_at_least_twice(docs):
    kinds = Counter(i["category"] for d in docs for i in d["incidents"])
    assert {k: kinds[k] for k in REQUIRED_CATEGORIES if kinds[k] < 2} == {}
    assert sum(1 for d in docs if not d["incidents"]) >= 3, "articles with no incident at all"
    assert any(i["historical"] for d in docs for i in d["incidents"])


def test_incidents_follow_the_schema_and_the_acled_names_of_the_samples(docs):
    expected = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
    sample_pairs = {(i["event_type"], i["sub_event_type"]) for f in expected for i in f["incidents"]}
    for doc in docs:
        published = datetime.date.fromisoformat(doc["published"])
        for inc in doc["incidents"]:
            assert set(inc) == set(build.INCIDENT_KEYS), doc["id"]
            assert (inc["event_type"], inc["sub_event_type"]) in sample_pairs
            age = published - datetime.date.fromisoformat(inc["date"])
            assert age.days >= 0
            assert inc["historical"] == (age.days > 30), f"{doc['id']}: background events are historical"
            assert inc["evidence"] in doc["text"] and inc["location"]
            assert inc["fatalities"] is None or inc["fatalities"] >= 0
            assert {a["role"] for a in inc["actors"]} <= {"attacker", "target", "actor"}


def _shingles(text):
    words = re.findall(r"\w+", text)
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def test_no_article_shares_text_with_the_tuning_samples(docs):
    sample_shingles = set()
    for path in SAMPLES.glob("*.txt"):
        sample_shingles |= _shingles(path.read_text(encoding="utf-8").partition("\n---\n")[2])
    assert sample_shingles
    for doc in docs:
        shared = _shingles(doc["text"]) & sample_shingles
        assert not shared, (doc["id"], " ".join(next(iter(shared))))


def test_the_builder_rejects_broken_annotations(tmp_path):
    article = ("published: 2020-01-02\noutlet: test\nurl: https://example.org/x\n---\n"
               "عنوان\n\nقصفت المدفعية بلدة [[تدمر|34.5624,38.28402|city]] أمس.\n")
    (tmp_path / "01-a.txt").write_text(article, encoding="utf-8")
    incident = {"category": "shelling", "event_type": "Explosions/Remote violence",
                "sub_event_type": "Shelling/artillery/missile attack", "date": "2020-01-01", "place": "تدمر",
                "location": "تدمر", "actors": [{"name": "x", "role": "attacker"}], "fatalities": 0,
                "evidence": "قصفت المدفعية"}
    sidecar = tmp_path / "01-a.json"
    sidecar.write_text(json.dumps({"incidents": [incident]}), encoding="utf-8")
    record = build.build(tmp_path)[0]
    assert record["incidents"][0]["lat"] == 34.5624
    assert record["incidents"][0]["evidence"] == "قصفت المدفعية بلدة تدمر أمس."
    for change in ({"date": "2020-01-03"}, {"evidence": "غارة"}, {"category": "airstrike"}, {"place": "حلب"},
                   {"actors": [{"name": "x", "role": "victim"}]}):
        sidecar.write_text(json.dumps({"incidents": [dict(incident, **change)]}), encoding="utf-8")
        with pytest.raises(build.AnnotationError):
            build.build(tmp_path)
    sidecar.write_text(json.dumps({"incidents": []}), encoding="utf-8")
    (tmp_path / "01-a.txt").write_text(article.replace("|city]]", "|planet]]"), encoding="utf-8")
    with pytest.raises(build.AnnotationError, match="type"):
        build.build(tmp_path)
    (tmp_path / "01-a.txt").write_text(article.replace("|city]]", "]]"), encoding="utf-8")
    with pytest.raises(build.AnnotationError, match="malformed markup"):
        build.build(tmp_path)


def test_the_scorer_counts_only_location_mentions_of_the_gold(docs):
    perfect = [{"toponyms": [dict(t, place={"lat": t["lat"], "lon": t["lon"]})
                             for t in d["toponyms"] if t["role"] != "organization"]} for d in docs]
    scores = evaluation.score(docs, perfect)
    assert scores["recognition"]["strict"]["f1"] == 1.0
    assert scores["resolution"]["acc_5km"] == 1.0


@pytest.mark.django_db
def test_evaluate_runs_on_the_news_set():
    call_command("load_gazetteer", "--commit", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("evaluate", "--gold", str(GOLD), stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "30 documents" in text and "recognition strict" in text and "recognition relaxed" in text
    assert "resolution" in text and "acc@5km" in text
    out = io.StringIO()
    call_command("evaluate", "--gold", str(GOLD), "--json", stdout=out, stderr=io.StringIO())
    scores = json.loads(out.getvalue())["gold"]["scores"]
    assert scores["recognition"]["docs"] == 30
    assert scores["recognition"]["relaxed"]["recall"] > 0.5  # a floor against a broken pipeline, not a target

"""The geoparse benchmark's corpus is deterministic and varied, and its stage clock accounts for all the time."""
import datetime as dt
from pathlib import Path

from bench.article_variants import LEVANTINE_MONTHS, STANDARD_MONTHS, make_corpus, vary_dates, vary_numbers
from bench.stage_clock import StageClock
from mapper.articles import read_article_file
from mapper.extraction import pipeline

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "mapper" / "samples").glob("*.txt"))


def sources():
    articles = [read_article_file(p) for p in SAMPLES]
    return [(a.text, a.published or dt.date(2024, 1, 1)) for a in articles]


def test_the_corpus_is_deterministic_and_varied(curated_index):
    first = make_corpus(sources(), curated_index, 60, seed=7)
    again = make_corpus(sources(), curated_index, 60, seed=7)
    other = make_corpus(sources(), curated_index, 60, seed=8)
    assert first == again
    assert first != other
    texts = [text for text, _ in first]
    originals = {text for text, _ in sources()}
    assert len(set(texts)) == 60 and not originals & set(texts)
    assert any(len(t) > 2 * max(map(len, originals)) for t in texts)  # pairs and digests are in the mix
    assert all("---" not in t.split("\n", 1)[0] for t in texts)  # front matter stripped


def test_numbers_and_dates_vary_but_keep_their_script():
    import random

    text = "قتل ٧ عناصر في ٢٧ كانون الثاني/يناير 2020 يوم الاثنين"
    varied = vary_dates(vary_numbers(text, random.Random(1)), random.Random(2))
    assert varied != text
    assert any("٠" <= ch <= "٩" for ch in varied) and any(ch.isascii() and ch.isdigit() for ch in varied)
    for seed in range(12):  # the Levantine and the standard month name stay the same month
        shifted = vary_dates(text, random.Random(seed))
        levantine = next(i for i, m in enumerate(LEVANTINE_MONTHS) if f"{m}/" in shifted)
        assert f"/{STANDARD_MONTHS[levantine]} " in shifted


def test_the_stage_clock_accounts_for_the_whole_call_and_restores_the_pipeline(curated_index):
    text, published = sources()[0]
    original = pipeline.geoparse
    clock = StageClock().install()
    try:
        result = pipeline.geoparse(text, curated_index, published=published)
    finally:
        clock.uninstall()
    assert pipeline.geoparse is original
    assert result["toponyms"]
    stages = {row[0] for row in clock.table()}
    assert {"normalise", "triggers", "places: spotting (automaton)", "pipeline glue and output"} <= stages
    assert abs(sum(row[2] for row in clock.table()) - 1.0) < 1e-9
    assert clock.calls["pipeline glue and output"] >= 1

"""Word-start searches give exactly what their regexes give; substring sets; the patterns they hold."""
import random
import re
from pathlib import Path

import pytest

from gazetteer.core.normalize import normalize
from mapper.articles import read_article_file
from mapper.extraction import attribution, numbers  # noqa: F401 - they register their patterns
from mapper.extraction.word_search import WORD_STARTS, WordStartPatterns, contains_any, word_pattern

SAMPLES = Path(__file__).resolve().parent.parent / "mapper" / "samples"


def shown(m):
    return None if m is None else (m.span(), m.groups())


def sample_texts():
    return [normalize(read_article_file(path).text).text for path in sorted(SAMPLES.glob("*.txt"))]


def synthetic_texts(count, seed):
    """Texts of the patterns' own words (and pieces of them), with proclitics, digits and every kind of
    whitespace, so the searches meet matches, near misses, cut words and texts that are not single-spaced."""
    vocabulary = sorted({w for rx, _ in WORD_STARTS.patterns for w in re.findall(r"[\u0621-\u064a]+", rx.pattern)})
    vocabulary += ["12", "5", "قتلي", "جرحي", "عناصر", "من", "في", "الهجوم", "اليوم"]
    rng = random.Random(seed)
    spaces = [" "] * 12 + ["  ", "\n", "\t", " \n "]
    texts = []
    for _ in range(count):
        words = [rng.choice(["", "", "", "و", "ف", "ب", "ل", "ال", "وال"]) + rng.choice(vocabulary)
                 for _ in range(rng.randint(1, 14))]
        texts.append("".join(w + rng.choice(spaces) for w in words).strip(rng.choice(["", " "])))
    return texts


def spans(text, rng, count):
    """Random [start, end) pairs, many of them cutting words."""
    n = len(text)
    return [tuple(sorted((rng.randint(0, n), rng.randint(0, n)))) for _ in range(count)] + [(0, n)]


@pytest.mark.parametrize("texts", [sample_texts(), synthetic_texts(400, 7)], ids=["samples", "synthetic"])
def test_every_search_equals_its_regex(texts):
    rng = random.Random(3)
    for text in texts:
        for start, end in spans(text, rng, 25):
            for k, (rx, _) in enumerate(WORD_STARTS.patterns):
                assert shown(WORD_STARTS.search(k, text, start, end)) == shown(rx.search(text, start, end))
                assert [shown(m) for m in WORD_STARTS.finditer_slice(k, text, start, end)] == \
                    [shown(m) for m in rx.finditer(text[start:end])]


def test_the_registered_patterns_find_matches_in_the_samples():
    found = {k for text in sample_texts() for k in range(len(WORD_STARTS.patterns))
             if WORD_STARTS.search(k, text, 0, len(text))}
    assert {attribution.SOURCE, attribution.HEDGE, attribution.ALLEGED} <= found


def test_word_pattern_builds_a_word_anchored_regex_and_its_head():
    rx, head = word_pattern("[وف]?", ["قد يكون", r"رجح\S*", "ربما"])
    assert rx.pattern == r"(?<!\S)[وف]?(?:قد يكون|رجح\S*|ربما)(?!\S)"
    assert head.pattern == r"[وف]?(?:قد|رجح\S*|ربما)"
    rx, _ = word_pattern("", ["سانا"], capture=True)
    assert rx.search("قالت سانا").group(1) == "سانا"


def test_a_new_pattern_resets_what_was_found_for_a_text():
    patterns = WordStartPatterns()
    text = "قالت مصادر ربما"
    first = patterns.add(*word_pattern("", ["مصادر"]))
    assert patterns.search(first, text, 0, len(text)).span() == (5, 10)
    second = patterns.add(*word_pattern("", ["ربما"]))
    assert patterns.search(second, text, 0, len(text)).span() == (11, 15)
    assert patterns.search(second, text, 0, 14) is None  # the word cut at the end is not ربما


def test_contains_any():
    assert contains_any("مقتل ثلاثة", ("جرح", "قتل"))
    assert not contains_any("اشتباكات عنيفة", ("جرح", "قتل"))
    assert not contains_any("", ("قتل",))

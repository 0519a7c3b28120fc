"""The phrase matcher: the second-word test skips only regexes that could not match, and word memo lookups."""
import random
import re
from pathlib import Path

import pytest

from gazetteer.core.lexicon import memo_map
from gazetteer.core.normalize import normalize
from mapper.articles import read_article_file
from mapper.extraction.actors import DEFAULT_LEXICON
from mapper.extraction.events import TRIGGERS
from mapper.extraction.patterns import PhraseMatcher, second_word_test

SAMPLES = Path(__file__).resolve().parent.parent / "mapper" / "samples"
MATCHERS = {"triggers": TRIGGERS, "actors": DEFAULT_LEXICON.matcher}


def without_second_word_tests(matcher):
    """A copy of `matcher` that tries every candidate's regex."""
    plain = PhraseMatcher([])
    plain.exact = {k: [(o, label, rx, None) for o, label, rx, _ in v] for k, v in matcher.exact.items()}
    plain.open = {k: [(o, label, rx, None) for o, label, rx, _ in v] for k, v in matcher.open.items()}
    plain.open_lengths = matcher.open_lengths
    return plain


def shown(found):
    return [(label, m.span(), m.groups()) for label, m in found]


def texts(matcher, seed):
    """The sample articles, and texts of the matcher's own words with proclitics and all kinds of spacing."""
    out = [normalize(read_article_file(path).text).text for path in sorted(SAMPLES.glob("*.txt"))]
    vocabulary = sorted({w for table in (matcher.exact, matcher.open) for v in table.values()
                         for _, _, rx, _ in v for w in re.findall(r"[\u0621-\u064a]+", rx.pattern)})
    rng = random.Random(seed)
    for _ in range(300):
        words = [rng.choice(["", "", "و", "ب", "ل", "ال", "لل"]) + rng.choice(vocabulary) + rng.choice(["", "", "ه", "ات"])
                 for _ in range(rng.randint(2, 12))]
        out.append("".join(w + rng.choice([" "] * 8 + ["  ", "\n"]) for w in words).strip())
    return out


@pytest.mark.parametrize("name", sorted(MATCHERS))
def test_the_second_word_test_changes_no_match(name):
    matcher = MATCHERS[name]
    plain = without_second_word_tests(matcher)
    rng = random.Random(4)
    for text in texts(matcher, 11):
        n = len(text)
        for start, end in [(0, n)] + [tuple(sorted((rng.randint(0, n), rng.randint(0, n)))) for _ in range(6)]:
            assert shown(matcher.find_all(text, start, end)) == shown(plain.find_all(text, start, end))


def test_second_word_test():
    assert second_word_test("قصف") is None
    assert second_word_test("أسقط~ * طائرة") is None  # a gap: any words may follow
    closed = second_word_test("قوات النظام")
    assert closed("النظام") and not closed("النظامية") and not closed("نظام")
    either = second_word_test("عبوة ناسفة")
    assert either("ناسفه") and either("الناسفه") and not either("ناسفات")
    suffixed = second_word_test("تفجير عبوة~")
    assert suffixed("عبوه") and suffixed("العبوه") and not suffixed("قنبله")


def test_memo_map_computes_each_new_word_once():
    memo, computed = {}, []

    def compute(word):
        computed.append(word)
        return len(word)

    assert memo_map(memo, ["ab", "c", "ab"], compute, 10) == [2, 1, 2]
    assert memo_map(memo, ["c", "def"], compute, 10) == [1, 3]
    assert computed == ["ab", "c", "def"]
    assert memo_map(memo, ["gh"], compute, 3) == [2] and memo == {"gh": 2}  # full: emptied first

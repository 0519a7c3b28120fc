"""The lexicon's word table: tokenising any text, and the words before and after a position."""
import random
import re

import pytest

from gazetteer.core.lexicon import (tokenize, tokens_after, tokens_before, word_before, word_ends_between,
                                    word_starts_between, words_after, words_before)


def regex_tokens(text):
    found = list(re.finditer(r"\S+", text))
    return [m.start() for m in found], [m.end() for m in found], [m.group() for m in found]


def random_texts(count, seed):
    rng = random.Random(seed)
    pieces = ["قصف", "ريف", "دير الزور", "a", "12", " ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u2028", "\u200f"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(count)]


@pytest.mark.parametrize("text", ["", " ", "قصف", "قصف ريف", " قصف", "قصف ", "قصف  ريف", "قصف\nريف", "قصف\u00a0ريف"])
def test_tokenize_finds_the_words_of_any_text(text):
    assert tokenize(text) == regex_tokens(text)


def test_tokenize_equals_the_regex_on_random_texts():
    for text in random_texts(3000, 5):
        assert tokenize(text) == regex_tokens(text)


def test_word_before_and_words_before_and_after_are_the_tokens_words():
    rng = random.Random(9)
    for text in random_texts(400, 6) + ["قصف مدفعي على ريف دير الزور الشرقي"]:
        for _ in range(10):
            pos = rng.randint(0, len(text))
            assert word_before(text, pos) == ([t for t, _, _ in tokens_before(text, pos, 1)] or [""])[0]
            for count in range(0, 5):
                assert words_before(text, pos, count) == [t for t, _, _ in tokens_before(text, pos, count)]
                assert words_after(text, pos, count) == [t for t, _, _ in tokens_after(text, pos, count)]


def test_words_cut_by_the_position_are_cut():
    text = "قصف مدفعي على ريف"
    assert words_before(text, 6, 2) == ["قصف", "مد"]
    assert words_after(text, 6, 2) == ["فعي", "على"]
    assert word_starts_between(text, 6, len(text)) == [6, 10, 14]
    assert word_ends_between(text, 0, 6) == [3, 6]

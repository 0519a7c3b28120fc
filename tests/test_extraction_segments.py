"""Sentences and clauses: the fast splitting gives the spans of the plain regexes it replaced."""
import random
import re

from mapper.extraction.segments import SENTENCE_END, Span, clause_bounds, clauses, sentences

PLAIN_SENTENCE_END = re.compile(r"[.!؟?]+(?=\s|$)|\n+|•")
PLAIN_CLAUSE_BREAK = re.compile(r"[،,؛;:]|\s-\s|\s–\s")


def plain_split(text, start, end, pattern):
    pieces, pos = [], start
    for m in pattern.finditer(text, start, end):
        if text[pos:m.start()].strip():
            pieces.append((pos, m.start()))
        pos = m.end()
    if text[pos:end].strip():
        pieces.append((pos, end))
    out = []
    for s, e in pieces:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


def plain_sentences(text):
    out, paragraph, pos = [], 0, 0
    for block in re.split(r"(\n\s*\n)", text):
        if block.strip() and not re.fullmatch(r"\n\s*\n", block):
            out += [Span(s, e, paragraph) for s, e in plain_split(text, pos, pos + len(block), PLAIN_SENTENCE_END)]
            paragraph += 1
        pos += len(block)
    return out


def random_texts(count, seed):
    rng = random.Random(seed)
    pieces = ["قصف", "ريف", "x", "5.5", " ", " ", "  ", ".", "...", "!", "؟", "?", "\n", "\n\n", " \n \n", "•",
              "،", ",", "؛", ";", ":", " - ", " – ", "-", "–", "\t"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(count)]


def test_sentences_and_clauses_equal_the_plain_regexes():
    for text in random_texts(3000, 8):
        assert [m.span() for m in SENTENCE_END.finditer(text)] == [m.span() for m in PLAIN_SENTENCE_END.finditer(text)]
        found = sentences(text)
        assert found == plain_sentences(text)
        for sentence in found:
            expected = plain_split(text, sentence.start, sentence.end, PLAIN_CLAUSE_BREAK)
            assert clause_bounds(text, sentence) == expected
            assert clauses(text, sentence) == [Span(s, e, sentence.paragraph) for s, e in expected]


def test_a_sentence_splits_at_end_punctuation_and_its_clauses_at_commas_and_spaced_dashes():
    text = "قصف على ريف حلب، وقتل 3. اشتباكات - عنيفة\n\nفقرة ثانية"
    found = sentences(text)
    assert [text[s.start:s.end] for s in found] == ["قصف على ريف حلب، وقتل 3", "اشتباكات - عنيفة", "فقرة ثانية"]
    assert [s.paragraph for s in found] == [0, 0, 1]
    assert [text[s:e] for s, e in clause_bounds(text, found[0])] == ["قصف على ريف حلب", "وقتل 3"]
    assert [text[s:e] for s, e in clause_bounds(text, found[1])] == ["اشتباكات", "عنيفة"]

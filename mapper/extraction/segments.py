"""Paragraphs, sentences and clauses of a text as spans of the original string."""
import re
from dataclasses import dataclass

SENTENCE_END = re.compile(r"[.!؟?]+(?=\s|$)|\n+|•")
CLAUSE_BREAK = re.compile(r"[،,؛;:]|\s-\s|\s–\s")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    paragraph: int = 0


def _split(text, start, end, pattern):
    pieces, pos = [], start
    for m in pattern.finditer(text, start, end):
        if text[pos:m.start()].strip():
            pieces.append((pos, m.start()))
        pos = m.end()
    if text[pos:end].strip():
        pieces.append((pos, end))
    return [_trim(text, s, e) for s, e in pieces]


def _trim(text, s, e):
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def sentences(text):
    """Sentence spans (with their paragraph number), split on end punctuation and line breaks."""
    out = []
    paragraph = 0
    pos = 0
    for block in re.split(r"(\n\s*\n)", text):
        if block.strip() and not re.fullmatch(r"\n\s*\n", block):
            for s, e in _split(text, pos, pos + len(block), SENTENCE_END):
                out.append(Span(s, e, paragraph))
            paragraph += 1
        pos += len(block)
    return out


def clauses(text, sentence):
    """Clause spans inside a sentence, split on commas, semicolons and colons."""
    return [Span(s, e, sentence.paragraph) for s, e in _split(text, sentence.start, sentence.end, CLAUSE_BREAK)]

"""Paragraphs, sentences and clauses of a text as spans of the original string."""
import re
from dataclasses import dataclass

# [.!؟?]+(?=\s|$)|\n+|• written to begin with one character class, so the regex engine skips ahead to
# the next candidate character instead of trying the whole pattern at every position.
SENTENCE_END = re.compile(r"[.!؟?\n•](?:(?<=[.!؟?])[.!؟?]*(?=\s|$)|(?<=\n)\n*|(?<=•))")
PARAGRAPH_BREAK = re.compile(r"(\n\s*\n)")
CLAUSE_BREAK = re.compile(r"[،,؛;:]|\s-\s|\s–\s")
CLAUSE_PUNCTUATION = re.compile(r"[،,؛;:]")  # CLAUSE_BREAK where there is no dash
DASHES = ("-", "–")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    paragraph: int = 0


def _split(text, start, end, pattern):
    """(start, end) of the non-blank pieces of text[start:end] between `pattern`'s matches, without the
    whitespace around them."""
    pieces, pos = [], start
    for m in pattern.finditer(text, start, end):
        _append_trimmed(pieces, text, pos, m.start())
        pos = m.end()
    _append_trimmed(pieces, text, pos, end)
    return pieces


def _append_trimmed(pieces, text, s, e):
    piece = text[s:e]
    trimmed = piece.strip()
    if trimmed:
        s += len(piece) - len(piece.lstrip())
        pieces.append((s, s + len(trimmed)))


def sentences(text):
    """Sentence spans (with their paragraph number), split on end punctuation and line breaks."""
    out = []
    paragraph = 0
    pos = 0
    for block in PARAGRAPH_BREAK.split(text):
        if block.strip():  # a paragraph break is blank
            for s, e in _split(text, pos, pos + len(block), SENTENCE_END):
                out.append(Span(s, e, paragraph))
            paragraph += 1
        pos += len(block)
    return out


def clause_bounds(text, sentence):
    """(start, end) of the clauses inside a sentence, split on commas, semicolons, colons and spaced dashes."""
    start, end = sentence.start, sentence.end
    dashed = any(text.find(dash, start, end) >= 0 for dash in DASHES)
    return _split(text, start, end, CLAUSE_BREAK if dashed else CLAUSE_PUNCTUATION)


def clauses(text, sentence):
    """Clause spans inside a sentence (see clause_bounds)."""
    return [Span(s, e, sentence.paragraph) for s, e in clause_bounds(text, sentence)]

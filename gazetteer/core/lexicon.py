"""Word lists written in plain Arabic and normalised once, so rules and text always agree."""
import re
from bisect import bisect_left, bisect_right

from .normalize import normalize_key


def keys(*words):
    """A frozenset of the normalised forms of `words`."""
    return frozenset(normalize_key(w) for w in words)


def strip_proclitics(token, allowed=("و", "ف", "ب", "ل", "ك")):
    """Remove up to two leading one-letter proclitics when at least three letters remain."""
    for _ in range(2):
        if len(token) > 3 and token[0] in allowed:
            token = token[1:]
        else:
            break
    return token


WORD = re.compile(r"\S+")
_spans = ("", (), ())  # (text, word starts, word ends) of the last text tokenised


def word_spans(text):
    """(starts, ends) of every word of `text`, computed once per text object and reused while callers
    keep asking about the same text (every mention of one article), so a lookup is a bisection."""
    global _spans
    cached = _spans
    if cached[0] is not text:
        starts, ends = [], []
        for m in WORD.finditer(text):
            starts.append(m.start())
            ends.append(m.end())
        cached = _spans = (text, starts, ends)  # one tuple swapped whole: concurrent readers see a consistent one
    return cached[1], cached[2]


def tokens_before(text, pos, count):
    """The last `count` (word, start, end) of `text[:pos]`; a word running past `pos` is cut there."""
    if count <= 0:
        return []
    starts, ends = word_spans(text)
    k = bisect_left(starts, pos)
    out = [(text[starts[i]:ends[i]], starts[i], ends[i]) for i in range(max(0, k - count), k)]
    if out and out[-1][2] > pos:
        s = out[-1][1]
        out[-1] = (text[s:pos], s, pos)
    return out


def tokens_after(text, pos, count):
    """The first `count` (word, start, end) of `text[pos:]`; a word begun before `pos` starts there."""
    if count <= 0:
        return []
    starts, ends = word_spans(text)
    k = bisect_right(ends, pos)
    out = [(text[starts[i]:ends[i]], starts[i], ends[i]) for i in range(k, min(len(ends), k + count))]
    if out and out[0][1] < pos:
        e = out[0][2]
        out[0] = (text[pos:e], pos, e)
    return out

"""Word lists written in plain Arabic and normalised once, so rules and text always agree."""
import re

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


WINDOW_PER_WORD = 40  # characters read per wanted word; widened when words are longer


def tokens_before(text, pos, count):
    """The last `count` (word, start, end) of `text` before `pos`, reading a bounded window (so a pass
    over every mention of a long article stays linear)."""
    window = count * WINDOW_PER_WORD
    while True:
        lo = max(0, pos - window)
        found = [(m.group(), lo + m.start(), lo + m.end()) for m in re.finditer(r"\S+", text[lo:pos])]
        if lo > 0 and found and found[0][1] == lo and not text[lo - 1].isspace():
            found = found[1:]  # a word cut by the window's edge
        if len(found) >= count or lo == 0:
            return found[-count:] if count else []
        window *= 4


def tokens_after(text, pos, count):
    """The first `count` (word, start, end) of `text` from `pos`, reading a bounded window."""
    window = count * WINDOW_PER_WORD
    while True:
        hi = min(len(text), pos + window)
        found = [(m.group(), pos + m.start(), pos + m.end()) for m in re.finditer(r"\S+", text[pos:hi])]
        if hi < len(text) and found and found[-1][2] == hi and not text[hi].isspace():
            found = found[:-1]
        if len(found) >= count or hi == len(text):
            return found[:count]
        window *= 4

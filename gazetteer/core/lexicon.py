"""Word lists written in plain Arabic and normalised once, so rules and text always agree."""
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import add, is_

from .normalize import normalize_key


def keys(*words):
    """A frozenset of the normalised forms of `words`."""
    return frozenset(normalize_key(w) for w in words)


@lru_cache(maxsize=1 << 16)  # called for most words of every article; words repeat
def strip_proclitics(token, allowed=("و", "ف", "ب", "ل", "ك")):
    """Remove up to two leading one-letter proclitics when at least three letters remain."""
    for _ in range(2):
        if len(token) > 3 and token[0] in allowed:
            token = token[1:]
        else:
            break
    return token


WORD = re.compile(r"\S+")
_spans = ("", (), (), ())  # (text, word starts, word ends, words) of the last text tokenised


def _single_spaced(text):
    """A quick sufficient test that words are separated by exactly one space, as in a normalised text: the
    only whitespace a printable text can hold is the plain space."""
    return text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " "


def tokenize(text):
    """(starts, ends, words) of every word of `text`."""
    if not text:
        return [], [], []
    words = text.split(" ")
    if _single_spaced(text) or words == text.split():  # offsets follow from the word lengths
        lengths = list(map(len, words))
        starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))
        starts.pop()
        return starts, list(map(add, starts, lengths)), words
    starts, ends, words = [], [], []
    for m in WORD.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        words.append(m.group())
    return starts, ends, words


def _tokenized(text):
    """The cached (text, starts, ends, words), tokenised again when another text object comes."""
    global _spans
    cached = _spans
    if cached[0] is not text:
        cached = _spans = (text, *tokenize(text))  # one tuple swapped whole: concurrent readers see a consistent one
    return cached


def word_table(text):
    """(starts, ends, words) of `text`, computed once per text object and reused while callers keep asking
    about the same text (every mention and sentence of one article), so a lookup is a bisection."""
    cached = _spans  # read once: another thread may swap it
    if cached[0] is not text:
        cached = _tokenized(text)
    return cached[1], cached[2], cached[3]


def word_spans(text):
    """(starts, ends) of every word of `text` (see `word_table`)."""
    cached = _spans  # read once: another thread may swap it
    if cached[0] is not text:
        cached = _tokenized(text)
    return cached[1], cached[2]


def word_starts_between(text, lo, hi):
    """The start of every word of text[lo:hi] taken alone (a word cut at `lo` starts there)."""
    if hi <= lo:
        return []
    starts, ends = word_spans(text)
    k = bisect_right(ends, lo)  # the first word ending after lo
    out = starts[k:bisect_left(starts, hi, k)]
    if out and out[0] < lo:
        out[0] = lo
    return out


def word_ends_between(text, lo, hi):
    """The end of every word of text[lo:hi] taken alone (a word cut at `hi` ends there)."""
    if hi <= lo:
        return []
    starts, ends = word_spans(text)
    k = bisect_right(ends, lo)
    out = ends[k:bisect_left(starts, hi, k)]
    if out and out[-1] > hi:
        out[-1] = hi
    return out


def tokens_before(text, pos, count):
    """The last `count` (word, start, end) of `text[:pos]`; a word running past `pos` is cut there."""
    if count <= 0:
        return []
    starts, ends = word_spans(text)
    k = bisect_left(starts, pos)
    if count == 1:  # the commonest question: the word just before
        if not k:
            return []
        s, e = starts[k - 1], ends[k - 1]
        return [(text[s:e], s, e) if e <= pos else (text[s:pos], s, pos)]
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


def word_before(text, pos):
    """The word right before `pos` (cut at `pos` if it runs past it), or "": words_before(text, pos, 1)."""
    starts, ends, words = word_table(text)
    k = bisect_left(starts, pos)
    if not k:
        return ""
    return words[k - 1] if ends[k - 1] <= pos else text[starts[k - 1]:pos]


def words_before(text, pos, count):
    """The words of tokens_before(text, pos, count), without their offsets."""
    if count <= 0:
        return []
    starts, ends, words = word_table(text)
    k = bisect_left(starts, pos)
    out = words[max(0, k - count):k]
    if out and ends[k - 1] > pos:
        out[-1] = text[starts[k - 1]:pos]
    return out


def words_after(text, pos, count):
    """The words of tokens_after(text, pos, count), without their offsets."""
    if count <= 0:
        return []
    starts, ends, words = word_table(text)
    k = bisect_right(ends, pos)
    out = words[k:k + count]
    if out and starts[k] < pos:
        out[0] = text[pos:ends[k]]
    return out


def memo_map(memo, words, compute, limit):
    """[memo[word] for word in words], computing compute(word) (never None) for a word not seen before and
    keeping it; the memo is emptied when it reaches `limit` words. A text's words are mostly known: all
    known, one dictionary probe each; else the few new ones are found among the misses."""
    try:
        return list(map(memo.__getitem__, words))
    except KeyError:
        pass
    found = list(map(memo.get, words))
    if len(memo) >= limit:
        memo.clear()
    for k in compress(range(len(words)), map(is_, found, repeat(None))):
        value = memo.get(words[k])
        if value is None:
            value = memo[words[k]] = compute(words[k])
        found[k] = value
    return found

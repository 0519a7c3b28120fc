"""Quick searches: regexes whose matches begin at a word, tried only at the words that can begin them; word sets."""
import re
from bisect import bisect_left
from itertools import compress

from gazetteer.core.lexicon import memo_map, word_table

MEMO_WORDS = 100_000  # distinct words whose flags are kept (a bound for long-running servers)


def contains_any(text, words):
    """Whether one of `words` occurs in `text` (for a few words, faster than a regex alternation of them)."""
    for word in words:
        if word in text:
            return True
    return False


def word_pattern(proclitics, alternatives, heads=None, capture=False):
    """(regex, head) of `(?<!\\S)` + proclitics + one of `alternatives` + `(?!\\S)`. `head` matches the start of
    a word that may begin the regex: the proclitics and the first word of an alternative (`heads`, when the
    alternatives are escaped text: their first words as regexes)."""
    if heads is None:
        heads = [alternative.split(" ")[0] for alternative in alternatives]
    body = ("(" if capture else "(?:") + "|".join(alternatives) + ")"
    return (re.compile(r"(?<!\S)" + proclitics + body + r"(?!\S)"),
            re.compile(proclitics + "(?:" + "|".join(dict.fromkeys(heads)) + ")"))


class WordStartPatterns:
    """Regexes whose every match starts where a word starts (they begin with `(?<!\\S)`), each added with a
    `head`: a regex that matches (with re.match) the start of every word at which the pattern can match, cut
    or not. The engine cannot skip ahead in such a regex and tries it at every character; here each distinct
    word is tested against all heads once, the words of a text that pass are listed once per text object, and
    a search tries the pattern only at those. Results are the regexes' own: same matches, same groups."""

    def __init__(self):
        self.patterns = []  # [(regex, head)]
        self._memo = {}  # word -> bit k set when patterns[k]'s head matches it
        self._hits = ("", [], {})  # (text, [(start, flags)] of its words that pass a head, {k: starts})

    def add(self, rx, head):
        """Register a pattern; returns its number for the searches."""
        self.patterns.append((rx, head))
        self._memo, self._hits = {}, ("", [], {})
        return len(self.patterns) - 1

    def _flags(self, word):
        return sum(1 << k for k, (_, head) in enumerate(self.patterns) if head.match(word))

    def _starts(self, text, k):
        """The starts of the words of `text` at which patterns[k] may match."""
        cached = self._hits
        if cached[0] is not text:
            starts, _, words = word_table(text)
            flags = memo_map(self._memo, words, self._flags, MEMO_WORDS)
            cached = self._hits = (text, list(zip(compress(starts, flags), compress(flags, flags))), {})
        by_pattern = cached[2]
        found = by_pattern.get(k)
        if found is None:
            found = by_pattern[k] = [start for start, flags in cached[1] if flags >> k & 1]
        return found

    def search(self, k, text, start, end):
        """patterns[k]'s regex .search(text, start, end)."""
        rx, starts = self.patterns[k][0], self._starts(text, k)
        for i in range(bisect_left(starts, start), len(starts)):
            pos = starts[i]
            if pos >= end:
                break
            m = rx.match(text, pos, end)
            if m:
                return m
        return None

    def finditer_slice(self, k, text, start, end):
        """[match] of patterns[k]'s regex .finditer(text[start:end]) (positions relative to the slice)."""
        rx, seg, starts = self.patterns[k][0], text[start:end], self._starts(text, k)
        positions = [s - start for s in starts[bisect_left(starts, start):bisect_left(starts, end)]]
        if 0 < start < end and not text[start - 1].isspace():
            positions.insert(0, 0)  # a word cut by the slice begins it
        out, resume = [], 0
        for pos in positions:
            if pos < resume:
                continue
            m = rx.match(seg, pos)
            if m:
                out.append(m)
                resume = max(m.end(), pos + 1)
        return out


WORD_STARTS = WordStartPatterns()  # one for all modules: a text's words are listed once for every pattern

"""Arabic phrases (triggers, actor names) in normalised text: regexes with proclitics, suffixes and gaps, one pass."""
import re
from bisect import bisect_left
from itertools import compress, repeat
from operator import add

from gazetteer.core.lexicon import memo_map, word_table
from gazetteer.core.normalize import normalize_key

# و/ف, then ب/ل/ك or لل (ل before ال, whose alef is not written: للاختفاء).
PROCLITIC = r"(?:[وف]?(?:لل|[بلك])?)"
GAP = "*"  # in a phrase: up to four words of any kind (أسقطت منظومات الدفاع الجوي ثلاث طائرات)


def phrase_body(phrase):
    """The regex of a phrase without word boundaries: a word ending in ~ takes any suffix, a word may
    carry ال unless it has it already (or is a number), and * stands for up to four other words."""
    out = ""
    for word in phrase.split():
        if word == GAP:
            out += r"\s+(?:\S+\s+){0,4}?"
            continue
        open_end = word.endswith("~")
        key = re.escape(normalize_key(word.rstrip("~")))
        if key.startswith("ال"):  # after the proclitic ل the alef of ال is not written: للحرس
            article, key = "(?:ال|(?<=ل)ل?)", key[2:]
        else:
            article = "(?:ال)?" if key[:1].isalpha() else ""
        if out and not out.endswith("?"):
            out += r"\s+"
        out += article + key + (r"\S*" if open_end else "")
    return out


def by_length(phrases):
    """Phrases longest first, so an alternation prefers the longest phrase at one position."""
    return sorted(phrases, key=lambda p: (-len(normalize_key(p.rstrip("~"))), p))


TOKEN = re.compile(r"\S+")
PROCLITIC_FORMS = ("", "و", "ف", "ب", "ل", "ك", "لل", "وب", "ول", "وك", "ولل", "فب", "فل", "فك", "فلل")


def _bare(key):
    return key[2:] if key.startswith("ال") and len(key) > 3 else key


def second_word_test(phrase):
    """A test the word after a phrase's first must pass for the phrase to match (the word as its regex reads
    it: ال optional, a suffix only after ~), or None when the phrase has no plain second word."""
    words = phrase.split()
    if len(words) < 2 or words[1] == GAP or len(normalize_key(words[0].rstrip("~")).split()) != 1:
        return None  # (a word the normaliser splits, as at a hyphen, is two words of the text)
    key = normalize_key(words[1].rstrip("~"))
    if len(key.split()) != 1 or key == "ال":
        return None
    forms = (key,) if key.startswith("ال") or not key[:1].isalpha() else (key, "ال" + key)
    return (lambda word: word.startswith(forms)) if words[1].endswith("~") else frozenset(forms).__contains__


def word_stems(word):
    """The forms a phrase's first word can take inside `word`: without proclitics, with and without ال."""
    stems = set()
    for p in PROCLITIC_FORMS:
        if word.startswith(p) and len(word) > len(p):
            stems.add(_bare(word[len(p):]))
    return stems


NO_WORD = ("", float("inf"))  # no following word to test: the regex decides


def _following(indexes, ends, words):
    """[(word, end)] of the word after each word (by index) of a text; NO_WORD after the last."""
    after = list(map(add, indexes, repeat(1)))
    last = bool(after) and after[-1] == len(words)
    if last:
        after.pop()
    out = list(zip(map(words.__getitem__, after), map(ends.__getitem__, after)))
    if last:
        out.append(NO_WORD)
    return out


MEMO_WORDS = 100_000  # distinct words whose candidates a matcher keeps (a bound for long-running servers)


class PhraseMatcher:
    """Many labelled phrases found in one pass over the words of a text. A phrase is looked up by its first
    word (a dictionary probe per word and proclitic form) and only then checked with its own regex, so the
    cost grows with the text, not with the number of phrases. `groups` is [(label, phrases)]; where several
    phrases match at one word, the first in `groups` order wins (longest first within a group)."""

    def __init__(self, groups):
        self.exact, self.open = {}, {}
        order = 0
        for label, phrases in groups:
            for phrase in by_length(phrases):
                first = phrase.split()[0]
                key = _bare(normalize_key(first.rstrip("~")))
                if not key:
                    continue
                rx = re.compile(r"(?P<proclitic>" + PROCLITIC + ")" + phrase_body(phrase) + r"(?!\S)")
                table = self.open if first.endswith("~") else self.exact
                table.setdefault(key, []).append((order, label, rx, second_word_test(phrase)))
                order += 1
        self.open_lengths = sorted({len(k) for k in self.open})
        self._memo = {}
        # (text, starts, candidates, following words) of the words of the last text that may start a phrase
        self._hits = ("", (), (), ())

    def candidates(self, word):
        """The phrases that may start at `word`, first wins; memoised, since words repeat across sentences."""
        found = self._memo.get(word)
        if found is None:
            if len(self._memo) >= MEMO_WORDS:
                self._memo.clear()
            found = self._memo[word] = tuple(self._lookup(word))
        return found

    def _candidates_of(self, word):
        return tuple(self._lookup(word))

    def _lookup(self, word):
        found = []
        for stem in word_stems(word):
            found.extend(self.exact.get(stem, ()))
            for n in self.open_lengths:
                if n > len(stem):
                    break
                found.extend(self.open.get(stem[:n], ()))
        return sorted(found, key=lambda c: c[0])

    def hits(self, text):
        """(starts, candidates) of the words of `text` that may start a phrase, found once per text object:
        the sentences of one article are searched one after another, each by bisection."""
        cached = self._hits
        if cached[0] is not text:
            starts, ends, words = word_table(text)
            found = memo_map(self._memo, words, self._candidates_of, MEMO_WORDS)
            indexes = list(compress(range(len(words)), found))
            cached = self._hits = (text, list(map(starts.__getitem__, indexes)), list(compress(found, found)),
                                   _following(indexes, ends, words))  # swapped whole
        return cached[1], cached[2], cached[3]

    def _words(self, text, start, end):
        """[(position, candidates, (next word, its end))] of the words of [start, end) that may start a phrase
        (NO_WORD for a word the range cuts, which is taken as cut, as if the range were the whole text)."""
        starts, found, following = self.hits(text)
        lo, hi, head, tail = start, end, None, None
        if 0 < start < end and not text[start - 1].isspace() and not text[start].isspace():
            lo = TOKEN.match(text, start, end).end()
            head = (start, self.candidates(text[start:lo]), NO_WORD)
        if lo < end < len(text) and not text[end - 1].isspace() and not text[end].isspace():
            hi = end
            while hi > lo and not text[hi - 1].isspace():
                hi -= 1
            tail = (hi, self.candidates(text[hi:end]), NO_WORD)
        first, last = bisect_left(starts, lo), bisect_left(starts, hi)
        words = list(zip(starts[first:last], found[first:last], following[first:last]))
        if head and head[1]:
            words.insert(0, head)
        if tail and tail[1]:
            words.append(tail)
        return words

    def find_all(self, text, start=0, end=None):
        """[(label, match)] of non-overlapping phrases in [start, end), in text order."""
        end = len(text) if end is None else end
        resume, out = start, []
        for pos, cands, (after, after_end) in self._words(text, start, end):
            if pos < resume:
                continue
            for _, label, rx, second in cands:
                if second is not None and after_end <= end and not second(after):
                    continue  # a phrase of two words or more whose second word is not the next one
                m = rx.match(text, pos, end)
                if m:
                    resume = m.end()
                    out.append((label, m))
                    break
        return out

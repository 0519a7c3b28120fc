"""Gazetteer spotting: Aho-Corasick over normalised text with word boundaries and Arabic proclitics."""
from dataclasses import dataclass, field
from operator import itemgetter

from .index import ANCHOR_BITS, ANCHOR_MASK, ANCHORS, LAM_LAM, PLAIN, PROCLITICS, STRIPPED, SYMBOLIC, boundary_view


@dataclass(slots=True)
class Mention:
    """A spotted name: original and normalised spans, the proclitic, and gazetteer candidates."""

    start: int
    end: int
    nstart: int
    nend: int
    surface: str
    key: str
    prefix: str
    candidates: list = field(default_factory=list)  # [(PlaceRecord, quality)]
    role: str = "literal"
    qualifier: str = ""  # e.g. "vicinity", set by the spatial grammar
    place: object = None
    score: float = 0.0
    ambiguous: bool = False
    features: dict = field(default_factory=dict)
    parent: object = None  # the road mention a town's name sits inside ("طريق تدمر-دير الزور")
    container: object = None  # the mention of the place this one lies in ("X بريف Y", "مستشفى X في Y")


def is_word_char(ch):
    return ch.isalnum()


# Marks a name may carry after its last letter (tashkeel; tatweel is a letter to isalnum, so not one).
TRAILING_MARKS = frozenset(ch for ch in map(chr, [*range(0x064B, 0x0660), 0x0670, 0x0640])
                           if not ch.isspace() and not is_word_char(ch))


def original_span(norm, original, nstart, nend):
    """Original [start, end) of a normalised span, extended over trailing diacritics."""
    offsets = norm.offsets
    start, end = offsets[nstart], offsets[nend - 1] + 1
    while end < len(original) and original[end] in TRAILING_MARKS:
        end += 1
    return start, end


# Letters a proclitic prefix is made of: a match right after any other letter is inside a word.
CLITIC_LETTERS = frozenset("".join(PROCLITICS | LAM_LAM))
PREFIXES = PROCLITICS | LAM_LAM
MAX_PREFIX = max(len(p) for p in PREFIXES)
BY_NSTART = itemgetter(1)
BY_VALUE = itemgetter(1)  # of an automaton hit (end, value)


def raw_matches(norm, index):
    """Every boundary-respecting (nstart, nend, key, prefix, stripped) match of a gazetteer key."""
    for _, nstart, stripped, nend, key, prefix in sorted(_matches(norm.text, index)):
        yield nstart, nend, key, prefix, stripped


def _matches(text, index):
    """The raw matches as (nstart - nend, nstart, stripped, nend, key, prefix), in the automaton's order (by
    end): sorted, they come longest first. An index without keys has none."""
    tables = index.spot_tables
    if tables is None:
        return []
    # The automaton runs over the boundary view of the text (word-ending characters as spaces, one space
    # added at each end, so text position i is view position i + 1): every key it reports ends a word.
    automaton, keys, flags, lengths, shared, plain_table, stripped_table = tables
    hits = list(automaton.iter(boundary_view(text)))
    if hits and min(hits, key=BY_VALUE)[1] < 0:  # rare: one string for several keys (see key_table)
        hits = [(last, one) for last, value in hits for one in (shared[-value - 1] if value < 0 else (value,))]
    found = []
    append = found.append
    for last, value in hits:
        nend = last - 1  # the space after the key is view position `last`
        kid = value >> ANCHOR_BITS
        nstart = nend - lengths[kid]
        anchor = value & ANCHOR_MASK
        if anchor:  # a short key, matched with its proclitic after a space
            prefix = ANCHORS[anchor]
            token_start = nstart - len(prefix)
            if token_start and text[token_start - 1] != " ":
                continue  # a word-ending symbol, a space only in the view
        elif nstart == 0 or text[nstart - 1] == " ":
            prefix = ""
        else:
            if text[nstart - 1] not in CLITIC_LETTERS:
                continue  # inside a word
            token_start = text.rfind(" ", 0, nstart) + 1
            if nstart - token_start > MAX_PREFIX:
                continue
            prefix = text[token_start:nstart]
            if prefix not in PREFIXES:
                continue
        flag = flags[kid]
        if flag == PLAIN:  # the usual case
            if prefix in PROCLITICS:
                append((nstart - nend, nstart, False, nend, keys[kid], prefix))
            continue
        if flag & SYMBOLIC:
            key = text[nstart:nend]
            in_plain, in_stripped = key in plain_table, key in stripped_table
        else:
            key = keys[kid]
            in_plain, in_stripped = flag & PLAIN, flag & STRIPPED
        if in_plain and prefix in PROCLITICS:
            append((nstart - nend, nstart, False, nend, key, prefix))
        if in_stripped and prefix in LAM_LAM:
            append((nstart - nend, nstart, True, nend, key, prefix))
    return found


def _disjoint(found):
    """Whether matches in the automaton's order (by end) are already disjoint and in text order."""
    previous_end = 0
    for match in found:
        if match[1] < previous_end:
            return False
        previous_end = match[3]
    return True


def _longest_first(found, within=None):
    """Greedy longest-first, non-overlapping matches (those inside `within` only, if given), in text order."""
    if within is not None:
        low, high = within
        found = [m for m in found if low <= m[1] - len(m[5]) and m[3] <= high and (m[1], m[3]) != within]
    taken, chosen = [], []
    for match in sorted(found):
        nstart, nend = match[1], match[3]
        for s, e in taken:
            if nstart < e and s < nend:
                break
        else:
            taken.append((nstart, nend))
            chosen.append(match)
    chosen.sort(key=BY_NSTART)
    return chosen


def _mentions(chosen, norm, original, index):
    """A Mention for each chosen match: original span (as original_span() gives it) and candidates."""
    offsets, length = norm.offsets, len(original)
    cache, candidates = index.candidate_cache, index.candidates
    mentions = []
    for _, nstart, stripped, nend, key, prefix in chosen:
        start, end = offsets[nstart], offsets[nend - 1] + 1
        if offsets[nend] != end:  # characters were dropped after the name: trailing marks among them?
            while end < length and original[end] in TRAILING_MARKS:
                end += 1
        cached = cache[stripped].get(key)
        mentions.append(Mention(start, end, nstart, nend, original[start:end], key, prefix,
                                list(cached) if cached is not None else candidates(key, stripped)))
    return mentions


def spot(norm, original, index):
    """Non-overlapping mentions, longest first, each with its candidate places."""
    found = _matches(norm.text, index)
    if not found:
        return []
    if len(found) > 1 and not _disjoint(found):
        found = _longest_first(found)
    return _mentions(found, norm, original, index)


def all_matches(norm, index):
    """The raw matches of a text, to scan it once for every spot_inside() call."""
    return _matches(norm.text, index)


def spot_inside(norm, original, index, outer, matches=None):
    """Names nested in a longer mention (the towns a road is named after), linked to it as parent. `matches`
    are the text's all_matches(), computed here when not given."""
    if matches is None:
        matches = _matches(norm.text, index)
    place_id = outer.place.id
    tables = (index.entries, index.stripped_entries)
    found = [m for m in matches if outer.nstart <= m[1] and m[3] <= outer.nend
             and all(route[0] != place_id for route in tables[m[2]].get(m[4], ()))]
    inner = _mentions(_longest_first(found, within=(outer.nstart, outer.nend)), norm, original, index)
    for m in inner:
        m.parent = outer
    return inner

"""Gazetteer spotting: Aho-Corasick over normalised text with word boundaries and Arabic proclitics."""
from dataclasses import dataclass, field
from operator import attrgetter

from .index import ANCHOR_BITS, ANCHOR_MASK, ANCHORS, LAM_LAM, PLAIN, PROCLITICS, STRIPPED, SYMBOLIC, boundary_view


@dataclass
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
BY_START = attrgetter("start")


def raw_matches(norm, index):
    """Every boundary-respecting (nstart, nend, key, prefix, stripped) match of a gazetteer key."""
    for _, nstart, stripped, nend, key, prefix in _candidates(norm.text, index):
        yield nstart, nend, key, prefix, stripped


def _candidates(text, index):
    """The raw matches as (nstart - nend, nstart, stripped, nend, key, prefix): sorted, longest first."""
    # The automaton runs over the boundary view of the text (word-ending characters as spaces, one space
    # added at each end, so text position i is view position i + 1): every key it reports ends a word.
    automaton = index.automaton
    keys, flags, lengths, shared = index.key_table
    plain_table, stripped_table = index.entries, index.stripped_entries
    rfind = text.rfind
    found = []
    append = found.append
    for last, value in automaton.iter(boundary_view(text)):
        nend = last - 1  # the space after the key is view position `last`
        for value in shared[-value - 1] if value < 0 else (value,):
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
                token_start = rfind(" ", 0, nstart) + 1
                if nstart - token_start > MAX_PREFIX:
                    continue
                prefix = text[token_start:nstart]
                if prefix not in PREFIXES:
                    continue
            flag = flags[kid]
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
    found.sort()
    return found


def _select(found, norm, original, index, within=None):
    """Greedy longest-first, non-overlapping Mentions from raw matches (inside `within` if given)."""
    ordered = sorted((nstart - nend, nstart, stripped, nend, key, prefix)
                     for nstart, nend, key, prefix, stripped in found)
    return _choose(ordered, norm, original, index, within)


def _choose(ordered, norm, original, index, within=None):
    """Mentions from matches sorted as _candidates() returns them, skipping any that overlap one taken."""
    if not ordered:
        return []
    taken = []
    offsets, length, candidates = norm.offsets, len(original), index.candidates
    mentions = []
    for _, nstart, stripped, nend, key, prefix in ordered:
        if within is not None and not (within[0] <= nstart - len(prefix) and nend <= within[1]
                                       and (nstart, nend) != within):
            continue
        for s, e in taken:
            if nstart < e and s < nend:
                break
        else:
            taken.append((nstart, nend))
            start, end = offsets[nstart], offsets[nend - 1] + 1
            while end < length and original[end] in TRAILING_MARKS:  # as original_span()
                end += 1
            mentions.append(Mention(start, end, nstart, nend, original[start:end], key, prefix,
                                    candidates(key, stripped)))
    mentions.sort(key=BY_START)
    return mentions


def spot(norm, original, index):
    """Non-overlapping mentions, longest first, each with its candidate places."""
    return _choose(_candidates(norm.text, index), norm, original, index)


def spot_inside(norm, original, index, outer):
    """Names nested in a longer mention (the towns a road is named after), linked to it as parent."""
    found = [m for m in raw_matches(norm, index) if outer.nstart <= m[0] and m[1] <= outer.nend
             and all(e.place_id != outer.place.id for e in index.lookup(m[2], stripped=m[4]))]
    inner = _select(found, norm, original, index, within=(outer.nstart, outer.nend))
    for m in inner:
        m.parent = outer
    return inner

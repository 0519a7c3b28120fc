"""Gazetteer spotting: Aho-Corasick over normalised text with word boundaries and Arabic proclitics."""
from dataclasses import dataclass, field

from .index import boundary_view

# Proclitic sequences allowed before a name: conjunction و/ف, then preposition ب/ل/ك.
PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك", "فك"})
# Before an article-stripped key the text must carry لل (ل + ال with its alef dropped).
LAM_LAM = frozenset({"لل", "ولل", "فلل"})


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
MAX_PREFIX = max(len(p) for p in PROCLITICS | LAM_LAM)


def raw_matches(norm, index):
    """Every boundary-respecting (nstart, nend, key, prefix, stripped) match of a gazetteer key."""
    yield from _matches(norm.text, index)


def _matches(text, index):
    # The automaton holds each key followed by a space and runs over a view of the text where every
    # character that ends a word is a space: a key followed by a letter or digit is never reported.
    rfind = text.rfind
    plain, stripped = index.entries, index.stripped_entries
    found = []
    for last, length in index.automaton.iter(boundary_view(text)):
        nstart = last - length
        prefix = ""
        if nstart:
            before = text[nstart - 1]
            if before != " ":
                if before not in CLITIC_LETTERS:
                    continue  # inside a word
                token_start = rfind(" ", 0, nstart) + 1
                if nstart - token_start > MAX_PREFIX:
                    continue
                prefix = text[token_start:nstart]
        key = text[nstart:last]
        if prefix in PROCLITICS and key in plain:
            found.append((nstart, last, key, prefix, False))
        if prefix in LAM_LAM and key in stripped:
            found.append((nstart, last, key, prefix, True))
    return found


def _by_length_then_position(match):
    nstart, nend, _, _, is_stripped = match
    return nstart - nend, nstart, is_stripped


def _select(found, norm, original, index, within=None):
    """Greedy longest-first, non-overlapping Mentions from raw matches (inside `within` if given)."""
    taken = bytearray(len(norm.text) + 1)
    offsets, length, candidates = norm.offsets, len(original), index.candidates
    mentions = []
    for nstart, nend, key, prefix, stripped in sorted(found, key=_by_length_then_position):
        if within is not None and not (within[0] <= nstart - len(prefix) and nend <= within[1]
                                       and (nstart, nend) != within):
            continue
        if taken.find(1, nstart, nend) >= 0:
            continue
        taken[nstart:nend] = b"\x01" * (nend - nstart)
        start, end = offsets[nstart], offsets[nend - 1] + 1
        while end < length and original[end] in TRAILING_MARKS:  # as original_span()
            end += 1
        mentions.append(Mention(start, end, nstart, nend, original[start:end], key, prefix,
                                candidates(key, stripped)))
    mentions.sort(key=_by_start)
    return mentions


def _by_start(mention):
    return mention.start


def spot(norm, original, index):
    """Non-overlapping mentions, longest first, each with its candidate places."""
    return _select(_matches(norm.text, index), norm, original, index)


def spot_inside(norm, original, index, outer):
    """Names nested in a longer mention (the towns a road is named after), linked to it as parent."""
    found = [m for m in raw_matches(norm, index) if outer.nstart <= m[0] and m[1] <= outer.nend
             and all(e.place_id != outer.place.id for e in index.lookup(m[2], stripped=m[4]))]
    inner = _select(found, norm, original, index, within=(outer.nstart, outer.nend))
    for m in inner:
        m.parent = outer
    return inner

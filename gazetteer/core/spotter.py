"""Gazetteer spotting: Aho-Corasick over normalised text with word boundaries and Arabic proclitics."""
from dataclasses import dataclass, field

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


def is_word_char(ch):
    return ch.isalnum()


def original_span(norm, original, nstart, nend):
    """Original [start, end) of a normalised span, extended over trailing diacritics."""
    start = norm.offsets[nstart]
    end = norm.offsets[nend - 1] + 1
    while end < len(original) and not original[end].isspace() and not is_word_char(original[end]) \
            and _is_mark(original[end]):
        end += 1
    return start, end


def _is_mark(ch):
    return "\u064b" <= ch <= "\u065f" or ch in "\u0670\u0640"


def _token_start(text, pos):
    while pos > 0 and text[pos - 1] != " ":
        pos -= 1
    return pos


def raw_matches(norm, index):
    """Every boundary-respecting (nstart, nend, key, prefix, stripped) match of a gazetteer key."""
    text = norm.text
    n = len(text)
    for last, key in index.automaton.iter(text):
        nend = last + 1
        if nend < n and is_word_char(text[nend]):
            continue
        nstart = nend - len(key)
        prefix = text[_token_start(text, nstart):nstart]
        if prefix in PROCLITICS and index.lookup(key):
            yield nstart, nend, key, prefix, False
        if prefix in LAM_LAM and index.lookup(key, stripped=True):
            yield nstart, nend, key, prefix, True


def _select(found, norm, original, index, within=None):
    """Greedy longest-first, non-overlapping Mentions from raw matches (inside `within` if given)."""
    taken, mentions = [], []
    for nstart, nend, key, prefix, stripped in sorted(found, key=lambda m: (-(m[1] - m[0]), m[0], m[4])):
        if within is not None and not (within[0] <= nstart - len(prefix) and nend <= within[1]
                                       and (nstart, nend) != within):
            continue
        if any(nstart < e and s < nend for s, e in taken):
            continue
        taken.append((nstart, nend))
        start, end = original_span(norm, original, nstart, nend)
        candidates = [(index.get(e.place_id), e.quality) for e in index.lookup(key, stripped=stripped)]
        mentions.append(Mention(start, end, nstart, nend, original[start:end], key, prefix, candidates))
    return sorted(mentions, key=lambda m: m.start)


def spot(norm, original, index):
    """Non-overlapping mentions, longest first, each with its candidate places."""
    return _select(list(raw_matches(norm, index)), norm, original, index)


def spot_inside(norm, original, index, outer):
    """Names nested in a longer mention (the towns a road is named after), linked to it as parent."""
    found = [m for m in raw_matches(norm, index) if outer.nstart <= m[0] and m[1] <= outer.nend
             and all(e.place_id != outer.place.id for e in index.lookup(m[2], stripped=m[4]))]
    inner = _select(found, norm, original, index, within=(outer.nstart, outer.nend))
    for m in inner:
        m.parent = outer
    return inner

"""Arabic matching normalisation as a pipeline of small steps that keeps a map to original offsets."""
from dataclasses import dataclass
from itertools import chain

# Bump whenever a step changes: stored alias keys and the index are rebuilt when it differs.
NORMALIZER_VERSION = "1"

TASHKEEL = set(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670", "\u06D6", "\u06D7", "\u06D8",
                                                          "\u06D9", "\u06DA", "\u06DB", "\u06DC",
                                                          "\u06DF", "\u06E0", "\u06E1", "\u06E2",
                                                          "\u06E3", "\u06E4", "\u06E7", "\u06E8",
                                                          "\u06EA", "\u06EB", "\u06EC", "\u06ED"}
TATWEEL = "\u0640"
# Invisible format characters that appear in web text (ZWNJ, ZWJ, LRM, RLM, BOM, soft hyphen).
INVISIBLE = {"\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u00ad", "\u061c"}
DROPPED = TASHKEEL | {TATWEEL} | INVISIBLE

ALEF_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}
# Alef maqsura and the Persian/Kurdish yehs are written for yeh: على/علي, مصطفى/مصطفي.
YEH_FOLD = {"ى": "ي", "ی": "ي", "ي": "ي", "ې": "ي", "ێ": "ي"}
KAF_FOLD = {"ک": "ك", "ڪ": "ك"}
# Teh marbuta and its look-alikes are written as heh: الرقة/الرقه.
TEH_MARBUTA_FOLD = {"ة": "ه", "ۀ": "ه", "ہ": "ه", "ھ": "ه"}
DIGIT_FOLD = {**{chr(0x0660 + i): str(i) for i in range(10)},
              **{chr(0x06F0 + i): str(i) for i in range(10)}}
# Hyphens, dashes, underscores and Arabic punctuation become spaces, so names match across them.
SEPARATOR_FOLD = {c: " " for c in "-‐‑‒–—_/\\·•،؛؟.,;:!?()[]{}\"'«»“”‘’\t\n\r\u00a0#@|"}
FOLD_STEPS = (ALEF_FOLD, YEH_FOLD, KAF_FOLD, TEH_MARBUTA_FOLD, DIGIT_FOLD, SEPARATOR_FOLD)


def _fold_table():
    table = {}
    for mapping in FOLD_STEPS:
        table.update(mapping)
    return table


FOLD = _fold_table()


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus, for each of its characters, the index of the original character."""

    text: str
    offsets: tuple  # len(text) + 1 entries; the last is len(original)

    def span_to_original(self, start, end):
        """Map a [start, end) span of the normalised text back to the original text."""
        return self.offsets[start], self.offsets[end - 1] + 1 if end > start else self.offsets[start]


def is_dropped(ch):
    """Step 1: tashkeel, tatweel and invisible marks are deleted."""
    return ch in DROPPED


def fold_teh_marbuta(text):
    """Step 2a: ة (and its look-alikes) is written ه, so الرقة and الرقه share a key."""
    return "".join(TEH_MARBUTA_FOLD.get(ch, ch) for ch in text)


def fold_alef_maqsura(text):
    """Step 2b: ى and the Persian/Kurdish yehs are written ي, so مصطفى and مصطفي share a key."""
    return "".join(YEH_FOLD.get(ch, ch) for ch in text)


def fold_char(ch):
    """Step 2: letter variants, digits and separators fold one-to-one; Latin lowercases."""
    return FOLD.get(ch, ch).lower()


def normalize_reference(text):
    """The normalisation spelled out one character at a time: the specification `normalize` must equal."""
    out, offsets = [], []
    previous_space = True  # also strips leading spaces
    for i, ch in enumerate(text):
        if is_dropped(ch):
            continue
        folded = fold_char(ch)
        if folded.isspace():
            if previous_space:
                continue
            folded, previous_space = " ", True
        else:
            previous_space = False
        out.append(folded)
        offsets.extend([i] * len(folded))  # "İ" lowercases to two characters
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    offsets.append(len(text))
    return Normalized("".join(out), tuple(offsets))


# The same steps as one str.translate table (a list indexed by code point is the fastest table): dropped
# characters become a NUL placeholder, every whitespace a plain space; capital sigma is lowered alone
# because str.lower() picks final sigma by context. Code points past the table are left as they are.
def _text_table():
    table = [chr(c) for c in range(0x10000)]
    for c in range(0x3001):
        if chr(c).isspace():
            table[c] = " "
    for ch, folded in FOLD.items():
        table[ord(ch)] = folded
    for ch in DROPPED:
        table[ord(ch)] = "\x00"
    table[0x03A3] = "\u03c3"
    return table


_TEXT_TABLE = _text_table()
_KEY_TABLE = str.maketrans({**FOLD, **{ch: None for ch in DROPPED}, "\u03a3": "\u03c3"})
_GAP_CHARS = " \x00"
_SLOW_PATH = ("\x00", "\u0130")  # a literal NUL; İ, whose lowercase is two characters


def _gaps(folded):
    """(start, end) of each stretch of spaces and placeholders to edit: runs, placeholders, edge spaces."""
    n, end = len(folded), 0
    if folded.startswith(" "):
        end = 1
        while end < n and folded[end] in _GAP_CHARS:
            end += 1
        yield 0, end
    # Each stretch grows from the first seed ("\x00" or "  ") after the previous one, found with str.find:
    # much faster than a regex alternation, which stops at every space.
    nul, double = folded.find("\x00", end), folded.find("  ", end)
    while nul >= 0 or double >= 0:
        if double < 0 or 0 <= nul < double:
            start, seed_end = nul, nul + 1
        else:
            start, seed_end = double, double + 2
        while start > end and folded[start - 1] in _GAP_CHARS:
            start -= 1
        end = seed_end
        while end < n and folded[end] in _GAP_CHARS:
            end += 1
        yield start, end
        if 0 <= nul < end:
            nul = folded.find("\x00", end)
        if 0 <= double < end:
            double = folded.find("  ", end)
    if end < n and folded.endswith(" "):
        yield n - 1, n


def normalize(text):
    """Run every step over `text`, collapsing runs of spaces, and keep the offset map."""
    if any(ch in text for ch in _SLOW_PATH):
        return normalize_reference(text)
    folded = text.translate(_TEXT_TABLE).lower()
    n = len(folded)
    pieces, ranges, kept_from = [], [], 0
    for start, end in _gaps(folded):
        pieces.append(folded[kept_from:start])
        ranges.append(range(kept_from, start))
        space = folded.find(" ", start, end)
        if space >= 0 and start > 0 and end < n:
            pieces.append(" ")
            ranges.append((space,))
        kept_from = end
    pieces.append(folded[kept_from:])
    ranges.append(range(kept_from, n))
    return Normalized("".join(pieces), tuple(chain(*ranges, (len(text),))))


def normalize_key(text):
    """The matching key of a name: its normalised text (computed without the offset map)."""
    return " ".join(text.translate(_KEY_TABLE).lower().split())

"""Arabic matching normalisation as a pipeline of small steps that keeps a map to original offsets."""
from dataclasses import dataclass

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

ALEF_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}
YEH_FOLD = {"ى": "ي", "ی": "ي", "ي": "ي", "ې": "ي", "ێ": "ي"}
KAF_FOLD = {"ک": "ك", "ڪ": "ك"}
TEH_MARBUTA_FOLD = {"ة": "ه", "ۀ": "ه", "ہ": "ه", "ھ": "ه"}
DIGIT_FOLD = {**{chr(0x0660 + i): str(i) for i in range(10)},
              **{chr(0x06F0 + i): str(i) for i in range(10)}}
# Hyphens, dashes, underscores and Arabic punctuation become spaces, so names match across them.
SEPARATOR_FOLD = {c: " " for c in "-‐‑‒–—_/\\·•،؛؟.,;:!?()[]{}\"'«»“”‘’\t\n\r\u00a0#@|"}


def _fold_table():
    table = {}
    for mapping in (ALEF_FOLD, YEH_FOLD, KAF_FOLD, TEH_MARBUTA_FOLD, DIGIT_FOLD, SEPARATOR_FOLD):
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
    return ch in TASHKEEL or ch == TATWEEL or ch in INVISIBLE


def fold_char(ch):
    """Step 2: letter variants, digits and separators fold one-to-one; Latin lowercases."""
    return FOLD.get(ch, ch).lower()


def normalize(text):
    """Run every step over `text`, collapsing runs of spaces, and keep the offset map."""
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
        offsets.append(i)
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    offsets.append(len(text))
    return Normalized("".join(out), tuple(offsets))


def normalize_key(text):
    """The matching key of a name: its normalised text."""
    return normalize(text).text

"""Fatalities and injuries from digits and Arabic number words (ثلاثة، خمسة عشر، عشرات، نحو 20، قتيلان)."""
import re

from gazetteer.core.normalize import normalize_key

from .text_memo import per_text
from .word_search import WORD_STARTS, contains_any

UNITS = {"واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاثة": 3, "ثلاث": 3,
         "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8,
         "ثماني": 8, "ثمان": 8, "تسعة": 9, "تسع": 9}
TENS = {"عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40, "خمسون": 50,
        "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
        "تسعون": 90, "تسعين": 90}
# Vague quantities are recognised as numbers but give no count (expected.json codes "عشرات القتلى" as null).
VAGUE = {"عشرات": 20, "العشرات": 20, "عدة": 3, "بضعة": 3, "بضع": 3, "مئات": 100, "المئات": 100}
WORDS = {normalize_key(k): v for k, v in {
    **UNITS, **TENS, **VAGUE, "عشرة": 10, "عشر": 10, "أحد عشر": 11, "إحدى عشرة": 11, "اثنا عشر": 12,
    "اثني عشر": 12, "اثنتا عشرة": 12, "مئة": 100, "مائة": 100}.items()}
VAGUE_KEYS = {normalize_key(k) for k in VAGUE}
UNITS_KEYS = {normalize_key(k) for k, v in UNITS.items() if v >= 2}
TEEN = {normalize_key(k): v for k, v in UNITS.items() if v >= 3}
TENS_KEYS = {normalize_key(k): v for k, v in TENS.items()}
_WORD_RX = "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True))
# A number: digits, "خمسة عشر", "ثلاثة وعشرون", or one word.
NUMBER = (r"(\d{1,4}|(?:" + "|".join(map(re.escape, TEEN)) + r")\s+عشر\S?|(?:" + "|".join(map(re.escape, TEEN)) +
          r"|واحد|اثنين|اثنان)\s+و(?:" + "|".join(map(re.escape, TENS_KEYS)) + r")|" + _WORD_RX + r")")
APPROX_WORDS = ["نحو", "قرابه", "حوالي", "اكثر من", "ما لا يقل عن", "لا يقل عن", "ما يزيد عن", "ما يزيد على",
                "اكثر من", "زهاء"]
APPROX = r"(?:(?:" + "|".join(APPROX_WORDS) + r")\s+)?"
DEATH_NOUN = r"(?:قتيل\S*|قتلي|قتلو?ا|ضحي?\S*|جث\S*|شهيد\S*|شهداء)"
DEATH_VERB = r"(?:مقتل|مصرع|قتل|سقوط|استشهاد|وفاه|ارتفاع حصيله القتلي الي|ارتفعت حصيله القتلي الي|ارتفع\S* عدد القتلي الي)"
INJURY_NOUN = r"(?:جريح\S*|جرحي|مصاب\S*|اصابات)"
INJURY_VERB = r"(?:اصابه|اصيب|جرح|جرح\S*)"


IN_IT = r"(?:(?:فيه\S*|خلاله\S*|جراءه\S*|بسببه\S*|اثره\S*)\s+)?"
# "قتل فيها 11 من عناصر قوات النظام و9 من عناصر التنظيم": the parts of one toll add up.
AND_MORE = re.compile(r"\s+(?:\S+\s+){0,5}?و" + NUMBER + r"\s+من\s")


def _patterns(verb, noun):
    return [
        re.compile(verb + r"\s+" + IN_IT + APPROX + NUMBER + r"(?!\S)"),
        re.compile(verb + r"\s+\S+\s+(" + "|".join(map(re.escape, sorted(UNITS_KEYS, key=len, reverse=True))) + r")(?!\S)"),
        re.compile(r"(?<!\S)و?" + APPROX + NUMBER + r"\s+(?:\S+\s+)?" + noun),
    ]


DEATH_PATTERNS = _patterns(DEATH_VERB, DEATH_NOUN) + [
    # "جثتي اثنين منهم"، "جثث خمسة": the bodies of N
    re.compile(r"(?<!\S)(?:ال)?جث(?:ه|ث|تي|تا|تين|تان)\s+" + NUMBER + r"(?!\S)")]
INJURY_PATTERNS = _patterns(INJURY_VERB, INJURY_NOUN)
# The patterns that begin with (?<!\S) are tried only at the words that can begin them (see word_search):
# "N قتلى" starts with و, an approximation or a number; "جثث N" with جث.
NUMBER_HEAD = r"\d|" + "|".join(dict.fromkeys(re.escape(w.split()[0]) for w in [*TEEN, "واحد", "اثنين", "اثنان", *WORDS]))
COUNT_HEAD = re.compile("و?(?:" + "|".join(dict.fromkeys(w.split()[0] for w in APPROX_WORDS)) + "|" + NUMBER_HEAD + ")")
BODIES_HEAD = re.compile("(?:ال)?جث")


def _searches(patterns, heads):
    """[(regex, its word_search number, or None for a regex searched as usual)]; `heads` is {index: head}."""
    return [(rx, WORD_STARTS.add(rx, heads[i]) if i in heads else None) for i, rx in enumerate(patterns)]


DEATH_SEARCHES = _searches(DEATH_PATTERNS, {2: COUNT_HEAD, 3: BODIES_HEAD})
INJURY_SEARCHES = _searches(INJURY_PATTERNS, {2: COUNT_HEAD})
# Duals are numbers themselves (قتيلان، مقتل جنديين); only nouns whose dual cannot be read as a plural.
DUAL_NOUNS = "(?:جندي|عنصر|شخص|طفل|شقيق|امراه|امراتين|سيده|ضابط|رجل|شاب)"
DUAL_DEATH = re.compile(r"(?:مقتل|مصرع|قتل|استشهاد)\s+(?:ال)?" + DUAL_NOUNS[:-1] + r")(?:ان|ين)(?!\S)"
                        r"|(?<!\S)[وفب]?(?:ال)?قتيل(?:ان|ين)(?!\S)")
DUAL_INJURY = re.compile(r"(?:اصابه|جرح)\s+(?:ال)?" + DUAL_NOUNS[:-1] + r")(?:ان|ين)(?!\S)"
                         r"|(?<!\S)[وفب]?(?:ال)?جريح(?:ان|ين)(?!\S)")


def number_value(token):
    """The value of a number token: digits, a word, a teen (خمسة عشر) or a compound (ثلاثة وعشرون)."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    if token in WORDS:
        return WORDS[token]
    parts = token.split()
    if len(parts) == 2 and parts[1].startswith("عشر"):
        return TEEN.get(parts[0], 0) + 10 or None
    if len(parts) == 2 and parts[1].startswith("و"):
        unit = 1 if parts[0] == "واحد" else 2 if parts[0] in ("اثنين", "اثنان") else TEEN.get(parts[0], 0)
        return unit + TENS_KEYS.get(parts[1][1:], 0)
    return None


# Cheap checks first: most sentences name no death or injury at all.
DEATH_HINT = ("قتل", "قتيل", "مصرع", "ضحي", "ضحايا", "جث", "شهيد", "شهداء", "استشهاد", "وفاه")
INJURY_HINT = ("جرح", "جريح", "مصاب", "اصاب", "اصيب")


def _count(norm_text, start, end, searches, dual, hint):
    seg = norm_text[start:end]
    if not contains_any(seg, hint):
        return None
    values = []
    for first, (rx, number) in enumerate(searches):
        found = rx.finditer(seg) if number is None else WORD_STARTS.finditer_slice(number, norm_text, start, end)
        for m in found:
            if m.group(1) in VAGUE_KEYS:
                continue  # "عشرات القتلى": people died, the number is unknown
            v = number_value(m.group(1))
            more = AND_MORE.match(seg, m.end()) if first == 0 else None
            if more and number_value(more.group(1)):
                v += number_value(more.group(1))
            if v is not None and v < 5000:
                values.append(v)
    if not values:
        values = [2 for _ in dual.finditer(seg)]
    return max(values) if values else None


@per_text
def find_fatalities(norm_text, start, end):
    """The largest death count stated in [start, end), or None."""
    return _count(norm_text, start, end, DEATH_SEARCHES, DUAL_DEATH, DEATH_HINT)


@per_text
def find_injuries(norm_text, start, end):
    """The largest injury count stated in [start, end), or None."""
    return _count(norm_text, start, end, INJURY_SEARCHES, DUAL_INJURY, INJURY_HINT)

"""Fatalities from digits and Arabic number words (ثلاثة، عشرات، نحو 20)."""
import re

from gazetteer.core.normalize import normalize_key

WORDS = {normalize_key(k): v for k, v in {
    "قتيل": 1, "قتيلا": 1, "شخص": 1, "واحد": 1, "اثنان": 2, "اثنين": 2, "قتيلان": 2, "قتيلين": 2,
    "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7,
    "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10, "عشرات": 20,
    "العشرات": 20, "عدة": 3, "عدد": 3,
}.items()}
DEATH = "(?:قتيل\\S*|قتلي|قتلو?ا|مقتل|مصرع|ضحي?\\S*|جث\\S*)"
NUMBER = r"(\d{1,4}|" + "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True)) + r")"
PATTERNS = [
    re.compile(r"(?:مقتل|مصرع|قتل|سقوط)\s+(?:نحو|قرابه|حوالي|اكثر من)?\s*" + NUMBER),
    re.compile(r"(?:نحو|قرابه|حوالي)?\s*" + NUMBER + r"\s+(?:\S+\s+)?" + DEATH),
]


def _value(token):
    return int(token) if token.isdigit() else WORDS.get(token)


def find_fatalities(norm_text, start, end):
    """The largest death count stated in [start, end), or None."""
    seg = norm_text[start:end]
    values = []
    for rx in PATTERNS:
        for m in rx.finditer(seg):
            v = _value(m.group(1))
            if v is not None and v < 5000:
                values.append(v)
    return max(values) if values else None

"""A deterministic benchmark corpus: sample articles replicated with varied numbers, dates, places and order."""
import datetime as dt
import random
import re

from gazetteer.core.normalize import normalize
from gazetteer.core.spotter import spot

LEVANTINE_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                    "تشرين الأول", "تشرين الثاني", "كانون الأول"]
STANDARD_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
                   "نوفمبر", "ديسمبر"]
WEEKDAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
NUMBER = re.compile(r"[0-9]+|[٠-٩]+")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Feature types whose names can stand in for one another in a sentence.
SWAPPABLE = {"city", "town", "village", "neighbourhood", "district", "subdistrict", "governorate", "airport",
             "base", "crossing", "camp", "mountain", "river"}
PAIR_SHARE, DIGEST_SHARE = 0.25, 0.03  # articles made of two variants; long digests of 6-10 variants


def _alternation(names):
    return re.compile("|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True)))


MONTH_RX, WEEKDAY_RX = _alternation(LEVANTINE_MONTHS + STANDARD_MONTHS), _alternation(WEEKDAYS)


def _cycle(table, shift):
    """A replacement function moving each name of `table` `shift` places along it."""
    return lambda m: table[(table.index(m.group()) + shift) % len(table)]


def vary_numbers(text, rng):
    """Each number replaced by one of the same kind: a plausible year, a day/count, or any value of its width."""
    def replace(m):
        digits, arabic = m.group(), not m.group().isascii()
        value = int(digits.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
        if len(digits) == 4 and 1900 <= value <= 2100:
            new = str(rng.randint(2011, 2025))
        elif len(digits) <= 2:
            new = str(rng.randint(1, 28))
        else:
            new = str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))
        return new.translate(ARABIC_INDIC) if arabic else new
    return NUMBER.sub(replace, text)


def vary_dates(text, rng):
    """Month and weekday names moved by a random shift (Levantine and standard names stay paired)."""
    month_shift, day_shift = rng.randrange(12), rng.randrange(7)

    def month(m):
        table = LEVANTINE_MONTHS if m.group() in LEVANTINE_MONTHS else STANDARD_MONTHS
        return _cycle(table, month_shift)(m)
    return WEEKDAY_RX.sub(_cycle(WEEKDAYS, day_shift), MONTH_RX.sub(month, text))


class PlaceSwapper:
    """Swaps spotted place names for other gazetteer names of the same feature type."""

    def __init__(self, index, share=0.6):
        self.index, self.share = index, share
        by_type = {}
        for place in index.places.values():
            if place.feature_type in SWAPPABLE and place.name_ar and len(place.name_ar) <= 30:
                by_type.setdefault(place.feature_type, []).append(place.name_ar)
        self.names = {t: sorted(set(names)) for t, names in by_type.items()}

    def __call__(self, text, rng):
        out, pos = [], 0
        for m in spot(normalize(text), text, self.index):
            if not m.candidates or m.prefix.endswith("لل") or rng.random() > self.share:
                continue
            names = self.names.get(m.candidates[0][0].feature_type)
            if not names:
                continue
            out.append(text[pos:m.start])
            out.append(rng.choice(names))
            pos = m.end
        out.append(text[pos:])
        return "".join(out)


def shuffle_paragraphs(text, rng):
    """The headline stays first; the other paragraphs in a random order."""
    head, *body = text.split("\n\n")
    rng.shuffle(body)
    return "\n\n".join([head, *body])


def make_corpus(sources, index, count, seed=20231115):
    """`count` (text, published) pairs built from `sources` [(text, published)], deterministic for `seed`.
    Most are one varied source; PAIR_SHARE join two, DIGEST_SHARE are long digests of 6-10."""
    swap = PlaceSwapper(index)

    def variant(rng):
        text, published = sources[rng.randrange(len(sources))]
        text = shuffle_paragraphs(swap(vary_dates(vary_numbers(text, rng), rng), rng), rng)
        return text, published + dt.timedelta(days=rng.randint(-400, 400))

    corpus = []
    for number in range(count):
        rng = random.Random(seed * 1_000_003 + number)
        draw = rng.random()
        parts = 1 if draw >= PAIR_SHARE + DIGEST_SHARE else 2 if draw >= DIGEST_SHARE else rng.randint(6, 10)
        pieces = [variant(rng) for _ in range(parts)]
        corpus.append(("\n\n".join(text for text, _ in pieces), pieces[0][1]))
    return corpus

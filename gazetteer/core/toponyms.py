"""Find, classify and resolve every place mention of a text: the gazetteer half of geoparsing."""
from dataclasses import dataclass

from .grammar import between_locations, elliptical_pairs, mark_vicinity, merge_mentions
from .normalize import normalize
from .resolve import TRIGGER_TYPES, resolve, trigger_before
from .roles import classify_role
from .spotter import spot, spot_inside
from .stopwords import needs_cue


# Features whose names carry other places' names ("طريق تدمر-دير الزور", "الحدود السورية-العراقية").
NAMED_AFTER_PLACES = {"road", "crossing"}


@dataclass
class PlaceParse:
    """The places of one text: normalised form, mentions, and locations derived from them."""

    text: str
    norm: object
    mentions: list
    derived: list


def find_places(text, index):
    """Spot, classify, resolve and combine the place mentions of `text` against `index`."""
    norm = normalize(text)
    spotted = [m for m in spot(norm, text, index)
               if not needs_cue(m.key, m.candidates) or trigger_before(m, norm.text) in TRIGGER_TYPES]
    mentions = merge_mentions(elliptical_pairs(norm, text, index), spotted)
    for m in mentions:
        m.role = classify_role(m, norm.text, m.candidates)
    resolve(mentions, norm.text)
    mark_vicinity(mentions, norm)
    derived = between_locations(mentions, norm, text, index)
    nested = [inner for m in mentions if m.place is not None and m.place.feature_type in NAMED_AFTER_PLACES
              for inner in spot_inside(norm, text, index, m)]
    resolve(nested, norm.text)
    mentions = sorted(mentions + nested, key=lambda m: (m.start, -m.end))
    return PlaceParse(text, norm, mentions, derived)

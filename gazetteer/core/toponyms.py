"""Find, classify and resolve every place mention of a text: the gazetteer half of geoparsing."""
from dataclasses import dataclass

from .cues import CueMention, attach_containers, fallback_locations, find_cue_mentions
from .grammar import between_locations, elliptical_pairs, mark_vicinity, merge_mentions
from .normalize import normalize
from .hashtags import drop_echo_tags, drop_latin_tags, drop_topic_tags
from .offsets import directional_locations, vicinity_locations
from .resolve import TRIGGER_TYPES, resolve, trigger_before
from .roles import classify_role
from .spotter import all_matches, spot, spot_inside
from .stopwords import is_everyday_phrase, needs_cue, needs_locative


# Features whose names carry other places' names ("طريق تدمر-دير الزور", "الحدود السورية-العراقية").
NAMED_AFTER_PLACES = {"road", "crossing"}


@dataclass
class PlaceParse:
    """The places of one text: normalised form, mentions, and locations derived from them."""

    text: str
    norm: object
    mentions: list
    derived: list


def _in_place_context(mention, norm_text):
    """Common-word names need a place cue before them; homographs a cue or a locative word."""
    cue = trigger_before(mention, norm_text)
    if needs_locative(mention.key, mention.prefix, cue) or is_everyday_phrase(mention.key, cue):
        return False
    return not needs_cue(mention.key, mention.candidates) or cue in TRIGGER_TYPES


def find_places(text, index):
    """Spot, classify, resolve and combine the place mentions of `text` against `index`."""
    norm = normalize(text)
    spotted = [m for m in spot(norm, text, index) if _in_place_context(m, norm.text)]
    cued, absorbed = find_cue_mentions(norm, text, spotted)
    spotted = [m for m in spotted if id(m) not in absorbed] + cued
    spotted = drop_latin_tags(drop_topic_tags(sorted(spotted, key=lambda m: m.start), text), text)
    mentions = merge_mentions(elliptical_pairs(norm, text, index), spotted)
    inner = [m.inner for m in mentions if isinstance(m, CueMention) and m.inner is not None]
    for m in mentions + inner:
        m.role = classify_role(m, norm.text, m.candidates)
    resolve(mentions + inner, norm.text)
    cued = [m for m in mentions if isinstance(m, CueMention)]
    attach_containers(cued, mentions, norm)
    mentions = drop_echo_tags(mentions, text)
    mark_vicinity(mentions, norm)
    derived = between_locations(mentions, norm, text, index)
    derived += directional_locations(mentions, norm, text) + vicinity_locations(mentions, norm, text)
    kept = {id(m) for m in mentions}
    derived += fallback_locations([m for m in cued if id(m) in kept])
    roads = [m for m in mentions if m.place is not None and m.place.feature_type in NAMED_AFTER_PLACES]
    matches = all_matches(norm, index) if roads else None
    nested = [inner for m in roads for inner in spot_inside(norm, text, index, m, matches)]
    resolve(nested, norm.text)
    mentions = sorted(mentions + nested, key=lambda m: (m.start, -m.end))
    return PlaceParse(text, norm, mentions, derived)

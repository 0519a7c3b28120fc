"""geoparse(): Arabic text to toponyms and ACLED-style incidents, given an injected gazetteer."""
import bisect
import datetime as dt

from gazetteer.core.toponyms import find_places

from .dates import article_date
from .incidents import merge, sentence_candidates
from .linking import article_focus, location_candidates
from .segments import sentences

MAX_CHARS = 200_000


class InputError(ValueError):
    """The text cannot be geoparsed (empty, too long, not text)."""


def check_text(text, max_chars=MAX_CHARS):
    """Raise InputError with a clear message for input that is not a parseable article."""
    if not isinstance(text, str):
        raise InputError("the article must be text")
    if "\x00" in text:
        raise InputError("the article looks binary (it contains NUL bytes)")
    if not text.strip():
        raise InputError("the article is empty")
    if len(text) > max_chars:
        raise InputError(f"the article is {len(text):,} characters; the limit is {max_chars:,}")


def toponym_dict(m):
    """The contract's toponym object; `key` is the normalised surface without proclitics (it groups
    the curation queue), `place` is None for a name the gazetteer does not know."""
    return {"start": m.start, "end": m.end, "surface": m.surface, "role": m.role,
            "place": m.place.as_dict() if m.place is not None else None,
            "score": m.score, "ambiguous": bool(m.ambiguous), "key": m.key,
            "fallback": getattr(m, "fallback", None)}


def incident_dict(c, default_date):
    """The contract's incident object; `default_date` dates an event whose own sentence states no date."""
    date = c.date or default_date
    location = dict(c.location) if c.location else None
    return {
        "event_type": c.rule.event_type,
        "sub_event_type": c.rule.sub_event_type,
        "actors": [{"name": a["name"], "role": a["role"]} for a in c.actors],
        "date": date.date.isoformat() if date.date else None,
        "time_precision": date.time_precision,
        "date_basis": date.basis,
        "historical": date.historical,
        "location": location,
        "evidence": {"start": c.evidence[0], "end": c.evidence[1]},
        "attributed_to": c.source,
        "certainty": c.certainty,
        "alleged": c.alleged,
        "fatalities": c.fatalities,
        "injuries": c.injuries,
        "mentions": [{"start": s, "end": e} for s, e in c.mentions],
        "claims": [dict(claim) for claim in c.claims],
    }


def geoparse(text, gazetteer, published=None, outlet="", actors=None):
    """Toponyms and incidents of `text`; `published` (date) anchors relative and default dates; `actors`
    is an ActorLexicon (the built-in dictionary when None)."""
    check_text(text)
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    parse = find_places(text, gazetteer)
    norm = parse.norm

    def to_norm(pos):
        return bisect.bisect_left(norm.offsets, pos, 0, len(norm.offsets) - 1)

    locations = location_candidates(parse, to_norm)
    focus = article_focus(locations)
    sents = sentences(text)
    paragraphs = {}
    for s in sents:
        lo, hi = paragraphs.get(s.paragraph, (s.start, s.end))
        paragraphs[s.paragraph] = (min(lo, s.start), max(hi, s.end))
    paragraph_spans = {k: (to_norm(lo), to_norm(hi)) for k, (lo, hi) in paragraphs.items()}
    candidates = []
    for number, s in enumerate(sents):
        found = sentence_candidates(text, norm, to_norm, s, locations, focus, paragraph_spans[s.paragraph],
                                    published, actors)
        if number == 0:  # the headline summarises: its place is a fallback, not the event's best location
            for c in found:
                if c.location:
                    c.location["scope"] = "title"
        candidates.extend(found)
    # An event with neither an actor nor a place of its own paragraph is too vague to map.
    incidents = [c for c in merge(candidates)
                 if c.actors or (c.location and c.location.get("scope") != "article")]
    for c in incidents:
        if not c.source and outlet:
            c.source = outlet
    default_date = article_date([c.date for c in candidates], published)
    return {"toponyms": [toponym_dict(m) for m in parse.mentions],
            "incidents": [incident_dict(c, default_date) for c in incidents]}

"""Turn triggers in sentences into incident candidates and merge repeated mentions of one event."""
from dataclasses import dataclass, field

from gazetteer.core.geometry import haversine_km
from gazetteer.core.lexicon import word_ends_between, word_starts_between

from .actors import assign_roles, find_actors
from .attribution import certainty, find_source, is_alleged
from .dates import find_date
from .events import find_triggers, refine
from .linking import link_location
from .numbers import find_fatalities, find_injuries
from .segments import clause_bounds

MERGE_SLACK_KM = 10.0  # two mentions of one article are at one place when this close, beyond their radii
# Words around a trigger (and around the event's actors) within which a place of the same clause is
# the event's own; a place further off in a long clause counts as the sentence's.
LINK_WORDS_BEFORE, LINK_WORDS_AFTER, ACTOR_LINK_WORDS = 8, 15, 6
ACTOR_WINDOW_BEFORE, ACTOR_WINDOW_AFTER = 6, 12
APPOSITION_WORDS = 3  # a place starting this close after the linked words may refine their place
SCOPES = ("clause", "sentence", "paragraph", "title", "article")
PRIMARY_ROLES = ("attacker", "target")


@dataclass
class Candidate:
    """One mention of an event in one sentence; after merging, the event with all its mentions (`parts`)."""

    rule: object
    actors: list
    date: object  # DateFinding or None
    location: dict
    evidence: tuple  # original (start, end)
    source: str
    certainty: float
    alleged: bool
    fatalities: object
    mentions: list = field(default_factory=list)
    injuries: object = None
    others: list = field(default_factory=list)  # actors of the sentence that are not the event's
    claims: list = field(default_factory=list)
    parts: list = field(default_factory=list)


def _window(norm_text, nstart, nend, lo, hi, before, after):
    """[start, end) covering `before` words before and `after` words after a span, inside [lo, hi)."""
    left = word_starts_between(norm_text, lo, nstart)
    right = word_ends_between(norm_text, nend, hi)
    start = left[-before] if len(left) >= before else lo
    end = right[after - 1] if len(right) >= after else hi
    return start, end


def following_words(norm_text, start, limit, count):
    """[start, end) over the next `count` words after `start`, not past `limit`."""
    ends = word_ends_between(norm_text, start, limit)
    return start, ends[count - 1] if len(ends) >= count else limit


def link_window(norm_text, trigger, actors, clause_start, clause_end):
    """The part of a clause tied to an event: around its trigger and around its actors."""
    start, end = _window(norm_text, trigger.nstart, trigger.nend, clause_start, clause_end,
                         LINK_WORDS_BEFORE, LINK_WORDS_AFTER)
    for a in actors:
        s, e = _window(norm_text, a.nstart, a.nend, clause_start, clause_end, ACTOR_LINK_WORDS, ACTOR_LINK_WORDS)
        start, end = min(start, s), max(end, e)
    return start, end


def actor_window(norm_text, trigger, clause_start, clause_end):
    """The part of a clause close enough to a trigger for its actors to be the event's."""
    return _window(norm_text, trigger.nstart, trigger.nend, clause_start, clause_end,
                   ACTOR_WINDOW_BEFORE, ACTOR_WINDOW_AFTER)


def sentence_candidates(text, norm, to_norm, sentence, locations, focus, paragraph_span, published,
                        lexicon=None):
    """Incident candidates of one sentence: one per kind of trigger."""
    ns, ne = to_norm(sentence.start), to_norm(sentence.end)
    out = []
    triggers = find_triggers(norm.text, ns, ne)
    if not triggers:
        return out
    clause_spans = [(to_norm(s), to_norm(e)) for s, e in clause_bounds(text, sentence)]
    sentence_actors = find_actors(norm.text, ns, ne, lexicon)
    for trig in triggers:
        cs, ce = next(((s, e) for s, e in clause_spans if s <= trig.nstart < e), (ns, ne))
        ws, we = actor_window(norm.text, trig, cs, ce)
        nearby = [a for a in sentence_actors if ws <= a.nstart and a.nend <= we and _nearest(a, triggers) is trig]
        actors = assign_roles(norm.text, trig, nearby)
        roles = {a["name"] for a in actors}
        others = [a.name for a in sentence_actors if a.name not in roles]
        window = link_window(norm.text, trig, nearby, cs, ce)
        apposition = following_words(norm.text, window[1], ne, APPOSITION_WORDS)
        location = link_location(locations, trig.nstart, [window, (ns, ne), paragraph_span], focus, apposition)
        date = find_date(norm.text, cs, ce, published)
        if date is None and len(triggers) == 1:
            date = find_date(norm.text, ns, ne, published)
        source = find_source(norm.text, ns, ne) or find_source(norm.text, *paragraph_span)
        cand = Candidate(
            rule=refine(trig.rule, actors), actors=actors, date=date,
            location=location, evidence=(sentence.start, sentence.end), source=source,
            certainty=certainty(norm.text, ns, ne), alleged=is_alleged(norm.text, ns, ne),
            fatalities=find_fatalities(norm.text, ns, ne), injuries=find_injuries(norm.text, ns, ne),
            mentions=[(sentence.start, sentence.end)], others=others)
        cand.parts = [cand]
        out.append(cand)
    return out


def _nearest(actor, triggers):
    """The trigger closest to an actor mention, so each actor belongs to one event of a sentence."""
    def gap(t):
        return max(t.nstart - actor.nend, actor.nstart - t.nend, 0)
    return min(triggers, key=gap)


def _specificity(loc):
    """Lower is better: the narrowest scope first, then precision, then uncertainty."""
    if not loc:
        return (9, 9, 1e9)
    return (SCOPES.index(loc.get("scope", "article")), loc["precision"], loc["uncertainty_km"])


def _refers_to(derived, place):
    return bool(derived and place and place.get("place_id") in derived.get("reference_place_ids", ()))


def _more_specific(a, b):
    """A location measured from the other's place ("25 km north-east of X", "between X and Y") beats X,
    and X beats its vicinity; else the narrower scope, then precision, then uncertainty."""
    if _refers_to(a, b):
        return a.get("derived") != "vicinity"
    if _refers_to(b, a):
        return b.get("derived") == "vicinity"
    return _specificity(a) < _specificity(b)


def _same_place(a, b):
    """Two mentions' locations can be one event's: one lies within the other's reach."""
    if not a or not b or not a.get("scope") == b.get("scope") == "clause":
        return True  # a place from a wider scope than the mention's clause does not tell events apart
    if _refers_to(a, b) or _refers_to(b, a):
        return True  # "25 km north-east of X" and X: one event told with and without the offset
    if max(a["precision"], b["precision"]) == 3:
        return True  # nor does a region: "a bomber from the Badia" is background to the bombing
    if (a.get("place_id") and b.get("place_id")
            and a["place_id"] != b["place_id"] and a["precision"] == b["precision"] == 1):
        return False  # two named towns, each tied to its own mention: two events
    reach = a["uncertainty_km"] + b["uncertainty_km"] + MERGE_SLACK_KM
    return haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) <= reach


def _compatible(a, b):
    """Same kind of event, not told apart by history, an explicit date or the places."""
    if a.rule.kind != b.rule.kind:
        return False
    if bool(a.date and a.date.historical) != bool(b.date and b.date.historical):
        return False
    if a.date and b.date and a.date.basis == b.date.basis == "explicit" and a.date.date != b.date.date:
        return False
    return _same_place(a.location, b.location)


def _merge_actors(into, more):
    for actor in more:
        known = next((a for a in into if a["name"] == actor["name"]), None)
        if known is None:
            into.append(dict(actor))
        elif known["role"] not in PRIMARY_ROLES and actor["role"] in PRIMARY_ROLES:
            known["role"] = actor["role"]


def _fold(target, cand):
    target.parts.append(cand)
    target.mentions.extend(cand.mentions)
    if _more_specific(cand.location, target.location):
        target.location, target.evidence = cand.location, cand.evidence
    target.date = target.date or cand.date
    target.source = target.source or cand.source
    target.certainty = max(target.certainty, cand.certainty)
    target.fatalities = max(filter(None, (target.fatalities, cand.fatalities)), default=None)
    target.injuries = max(filter(None, (target.injuries, cand.injuries)), default=None)


def _settle(event):
    """Actors, allegation and claims of a merged event. An event reported at least once as plain fact is
    not alleged; what only its hedged or accusing mentions add (an actor behind it, a link to a third
    party) becomes a claim with who makes it, not an actor of the event."""
    plain = [p for p in event.parts if not p.alleged]
    event.alleged = not plain
    actors = []
    for p in plain or event.parts:
        _merge_actors(actors, p.actors)
    if plain:
        for p in event.parts:
            if p.alleged:
                _merge_actors(actors, [a for a in p.actors if a["role"] in PRIMARY_ROLES])
    named = {a["name"] for a in actors}
    event.actors = actors
    event.claims = []
    for p in event.parts if plain else []:  # an alleged event is itself the claim
        if not p.alleged:
            continue
        about = []
        for name in [a["name"] for a in p.actors] + p.others:
            if name not in named and name not in about:
                about.append(name)
        event.claims.append({"about": about, "claimed_by": p.source, "certainty": p.certainty,
                             "evidence": {"start": p.evidence[0], "end": p.evidence[1]}})
    return event


def merge(candidates):
    """One incident per event: repeated compatible mentions of the same kind fold together."""
    merged, by_kind = [], {}
    for cand in candidates:
        same_kind = by_kind.setdefault(cand.rule.kind, [])
        target = next((m for m in same_kind if _compatible(m, cand)), None)
        if target is None:
            merged.append(cand)
            same_kind.append(cand)
        else:
            _fold(target, cand)
    return [_settle(m) for m in merged]

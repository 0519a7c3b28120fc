"""Turn triggers in sentences into incident candidates and merge repeated mentions of one event."""
import re
from dataclasses import dataclass, field

from gazetteer.core.geometry import haversine_km

from .actors import assign_roles, find_actors
from .attribution import certainty, find_source, is_alleged
from .dates import find_date
from .events import find_triggers
from .linking import link_location
from .numbers import find_fatalities
from .segments import clauses

MERGE_DISTANCE_KM = 150.0


@dataclass
class Candidate:
    """One mention of an event in one sentence."""

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


def sentence_candidates(text, norm, to_norm, sentence, locations, focus, paragraph_span, published):
    """Incident candidates of one sentence: one per kind of trigger."""
    ns, ne = to_norm(sentence.start), to_norm(sentence.end)
    out = []
    triggers = find_triggers(norm.text, ns, ne)
    for trig in triggers:
        clause = next((c for c in clauses(text, sentence)
                       if to_norm(c.start) <= trig.nstart < to_norm(c.end)), sentence)
        cs, ce = to_norm(clause.start), to_norm(clause.end)
        scopes = [(cs, ce), (ns, ne), paragraph_span]
        location = link_location(locations, trig.nstart, scopes, focus)
        ws, we = actor_window(norm.text, trig, cs, ce)
        nearby = [a for a in find_actors(norm.text, ws, we) if _nearest(a, triggers) is trig]
        actors = assign_roles(norm.text, trig, nearby)
        date = find_date(norm.text, cs, ce, published)
        if date is None and len(triggers) == 1:
            date = find_date(norm.text, ns, ne, published)
        source = find_source(norm.text, ns, ne) or find_source(norm.text, *paragraph_span)
        out.append(Candidate(
            rule=trig.rule, actors=actors, date=date,
            location=location, evidence=(sentence.start, sentence.end), source=source,
            certainty=certainty(norm.text, ns, ne), alleged=is_alleged(norm.text, ns, ne),
            fatalities=find_fatalities(norm.text, ns, ne),
            mentions=[(sentence.start, sentence.end)]))
    return out


SCOPES = ("clause", "sentence", "paragraph", "title", "article")
ACTOR_WINDOW_BEFORE, ACTOR_WINDOW_AFTER = 6, 12


def actor_window(norm_text, trigger, clause_start, clause_end):
    """The part of a clause close enough to a trigger for its actors to be the event's."""
    before = [m.start() for m in re.finditer(r"\S+", norm_text[clause_start:trigger.nstart])]
    start = clause_start + (before[-ACTOR_WINDOW_BEFORE] if len(before) >= ACTOR_WINDOW_BEFORE else 0)
    after = [m.end() for m in re.finditer(r"\S+", norm_text[trigger.nend:clause_end])]
    end = trigger.nend + (after[ACTOR_WINDOW_AFTER - 1] if len(after) >= ACTOR_WINDOW_AFTER else clause_end - trigger.nend)
    return start, end


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


def _compatible(a, b):
    if a.rule.kind != b.rule.kind:
        return False
    historical_a = bool(a.date and a.date.historical)
    historical_b = bool(b.date and b.date.historical)
    if historical_a != historical_b:
        return False
    if a.date and b.date and a.date.basis == b.date.basis == "explicit" and a.date.date != b.date.date:
        return False
    if a.location and b.location and a.location.get("scope") == b.location.get("scope") == "clause":
        if haversine_km(a.location["lat"], a.location["lon"], b.location["lat"], b.location["lon"]) > MERGE_DISTANCE_KM:
            return False
    return True


def _merge_actors(into, more):
    for actor in more:
        known = next((a for a in into if a["name"] == actor["name"]), None)
        if known is None:
            into.append(dict(actor))
        elif known["role"] == "actor" and actor["role"] != "actor":
            known["role"] = actor["role"]


def merge(candidates):
    """One incident per event: repeated compatible mentions of the same kind fold together."""
    merged = []
    for cand in candidates:
        target = next((m for m in merged if _compatible(m, cand)), None)
        if target is None:
            merged.append(cand)
            continue
        _merge_actors(target.actors, cand.actors)
        target.mentions.extend(cand.mentions)
        if _specificity(cand.location) < _specificity(target.location):
            target.location, target.evidence = cand.location, cand.evidence
        target.date = target.date or cand.date
        target.source = target.source or cand.source
        target.certainty = max(target.certainty, cand.certainty)
        target.alleged = target.alleged or cand.alleged
        target.fatalities = max(filter(None, (target.fatalities, cand.fatalities)), default=None)
    return merged

"""Build eval/news/gold.jsonl from the marked-up articles and their incident sidecars (pure Python, no Django).

Usage:  python eval/news/build.py            # write gold.jsonl
        python eval/news/build.py --check    # exit 1 if gold.jsonl differs from a fresh build

Article file `articles/NN-slug.txt`: front matter (`key: value` lines), a line `---`, then the text with
toponyms marked up as `[[surface|lat,lon|type]]` or `[[surface|lat,lon|type|role]]` (role literal by default;
`-` instead of `lat,lon` for a mention with no coordinates). Sidecar `articles/NN-slug.json`:
`{"incidents": [...]}`; an incident may omit lat/lon and give `"place": "<surface>"` to take the coordinates of
the first located toponym of the article with that surface, and its `evidence` may be any passage of one sentence:
the gold file gets the whole sentence around it. See README.md for the annotation guidelines.
"""
import argparse
import datetime
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
GOLD = HERE / "gold.jsonl"

MARKUP = re.compile(r"\[\[([^\[\]|]+)\|([^\[\]|]+)\|([^\[\]|]+)(?:\|([^\[\]|]+))?\]\]")
ROLES = ("literal", "metonymic", "organization")
TYPES = (
    "country", "governorate", "city", "town", "village", "camp", "base", "airport", "crossing", "station",
    "region", "border",
)
FRONT_MATTER_KEYS = ("published", "outlet", "url")
# ACLED event type -> sub-event types used in this set.
ACLED = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Air/drone strike", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Suicide bomb"),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention"),
    "Strategic developments": ("Arrests", "Headquarters or base established", "Disrupted weapons use", "Other"),
}
# The kind of event an analyst would name (several kinds share one ACLED sub-event type, e.g. "Other").
CATEGORIES = {
    "clash": ("Battles", "Armed clash"),
    "attack": ("Violence against civilians", "Attack"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "ied": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide": ("Explosions/Remote violence", "Suicide bomb"),
    "arrests": ("Strategic developments", "Arrests"),
    "gov_regains": ("Battles", "Government regains territory"),
    "nonstate_takes": ("Battles", "Non-state actor overtakes territory"),
    "base": ("Strategic developments", "Headquarters or base established"),
    "troop_movement": ("Strategic developments", "Other"),
    "exercise": ("Strategic developments", "Other"),
    "intercepted": ("Strategic developments", "Disrupted weapons use"),
    "protest": ("Protests", "Peaceful protest"),
    "protest_intervention": ("Protests", "Protest with intervention"),
}
ACTOR_ROLES = ("attacker", "target", "actor")
SENTENCE_ENDS = ".!؟\n"
INCIDENT_KEYS = ("event_type", "sub_event_type", "category", "date", "lat", "lon", "location", "actors",
                 "fatalities", "evidence", "historical")


class AnnotationError(ValueError):
    """An article or sidecar that breaks the annotation format."""


def _date(value, where):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise AnnotationError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def _coords(value, where):
    if value.strip() == "-":
        return None, None
    try:
        lat, lon = (float(part) for part in value.split(","))
    except ValueError:
        raise AnnotationError(f"{where}: coordinates {value!r} are not 'lat,lon' or '-'") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise AnnotationError(f"{where}: coordinates {value!r} out of range")
    return lat, lon


def parse_front_matter(raw, where):
    """(metadata dict, body) of an article file."""
    head, sep, body = raw.partition("\n---\n")
    if not sep:
        raise AnnotationError(f"{where}: no '---' line after the front matter")
    meta = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        if not colon:
            raise AnnotationError(f"{where}: front matter line {line!r} is not 'key: value'")
        meta[key.strip()] = value.strip()
    missing = [k for k in FRONT_MATTER_KEYS if not meta.get(k)]
    if missing:
        raise AnnotationError(f"{where}: front matter lacks {', '.join(missing)}")
    _date(meta["published"], where)
    return meta, body.strip("\n")


def strip_markup(body, where):
    """(plain text, toponyms with offsets into it) of a marked-up body."""
    out, toponyms, pos = [], [], 0
    length = 0
    for m in MARKUP.finditer(body):
        chunk = body[pos:m.start()]
        out.append(chunk)
        length += len(chunk)
        surface, coords, kind, role = m.group(1), m.group(2), m.group(3).strip(), (m.group(4) or "literal").strip()
        here = f"{where}: [[{surface}]]"
        if surface != surface.strip() or not surface:
            raise AnnotationError(f"{here}: surface has leading or trailing space")
        if kind not in TYPES:
            raise AnnotationError(f"{here}: type {kind!r} not in {TYPES}")
        if role not in ROLES:
            raise AnnotationError(f"{here}: role {role!r} not in {ROLES}")
        lat, lon = _coords(coords, here)
        if lat is None and role != "organization":
            raise AnnotationError(f"{here}: only organisation mentions may lack coordinates")
        toponyms.append({"start": length, "end": length + len(surface), "surface": surface,
                         "lat": lat, "lon": lon, "type": kind, "role": role})
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(body[pos:])
    text = "".join(out)
    stray = [i for i in (text.find("[["), text.find("]]")) if i >= 0]
    if stray:
        raise AnnotationError(f"{where}: malformed markup left in the text near {text[min(stray):][:40]!r}")
    for t in toponyms:
        if text[t["start"]:t["end"]] != t["surface"]:
            raise AnnotationError(f"{where}: span {t['surface']!r} does not round-trip")
    return text, toponyms


def sentence_around(text, passage, where):
    """The whole sentence of the text that contains the passage (which must occur exactly once)."""
    at = text.find(passage)
    if at < 0 or text.find(passage, at + 1) >= 0:
        raise AnnotationError(f"{where}: evidence must occur exactly once in the text: {passage[:50]!r}")
    start = max(text.rfind(ch, 0, at) for ch in SENTENCE_ENDS) + 1
    ends = [i for i in (text.find(ch, at + len(passage) - 1) for ch in SENTENCE_ENDS) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def check_incident(inc, text, toponyms, published, where):
    """A validated incident in the gold schema (coordinates filled from a toponym when `place` is given)."""
    inc = dict(inc)
    place = inc.pop("place", None)
    unknown = set(inc) - set(INCIDENT_KEYS)
    if unknown:
        raise AnnotationError(f"{where}: unknown keys {sorted(unknown)}")
    category = inc.get("category")
    if category not in CATEGORIES:
        raise AnnotationError(f"{where}: category {category!r} not in {sorted(CATEGORIES)}")
    if (inc.get("event_type"), inc.get("sub_event_type")) != CATEGORIES[category]:
        raise AnnotationError(f"{where}: {category} must be {CATEGORIES[category]}")
    if _date(inc.get("date"), where) > published:
        raise AnnotationError(f"{where}: incident dated after publication")
    if place is not None:
        match = [t for t in toponyms if t["surface"] == place and t["lat"] is not None]
        if not match:
            raise AnnotationError(f"{where}: place {place!r} is not a located toponym of the article")
        inc.setdefault("lat", match[0]["lat"])
        inc.setdefault("lon", match[0]["lon"])
    for key in ("lat", "lon", "location", "evidence"):
        if inc.get(key) in (None, ""):
            raise AnnotationError(f"{where}: {key} is missing")
    if not (-90 <= inc["lat"] <= 90 and -180 <= inc["lon"] <= 180):
        raise AnnotationError(f"{where}: lat/lon out of range")
    inc["evidence"] = sentence_around(text, inc["evidence"], where)
    actors = inc.get("actors")
    if not isinstance(actors, list) or not actors:
        raise AnnotationError(f"{where}: actors must be a non-empty list")
    for actor in actors:
        if set(actor) != {"name", "role"} or actor["role"] not in ACTOR_ROLES or not actor["name"]:
            raise AnnotationError(f"{where}: actor {actor!r} must be {{name, role in {ACTOR_ROLES}}}")
    fatalities = inc.get("fatalities", "absent")
    if fatalities is not None and (type(fatalities) is not int or fatalities < 0):
        raise AnnotationError(f"{where}: fatalities must be a count >= 0 or null")
    inc.setdefault("historical", False)
    if not isinstance(inc["historical"], bool):
        raise AnnotationError(f"{where}: historical must be true or false")
    return {key: inc[key] for key in INCIDENT_KEYS}


def build_article(path):
    """One gold record from an article file and its JSON sidecar."""
    where = path.name
    meta, body = parse_front_matter(path.read_text(encoding="utf-8"), where)
    text, toponyms = strip_markup(body, where)
    published = _date(meta["published"], where)
    sidecar = path.with_suffix(".json")
    if not sidecar.exists():
        raise AnnotationError(f"{where}: sidecar {sidecar.name} is missing")
    try:
        incidents = json.loads(sidecar.read_text(encoding="utf-8"))["incidents"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise AnnotationError(f"{sidecar.name}: not {{\"incidents\": [...]}} ({exc})") from None
    incidents = [check_incident(inc, text, toponyms, published, f"{sidecar.name}: incident {n}")
                 for n, inc in enumerate(incidents)]
    return {"id": f"news-{path.stem}", "text": text, "published": meta["published"], "outlet": meta["outlet"],
            "url": meta["url"], "toponyms": toponyms, "incidents": incidents}


def build(directory=ARTICLES):
    """Every article of the directory, in file-name order."""
    paths = sorted(Path(directory).glob("*.txt"))
    if not paths:
        raise AnnotationError(f"no articles in {directory}")
    return [build_article(p) for p in paths]


def dumps(records):
    """The gold file's content: one JSON object per line."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with gold.jsonl instead of writing it")
    args = parser.parse_args(argv)
    try:
        content = dumps(build())
    except AnnotationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = GOLD.read_text(encoding="utf-8") if GOLD.exists() else ""
        if current != content:
            print(f"{GOLD} is out of date: run python eval/news/build.py", file=sys.stderr)
            return 1
        print(f"{GOLD} is up to date")
        return 0
    GOLD.write_text(content, encoding="utf-8")
    records = content.count("\n")
    print(f"wrote {records} articles to {GOLD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

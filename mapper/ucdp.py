"""Load UCDP GED events as synthetic load-test incidents: column mapping, and replay with shifted dates."""
import csv
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .extraction.actors import ACTORS
from .incident_fields import fill_derived_fields
from .models import Incident

DEFAULT_PATH = Path("..") / "shared" / "data" / "ucdp-ged-syria" / "ged_syria_2016-2019.csv"
ID_PREFIX = "ucdp:"
BATCH_SIZE = 2000
REQUIRED_COLUMNS = ("id", "type_of_violence", "side_a", "side_b", "date_start", "date_end", "date_prec",
                    "best", "where_coordinates", "where_prec", "adm_1", "latitude", "longitude",
                    "source_office", "source_headline")

# UCDP type_of_violence → (ACLED event_type, sub_event_type).
EVENT_TYPES = {
    1: ("Battles", "Armed clash"),                  # state-based conflict
    2: ("Battles", "Armed clash"),                  # non-state conflict
    3: ("Violence against civilians", "Attack"),    # one-sided violence
}

# UCDP actor names → the canonical names of mapper/extraction/actors.py (others keep UCDP's name).
CANONICAL_ACTORS = {
    "Government of Syria": "Military Forces of Syria",
    "IS": "Islamic State (ISIS)",
    "SDF": "Syrian Democratic Forces (SDF)",
    "HTS": "Hayat Tahrir al-Sham (HTS)",
    "Jabhat Fateh al-Sham": "Hayat Tahrir al-Sham (HTS)",
    "Syrian insurgents": "Syrian National Army / opposition factions",
    "SNA": "Syrian National Army / opposition factions",
    "FSA": "Syrian National Army / opposition factions",
    "National Front for Liberation": "Syrian National Army / opposition factions",
    "Sham Legion": "Syrian National Army / opposition factions",
    "NDF (Syria)": "National Defence Forces (NDF)",
    "Hezbollah": "Hezbollah",
    "Civilians": "Civilians",
    "Government of Turkey": "Military Forces of Turkey",
    "Government of Israel": "Military Forces of Israel",
    "Government of Iran": "Military Forces of Iran / IRGC",
    "Government of United States of America": "Military Forces of the United States",
    "Government of Russia (Soviet Union)": "Military Forces of Russia",
}

# UCDP adm_1 → the English governorate names of the gazetteer (used when no polygon holds the point).
GOVERNORATES = {
    "Al Hasakah Governorate": "Al-Hasakah",
    "Aleppo Governorate": "Aleppo",
    "Ar Raqqah Governorate": "Raqqa",
    "As Suwayda Governorate": "As-Suwayda",
    "Damascus Governorate": "Damascus",
    "Daraa Governorate": "Daraa",
    "Deir ez Zor Governorate": "Deir ez-Zor",
    "Hamah Governorate": "Hama",
    "Homs Governorate": "Homs",
    "Idlib Governorate": "Idlib",
    "Latakia Governorate": "Latakia",
    "Quneitra Governorate": "Quneitra",
    "Rif Dimashq Governorate": "Rif Dimashq",
    "Tartus Governorate": "Tartus",
}

# UCDP where_prec (1 exact place … 6 country) → ACLED geo precision and a radius of uncertainty in km.
UNCERTAINTY_KM = {1: 1.0, 2: 5.0, 3: 25.0, 4: 50.0}
FALLBACK_UNCERTAINTY_KM = 100.0


class UcdpFormatError(ValueError):
    """The file is not a readable UCDP GED CSV; the message says where and why."""


@dataclass(frozen=True)
class UcdpEvent:
    """The columns of one UCDP GED row that an incident is made from."""

    id: int
    type_of_violence: int
    side_a: str
    side_b: str
    date_start: dt.date
    date_end: dt.date
    date_prec: int
    best: int
    where_coordinates: str
    where_prec: int
    adm_1: str
    lat: float
    lon: float
    source_office: str
    source_headline: str


@dataclass
class LoadResult:
    """What a load did (or, in a dry run, would do)."""

    requested: int
    events: int
    replays: int
    existing: int
    created: int
    committed: bool


def default_path():
    """The shared UCDP Syria file, resolved from the project root."""
    return (Path(settings.BASE_DIR) / DEFAULT_PATH).resolve()


def _int(row, column, line):
    try:
        return int(row[column].strip())
    except (TypeError, ValueError):
        raise UcdpFormatError(f"line {line}: {column} must be an integer, got {row[column]!r}") from None


def _date(row, column, line):
    try:
        return dt.date.fromisoformat(row[column].strip())
    except (TypeError, ValueError):
        raise UcdpFormatError(f"line {line}: {column} must be a date YYYY-MM-DD, got {row[column]!r}") from None


def _coordinate(row, column, line, limit):
    try:
        value = float(row[column])
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or abs(value) > limit:
        raise UcdpFormatError(f"line {line}: {column} must be a number within ±{limit}, got {row[column]!r}")
    return value


def parse_row(row, line):
    """One UcdpEvent from a csv.DictReader row; UcdpFormatError names the line and column at fault."""
    if None in row or any(row[c] is None for c in REQUIRED_COLUMNS):
        raise UcdpFormatError(f"line {line}: wrong number of fields")
    event = UcdpEvent(
        id=_int(row, "id", line), type_of_violence=_int(row, "type_of_violence", line),
        side_a=row["side_a"].strip(), side_b=row["side_b"].strip(),
        date_start=_date(row, "date_start", line), date_end=_date(row, "date_end", line),
        date_prec=_int(row, "date_prec", line), best=_int(row, "best", line),
        where_coordinates=row["where_coordinates"].strip(), where_prec=_int(row, "where_prec", line),
        adm_1=row["adm_1"].strip(), lat=_coordinate(row, "latitude", line, 90),
        lon=_coordinate(row, "longitude", line, 180),
        source_office=row["source_office"].strip(), source_headline=row["source_headline"].strip())
    if event.type_of_violence not in EVENT_TYPES:
        raise UcdpFormatError(f"line {line}: type_of_violence must be 1, 2 or 3, got {event.type_of_violence}")
    if event.best < 0:
        raise UcdpFormatError(f"line {line}: best must be >= 0, got {event.best}")
    return event


def read_events(path):
    """Every event of a UCDP GED CSV file, in file order."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise UcdpFormatError(f"not a UCDP GED CSV: missing columns {', '.join(missing)}")
            events = [parse_row(row, reader.line_num) for row in reader]
    except OSError as exc:
        raise UcdpFormatError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise UcdpFormatError(f"{path} is not UTF-8: {exc}") from exc
    except csv.Error as exc:
        raise UcdpFormatError(f"{path}: malformed CSV: {exc}") from exc
    except UcdpFormatError as exc:
        raise UcdpFormatError(f"{path}: {exc}") from None
    if not events:
        raise UcdpFormatError(f"{path}: no events")
    ids = set()
    for event in events:
        if event.id in ids:
            raise UcdpFormatError(f"{path}: event id {event.id} appears twice")
        ids.add(event.id)
    return events


def replay_shift(events):
    """How far each replay moves dates: the dataset's span plus one day, so replays never overlap."""
    first = min(e.date_start for e in events)
    last = max(max(e.date_start, e.date_end) for e in events)
    return last - first + dt.timedelta(days=1)


def external_id(event_id, replay):
    """'ucdp:<id>' for the original event, 'ucdp:<id>:r<k>' for its k-th replay."""
    return f"{ID_PREFIX}{event_id}" if replay == 0 else f"{ID_PREFIX}{event_id}:r{replay}"


def planned(events, count):
    """[(event, replay)] of the first `count` incidents: the file in order, then replayed as often as needed."""
    return [(events[i % len(events)], i // len(events)) for i in range(count)]


def precision(where_prec):
    """ACLED geo precision: 1 exact place, 2 near it or in its district, 3 a wider region."""
    return 1 if where_prec <= 1 else 2 if where_prec <= 3 else 3


def uncertainty_km(where_prec):
    return UNCERTAINTY_KM.get(max(1, where_prec), FALLBACK_UNCERTAINTY_KM)


def time_precision(date_prec):
    """ACLED time precision (1 day, 2 week, 3 month) from UCDP date_prec (1 day … 5 longer)."""
    return 1 if date_prec <= 1 else 2 if date_prec == 2 else 3


def actor_code(canonical, name):
    """ACLED interaction code of an actor: the lexicon's, else a guess from UCDP's naming."""
    if canonical in ACTORS:
        return ACTORS[canonical][0]
    if name.startswith("Government of "):
        return 8
    if name.endswith(" clan"):
        return 4
    return 2


def actors(side_a, side_b):
    """[{name, role, inter}]: each group of side A as attacker, of side B as target (UCDP joins groups with ',')."""
    out, seen = [], set()
    for side, role in ((side_a, "attacker"), (side_b, "target")):
        for name in (part.strip() for part in side.split(",")):
            canonical = CANONICAL_ACTORS.get(name, name)
            if name and (canonical, role) not in seen:
                seen.add((canonical, role))
                out.append({"name": canonical, "role": role, "inter": actor_code(canonical, name)})
    return out


def build_incident(event, replay, shift):
    """An unsaved synthetic Incident for one event (its k-th replay has dates moved by k × shift)."""
    event_type, sub_event_type = EVENT_TYPES[event.type_of_violence]
    headline = event.source_headline or event.where_coordinates
    return Incident(
        article=None, event_type=event_type, sub_event_type=sub_event_type,
        actors=actors(event.side_a, event.side_b), date=event.date_start + shift * replay,
        time_precision=time_precision(event.date_prec), location_name=event.where_coordinates[:300],
        geometry={"type": "Point", "coordinates": [event.lon, event.lat]}, lat=event.lat, lon=event.lon,
        min_lon=event.lon, min_lat=event.lat, max_lon=event.lon, max_lat=event.lat,
        precision=precision(event.where_prec), uncertainty_km=uncertainty_km(event.where_prec),
        evidence_start=0, evidence_end=len(headline), evidence_text=headline, certainty=1.0,
        fatalities=event.best, outlet=event.source_office[:200], synthetic=True,
        external_id=external_id(event.id, replay))


def fill_fields(incidents, events):
    """fill_derived_fields, then the UCDP adm_1 governorate where no gazetteer polygon holds the point."""
    fill_derived_fields(incidents)
    for incident, event in zip(incidents, events):
        if not incident.governorate:
            incident.governorate = GOVERNORATES.get(event.adm_1, "")
    return incidents


def existing_ids():
    """The external ids of UCDP incidents already stored."""
    return set(Incident.objects.filter(external_id__startswith=ID_PREFIX).values_list("external_id", flat=True))


def load(path, count, commit=False, batch_size=BATCH_SIZE, progress=None):
    """Make `count` synthetic incidents from a UCDP GED CSV, skipping those already stored (by external_id).
    Writes only when `commit`; `progress(n)` is called after each batch of n incidents handled."""
    if count < 0:
        raise ValueError("count must be >= 0")
    events = read_events(path)
    shift = replay_shift(events)
    plan = planned(events, count)
    stored = existing_ids()
    todo = [(event, replay) for event, replay in plan if external_id(event.id, replay) not in stored]
    result = LoadResult(requested=count, events=len(events), replays=max((r for _, r in plan), default=0),
                        existing=count - len(todo), created=0, committed=commit)
    if not commit:
        result.created = len(todo)
        if progress:
            progress(count)
        return result
    if progress and result.existing:
        progress(result.existing)
    with transaction.atomic():
        for start in range(0, len(todo), batch_size):
            chunk = todo[start:start + batch_size]
            incidents = [build_incident(event, replay, shift) for event, replay in chunk]
            Incident.objects.bulk_create(fill_fields(incidents, [event for event, _ in chunk]))
            result.created += len(chunk)
            if progress:
                progress(len(chunk))
    return result


def loaded_incidents():
    """The synthetic incidents this loader made."""
    return Incident.objects.filter(synthetic=True, external_id__startswith=ID_PREFIX)


def delete_loaded(commit=False):
    """Remove the synthetic UCDP incidents (only when `commit`); returns how many there are (were)."""
    qs = loaded_incidents()
    count = qs.count()
    if commit and count:
        with transaction.atomic():
            qs.delete()
    return count

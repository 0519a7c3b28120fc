"""The UCDP GED loader: dry run, commit, idempotence, replays with shifted dates, field mapping, bad files."""
import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from gazetteer.models import Place
from mapper import ucdp
from mapper.extraction.actors import ACTORS
from mapper.models import Incident

pytestmark = pytest.mark.django_db

# UCDP GED 19.1's 41 columns, in its order.
HEADER = ("id,year,active_year,type_of_violence,conflict_new_id,conflict_name,dyad_new_id,dyad_name,side_a_new_id,"
          "side_a,side_b_new_id,gwnob,side_b,number_of_sources,source_article,source_office,source_date,"
          "source_headline,source_original,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,geom_wkt,"
          "priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,"
          "deaths_civilians,deaths_unknown,low,best,high").split(",")


def event_row(**values):
    row = dict.fromkeys(HEADER, "")
    row.update(country="Syria", region="Middle East", year="2016", active_year="1", event_clarity="1",
               date_prec="1", where_prec="1", best="0", source_office="SOHR")
    row.update({k: str(v) for k, v in values.items()})
    row["geom_wkt"] = f"POINT ({row['longitude']} {row['latitude']})"
    return row


EVENTS = [
    event_row(id=101, type_of_violence=1, side_a="Government of Syria", side_b="Syrian insurgents",
              date_start="2016-01-01", date_end="2016-01-01", best=4, where_prec=1,
              where_coordinates="Teir Maaleh village", adm_1="Homs Governorate", latitude=34.802462,
              longitude=36.707602, source_headline="14 shells hit Dahya al-Assad"),
    event_row(id=102, type_of_violence=2, side_a="Ahrar al-Sham, HTS, Southern Front", side_b="IS",
              date_start="2016-01-05", date_end="2016-01-06", date_prec=2, best=7, where_prec=3,
              where_coordinates="Daraa district", adm_1="Daraa Governorate", latitude=32.62, longitude=36.10,
              source_office="Airwars;SOHR", source_headline='Clashes <b>"west"</b> of Daraa'),
    event_row(id=103, type_of_violence=3, side_a="IS", side_b="Civilians", date_start="2016-01-10",
              date_end="2016-01-10", date_prec=4, best=12, where_prec=5, where_coordinates="Deir ez-Zor province",
              adm_1="Deir ez Zor Governorate", latitude=35.33, longitude=40.14, source_headline="Executions"),
]
SPAN = dt.timedelta(days=10)  # 2016-01-01 … 2016-01-10, plus one day


def write_csv(path, rows, header=HEADER):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def ged_csv(tmp_path):
    return write_csv(tmp_path / "ged.csv", EVENTS)


def run(*args):
    out = io.StringIO()
    call_command("load_ucdp", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_dry_run_writes_nothing(ged_csv):
    output = run("--count", "5", "--path", str(ged_csv))
    assert Incident.objects.count() == 0
    assert "would create 5" in output and "dry run" in output


def test_commit_writes_n_and_a_second_run_adds_nothing(ged_csv):
    output = run("--count", "7", "--path", str(ged_csv), "--commit")
    assert "created 7" in output
    assert Incident.objects.count() == 7
    again = run("--count", "7", "--path", str(ged_csv), "--commit")
    assert "created 0" in again and "7 already loaded" in again
    assert Incident.objects.count() == 7
    run("--count", "9", "--path", str(ged_csv), "--commit")  # growing N adds only the new ones
    assert Incident.objects.count() == 9
    assert Incident.objects.values("external_id").distinct().count() == 9


def test_replays_get_their_own_ids_and_dates_shifted_past_the_previous_copy(ged_csv):
    run("--count", "7", "--path", str(ged_csv), "--commit")
    by_id = {i.external_id: i for i in Incident.objects.all()}
    assert sorted(by_id) == sorted(["ucdp:101", "ucdp:102", "ucdp:103", "ucdp:101:r1", "ucdp:102:r1",
                                    "ucdp:103:r1", "ucdp:101:r2"])
    assert by_id["ucdp:101"].date == dt.date(2016, 1, 1)
    assert by_id["ucdp:101:r1"].date == dt.date(2016, 1, 1) + SPAN
    assert by_id["ucdp:101:r2"].date == dt.date(2016, 1, 1) + 2 * SPAN
    assert by_id["ucdp:103"].date < by_id["ucdp:101:r1"].date  # the copies never overlap
    assert all(i.synthetic and i.article_id is None and i.certainty == 1.0 for i in by_id.values())
    original, replay = by_id["ucdp:102"], by_id["ucdp:102:r1"]
    assert (original.location_name, original.actors, original.lat) == (replay.location_name, replay.actors, replay.lat)


def test_types_actors_places_and_sources_are_mapped(ged_csv):
    run("--count", "3", "--path", str(ged_csv), "--commit")
    state, nonstate, onesided = (Incident.objects.get(external_id=f"ucdp:{n}") for n in (101, 102, 103))
    assert (state.event_type, state.sub_event_type) == ("Battles", "Armed clash")
    assert (nonstate.event_type, nonstate.sub_event_type) == ("Battles", "Armed clash")
    assert (onesided.event_type, onesided.sub_event_type) == ("Violence against civilians", "Attack")
    assert state.actors == [
        {"name": "Military Forces of Syria", "role": "attacker", "inter": 1},
        {"name": "Syrian National Army / opposition factions", "role": "target", "inter": 2}]
    assert [(a["name"], a["role"]) for a in nonstate.actors] == [
        ("Ahrar al-Sham", "attacker"), ("Hayat Tahrir al-Sham (HTS)", "attacker"), ("Southern Front", "attacker"),
        ("Islamic State (ISIS)", "target")]
    assert onesided.actor_index == "|Islamic State (ISIS)|Civilians|"
    assert (state.precision, state.uncertainty_km) == (1, 1.0)
    assert (nonstate.precision, nonstate.uncertainty_km) == (2, 25.0)
    assert (onesided.precision, onesided.uncertainty_km) == (3, 100.0)
    assert (state.time_precision, nonstate.time_precision, onesided.time_precision) == (1, 2, 3)
    assert state.geometry == {"type": "Point", "coordinates": [36.707602, 34.802462]}
    assert (state.min_lon, state.max_lat) == (36.707602, 34.802462)
    assert (state.fatalities, onesided.fatalities) == (4, 12)
    assert nonstate.outlet == "Airwars;SOHR" and nonstate.evidence_text == 'Clashes <b>"west"</b> of Daraa'
    assert nonstate.evidence_end == len(nonstate.evidence_text)
    assert state.location_name == "Teir Maaleh village"
    assert (state.governorate, nonstate.governorate, onesided.governorate) == ("Homs", "Daraa", "Deir ez-Zor")
    assert "teir maaleh" in state.search_text


def test_a_governorate_polygon_wins_over_adm_1(ged_csv):
    ring = [[36.0, 34.0], [37.5, 34.0], [37.5, 35.5], [36.0, 35.5], [36.0, 34.0]]
    Place.objects.create(name_ar="حمص", name_en="Homs (polygon)", feature_type="governorate",
                         geometry={"type": "Polygon", "coordinates": [ring]}, lon=36.7, lat=34.7, min_lon=36.0,
                         min_lat=34.0, max_lon=37.5, max_lat=35.5, country="SY", source="test", external_id="t-homs")
    run("--count", "2", "--path", str(ged_csv), "--commit")
    assert Incident.objects.get(external_id="ucdp:101").governorate == "Homs (polygon)"
    assert Incident.objects.get(external_id="ucdp:102").governorate == "Daraa"  # outside it: adm_1


def test_canonical_actor_names_exist_in_the_lexicon():
    assert set(ucdp.CANONICAL_ACTORS.values()) <= set(ACTORS)


def test_delete_removes_only_loaded_synthetic_incidents(ged_csv):
    run("--count", "4", "--path", str(ged_csv), "--commit")
    own = Incident.objects.create(event_type="Battles", sub_event_type="Armed clash", evidence_text="ours",
                                  external_id="ucdp:999")  # not synthetic: ours, not loaded
    assert "would delete 4" in run("--delete")
    assert Incident.objects.count() == 5
    assert "deleted 4" in run("--delete", "--commit")
    assert list(Incident.objects.all()) == [own]


def test_bad_paths_and_malformed_files_are_command_errors(tmp_path, ged_csv):
    with pytest.raises(CommandError, match="cannot read"):
        run("--count", "3", "--path", str(tmp_path / "absent.csv"))
    with pytest.raises(CommandError, match="missing columns.*latitude"):
        run("--count", "3", "--path", str(write_csv(tmp_path / "cols.csv", EVENTS,
                                                       [c for c in HEADER if c != "latitude"])))
    bad_date = [EVENTS[0], {**EVENTS[1], "date_start": "05/01/2016"}]
    with pytest.raises(CommandError, match="line 3: date_start"):
        run("--count", "3", "--path", str(write_csv(tmp_path / "date.csv", bad_date)))
    with pytest.raises(CommandError, match="latitude"):
        run("--count", "3", "--path", str(write_csv(tmp_path / "lat.csv", [{**EVENTS[0], "latitude": "north"}])))
    with pytest.raises(CommandError, match="type_of_violence"):
        run("--count", "3", "--path", str(write_csv(tmp_path / "type.csv", [{**EVENTS[0], "type_of_violence": 4}])))
    with pytest.raises(CommandError, match="no events"):
        run("--count", "3", "--path", str(write_csv(tmp_path / "empty.csv", [])))
    with pytest.raises(CommandError, match="appears twice"):
        run("--count", "3", "--path", str(write_csv(tmp_path / "twice.csv", [EVENTS[0], EVENTS[0]])))
    (tmp_path / "short.csv").write_text(",".join(HEADER) + "\n1,2016,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="wrong number of fields"):
        run("--count", "3", "--path", str(tmp_path / "short.csv"))
    (tmp_path / "latin1.csv").write_bytes(",".join(HEADER).encode() + b"\n\xe9\xff\n")
    with pytest.raises(CommandError, match="not UTF-8"):
        run("--count", "3", "--path", str(tmp_path / "latin1.csv"))
    with pytest.raises(CommandError, match="--count"):
        run("--path", str(ged_csv))
    with pytest.raises(CommandError, match="--count must be"):
        run("--count", "-1", "--path", str(ged_csv))
    assert Incident.objects.count() == 0


@pytest.mark.shared
def test_the_shared_file_loads_with_a_labelled_replay(shared_dir):
    path = shared_dir / "data" / "ucdp-ged-syria" / "ged_syria_2016-2019.csv"
    assert ucdp.default_path() == path.resolve()
    result = ucdp.load(path, 20_000, commit=True)
    assert (result.events, result.replays, result.created, result.existing) == (16_566, 1, 20_000, 0)
    loaded = Incident.objects.all()
    assert loaded.count() == 20_000 and loaded.filter(synthetic=False).count() == 0
    replays = loaded.filter(external_id__endswith=":r1")
    assert replays.count() == 20_000 - 16_566
    originals = loaded.exclude(external_id__contains=":r")
    last_original = originals.order_by("-date").values_list("date", flat=True).first()
    first_replay = replays.order_by("date").values_list("date", flat=True).first()
    assert last_original <= dt.date(2019, 12, 1) < first_replay
    assert loaded.filter(governorate="").count() < 0.03 * 20_000  # UCDP leaves adm_1 empty for ~2%
    assert loaded.filter(actor_index__contains="|Military Forces of Syria|").count() > 10_000
    assert ucdp.load(path, 20_000, commit=False).created == 0

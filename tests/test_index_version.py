"""The rules version stored with the alias keys: keys are recomputed when it changes, and rebuild_index."""
import io

import pytest
from django.core.management import call_command

from gazetteer import store
from gazetteer.core.model import AliasRecord, PlaceRecord
from gazetteer.core.normalize import normalize_key
from gazetteer.core.variants import INDEX_RULES_VERSION
from gazetteer.importer import import_places
from gazetteer.models import Alias, GazetteerState

pytestmark = pytest.mark.django_db


def record(ext_id, name_ar, name_en, aliases=()):
    return PlaceRecord(ext_id, name_ar, name_en, "town", {"type": "Point", "coordinates": [40.1, 35.3]}, 35.3, 40.1,
                       country="SY", source="test", external_id=ext_id, aliases=[AliasRecord(a) for a in aliases])


@pytest.fixture
def places():
    summary = import_places([record("dez", "دير الزور", "Deir ez-Zor", ["ديرالزور"]),
                             record("raqqa", "الرقة", "Raqqa")], commit=True)
    assert summary.added == 2
    store.invalidate()
    yield
    store.invalidate()


def stale(text):
    """Give one alias a key the current rules would not compute."""
    Alias.objects.filter(text=text).update(key="stale")


def version():
    return GazetteerState.objects.filter(name=store.RULES_STATE).values_list("value", flat=True).first()


def test_a_database_without_a_version_is_brought_up_to_date(places):
    stale("الرقة")
    index = store.get_gazetteer()
    assert version() == INDEX_RULES_VERSION
    assert Alias.objects.get(text="الرقة").key == normalize_key("الرقة")
    assert {e.place_id for e in index.lookup(normalize_key("الرقة"))} == {Alias.objects.get(text="الرقة").place_id}


def test_current_version_leaves_keys_alone(places):
    GazetteerState.objects.create(name=store.RULES_STATE, value=INDEX_RULES_VERSION)
    stale("الرقة")
    store.get_gazetteer()
    assert Alias.objects.get(text="الرقة").key == "stale"  # no work when the rules did not change


def test_changed_rules_recompute_every_key_and_store_the_new_version(places, monkeypatch):
    GazetteerState.objects.create(name=store.RULES_STATE, value=INDEX_RULES_VERSION)
    monkeypatch.setattr(store, "INDEX_RULES_VERSION", "n9.v9")
    monkeypatch.setattr(store, "normalize_key", lambda text: "k:" + normalize_key(text))  # the new rules
    index = store.get_gazetteer()
    assert version() == "n9.v9"
    keys = dict(Alias.objects.values_list("text", "key"))
    assert keys == {text: "k:" + normalize_key(text) for text in keys}
    assert len(index) == 2
    assert store.ensure_rules_version() is None  # and once stored, nothing more to do


def test_recompute_reads_in_chunks_and_counts(places, monkeypatch):
    monkeypatch.setattr(store, "CHUNK_SIZE", 2)
    stale("الرقة")
    stale("Raqqa")
    changed, total = store.recompute_alias_keys(commit=False)
    assert (changed, total) == (2, Alias.objects.count())
    assert Alias.objects.get(text="Raqqa").key == "stale"  # a dry run writes nothing
    assert store.recompute_alias_keys(commit=True) == (2, total)
    assert Alias.objects.filter(key="stale").count() == 0


def test_rebuild_index_command_dry_run_then_commit(places):
    stale("ديرالزور")
    out = io.StringIO()
    call_command("rebuild_index", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "alias keys: 1 of" in text and "would change" in text and "dry run" in text
    assert "index built in" in text and "2 places" in text
    assert Alias.objects.get(text="ديرالزور").key == "stale" and version() is None

    out = io.StringIO()
    call_command("rebuild_index", "--commit", stdout=out, stderr=io.StringIO())
    assert "alias keys: 1 of" in out.getvalue() and "committed" in out.getvalue()
    assert Alias.objects.get(text="ديرالزور").key == normalize_key("ديرالزور")
    assert version() == INDEX_RULES_VERSION

"""The seed-article report: it runs, the expectations met today stay met, and `evaluate --seed` prints it."""
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from mapper.seed_report import Check, format_report, seed_report

pytestmark = pytest.mark.shared
PUBLISHED = dt.date(2023, 8, 15)
# Expectations the parser does not meet yet (none at the moment); every other item of the report must pass.
NOT_MET_YET = set()


@pytest.fixture(scope="module")
def report(seed_article, full_index):
    return seed_report(seed_article, full_index, published=PUBLISHED)


def test_the_report_covers_places_and_the_five_incidents(report):
    assert all(isinstance(c, Check) and c.item and c.expected and c.got for c in report)
    items = [c.item for c in report]
    assert len(items) == len(set(items))
    for prefix in ("place:", "not a place:", "incident 1", "incident 2", "incident 3", "incident 4", "incident 5"):
        assert any(i.startswith(prefix) for i in items), prefix
    assert "incident 1: geometry" in items and "incident 5: historical 2017" in items


def test_the_expectations_met_today_stay_met(report):
    failing = [(c.item, c.expected, c.got) for c in report if not c.ok and c.item not in NOT_MET_YET]
    assert not failing


def test_the_table_counts_what_is_met(report):
    table = format_report(report)
    assert table.splitlines()[-1] == f"{sum(c.ok for c in report)}/{len(report)} expectations met"


def test_without_a_publication_date_the_date_items_are_left_out(seed_article, full_index):
    items = [c.item for c in seed_report(seed_article, full_index)]
    assert "incident 1: date" not in items and "incident 1: geometry" in items


@pytest.fixture
def gazetteer_db(db):
    call_command("load_gazetteer", "--commit", "--source", "curated", stdout=io.StringIO(), stderr=io.StringIO())


def run(*args):
    out = io.StringIO()
    call_command("evaluate", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_evaluate_seed_prints_the_table_and_json(gazetteer_db, shared_dir):
    path = str(shared_dir / "samples" / "seed-article-ar.txt")
    table = run("--seed", path, "--published", "2023-08-15")
    assert "incident 1: geometry" in table and "expectations met" in table
    assert "2023-08-15 (publication date, said so)" in table
    checks = json.loads(run("--seed", path, "--published", "2023-08-15", "--json"))
    assert {"item", "expected", "got", "ok"} == set(checks[0])
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--seed", path, "--published", "15/08/2023")
    with pytest.raises(CommandError, match="cannot read"):
        run("--seed", str(shared_dir / "no-such-article.txt"))

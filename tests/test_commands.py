"""The command-line contract: geoparse (file, directory, errors) and ingest (stores, idempotent)."""
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from mapper.models import Article, Incident

SAMPLES = Path(__file__).resolve().parent.parent / "mapper" / "samples"
ARTICLE = ("published: 2021-05-02\nsource: شبكة اختبار\n---\n"
           "اشتباكات في دير الزور\n\nاندلعت اشتباكات عنيفة أمس بين الجيش السوري وخلايا تنظيم داعش "
           "قرب مدينة الميادين بريف ديرالزور الشرقي، ما أدى إلى مقتل ثلاثة عناصر.\n")


@pytest.fixture
def gazetteer_db(db):
    call_command("load_gazetteer", "--commit", "--source", "curated", stdout=io.StringIO(), stderr=io.StringIO())


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_geoparse_file_prints_the_contract(gazetteer_db, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = json.loads(run("geoparse", str(path)))
    assert set(result) == {"toponyms", "incidents"}
    text = ARTICLE.split("---\n", 1)[1]
    for t in result["toponyms"]:
        assert text[t["start"]:t["end"]] == t["surface"]
        assert t["role"] in ("literal", "metonymic", "organization")
    clash = next(i for i in result["incidents"] if i["sub_event_type"] == "Armed clash")
    assert clash["date"] == "2021-05-01" and clash["time_precision"] == 1
    assert clash["location"]["name"] == "محيط الميادين" and clash["location"]["precision"] == 2
    assert clash["fatalities"] == 3
    assert {"name", "geometry", "lat", "lon", "precision", "uncertainty_km"} <= set(clash["location"])
    assert {"start", "end"} == set(clash["evidence"])


def test_geoparse_directory_prints_json_lines(gazetteer_db):
    lines = run("geoparse", str(SAMPLES)).strip().splitlines()
    assert len(lines) == len(list(SAMPLES.glob("*.txt")))
    assert all("file" in json.loads(line) for line in lines)


@pytest.mark.parametrize("content, message", [
    (b"", "empty"), (b"\x00\x01binary", "binary"), (b"\xff\xfe\xfa", "UTF-8"),
])
def test_geoparse_rejects_bad_input_clearly(gazetteer_db, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("geoparse", str(path))


def test_geoparse_rejects_a_bad_date_and_a_missing_path(gazetteer_db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("geoparse", str(SAMPLES), "--published", "2023-13-01")
    with pytest.raises(CommandError, match="no such file"):
        run("geoparse", "/nonexistent/article.txt")


def test_ingest_stores_and_is_idempotent(gazetteer_db, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    first = run("ingest", str(path))
    assert "1 ingested" in first
    article = Article.objects.get()
    assert article.source == "شبكة اختبار" and str(article.published) == "2021-05-02"
    assert Incident.objects.filter(article=article).exists()
    assert article.toponyms.exists()
    second = run("ingest", str(path))
    assert "0 ingested" in second and "1 already present" in second
    assert Article.objects.count() == 1

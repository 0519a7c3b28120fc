"""An event whose own sentence states no date takes the day the article's lead states."""
import datetime as dt

from mapper.extraction.pipeline import geoparse

ARTICLE = (
    "قصف على ريف دير الزور\n\n"
    "قصفت قوات النظام أمس الاثنين بلدة الصبحة في ريف دير الزور الشرقي.\n\n"
    "وفي سياق آخر، هاجم مسلحون من تنظيم داعش حاجزاً لقوات النظام قرب مدينة الميادين."
)


def test_undated_event_takes_the_leads_date(curated_index):
    result = geoparse(ARTICLE, curated_index, published=dt.date(2023, 3, 15))
    dates = {(i["sub_event_type"], i["date"], i["date_basis"]) for i in result["incidents"]}
    assert ("Shelling/artillery/missile attack", "2023-03-13", "relative") in dates
    undated = [i for i in result["incidents"] if i["date_basis"] == "article"]
    assert undated and all(i["date"] == "2023-03-13" for i in undated)


def test_without_any_date_the_publication_date_is_used(curated_index):
    text = "هاجم مسلحون من تنظيم داعش حاجزاً لقوات النظام قرب مدينة الميادين."
    result = geoparse(text, curated_index, published=dt.date(2023, 3, 15))
    assert result["incidents"] and all(i["date"] == "2023-03-15" for i in result["incidents"])

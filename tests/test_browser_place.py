"""Browser test: the place page draws the place's polygon, line or point, its incidents and its monthly chart."""
import datetime

import pytest

from tests.test_browser import local_tiles, watched  # noqa: F401 (fixtures)
from tests.test_browser import api_features, drawn_counts, expected_counts
from tests.test_place_page import incident_at
from tests.test_web import create_sample_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_place_pages_draw_their_shape_incidents_and_chart(watched):  # noqa: F811
    data = create_sample_data()
    aleppo, m5, idlib, _damascus = data["places"]
    incident_at(36.5, 35.8, datetime.date(2024, 1, 10))  # inside Idlib, whose own incident is undated
    incident_at(36.6, 35.9, datetime.date(2024, 3, 20))
    page = watched.page

    watched.open(f"/places/{idlib.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".map-frame").get_attribute("dir") == "ltr"
    assert page.locator("path.kharita-place-polygon").count() == 1
    shape = page.locator("path.kharita-place-polygon").bounding_box()
    assert shape["width"] > 50 and shape["height"] > 50  # fitted to the polygon, not a speck
    assert drawn_counts(page) == expected_counts(api_features(watched.base_url, f"?place={idlib.pk}"))
    bars = page.locator("svg.bar-chart rect.chart-bar")
    assert bars.count() == 3  # January, February (empty) and March 2024
    assert [bars.nth(i).get_attribute("data-count") for i in range(3)] == ["1", "0", "1"]
    chart = page.locator("svg.bar-chart").bounding_box()
    assert chart["width"] > 300 and chart["height"] > 80
    assert page.locator("svg.bar-chart title").first.text_content()
    assert page.locator("svg.bar-chart").get_attribute("role") == "img"
    table = page.locator("details.chart-table table")
    assert not table.is_visible()
    page.locator("details.chart-table summary").click()
    assert table.is_visible() and table.locator("tbody tr").count() == 3
    assert page.locator("li.incident").count() == 3  # its own (undated) incident and the two inside it
    watched.screenshot("place-polygon.png")

    watched.open(f"/places/{m5.pk}/")
    assert page.locator("path.kharita-place-line").count() == 1
    assert page.locator("path.kharita-place-polygon").count() == 0
    assert page.locator("svg.bar-chart rect.chart-bar").count() == 1
    watched.screenshot("place-line.png")

    watched.open(f"/places/{aleppo.pk}/")
    assert page.locator("path.kharita-place-point").count() == 1
    assert page.locator("path.kharita-place-near").count() == 1
    page.locator(f'li.incident a[href="/articles/{data["article"].pk}/"]').first.click()
    page.wait_for_url(f"**/articles/{data['article'].pk}/")
    watched.check_clean()

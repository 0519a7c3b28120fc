"""Browser test: the language switch used from the keyboard flips the page Arabic RTL ⇄ English LTR."""
import pytest

from tests.test_browser import local_tiles, watched  # noqa: F401  (fixtures used by name)
from tests.test_web import create_sample_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return { tag: el.tagName, name: el.getAttribute('name'), value: el.getAttribute('value'),
           cls: el.className, id: el.id, focusVisible: el.matches(':focus-visible'),
           outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
           outlineColor: style.outlineColor, top: el.getBoundingClientRect().top };
}"""


def tab_to_language_switch(page, limit=25):
    """Press Tab until the language switch button has the focus; returns its focus state."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_JS)
        if state["tag"] == "BUTTON" and state["name"] == "language":
            return state
    raise AssertionError("the language switch is not reachable with Tab")


def header_order(page):
    """True when the brand is to the left of the language switch."""
    brand = page.locator(".site-header .brand").bounding_box()
    switch = page.locator(".language-switch button").bounding_box()
    return brand["x"] < switch["x"]


def assert_visible_focus(state):
    assert state["focusVisible"], state
    assert state["outline"] != "none" and state["outlineWidth"] >= 2, state


def test_keyboard_language_switch_flips_direction(watched):  # noqa: F811
    data = create_sample_data()
    page = watched.page
    path = f"/articles/{data['article'].pk}/"

    watched.open(path)
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert page.locator(".site-header nav").inner_text().split() == ["الخريطة", "المقالات", "واجهة", "البرمجة", "الإدارة"]
    assert not header_order(page)  # RTL: the brand sits on the right
    body_font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert body_font.startswith('"Noto Naskh Arabic"'), body_font

    # The first Tab reaches the skip link, shown on screen while focused; Enter moves the focus to <main>.
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUS_JS)
    assert "skip-link" in skip["cls"] and skip["top"] >= 0
    assert_visible_focus(skip)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.locator(".skip-link").focus()

    state = tab_to_language_switch(page)
    assert state["value"] == "en"
    assert_visible_focus(state)
    watched.screenshot("i18n-ar-switch-focused.png")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector('.folium-map[data-kharita-state="loaded"]', timeout=15000)
    assert page.url == watched.base_url + path
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("en", "ltr")
    assert page.locator(".site-header nav").inner_text().split() == ["Map", "Articles", "API", "Administration"]
    assert page.locator("#incidents-title").inner_text() == "Incidents (4)"
    assert page.locator(".map-frame").get_attribute("dir") == "ltr"
    assert page.locator(".article-source").evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert header_order(page)  # LTR: the brand sits on the left
    assert not page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith('"Noto Naskh')
    assert page.locator(".article-text mark.toponym").count() == 5
    watched.screenshot("i18n-en.png")

    state = tab_to_language_switch(page)
    assert state["value"] == "ar"
    assert_visible_focus(state)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector('.folium-map[data-kharita-state="loaded"]', timeout=15000)
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert page.locator("#incidents-title").inner_text() == "الحوادث (4)"
    assert page.locator(".map-frame").get_attribute("dir") == "ltr"
    watched.screenshot("i18n-ar.png")

    # The switch returns to the same page with its query string.
    page.goto(watched.base_url + "/articles/?page=1")
    tab_to_language_switch(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == watched.base_url + "/articles/?page=1"
    assert html.get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "Articles"
    watched.check_clean()

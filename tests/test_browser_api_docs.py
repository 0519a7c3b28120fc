"""Browser test: /api/docs/ renders every API operation with swagger-ui from our static files, offline."""
import pytest

from tests.test_browser import ARTIFACTS, Watched

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_every_operation_without_leaving_the_server(browser, live_server, client):
    operations = sum(len(path) for path in client.get("/api/openapi.json").json()["paths"].values())
    watched = Watched(browser, live_server.url)
    try:
        page = watched.page
        response = page.goto(live_server.url + "/api/docs/")
        assert response.status == 200
        page.wait_for_selector(".opblock-summary", timeout=20000)
        page.wait_for_load_state("networkidle")
        assert page.locator(".opblock").count() == operations
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert any("/api/clusters.geojson" in p for p in paths)
        assert any("/api/export/incidents.gpkg" in p for p in paths)
        assert page.locator(".api-docs-error").count() == 0
        # Opening an operation shows its parameters, from the same specs as the validator.
        page.locator(".opblock-summary", has_text="/api/clusters.geojson").first.click()
        page.wait_for_selector(".parameters-container .parameter__name")
        names = [n.split("\n")[0].strip().rstrip("*").strip()
                 for n in page.locator(".parameters-container .parameter__name").all_inner_texts()]
        assert {"bbox", "zoom", "type", "q", "from", "to"} <= set(names)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "api_docs.png"), full_page=False)
        assert watched.errors == [] and watched.failed == [] and watched.dialogs == []
        outside = [u for u in watched.requests if not u.startswith(live_server.url + "/")]
        assert outside == [], f"requests left the live server: {outside}"
        assert any("/static/vendor/swagger-ui/swagger-ui-bundle.js" in u for u in watched.requests)
        assert any(u.endswith("/api/openapi.json") for u in watched.requests)
    finally:
        watched.context.close()

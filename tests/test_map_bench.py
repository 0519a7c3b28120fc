"""A small run of bench/map_bench.py (300 incidents, one visit, two seconds of load) writes a complete report."""
import json
import multiprocessing
import random

import pytest

from bench import load_clients, map_bench, page_timing

pytestmark = [pytest.mark.browser, pytest.mark.shared]


def test_a_small_benchmark_run_reports_every_measure(shared_dir, tmp_path):
    csv = shared_dir / "data" / "ucdp-ged-syria" / "ged_syria_2016-2019.csv"
    # In a fresh interpreter: the benchmark drives its own Playwright, which cannot start in a process whose
    # browser tests already run one (Playwright's sync API refuses a second instance in the same thread).
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        result = pool.apply(map_bench.run, (300,), dict(
            csv_path=csv, out_dir=tmp_path, runs=1, naive_runs=1, page_workers=1, api_workers=1, clients=3,
            seconds=2.0, timeout_s=60.0, naive_timeout_s=60.0, label="smoke"))
    saved = json.loads((tmp_path / "map_bench-smoke.json").read_text(encoding="utf-8"))
    assert saved["parameters"]["count"] == 300 and saved["dataset"]["incidents"] == 300
    assert (tmp_path / "map_bench-300.sqlite3").is_file()

    pages = saved["pages"]
    assert pages["signal"] == "first marker"  # 300 ≤ 500: the clusters endpoint sends features
    for name in ("ours", "naive"):
        page = pages[name]
        assert page["runs"] == 1 and page["ok"] == 1, page["results"]
        run = page["results"][0]
        assert run["first_render_ms"] > 0 and run["requests_outside_origin"] == []
        assert run["errors"] == []
        assert page["median_ms"] == page["p95_ms"] == run["first_render_ms"]
    assert pages["ours"]["html_bytes"] > 0 and pages["ours"]["workers"] == 1
    assert pages["naive"]["incidents"] == 300
    assert pages["naive"]["html_bytes"] > 300 * 300  # every marker and popup is in the file
    assert pages["ratio_naive_over_ours"] == pytest.approx(pages["naive"]["median_ms"] / pages["ours"]["median_ms"])
    naive_html = (tmp_path / "naive_site" / "index.html").read_text(encoding="utf-8")
    assert "https://" not in naive_html and "markerClusterGroup" in naive_html

    api = saved["api"]
    assert api["workers"] == 1 and api["clients"] == 3
    assert api["requests"] > 0 and api["errors"] == 0, api["failures"]
    assert set(api["by_endpoint"]) == set(api["endpoints"]) and api["endpoints"]
    assert 0 < api["p50_ms"] <= api["p95_ms"] <= api["p99_ms"]
    assert api["one_client"]["clients"] == 1
    assert set(saved["goals"]) >= {"render_ratio_met", "api_p95_met"}
    markdown = (tmp_path / "map_bench-smoke.md").read_text(encoding="utf-8")
    assert "naive / ours" in markdown and "| all |" in markdown
    assert result["pages"]["ours"]["median_ms"] == pages["ours"]["median_ms"]


def test_view_queries_stay_over_syria_at_map_zooms():
    rng = random.Random(3)
    dates = (map_bench.dt.date(2016, 1, 1), map_bench.dt.date(2019, 12, 1))
    for _ in range(200):
        endpoint, path = load_clients.random_request(rng, ["clusters", "incidents"], dates)
        query = dict(part.split("=", 1) for part in path.split("?", 1)[1].split("&"))
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in query["bbox"].replace("%2C", ",").split(","))
        assert min_lon < max_lon and min_lat < max_lat
        assert 34 < (min_lon + max_lon) / 2 < 43 and 32 < (min_lat + max_lat) / 2 < 38
        if endpoint == "clusters":
            assert 6 <= int(query["zoom"]) <= 12
        else:
            assert query["limit"] == "50"


def test_percentiles_by_nearest_rank():
    assert page_timing.percentile([], 95) is None
    assert page_timing.percentile([5], 95) == 5
    values = list(range(1, 101))
    assert (page_timing.percentile(values, 50), page_timing.percentile(values, 95),
            page_timing.percentile(values, 99)) == (50, 95, 99)

"""Time a map page's first render in Debian chromium: ms from navigation start to the first cluster markers."""
import json
import math
import shutil
import statistics
import time

# Cluster markers with a count: our explore page's (.kharita-cluster-count) and Leaflet.markercluster's.
CLUSTER_SELECTOR = ".kharita-cluster-count, .marker-cluster span"
# Any incident marker: a cluster, one of our points, or a plain Leaflet marker icon.
MARKER_SELECTOR = CLUSTER_SELECTOR + ", path.kharita-point, .leaflet-marker-icon"
FAILED_SELECTOR = '[data-kharita-state="failed"]'

# Runs before any script of the page: notes performance.now() (ms since navigation start) when the first
# marker and the first cluster marker showing a count are in the DOM, when the frame showing them has been
# painted (the task after the next animation frame), and when the page reports a failure. It tells the
# benchmark it is done with a console message, so nothing of the benchmark runs in the page while it renders
# (waiting with Playwright's wait_for_function would compile its injected script on the page's main thread).
OBSERVER_JS = """
(() => {
  const marks = window.__kharitaBench = { firstMarker: null, firstCluster: null, painted: null, failed: null,
                                          clusters: 0 };
  const counted = (node) => /^\\s*\\d[\\d,.\\s]*$/.test(node.textContent || "") ;
  const finish = () => { console.debug(%(done)s); };
  const afterPaint = () => {
    requestAnimationFrame(() => setTimeout(() => { marks.painted = performance.now(); finish(); }, 0));
  };
  const check = () => {
    const now = performance.now();
    if (marks.firstMarker === null && document.querySelector(%(markers)s)) {
      marks.firstMarker = now;
      if (!%(want_clusters)s) { observer.disconnect(); afterPaint(); return; }
    }
    if (marks.firstCluster === null) {
      const clusters = Array.from(document.querySelectorAll(%(clusters)s)).filter(counted);
      if (clusters.length) { marks.firstCluster = now; marks.clusters = clusters.length; }
    }
    if (marks.failed === null && document.querySelector(%(failed)s)) { marks.failed = now; }
    if (marks.firstCluster !== null) { observer.disconnect(); afterPaint(); }
    else if (marks.failed !== null) { observer.disconnect(); finish(); }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true,
                               attributeFilter: ["data-kharita-state"] });
})();
"""
DONE_MESSAGE = "kharita-bench: done"

TRANSFER_JS = """
() => {
  const entries = performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"));
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    requests: entries.length,
    transferred_bytes: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0),
    decoded_bytes: entries.reduce((sum, e) => sum + (e.decodedBodySize || 0), 0),
    html_bytes: nav ? nav.decodedBodySize : null,
    html_response_ms: nav ? nav.responseEnd : null,
    dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
    api: performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/"))
      .map((e) => ({ url: e.name.replace(location.origin, ""), ms: e.duration, bytes: e.decodedBodySize })),
  };
}
"""


def observer_script(want_clusters=True):
    return OBSERVER_JS % {"markers": json.dumps(MARKER_SELECTOR), "clusters": json.dumps(CLUSTER_SELECTOR),
                          "failed": json.dumps(FAILED_SELECTOR), "done": json.dumps(DONE_MESSAGE),
                          "want_clusters": json.dumps(bool(want_clusters))}


def origin_of(url):
    """'http://127.0.0.1:8000' of 'http://127.0.0.1:8000/a/b?c'."""
    return "/".join(url.split("/", 3)[:3])


def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("chromium is not installed (apt-get install -y chromium)")
    return path


# Chromium's headless mode opens a full browser window for every new context, and each window loads the
# omnibox popup's WebUI (hundreds of chrome:// modules, up to ~0.6 s of CPU) while the page under test
# renders: on a 2-core machine that work, not the page's, decided much of the timing. No user's page load
# pays for it, and both pages are timed without it.
NO_BROWSER_UI = "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup"
# The flags of every headless chromium we start (bench and browser tests): no sandbox (root in a container), no
# GPU, no calls home (the network is closed), and none of the browser's own UI work.
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic", NO_BROWSER_UI)


def launch(playwright):
    """A headless Debian chromium, launched as the browser tests launch it, without the browser's own UI work."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), headless=True,
        args=list(CHROMIUM_ARGS))


def time_render(browser, url, want_clusters=True, timeout_s=120.0, viewport=(1280, 900), other_origins=()):
    """One cold visit (new context: empty cache) of `url`: {ms to first cluster/marker, bytes, errors};
    requests to origins other than the page's and `other_origins` are listed."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    errors, outside = [], []
    allowed = {origin_of(url), *other_origins}
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    # A failed load is reported once, with its URL, by the response handler (favicon.ico: the browser's own).
    page.on("console", lambda msg: msg.type == "error" and not msg.text.startswith("Failed to load resource")
            and errors.append(f"console: {msg.text}"))
    page.on("response", lambda resp: resp.status >= 400 and not resp.url.endswith("/favicon.ico")
            and errors.append(f"HTTP {resp.status}: {resp.url}"))
    page.on("request", lambda req: origin_of(req.url) not in allowed and outside.append(req.url))
    page.add_init_script(observer_script(want_clusters))
    started = time.perf_counter()
    result = {"url": url, "ok": False}
    try:
        with page.expect_console_message(lambda msg: msg.text == DONE_MESSAGE, timeout=timeout_s * 1000):
            page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        marks = page.evaluate("() => window.__kharitaBench")
        result.update(wall_s=time.perf_counter() - started, marks=marks, **page.evaluate(TRANSFER_JS))
        reached = marks["firstCluster"] if want_clusters else marks["firstMarker"]
        if reached is None:
            result["error"] = "the page reported a failure (data-kharita-state=failed)"
        else:
            result.update(ok=True, first_render_ms=reached, painted_ms=marks["painted"])
        settle(page)
    except Exception as exc:  # a timeout or a crashed page is a result to record, not a reason to stop
        result.update(wall_s=time.perf_counter() - started, error=f"{type(exc).__name__}: {str(exc)[:300]}")
    finally:
        result["errors"] = errors[:10]
        result["requests_outside_origin"] = outside[:10]
        context.close()
    return result


def settle(page, timeout_s=15.0):
    """Let the page finish what it loads after its first render (the list, the timeline, tiles) before the
    next visit starts, so that visit's page does not queue behind this one's requests at the server."""
    try:
        page.wait_for_load_state("networkidle", timeout=timeout_s * 1000)
    except Exception:  # noqa: BLE001 -- a page that keeps loading only costs the wait
        pass


def percentile(values, q):
    """The q-th percentile (0–100) by nearest rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q / 100 * len(ordered))) - 1]


def summarize_runs(runs):
    """Median and p95 (ms) of the successful runs' first render, the median of their painted frame, and the
    failure count."""
    times = [r["first_render_ms"] for r in runs if r.get("ok")]
    painted = [r["painted_ms"] for r in runs if r.get("ok") and r.get("painted_ms") is not None]
    return {"runs": len(runs), "ok": len(times), "failed": len(runs) - len(times),
            "median_ms": statistics.median(times) if times else None, "p95_ms": percentile(times, 95),
            "min_ms": min(times) if times else None, "max_ms": max(times) if times else None,
            "painted_median_ms": statistics.median(painted) if painted else None}

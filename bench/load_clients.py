"""API load: concurrent keep-alive clients sending the map page's view queries (random bbox, zoom and filters)."""
import datetime as dt
import http.client
import math
import random
import statistics
import threading
import time
from urllib.parse import urlencode

from bench.page_timing import percentile

SYRIA = (35.7, 32.3, 42.4, 37.3)  # min lon, min lat, max lon, max lat
VIEWPORT_PX = (1280, 800)
ZOOMS = (6, 12)
EVENT_TYPES = ("Battles", "Violence against civilians", "Explosions/Remote violence")
LIST_PAGE_SIZE = 50  # static/kharita/explore_list.js asks for pages of 50


def view_bbox(rng, zoom):
    """A viewport's bbox at `zoom` centred somewhere over Syria (Web-Mercator degrees, clamped)."""
    lon = rng.uniform(SYRIA[0], SYRIA[2])
    lat = rng.uniform(SYRIA[1], SYRIA[3])
    half_w = VIEWPORT_PX[0] * 360 / (256 * 2 ** zoom) / 2
    half_h = VIEWPORT_PX[1] * 360 / (256 * 2 ** zoom) / 2 * math.cos(math.radians(lat))
    return (max(-180.0, lon - half_w), max(-85.0, lat - half_h), min(180.0, lon + half_w), min(85.0, lat + half_h))


def random_filters(rng, dates):
    """No filter, a type, a date window, or both (each about as often as the page's users would)."""
    params = []
    if rng.random() < 0.4:
        params.append(("type", rng.choice(EVENT_TYPES)))
    if dates and rng.random() < 0.4:
        first, last = dates
        days = max(0, (last - first).days)
        start = first + dt.timedelta(days=rng.randint(0, days))
        end = min(last, start + dt.timedelta(days=rng.randint(30, 365)))
        params += [("from", start.isoformat()), ("to", end.isoformat())]
    return params


def random_request(rng, endpoints, dates):
    """(endpoint name, path with query) of one view request: clusters of the view, or a page of its list."""
    endpoint = rng.choice(endpoints)
    zoom = rng.randint(*ZOOMS)
    bbox = ",".join(f"{v:.5f}" for v in view_bbox(rng, zoom))
    params = [("bbox", bbox)] + random_filters(rng, dates)
    if endpoint == "clusters":
        params.append(("zoom", str(zoom)))
        return endpoint, "/api/clusters.geojson?" + urlencode(params)
    params += [("limit", str(LIST_PAGE_SIZE)), ("offset", str(LIST_PAGE_SIZE * rng.choice((0, 0, 0, 1, 2))))]
    return endpoint, "/api/incidents.geojson?" + urlencode(params)


class Client(threading.Thread):
    """One client: a keep-alive connection sending requests back to back until the deadline."""

    def __init__(self, host, port, endpoints, dates, window, seed, timeout_s=60.0):
        super().__init__(daemon=True)
        self.host, self.port, self.timeout_s = host, port, timeout_s
        self.endpoints, self.dates = endpoints, dates
        self.measure_from, self.deadline = window  # requests started before measure_from are warm-up
        self.rng = random.Random(seed)
        self.samples = []  # (endpoint, ms, status, bytes)
        self.failures = []

    def run(self):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout_s)
        while time.perf_counter() < self.deadline:
            endpoint, path = random_request(self.rng, self.endpoints, self.dates)
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept": "application/geo+json"})
                response = conn.getresponse()
                body = response.read()
                status = response.status
                if response.will_close:
                    conn.close()  # http.client opens a new connection on the next request
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                status, body = 0, b""
                self.failures.append(f"{endpoint}: {type(exc).__name__}: {exc}")
            if started < self.measure_from:
                continue
            ms = (time.perf_counter() - started) * 1000
            self.samples.append((endpoint, ms, status, len(body)))
            if status != 200 and len(self.failures) < 5:
                self.failures.append(f"{endpoint} {status}: {path} {body[:200]!r}")
        conn.close()


def latency_stats(samples, seconds):
    """Count, errors, throughput and latency percentiles (ms) of (endpoint, ms, status, bytes) samples."""
    ok = [ms for _, ms, status, _ in samples if status == 200]
    return {"requests": len(samples), "errors": len(samples) - len(ok),
            "throughput_rps": len(samples) / seconds if seconds else None,
            "p50_ms": percentile(ok, 50), "p95_ms": percentile(ok, 95), "p99_ms": percentile(ok, 99),
            "mean_ms": statistics.fmean(ok) if ok else None, "max_ms": max(ok) if ok else None,
            "mean_bytes": statistics.fmean([b for *_, s, b in samples if s == 200]) if ok else None}


def run_load(host, port, endpoints, dates, clients=20, duration_s=20.0, seed=1, warmup_s=3.0):
    """Run `clients` threads against host:port: `warmup_s` unrecorded (every worker has served a few requests),
    then `duration_s` measured; overall and per-endpoint statistics."""
    started = time.perf_counter() + warmup_s
    window = (started, started + duration_s)
    threads = [Client(host, port, endpoints, dates, window, seed * 1000 + n) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    samples = [s for t in threads for s in t.samples]
    result = {"clients": clients, "duration_s": seconds, "warmup_s": warmup_s, "endpoints": list(endpoints),
              **latency_stats(samples, seconds),
              "by_endpoint": {name: latency_stats([s for s in samples if s[0] == name], seconds) for name in endpoints},
              "failures": [f for t in threads for f in t.failures][:10]}
    return result

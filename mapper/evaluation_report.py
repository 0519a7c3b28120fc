"""Plain-text and markdown reports of the toponym scores that mapper.evaluation computes."""
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

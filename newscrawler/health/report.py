"""Verdicts as rows for a table or JSON, and as Prometheus text exposition."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newscrawler.health.verdict import LEVELS, Verdict

METRIC = "newscrawler_site"


def row(verdict: Verdict, examples: bool = False) -> dict[str, Any]:
    """One site's verdict as plain values: the figures that caused it, in words."""
    latest = verdict.latest.figures if verdict.latest else None
    out: dict[str, Any] = {
        "site": verdict.site,
        "health": verdict.level,
        "why": "; ".join(verdict.reasons) or "",
        "last_run": verdict.latest.started_at.isoformat(timespec="seconds")
        if verdict.latest
        else None,
        "articles": latest.articles if latest else 0,
        "published": latest.shares.get("published") if latest else None,
        "body": latest.shares.get("body") if latest else None,
        "median_body_chars": latest.median_body_chars if latest else None,
        "runs": verdict.runs,
    }
    if examples and latest:
        out["examples"] = latest.examples
    return out


def json_row(verdict: Verdict, examples: bool = False) -> dict[str, Any]:
    """Everything: the row, every check, and the latest figures."""
    data = row(verdict, examples)
    data["checks"] = [c.__dict__ for c in verdict.checks]
    if verdict.latest:
        data["figures"] = verdict.latest.figures.as_dict()
        data["run_id"] = verdict.latest.run_id
    return data


def _label(value: str) -> str:
    r"""A label value escaped as the exposition format requires.

    >>> _label('a"b\\c')
    'a\\"b\\\\c'
    """
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def prometheus(verdicts: Sequence[Verdict]) -> str:
    """The verdicts and latest figures in Prometheus' text exposition format."""
    families: dict[str, tuple[str, list[str]]] = {
        "health": ("Site health verdict: 0 ok, 1 warn, 2 fail", []),
        "articles": ("Articles stored by the site's latest crawl", []),
        "pages": ("Pages fetched by the site's latest crawl", []),
        "field_share": ("Share of the latest crawl's articles with a field", []),
        "median_body_chars": ("Median body length of the latest crawl's articles", []),
        "dropped_share": ("Share of the latest crawl's pages dropped, by kind", []),
        "last_run_timestamp_seconds": ("When the site's latest crawl started", []),
    }
    for v in verdicts:
        site = _label(v.site)
        families["health"][1].append(f'{{site="{site}"}} {LEVELS.index(v.level)}')
        if v.latest is None:
            continue
        f = v.latest.figures
        families["articles"][1].append(f'{{site="{site}"}} {f.articles}')
        families["pages"][1].append(f'{{site="{site}"}} {f.pages}')
        for name, share in sorted(f.shares.items()):
            families["field_share"][1].append(f'{{site="{site}",field="{name}"}} {share}')
        if f.median_body_chars is not None:
            families["median_body_chars"][1].append(f'{{site="{site}"}} {f.median_body_chars}')
        for kind, share in sorted(f.dropped_share.items()):
            families["dropped_share"][1].append(f'{{site="{site}",kind="{_label(kind)}"}} {share}')
        stamp = v.latest.started_at.timestamp()
        families["last_run_timestamp_seconds"][1].append(f'{{site="{site}"}} {stamp:.0f}')
    lines = []
    for name, (help_text, samples) in families.items():
        metric = f"{METRIC}_{name}"
        lines += [f"# HELP {metric} {help_text}", f"# TYPE {metric} gauge"]
        lines += [metric + sample for sample in samples]
    return "\n".join(lines) + "\n"

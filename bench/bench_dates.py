"""Throughput and accuracy of ``parse_date`` against ``dateparser`` on Bangla datelines.

Generates 2,400 labelled strings of every form issue 3 lists (Bengali, ASCII and
mixed digits; 12-hour markers and day parts; labels; dual/triple datelines;
Bangla-calendar and Hijri dates; relative phrases; machine forms), parses each
with ``parse_date`` and with ``dateparser.parse(text, languages=['bn'])`` in
alternating rounds, and prints the median strings per second, the median ratio
with every round's, and how many each got right.

    .venv/bin/python bench/bench_dates.py [--count 2400] [--seed 3] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo

import dateparser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newscrawler.text.dates import bangla, hijri, parse_date
from newscrawler.text.digits import to_bengali_digits

DHAKA = ZoneInfo("Asia/Dhaka")
MONTHS = str.split("জানুয়ারি ফেব্রুয়ারি মার্চ এপ্রিল মে জুন জুলাই আগস্ট সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর")
MONTHS_ALT = {1: "জানুয়ারী", 2: "ফেব্রুয়ারী", 8: "আগষ্ট"}
WEEKDAYS = str.split("সোমবার মঙ্গলবার বুধবার বৃহস্পতিবার শুক্রবার শনিবার রবিবার")
BS_MONTHS = str.split("বৈশাখ জ্যৈষ্ঠ আষাঢ় শ্রাবণ ভাদ্র আশ্বিন কার্তিক অগ্রহায়ণ পৌষ মাঘ ফাল্গুন চৈত্র")
AH_MONTHS = [
    "মহররম", "সফর", "রবিউল আউয়াল", "রবিউস সানি", "জমাদিউল আউয়াল", "জমাদিউস সানি",
    "রজব", "শাবান", "রমজান", "শাওয়াল", "জিলকদ", "জিলহজ",
]  # fmt: skip
LABELS = ["প্রকাশ:", "প্রকাশিত :", "প্রকাশের সময় :", "আপডেট:", "আপডেট সময়", "হালনাগাদ:", ""]

# One case: (text, expected value as datetime-with-zone or date, a kind name for the report).
Case = tuple[str, datetime | date, str]


def digits(rng: random.Random, text: str) -> str:
    """Bengali digits mostly; ASCII or a mixture sometimes."""
    roll = rng.random()
    if roll < 0.7:
        return to_bengali_digits(text)
    if roll < 0.85:
        return text
    return "".join(to_bengali_digits(ch) if rng.random() < 0.5 else ch for ch in text)


def month(rng: random.Random, value: date) -> str:
    if value.month in MONTHS_ALT and rng.random() < 0.3:
        return MONTHS_ALT[value.month]
    return MONTHS[value.month - 1]


def day_part(hour: int) -> str:
    for last, word in ((3, "রাত"), (5, "ভোর"), (11, "সকাল"), (14, "দুপুর"), (17, "বিকাল")):
        if hour <= last:
            return word
    return "সন্ধ্যা" if hour <= 19 else "রাত"


def h12(value: datetime) -> int:
    return (value.hour % 12) or 12


def ampm(rng: random.Random, value: datetime) -> str:
    pairs = [("এএম", "পিএম"), ("AM", "PM"), ("পূর্বাহ্ন", "অপরাহ্ন")]
    am, pm = rng.choice(pairs)
    return am if value.hour < 12 else pm


def f_label_ampm(rng: random.Random, d: datetime) -> Case:
    text = f"{rng.choice(LABELS)} " + digits(rng, f"{d.day:02d} ") + month(rng, d)
    text += digits(rng, f" {d.year}, {h12(d):02d}:{d.minute:02d} ") + ampm(rng, d)
    return text.strip(), d.replace(second=0), "label+date+12h"


def f_wordpress(rng: random.Random, d: datetime) -> Case:
    text = "আপডেট সময় " + digits(rng, f"{h12(d):02d}:{d.minute:02d}:{d.second:02d} ")
    text += ("পূর্বাহ্ন" if d.hour < 12 else "অপরাহ্ন") + f", {WEEKDAYS[d.weekday()]}, "
    text += digits(rng, f"{d.day:02d} ") + month(rng, d) + digits(rng, f" {d.year}")
    return text, d, "wordpress stamp"


def f_day_part(rng: random.Random, d: datetime) -> Case:
    clock = f"{h12(d)}টা" if d.minute == 0 else f"{h12(d)}:{d.minute:02d}"
    text = day_part(d.hour) + " " + digits(rng, f"{clock}, {d.day} ") + month(rng, d)
    return text + digits(rng, f" {d.year}"), d.replace(second=0), "day part"


def f_time_first(rng: random.Random, d: datetime) -> Case:
    text = digits(rng, f"{h12(d):02d}:{d.minute:02d} ") + ampm(rng, d) + " | "
    text += digits(rng, f"{d.day:02d} ") + month(rng, d) + digits(rng, f", {d.year}")
    return text, d.replace(second=0), "time first"


def f_24h(rng: random.Random, d: datetime) -> Case:
    text = (
        digits(rng, f"{d.day} ")
        + month(rng, d)
        + digits(rng, f", {d.year} {d.hour:02d}:{d.minute:02d}")
    )
    return text, d.replace(second=0), "24-hour"


def f_mdy(rng: random.Random, d: datetime) -> Case:
    return month(rng, d) + digits(rng, f" {d.day}, {d.year}"), d.date(), "month-day-year"


def f_numeric(rng: random.Random, d: datetime) -> Case:
    sep = rng.choice("-/.")
    return (
        "তারিখ: " + digits(rng, f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"),
        d.date(),
        "numeric",
    )


def f_dual(rng: random.Random, d: datetime) -> Case:
    y, m, day = bangla.from_gregorian(d.date())
    hy, hm, hd = hijri.from_gregorian(d.date())
    parts = [
        digits(rng, f"{d.day} ") + month(rng, d) + digits(rng, f" {d.year}"),
        digits(rng, f"{day} ") + BS_MONTHS[m - 1] + digits(rng, f" {y}") + " বঙ্গাব্দ",
        digits(rng, f"{hd} ") + AH_MONTHS[hm - 1] + digits(rng, f" {hy}") + " হিজরি",
    ]
    rng.shuffle(parts)
    weekday = WEEKDAYS[d.weekday()] + ", " if rng.random() < 0.5 else ""
    return weekday + ", ".join(parts[: rng.choice((2, 3))]), d.date(), "dual/triple dateline"


def f_bangla(rng: random.Random, d: datetime) -> Case:
    y, m, day = bangla.from_gregorian(d.date())
    return (
        digits(rng, f"{day} ") + BS_MONTHS[m - 1] + digits(rng, f" {y}"),
        d.date(),
        "Bangla calendar",
    )


def f_hijri(rng: random.Random, d: datetime) -> Case:
    y, m, day = hijri.from_gregorian(d.date())
    return digits(rng, f"{day} ") + AH_MONTHS[m - 1] + digits(rng, f" {y} হিজরি"), d.date(), "Hijri"


def f_relative(rng: random.Random, d: datetime) -> Case:
    now = NOW.replace(second=0, microsecond=0)
    minutes = rng.randint(1, 59)
    if rng.random() < 0.5:
        return digits(rng, f"{minutes} মিনিট আগে"), now - timedelta(minutes=minutes), "relative"
    hours = rng.randint(1, 23)  # an hour phrase keeps the reference's minutes
    return digits(rng, f"{hours} ঘণ্টা আগে"), now - timedelta(hours=hours), "relative"


def f_machine(rng: random.Random, d: datetime) -> Case:
    instant = d.astimezone(UTC)
    forms = [
        d.isoformat(),
        instant.isoformat().replace("+00:00", "Z"),
        format_datetime(instant, usegmt=True),
        str(int(d.timestamp())),
        d.replace(tzinfo=None).isoformat(sep=" "),
        f"{d.day:02d}-{d.month:02d}-{d.year} {d.hour:02d}:{d.minute:02d}:{d.second:02d}",
    ]
    return rng.choice(forms), d, "machine"


FORMS: list[Callable[[random.Random, datetime], Case]] = [
    f_label_ampm, f_wordpress, f_day_part, f_time_first, f_24h, f_mdy,
    f_numeric, f_dual, f_bangla, f_hijri, f_relative, f_machine,
]  # fmt: skip
NOW = datetime.now(DHAKA)


def cases(count: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    start = datetime(2010, 1, 1, tzinfo=DHAKA)
    out = []
    for index in range(count):
        when = start + timedelta(seconds=rng.randint(0, 16 * 365 * 86400))
        out.append(FORMS[index % len(FORMS)](rng, when))
    return out


def correct(found: object, expected: datetime | date) -> bool:
    """Right instant (to the expected's precision) or right day; relative within 2 minutes."""
    if found is None:
        return False
    if not isinstance(expected, datetime):
        return isinstance(found, date | datetime) and (
            (found.date() if isinstance(found, datetime) else found) == expected
        )
    if not isinstance(found, datetime):
        return False
    if found.tzinfo is None:
        found = found.replace(tzinfo=DHAKA)
    return (
        abs((found - expected).total_seconds()) <= 120
        if expected.second == 0
        else found == expected
    )


def timed(parse: Callable[[str], object], texts: list[str]) -> tuple[list[object], float, float]:
    """Results, wall seconds and CPU seconds of this process (the machine may be shared)."""
    gc.disable()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        results = [parse(text) for text in texts]
        return results, time.perf_counter() - wall, time.process_time() - cpu
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    labelled = cases(args.count, args.seed)
    texts = [text for text, _, _ in labelled]
    # Warm both up on other strings of the same forms (imports, compiled patterns,
    # the interpreter's specialisation), so the timed run measures steady work.
    for text, _, _ in cases(240, args.seed + 1):
        parse_date(text, reference=NOW)
        dateparser.parse(text, languages=["bn"])

    # Alternate the two parsers over several rounds and report medians: on a shared
    # machine the load changes from second to second, and alternating spreads it evenly.
    rounds = []
    for _ in range(args.rounds):
        ours, ours_s, ours_cpu = timed(lambda t: parse_date(t, reference=NOW), texts)
        theirs, theirs_s, theirs_cpu = timed(lambda t: dateparser.parse(t, languages=["bn"]), texts)
        rounds.append((ours_s, ours_cpu, theirs_s, theirs_cpu))
    ours_s, ours_cpu, theirs_s, theirs_cpu = (median(c) for c in zip(*rounds, strict=True))
    cpu_ratios = sorted(theirs / ours for _, ours, _, theirs in rounds)
    wall_ratios = sorted(theirs / ours for ours, _, theirs, _ in rounds)

    ours_right = [
        correct(getattr(r, "value", None), e) for r, (_, e, _) in zip(ours, labelled, strict=True)
    ]
    theirs_right = [correct(r, e) for r, (_, e, _) in zip(theirs, labelled, strict=True)]
    n = len(texts)
    print(f"strings: {n} ({len(FORMS)} forms); median of {args.rounds} alternating rounds")
    for name, wall, cpu in (("parse_date", ours_s, ours_cpu), ("dateparser", theirs_s, theirs_cpu)):
        print(
            f"{name + ':':12} {n / cpu:10,.0f} strings/s of CPU ({cpu * 1e6 / n:7.1f} µs each); "
            f"{n / wall:10,.0f} strings/s of wall time"
        )
    for name, ratios in (("CPU time", cpu_ratios), ("wall time", wall_ratios)):
        spread = ", ".join(f"{r:.1f}" for r in ratios)
        print(
            f"ratio:       {median(ratios):10.1f}x dateparser's throughput"
            f" ({name}; rounds {spread})"
        )
    mine, other = sum(ours_right) / n, sum(theirs_right) / n
    print(f"accuracy:    parse_date {mine:.1%}   dateparser {other:.1%}")
    kinds = sorted({kind for _, _, kind in labelled})
    for kind in kinds:
        rows = [i for i, (_, _, k) in enumerate(labelled) if k == kind]
        mine = sum(ours_right[i] for i in rows) / len(rows)
        other = sum(theirs_right[i] for i in rows) / len(rows)
        print(f"  {kind:22} parse_date {mine:6.1%}   dateparser {other:6.1%}")
    misses = [texts[i] for i in range(n) if not ours_right[i]][:5]
    if misses:
        print("parse_date misses, first 5:", *misses, sep="\n  ")


if __name__ == "__main__":
    main()

"""The sample site's stories: a seeded, deterministic generator over the word banks.

Each story is generated from ``random.Random(f"{seed}:{story_id}:{attempt}")``
alone, so the same seed gives the same site on every run and machine, and
publishing more stories never changes the existing ones.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from newscrawler.samplesite import bank, variants
from newscrawler.samplesite.bangla import MONTHS, WEEKDAYS, digits
from newscrawler.samplesite.topics import Topic
from newscrawler.samplesite.topics_more import TOPICS

TEMPLATES = ("wordpress", "daily", "mirror", "app", "district")
CHOICE = re.compile(r"\[([^\[\]]*)\]")
PRECOMPOSE = (("\u09af\u09bc", "\u09df"), ("\u09a1\u09bc", "\u09dc"), ("\u09a2\u09bc", "\u09dd"))


@dataclass(frozen=True)
class Style:
    """Per-story rendering choices, so that pages vary as real ones do."""

    bengali_digits: bool = True
    precomposed: bool = False
    variant: int = 0  # template-specific sub-variant (0..3)
    dateline: str = ""  # prefix of the first paragraph, "" for none
    shoulder: str | None = None
    signoff: str = "/এনএ"


@dataclass
class Story:
    """One article of the sample site (the model the templates render)."""

    id: int
    template: str
    topic: Topic
    title: str
    paragraphs: list[str]
    byline: str  # as printed
    authors: list[str]  # as a reader credits them
    tags: list[str]
    published: datetime
    updated: datetime | None
    style: Style
    place: str
    revision: int = 0
    teaser: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def section(self) -> str:
        return self.topic.slug

    @property
    def lastmod(self) -> datetime:
        return self.updated or self.published


def letter_form(text: str, precomposed: bool) -> str:
    """Write য়/ড়/ঢ় precomposed or as letter + nukta.

    >>> letter_form("নয়", True) == "ন\\u09df", letter_form("ন\\u09df", False) == "নয়"
    (True, True)
    """
    for decomposed, single in PRECOMPOSE:
        text = text.replace(decomposed, single) if precomposed else text.replace(single, decomposed)
    return text


def slots(rng: random.Random, topic: Topic, bengali: bool) -> dict[str, str]:
    """Values for one story's ``{slot}`` placeholders."""
    place, place_loc = rng.choice(bank.PLACES)
    country = rng.choice(bank.COUNTRIES)
    team, team2 = rng.sample(bank.TEAMS, 2)
    person, person2 = (
        f"{rng.choice(bank.GIVEN_NAMES)} {rng.choice(bank.FAMILY_NAMES)}" for _ in "ab"
    )
    return {
        "place": place,
        "place_loc": place_loc,
        "person": person,
        "person2": person2,
        "role": rng.choice(topic.roles),
        "org": rng.choice(bank.ORGS),
        "country": country[0],
        "country_loc": country[1],
        "country_gen": country[2],
        "team": team,
        "team2": team2,
        "inst": rng.choice(bank.INSTITUTIONS),
        "weekday": rng.choice(WEEKDAYS),
        "n1": digits(str(rng.randint(2, 60)), bengali),
        "n2": digits(str(rng.randint(110, 950)), bengali),
        "n3": digits(f"{rng.randint(2, 98)} হাজার {rng.randint(100, 999)}", bengali),
        "cold": digits(f"{rng.randint(5, 11)}.{rng.randint(0, 9)}", bengali),
        "hot": digits(f"{rng.randint(36, 42)}.{rng.randint(0, 9)}", bengali),
        "pct": digits(str(rng.randint(3, 45)), bengali),
        "crore": digits(str(rng.randint(12, 980)), bengali),
    }


def fill(pattern: str, values: dict[str, str], rng: random.Random) -> str:
    """Resolve ``[a|b]`` choices with ``rng``, then the ``{slot}`` values.

    >>> fill("[ক|খ] {x}", {"x": "গ"}, random.Random(1))
    'ক গ'
    """
    chosen = CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), pattern)
    return chosen.format(**values)


def make_story(
    seed: int, story_id: int, published: datetime, attempt: int = 0, template: str | None = None
) -> Story:
    """Generate story ``story_id`` published at ``published`` (Bangladesh time)."""
    rng = random.Random(f"{seed}:{story_id}:{attempt}")
    template = template or TEMPLATES[story_id % len(TEMPLATES)]
    topic = rng.choice(TOPICS)
    style = _style(rng, template)
    values = slots(rng, topic, style.bengali_digits)
    title = fill(rng.choice(topic.headlines), values, rng)
    paragraphs = _paragraphs(rng, topic, values)
    if style.dateline:
        paragraphs[0] = (
            style.dateline.format(
                place=values["place"],
                day=digits(str(published.day), style.bengali_digits),
                month=MONTHS[published.month - 1],
            )
            + paragraphs[0]
        )
    byline, authors = _byline(rng, template, topic, values["place"])
    tags = rng.sample(topic.tags, rng.choice((0, 2, 3, 4)))
    if template == "mirror" and rng.random() < 0.3:
        published = published.replace(hour=0, minute=0, second=0)  # print edition: 12:00 এএম
    elif template == "mirror":
        published = published.replace(second=0)
    updated = None
    if rng.random() < 0.4:
        updated = published + timedelta(
            minutes=rng.randint(20, 3 * 24 * 60), seconds=rng.randint(0, 59)
        )
        updated = updated.replace(second=0) if template == "mirror" else updated
    story = Story(
        id=story_id,
        template=template,
        topic=topic,
        title=title,
        paragraphs=paragraphs,
        byline=byline,
        authors=authors,
        tags=tags,
        published=published,
        updated=updated,
        style=style,
        place=values["place"],
        teaser=fill(rng.choice(topic.headlines), slots(rng, topic, True), rng),
    )
    return _apply_letter_form(story)


def _style(rng: random.Random, template: str) -> Style:
    dateline = rng.choice(("", "", "{place}, {day} {month}: ", "{place}, {day} {month} — "))
    return Style(
        bengali_digits=rng.random() < 0.8,
        precomposed=rng.random() < 0.35,
        variant=rng.randrange(4),
        dateline=dateline if template != "wordpress" else "",
        shoulder=rng.choice((None, None, "বিশেষ প্রতিবেদন", "সরেজমিন", "বিশ্লেষণ")),
        signoff=rng.choice(bank.DESK_SIGNOFFS),
    )


def _paragraphs(rng: random.Random, topic: Topic, values: dict[str, str]) -> list[str]:
    """4-10 paragraphs of 3-4 sentences, mostly from the topic, worded per story."""
    count = rng.choice((4, 4, 4, 5, 5, 5, 6, 6, 7, 8, 9, 10))
    sizes = [rng.choice((3, 3, 3, 3, 3, 4)) for _ in range(count)]
    generic = rng.sample(bank.GENERIC, rng.randint(2, 4))
    while sum(sizes) > len(topic.sentences) + len(generic):
        sizes[sizes.index(max(sizes))] -= 1
    own = rng.sample(topic.sentences, sum(sizes) - len(generic))
    chosen = [own[0], *rng.sample(own[1:] + generic, len(own) - 1 + len(generic))]
    wording = variants.choose(rng)
    out, start = [], 0
    for size in sizes:
        sentences = (fill(s, values, rng) for s in chosen[start : start + size])
        out.append(variants.vary(" ".join(sentences), wording))
        start += size
    return out


def _byline(rng: random.Random, template: str, topic: Topic, place: str) -> tuple[str, list[str]]:
    """The byline as printed and the authors a reader would credit."""
    names = rng.sample(bank.REPORTER_NAMES, rng.choice((1, 1, 2)))
    if template == "wordpress" or rng.random() < 0.25:
        desk = topic.desk if template != "app" else rng.choice((topic.desk, "অনলাইন ডেস্ক"))
        return desk, [desk]
    if template == "mirror" and len(names) == 1 and rng.random() < 0.5:
        return f"{names[0]}, {place}", names
    return " ও ".join(names), names


def _apply_letter_form(story: Story) -> Story:
    if story.style.precomposed:
        story.title = letter_form(story.title, True)
        story.paragraphs = [letter_form(p, True) for p in story.paragraphs]
    return story

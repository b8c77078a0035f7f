"""The sample site's state: its stories, its clock, and the changes a re-crawl should see.

``SampleSite()`` is the same site on every run. ``publish(n)`` adds newer
stories and ``edit(id)`` rewrites one; both move the site's clock forward, so
sitemaps, feeds and pages change their ``lastmod``, ``ETag`` and
``Last-Modified`` as a real site's would.
"""

from __future__ import annotations

import itertools
import random
import re
import threading
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from newscrawler.samplesite.bangla import DHAKA, digits
from newscrawler.samplesite.model import TEMPLATES, Story, letter_form, make_story

FIRST_DAY = datetime(2021, 1, 3, 8, 0, tzinfo=DHAKA)
LAST_DAY = datetime(2026, 2, 27, 20, 0, tzinfo=DHAKA)
START_CLOCK = datetime(2026, 3, 4, 11, 46, 20, tzinfo=DHAKA)
# Stories are regenerated until their word-bigram Jaccard similarity to every other
# story is at most this, so that near-duplicate detection finds none among them.
MAX_SIMILARITY = 0.18
MAX_ATTEMPTS = 40
# Only the first stories are kept apart that way: each attempt compares with every
# story of the topic, and with seven topics no candidate passes the bar within
# MAX_ATTEMPTS much beyond this size, so a larger site (a benchmark's 20,000
# stories) would cost O(n^2) for nothing. Later stories are made once.
DISTINCT_STORIES = 400
WORD = re.compile(r"[\u0980-\u09FF\w]+")
CORRECTION = "সংশোধনী: প্রতিবেদনটি প্রথম প্রকাশের পর নতুন তথ্য যোগ করে হালনাগাদ করা হয়েছে।"


def bigrams(paragraphs: list[str]) -> frozenset[str]:
    """The word bigrams of a body (its fingerprint for the similarity check).

    >>> sorted(bigrams(["ক খ গ।"]))
    ['ক খ', 'খ গ']
    """
    text = unicodedata.normalize("NFC", letter_form(" ".join(paragraphs), False))
    words = WORD.findall(text)
    return frozenset(f"{a} {b}" for a, b in itertools.pairwise(words))


class SampleSite:
    """A deterministic Bengali news site of ``count`` stories in five templates.

    >>> site = SampleSite(count=10)
    >>> len(site.stories), sorted({s.template for s in site.stories})
    (10, ['app', 'daily', 'district', 'mirror', 'wordpress'])
    """

    def __init__(self, seed: int = 2026, count: int = 80) -> None:
        if count < len(TEMPLATES):
            raise ValueError(f"count must be at least {len(TEMPLATES)}, got {count}")
        self.seed = seed
        self.clock = START_CLOCK
        self.lock = threading.RLock()
        self.stories: list[Story] = []
        self._titles: set[str] = set()
        self._bigrams: dict[str, list[frozenset[str]]] = {}
        self._by_section: dict[str, list[Story]] = {}
        self._newest: dict[tuple[str | None, str | None], list[Story]] = {}
        span = (LAST_DAY - FIRST_DAY) / count
        for story_id in range(1, count + 1):
            jitter = random.Random(f"{seed}:when:{story_id}").random()
            when = FIRST_DAY + span * (story_id - 1) + span * 0.8 * jitter
            self._add(story_id, when.replace(microsecond=0))

    def _add(self, story_id: int, when: datetime) -> Story:
        """Generate a story with a new title whose text is unlike its topic's other stories.

        Up to ``MAX_ATTEMPTS`` candidates are tried; when none is distinct enough
        (only in sites far larger than the default) the least similar one is kept.
        Beyond ``DISTINCT_STORIES`` stories, the first candidate with a new title is kept.
        """
        best: tuple[float, Story, frozenset[str]] | None = None
        template = None
        distinct = len(self.stories) < DISTINCT_STORIES
        for attempt in itertools.count():
            story = make_story(self.seed, story_id, when, attempt, template)
            template = story.template
            if story.title in self._titles:
                continue
            if not distinct:
                best = (0.0, story, frozenset())
                break
            words = bigrams(story.paragraphs)
            score = self._similarity(story.topic.slug, words)
            if best is None or score < best[0]:
                best = (score, story, words)
            if score <= MAX_SIMILARITY or attempt >= MAX_ATTEMPTS:
                break
        assert best is not None
        _, story, words = best
        if story.updated is not None and story.updated >= self.clock:
            story.updated = None  # nothing is updated in the future of the site's clock
        self._titles.add(story.title)
        if distinct:
            self._bigrams.setdefault(story.topic.slug, []).append(words)
        self._by_section.setdefault(story.section, []).append(story)
        self._newest.clear()
        self.stories.append(story)
        return story

    def _similarity(self, topic: str, words: frozenset[str]) -> float:
        """The highest Jaccard similarity of ``words`` to a story of the same topic."""
        worst = 0.0
        for other in self._bigrams.get(topic, ()):
            shared = len(words & other)
            worst = max(worst, shared / (len(words) + len(other) - shared))
        return worst

    # -- lookups -------------------------------------------------------------------------------

    def story(self, story_id: int) -> Story | None:
        """The story with this id, or None."""
        with self.lock:
            if 1 <= story_id <= len(self.stories):
                return self.stories[story_id - 1]
        return None

    def newest(self, template: str | None = None, section: str | None = None) -> list[Story]:
        """Stories newest first, optionally of one template and/or section."""
        with self.lock:
            # Cached until the next story: listing pages of a large site ask for it often.
            cached = self._newest.get((template, section))
            if cached is None:
                chosen = [
                    s
                    for s in self.stories
                    if (template is None or s.template == template)
                    and (section is None or s.section == section)
                ]
                cached = sorted(chosen, key=lambda s: (s.published, s.id), reverse=True)
                self._newest[(template, section)] = cached
            return list(cached)

    def related(self, story: Story, count: int = 4) -> list[Story]:
        """Other stories shown in cards beside ``story`` (same section first)."""
        rng = random.Random(f"{self.seed}:related:{story.id}")
        with self.lock:
            same = [s for s in self._by_section.get(story.section, ()) if s.id != story.id]
            pool = same if len(same) >= count else [s for s in self.stories if s.id != story.id]
        return rng.sample(pool, min(count, len(pool)))

    @property
    def last_modified(self) -> datetime:
        """The newest ``lastmod`` of any story."""
        with self.lock:
            return max(s.lastmod for s in self.stories)

    # -- changes -------------------------------------------------------------------------------

    def publish(self, n: int = 1) -> list[Story]:
        """Add ``n`` new stories, newest of all, published a few minutes apart."""
        added = []
        with self.lock:
            for _ in range(n):
                self.clock += timedelta(minutes=7, seconds=13)
                added.append(self._add(len(self.stories) + 1, self.clock))
            self.clock += timedelta(minutes=3)  # the header clock never equals a story's time
        return added

    def edit(self, article_id: int) -> Story:
        """Rewrite a story's body (one paragraph more) and set its updated time to now."""
        with self.lock:
            story = self.story(article_id)
            if story is None:
                raise KeyError(f"no story {article_id}; ids run from 1 to {len(self.stories)}")
            self.clock += timedelta(minutes=11, seconds=5)
            story.revision += 1
            note = f"{CORRECTION} ({digits(str(story.revision))})"
            story.paragraphs = [*story.paragraphs, note]
            minute_only = story.template == "mirror"
            story.updated = self.clock.replace(second=0) if minute_only else self.clock
            self.clock += timedelta(minutes=2)
            return story

    # -- expected values -----------------------------------------------------------------------

    def expected_articles(self, base_url: str) -> list[dict[str, Any]]:
        """What an extractor should find on each article page served at ``base_url``."""
        from newscrawler.samplesite.expected import expected_articles

        return expected_articles(self, base_url)

    def expected_non_articles(self, base_url: str) -> list[dict[str, str]]:
        """Listing, non-article and trap addresses served at ``base_url``, with their kind."""
        from newscrawler.samplesite.expected import expected_non_articles

        return expected_non_articles(self, base_url)

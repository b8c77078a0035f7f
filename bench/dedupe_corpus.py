"""Synthetic Bengali news articles for the dedupe benchmarks (original text, made here).

An article is built from a topic (its nouns and verb endings), an event (people,
places, an organisation and numbers) and a pool of stock sentences every paper
uses. Copies of an article are derived with :func:`make_copy` (edited words,
reordered or dropped paragraphs, boilerplate, another site's sign-off, a new
headline); *hard negatives* are new articles on the same topic and event, so
they share names, numbers and stock phrases but not text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


def _items(text: str, sep: str | None = "|") -> list[str]:
    return text.split(sep)


PEOPLE = _items(
    "রহিম উদ্দিন|করিম আহমেদ|সালমা বেগম|নাসরিন আক্তার|মাহমুদুল হাসান|ফারুক হোসেন|শফিকুল ইসলাম|"
    "তাহমিনা খাতুন|জাহিদ হাসান|রুবিনা ইয়াসমিন|মোস্তাফিজুর রহমান|আনোয়ার হোসেন|সুমাইয়া জান্নাত|"
    "কামরুল হাসান|দেলোয়ার হোসেন|শাহনাজ পারভীন|আবদুল মালেক|নুরুল আমিন|মিজানুর রহমান|হাবিবুর রহমান|"
    "রাশেদা সুলতানা|আশরাফুল আলম|মনিরুজ্জামান খান|সাইফুল ইসলাম|লুৎফর রহমান|তানভীর আহমেদ"
)
PLACES = _items(
    "ঢাকা|চট্টগ্রাম|রাজশাহী|খুলনা|সিলেট|বরিশাল|রংপুর|ময়মনসিংহ|কুমিল্লা|নোয়াখালী|গাজীপুর|"
    "নারায়ণগঞ্জ|বগুড়া|যশোর|কক্সবাজার|টাঙ্গাইল|ফরিদপুর|দিনাজপুর|পাবনা|সুনামগঞ্জ|ভোলা|পটুয়াখালী"
)
ORGS = _items(
    "স্থানীয় সরকার বিভাগ|স্বাস্থ্য অধিদপ্তর|শিক্ষা মন্ত্রণালয়|ফায়ার সার্ভিস|জেলা প্রশাসন|"
    "বাংলাদেশ ব্যাংক|নির্বাচন কমিশন|আবহাওয়া অধিদপ্তর|পানি উন্নয়ন বোর্ড|সড়ক ও জনপথ বিভাগ|"
    "বাংলাদেশ ক্রিকেট বোর্ড|হাইকোর্ট বিভাগ|জাতীয় রাজস্ব বোর্ড|দুর্নীতি দমন কমিশন"
)
TOPICS = {
    "flood": "বন্যা পানি নদী বাঁধ ভাঙন আশ্রয়কেন্দ্র ত্রাণ ফসল উপজেলা পরিবার নৌকা বৃষ্টি "
    "উজান ঢল প্লাবিত গ্রাম চর বানভাসি খাদ্য বিশুদ্ধ পানিবন্দী",
    "cricket": "ম্যাচ উইকেট রান ইনিংস অধিনায়ক সিরিজ বোলার ব্যাটার সেঞ্চুরি দল টস মাঠ "
    "দর্শক ওভার জয় হার স্কোর ফিফটি স্পিনার পেসার",
    "economy": "মূল্যস্ফীতি রপ্তানি আমদানি রিজার্ভ ডলার টাকা বাজার দাম ঋণ ব্যাংক বিনিয়োগ "
    "প্রবৃদ্ধি বাজেট রাজস্ব শুল্ক ভর্তুকি তেল চাল পেঁয়াজ ব্যবসায়ী",
    "accident": "দুর্ঘটনা বাস ট্রাক মোটরসাইকেল চালক যাত্রী মহাসড়ক সংঘর্ষ আহত নিহত হাসপাতাল "
    "পুলিশ মামলা লাশ গতি সড়ক পথচারী ময়নাতদন্ত উদ্ধার অটোরিকশা",
    "health": "ডেঙ্গু রোগী হাসপাতাল চিকিৎসা জ্বর মশা ভর্তি চিকিৎসক ওষুধ পরীক্ষা টিকা "
    "সংক্রমণ মৃত্যু সুস্থ শয্যা ওয়ার্ড লার্ভা নমুনা রক্ত প্লাটিলেট",
    "education": "পরীক্ষা শিক্ষার্থী শিক্ষক বিদ্যালয় ফলাফল পাসের জিপিএ বোর্ড ক্লাস পাঠ্যবই "
    "ভর্তি কলেজ বিশ্ববিদ্যালয় উপাচার্য কারিকুলাম মূল্যায়ন অভিভাবক বৃত্তি সিলেবাস কেন্দ্র",
    "court": "আদালত মামলা রায় শুনানি আসামি জামিন বিচারক আইনজীবী সাক্ষী অভিযোগ রিট আপিল "
    "কারাগার দণ্ড খালাস তদন্ত প্রতিবেদন নথি এজলাস রাষ্ট্রপক্ষ",
    "fire": "আগুন অগ্নিকাণ্ড ইউনিট দোকান কারখানা গুদাম ধোঁয়া নিয়ন্ত্রণ ক্ষতি শর্টসার্কিট বস্তি "
    "ঘর পুড়ে ভস্মীভূত দমকল পানি শ্রমিক তদন্ত কমিটি মালামাল",
    "election": "নির্বাচন ভোট প্রার্থী মনোনয়ন কেন্দ্র ভোটার প্রচারণা ফলাফল ব্যালট ইশতেহার "
    "জনসভা দল সংসদ আসন পর্যবেক্ষক তফসিল প্রতীক গণনা পোলিং কর্মকর্তা",
    "weather": "তাপমাত্রা শৈত্যপ্রবাহ ঘূর্ণিঝড় সতর্কসংকেত বৃষ্টিপাত কুয়াশা লঘুচাপ নিম্নচাপ "
    "সমুদ্রবন্দর বাতাস আর্দ্রতা পূর্বাভাস ঝড় বজ্রপাত মেঘ শীত গরম উপকূল জেলে ট্রলার",
}
GENERAL = _items(
    "আজ গতকাল সকালে বিকেলে রাতে দুপুরে সম্প্রতি এলাকায় জেলার উপজেলার বিভিন্ন স্থানে প্রায় অন্তত "
    "মোট নতুন পুরোনো বড় ছোট গুরুত্বপূর্ণ সরকারি বেসরকারি স্থানীয় জাতীয় আন্তর্জাতিক বিষয়ে "
    "ব্যাপারে সঙ্গে মধ্যে পর্যন্ত থেকে জন্য কারণে ফলে তবে এবং ও কিন্তু আরও এখনো ইতিমধ্যে দ্রুত "
    "ধীরে সাধারণ মানুষ লোকজন কর্মকর্তারা বাসিন্দারা সংশ্লিষ্টরা কর্তৃপক্ষ পরিস্থিতি উদ্যোগ সিদ্ধান্ত "
    "পদক্ষেপ প্রস্তুতি ব্যবস্থা আলোচনা বৈঠক সভা প্রতিবেদন তথ্য হিসাব সংখ্যা পরিমাণ সময় দিন মাস বছর",
    None,
)
ENDINGS = _items(
    "বলে জানিয়েছেন|বলে জানা গেছে|করা হয়েছে|হয়েছে|চলছে|নেওয়া হয়েছে|দেখা গেছে|বলে অভিযোগ উঠেছে|"
    "নিশ্চিত করেছেন|শুরু হয়েছে|অব্যাহত রয়েছে|বলে আশা করা হচ্ছে|উল্লেখ করেন|দাবি করেছেন"
)
STOCK = _items(
    "এ সময় উপস্থিত ছিলেন {person}।|বিষয়টি নিশ্চিত করেছেন {place} থানার ভারপ্রাপ্ত কর্মকর্তা।|"
    "এ বিষয়ে জানতে চাইলে {person} বলেন, বিষয়টি খতিয়ে দেখা হচ্ছে।|"
    "{org} সূত্রে এ তথ্য জানা গেছে।|পরিস্থিতি স্বাভাবিক রাখতে প্রশাসন তৎপর রয়েছে।|"
    "স্থানীয়রা জানান, দীর্ঘদিন ধরে এ সমস্যা চলে আসছে।|বিস্তারিত আসছে।"
)
BOILERPLATE = _items(
    "আরও পড়ুন: {place}ে নতুন উদ্যোগ|সংবাদটি শেয়ার করুন|আমাদের ইউটিউব চ্যানেল সাবস্ক্রাইব করুন|"
    "সর্বশেষ খবর পেতে গুগল নিউজ ফলো করুন|বিজ্ঞাপন|এই বিভাগের আরও খবর"
)
SIGNOFFS = _items(
    "বাসস|ইউএনবি|সূত্র: বাসস|বিডি প্রতিদিন/জুনাইদ|যুগান্তর/এসএ|প্রথম আলো/এমএইচ|কালের কণ্ঠ/আরএ|"
    "সমকাল/কেএম|জাগো নিউজ/এসএইচএস|ঢাকা পোস্ট/এনএফ"
)
DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


def bn_number(value: int) -> str:
    return str(value).translate(DIGITS)


@dataclass
class Event:
    """What several articles on one story share."""

    topic: str
    people: list[str]
    places: list[str]
    org: str
    numbers: list[str]


@dataclass
class Synthetic:
    """One synthetic article with its ground truth."""

    url: str
    site: str
    title: str
    paragraphs: list[str]
    family: int  # articles of one family are copies of each other
    role: str = "original"  # original, copy or negative
    edits: dict[str, object] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def make_event(rng: random.Random) -> Event:
    return Event(
        topic=rng.choice(sorted(TOPICS)),
        people=rng.sample(PEOPLE, 3),
        places=rng.sample(PLACES, 2),
        org=rng.choice(ORGS),
        numbers=[bn_number(rng.randint(2, 5000)) for _ in range(4)],
    )


def _sentence(rng: random.Random, event: Event) -> str:
    if rng.random() < 0.12:
        return rng.choice(STOCK).format(
            person=rng.choice(event.people), place=rng.choice(event.places), org=event.org
        )
    topic = TOPICS[event.topic].split()
    subject = rng.choice([*event.people, *event.places, event.org, *rng.sample(topic, 2)])
    words = [subject]
    for _ in range(rng.randint(2, 4)):
        words += rng.sample(GENERAL, rng.randint(1, 2)) + rng.sample(topic, rng.randint(1, 2))
        if rng.random() < 0.3:
            words.append(rng.choice(event.numbers) + " " + rng.choice(("জন", "টি", "কোটি টাকা")))
    return " ".join(words) + " " + rng.choice(ENDINGS) + "।"


def make_article(rng: random.Random, event: Event, url: str, site: str, family: int) -> Synthetic:
    paragraphs = [
        " ".join(_sentence(rng, event) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(4, 9))
    ]
    title = " ".join([rng.choice(event.places), *rng.sample(TOPICS[event.topic].split(), 3)])
    return Synthetic(url, site, title, paragraphs, family)


def _edit_words(rng: random.Random, paragraphs: list[str], share: float, event: Event) -> list[str]:
    vocabulary = GENERAL + TOPICS[event.topic].split()
    edited = []
    for paragraph in paragraphs:
        out: list[str] = []
        for word in paragraph.split():
            if rng.random() >= share:
                out.append(word)
                continue
            action = rng.random()
            if action < 0.6:
                out.append(rng.choice(vocabulary))  # substitute
            elif action < 0.8:
                out += [word, rng.choice(vocabulary)]  # insert
            # else: delete
        edited.append(" ".join(out) or paragraph)
    return edited


def make_copy(
    rng: random.Random, original: Synthetic, event: Event, url: str, site: str
) -> Synthetic:
    """A reprint of ``original`` on another site with light, random edits."""
    share = rng.uniform(0.01, 0.20)
    paragraphs = _edit_words(rng, list(original.paragraphs), share, event)
    edits: dict[str, object] = {"word_share": round(share, 3)}
    if rng.random() < 0.4 and len(paragraphs) > 2:
        i, j = rng.sample(range(len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
        edits["reordered"] = True
    if rng.random() < 0.4 and len(paragraphs) >= 5:
        del paragraphs[rng.randrange(len(paragraphs))]
        edits["dropped"] = True
    if rng.random() < 0.5:
        lines = rng.sample(BOILERPLATE, 2)
        paragraphs.insert(rng.randrange(1, len(paragraphs)), lines[0].format(place=event.places[0]))
        paragraphs.append(lines[1].format(place=event.places[0]))
        edits["boilerplate"] = True
    if rng.random() < 0.6:
        paragraphs.append(rng.choice(SIGNOFFS))
        edits["signoff"] = True
    title = original.title
    if rng.random() < 0.7:
        title = " ".join([event.people[0], *rng.sample(TOPICS[event.topic].split(), 3)])
        edits["headline"] = True
    return Synthetic(url, site, title, paragraphs, original.family, "copy", edits)


def make_labelled_set(
    originals: int, seed: int = 5, copies: tuple[int, int] = (0, 2), negatives: float = 0.5
) -> list[Synthetic]:
    """Originals, their copies and hard negatives, shuffled (arrival order of a crawl)."""
    rng = random.Random(seed)
    sites = [f"site{n:02d}.example" for n in range(20)]
    articles: list[Synthetic] = []
    family = 0
    for n in range(originals):
        event = make_event(rng)
        site = rng.choice(sites)
        original = make_article(rng, event, f"https://{site}/news/{n}", site, family)
        articles.append(original)
        for c in range(rng.randint(*copies)):
            other = rng.choice(sites)
            articles.append(make_copy(rng, original, event, f"https://{other}/copy/{n}-{c}", other))
        if rng.random() < negatives:
            family += 1
            other = rng.choice(sites)
            negative = make_article(rng, event, f"https://{other}/story/{n}", other, family)
            negative.role = "negative"
            articles.append(negative)
        family += 1
    rng.shuffle(articles)
    return articles

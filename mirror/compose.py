"""Compose one invented article (headline, paragraphs, pull-quote) from the prose pools."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from mirror import prose_en, prose_id
from mirror.fmt import id_thousands
from mirror.markup import Para
from mirror.prose_id import Topic
from mirror.words import (
    BULAN,
    EN_DAYS,
    EN_MONTHS,
    HARI,
    PLACES,
    SPEAKERS,
    WILAYAH,
    WILAYAH_SHORT,
    Section,
)

_INDIRECT_ID = (
    "{role}, {name} mengatakan, pihaknya terus memantau pelaksanaan kegiatan di lapangan.",
    "{role}, {name} menjelaskan, seluruh tahapan telah disiapkan sejak awal tahun.",
    "Menurut {role}, {name}, kegiatan ini bagian dari program prioritas Pemprov DKI Jakarta.",
)
_INDIRECT_EN = (
    "{role} {name} said the agency continues to monitor the work in the field.",
    "{role} {name} explained that every stage had been prepared since early in the year.",
)


@dataclass(frozen=True)
class Draft:
    """The words of one article before markup."""

    title: str
    paras: list[Para]
    pull_quote: str | None


def topics_for(language: str, category: Section | None) -> list[Topic]:
    """Topics that fit a category (every topic when none fits or there is no category)."""
    pool = prose_id.TOPICS_ID if language == "id" else prose_en.TOPICS_EN
    if category is None:
        return list(pool)
    fitting = [t for t in pool if category.slug in t.cats]
    return fitting or list(pool)


def slot_values(
    rng: random.Random, language: str, wilayah: Section | None, era: int, when: datetime
) -> dict[str, str]:
    """Values for the template slots of one article."""
    region = wilayah or rng.choice(WILAYAH)
    big, other = rng.randint(1200, 25000), rng.randint(150, 4000)
    whole, frac = rng.randint(1, 9), rng.randint(1, 9)
    english = language == "en"
    return {
        "place": rng.choice(PLACES[region.slug]),
        "wil": region.name,
        "wils": WILAYAH_SHORT[region.slug],
        "n1": str(rng.randint(12, 480)),
        "n2": f"{big:,}" if english else id_thousands(big),
        "n3": str(rng.randint(2, 9)),
        "n4": f"{other:,}" if english else id_thousands(other),
        "dec": f"0.{rng.randint(1, 99):02d}"
        if english
        else f"0,{rng.randint(1, 99):02d}",
        "rp": f"Rp {whole}.{frac} billion" if english else f"Rp {whole},{frac} miliar",
        "year": str(when.year),
        "bulan": BULAN[when.month - 1],
        "month": EN_MONTHS[when.month - 1],
        "dash": " – " if era == 2025 else "-",
    }


def headline(rng: random.Random, topic: Topic, slots: dict[str, str]) -> str:
    """One of the topic's headlines with the slots filled."""
    return rng.choice(topic.titles).format(**slots)


def compose(
    rng: random.Random,
    *,
    language: str,
    topic: Topic,
    slots: dict[str, str],
    title: str,
    era: int,
    when: datetime,
) -> Draft:
    """Write headline, 3-10 paragraphs and maybe a pull-quote for one article."""
    english = language == "en"
    fill = _filler(slots)
    name = rng.choice(SPEAKERS)
    role = fill(topic.role)
    open_q, close_q = ("“", "”") if era == 2025 else ('"', '"')
    q1, q2, q3 = (fill(q) for q in rng.sample(topic.quotes, 3))
    if english:
        verb = rng.choice(prose_en.QUOTE_VERBS_EN)
        weekday = EN_DAYS[when.weekday()]
        quote = f"{open_q}{q1},{close_q} {verb} {name}, {role}, on {weekday}."
        closer = rng.choice(prose_en.CLOSERS_EN).format(name=name)
        indirect = rng.choice(_INDIRECT_EN)
        fillers, list_intro, list_items = (
            prose_en.FILLERS_EN, prose_en.LIST_INTRO_EN, prose_en.LIST_ITEMS_EN
        )  # fmt: skip
    else:
        verb = rng.choice(prose_id.QUOTE_VERBS_ID)
        day = f"{HARI[when.weekday()]} ({when.day}/{when.month})"
        quote = f"{open_q}{q1},{close_q} {verb} {name}, {role}, {day}."
        closer = rng.choice(prose_id.CLOSERS_ID)
        indirect = rng.choice(_INDIRECT_ID)
        fillers, list_intro, list_items = (
            prose_id.FILLERS_ID, prose_id.LIST_INTRO_ID, prose_id.LIST_ITEMS_ID
        )  # fmt: skip
    if rng.random() < 0.5:
        quote = quote.replace(f"{q1},", f"{q1}. {q2},", 1)
    facts = [fill(f) for f in rng.sample(topic.facts, len(topic.facts))]
    templates = rng.sample(fillers, len(fillers))
    if era == 2025:  # this era's editors type en dashes: put one up front
        templates.sort(key=lambda template: "{dash}" not in template)
    extra = [fill(t) for t in templates[:10]]  # never more than 10 paragraphs
    target = rng.randint(3, 10)
    middle: list[Para] = []
    lead = fill(topic.lead)
    if rng.random() < 0.3:
        lead = f"{lead} {facts.pop()}"
    if rng.random() < 0.5:
        middle.append(Para(fill(indirect.format(role=role, name=name))))
    middle.append(Para(quote))
    if era == 2025:
        middle.append(Para(extra.pop(0)))
    middle.extend(Para(f) for f in facts + extra)
    with_list = target >= 7 and rng.random() < 0.3
    room = target - 2 - (1 + len(list_items) if with_list else 0)
    body = [Para(lead), *middle[: max(room, 1)]]
    if with_list:
        body.append(Para(fill(list_intro), bold=True))
        body.extend(Para(fill(item)) for item in list_items)
    if target >= 4 or len(body) < 3:
        body.append(Para(f"{open_q}{q3},{close_q} {closer}."))
    pull_quote = q1 if rng.random() < 0.75 else None
    return Draft(title=title, paras=body, pull_quote=pull_quote)


def _filler(slots: dict[str, str]) -> Callable[[str], str]:
    def fill(template: str) -> str:
        return template.format(**slots)

    return fill

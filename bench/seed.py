"""Seed the benchmark database with N published stories and everything around them, by bulk inserts.

Run by bench/run.py with the benchmark's settings (`python bench/seed.py --articles 100000`): 100,000
stories with their bylines, tags, sources, quotes and corrections (and the reader appeal that ends every
story page) take a few minutes, not hours, because rows go in thousands at a time with `bulk_create` (which
sends no signals: the script announces the change to the page cache itself with `content_changed()`).
Idempotent: a database that already holds exactly N stories is left as it is.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, ArticleAuthor, Author, Correction, Section, Tag  # noqa: E402
from membership.models import ReaderAppeal  # noqa: E402
from newsroom.pagecache import content_changed  # noqa: E402
from sourcing.models import Person, Quote, Source  # noqa: E402

BATCH = 2000
WORDS = [
    "budget",
    "council",
    "bridge",
    "election",
    "minister",
    "health",
    "school",
    "water",
    "road",
    "court",
    "river",
    "market",
    "energy",
    "hospital",
    "police",
    "village",
    "farmers",
    "tourism",
    "border",
    "customs",
    "railway",
    "mayor",
    "parliament",
    "reform",
    "salary",
    "pension",
    "teachers",
    "students",
    "airport",
    "factory",
    "forest",
    "pollution",
    "festival",
    "museum",
    "library",
    "stadium",
    "theatre",
    "harvest",
    "wine",
    "tobacco",
    "trade",
    "loan",
    "bank",
    "tax",
    "prices",
    "rent",
    "housing",
    "flood",
    "drought",
    "fire",
]
MK_WORDS = [
    "буџет",
    "совет",
    "мост",
    "избори",
    "министер",
    "здравство",
    "училиште",
    "вода",
    "пат",
    "суд",
    "река",
    "пазар",
]
SECTIONS = ["Politics", "Economy", "Society", "World", "Culture", "Sport", "Opinion", "Investigations"]


def _made_up_words(count, seed_value=3):
    rng = random.Random(seed_value)
    syllables = ["ka", "lo", "mi", "ter", "sa", "vo", "ri", "den", "pa", "ko", "li", "na", "ste", "gra"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(count)]


# Real words are one in twenty, so a search for two of them matches a few percent of stories, as a
# reader's search would, rather than every story.
FILLER = _made_up_words(3000)


def words(rng, count):
    return " ".join(
        rng.choice(WORDS + MK_WORDS) if rng.random() < 0.05 else rng.choice(FILLER) for _ in range(count)
    )


def paragraph(rng):
    return f"<p>{words(rng, 60).capitalize()}.</p>"


def truncate():
    tables = [
        Quote._meta.db_table,
        Source._meta.db_table,
        Person._meta.db_table,
        Correction._meta.db_table,
        Article.tags.through._meta.db_table,
        ArticleAuthor._meta.db_table,
        "articles_articleslugredirect",
        Article.history.model._meta.db_table,
        Article._meta.db_table,
        Tag._meta.db_table,
        Author._meta.db_table,
        Section._meta.db_table,
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def seed(total, seed_value=8):
    rng = random.Random(seed_value)
    now = timezone.now()
    sections = Section.objects.bulk_create(
        Section(name=name, slug=name.lower(), order=n) for n, name in enumerate(SECTIONS)
    )
    authors = Author.objects.bulk_create(
        Author(name=f"Reporter {n}", slug=f"reporter-{n}", role="Reporter") for n in range(60)
    )
    tags = Tag.objects.bulk_create(
        Tag(name=f"{WORDS[n % len(WORDS)]} {n}", slug=f"tag-{n}") for n in range(300)
    )
    people = Person.objects.bulk_create(
        Person(name=f"Speaker {n}", slug=f"speaker-{n}", bio="A public figure.") for n in range(400)
    )
    done = 0
    while done < total:
        size = min(BATCH, total - done)
        with transaction.atomic():
            stories = Article.objects.bulk_create(
                Article(
                    headline=f"{words(rng, 6).capitalize()} {done + n}",
                    slug=f"story-{done + n}",
                    standfirst=words(rng, 25).capitalize() + ".",
                    body="".join(paragraph(rng) for _ in range(8)),
                    section=rng.choice(sections),
                    language=rng.choice(["mk", "mk", "sq", "en"]),
                    status=Article.Status.PUBLISHED,
                    # Story 0 is the newest; one story every ten minutes before it.
                    published_at=now - timedelta(minutes=10 * (done + n) + 1),
                )
                for n in range(size)
            )
            bylines, tag_links, sources, corrections = [], [], [], []
            for story in stories:
                for position, author in enumerate(rng.sample(authors, rng.choice([1, 1, 2]))):
                    bylines.append(ArticleAuthor(article=story, author=author, position=position))
                for tag in rng.sample(tags, 3):
                    tag_links.append(Article.tags.through(article=story, tag=tag))
                for position in range(2):
                    sources.append(
                        Source(
                            article=story,
                            kind=Source.Kind.STATEMENT,
                            description=f"Statement {position}",
                            outlet="Government",
                            position=position,
                        )
                    )
                if story.pk % 10 == 0:
                    corrections.append(
                        Correction(article=story, text="An earlier version misspelled a name.")
                    )
            ArticleAuthor.objects.bulk_create(bylines)
            Article.tags.through.objects.bulk_create(tag_links)
            Correction.objects.bulk_create(corrections)
            sources = Source.objects.bulk_create(sources)
            Quote.objects.bulk_create(
                Quote(
                    article_id=source.article_id,
                    source=source,
                    speaker=rng.choice(people),
                    speaker_role="Minister",
                    text=words(rng, 15).capitalize() + ".",
                    position=source.position,
                )
                for source in sources
            )
        done += size
        print(f"  {done} stories", file=sys.stderr, flush=True)


def ensure_reader_appeal():
    """The appeal with its membership form that ends every story page of a site that asks for support, in
    every language and in Macedonian; kept when the stories are seeded again."""
    if not ReaderAppeal.objects.exists():
        ReaderAppeal.objects.create(
            heading="Independent journalism needs you",
            text="Our content is free because our readers fund it. Become a member, so that it stays free.",
            button_label="Become a member",
        )
        ReaderAppeal.objects.create(
            heading="Независното новинарство ве има вас",
            text="Нашите содржини се бесплатни затоа што нè финансираат читателите. Станете член.",
            button_label="Станете член",
            language="mk",
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--reseed", action="store_true", help="seed again even if the count matches")
    options = parser.parse_args()
    count = Article.objects.filter(status=Article.Status.PUBLISHED).count()
    if count == options.articles and not options.reseed:
        print(f"Database already holds {options.articles} stories", file=sys.stderr)
    else:
        started = time.monotonic()
        truncate()
        seed(options.articles)
        with connection.cursor() as cursor:
            # What autovacuum would do on a production server (it is off on some machines): statistics, and
            # the visibility map that lets PostgreSQL count from an index alone.
            cursor.execute("VACUUM (ANALYZE)")
        print(f"Seeded {options.articles} stories in {time.monotonic() - started:.0f} s", file=sys.stderr)
    ensure_reader_appeal()
    content_changed()


if __name__ == "__main__":
    main()

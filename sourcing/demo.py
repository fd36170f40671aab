"""Demo sourcing: one story built the way our outlets' stories are, with its sources and quotes as data.

The people, outlets and events are invented for the demo (links go to example.org), so no real person is
credited with words they did not say; for that reason no speaker has a Wikidata ID.
"""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Section
from sourcing.models import Event, Person, Quote, Source

HEADLINE = "President confirms talks on an air-defence system as partners pledge more support"
EARLIER_HEADLINE = "Regional leaders meet in Tirana to discuss the energy crisis"  # from seed_demo

PEOPLE = {
    "trajkova": ("Vesna Trajkova", "President since 2024; foreign minister before that."),
    "morrow": ("Daniel Morrow", "Chairs the Regional Defence Contact Group."),
    "berisha": ("Ilir Berisha", "Minister of Defence."),
}


# As the Macedonian and Albanian editions print them (sourcing.translation).
PEOPLE_IN_EDITIONS = {
    "trajkova": {
        "name_mk": "Весна Трајкова",
        "bio_mk": "Претседателка од 2024 година; пред тоа министерка за надворешни работи.",
        "bio_sq": "Presidente që nga viti 2024; më parë ministre e Jashtme.",
    },
    "morrow": {
        "name_mk": "Даниел Мороу",
        "bio_mk": "Претседава со Регионалната контакт-група за одбрана.",
        "bio_sq": "Kryeson Grupin Rajonal të Kontaktit për Mbrojtjen.",
    },
    "berisha": {
        "name_mk": "Илир Бериша",
        "bio_mk": "Министер за одбрана.",
        "bio_sq": "Ministër i Mbrojtjes.",
    },
}
EVENT_IN_EDITIONS = {
    "name_mk": "Средба на Регионалната контакт-група за одбрана",
    "name_sq": "Takimi i Grupit Rajonal të Kontaktit për Mbrojtjen",
    "place_mk": "Охрид",
    "description_mk": "Министрите за одбрана од регионот и нивните партнери се сретнаа за да ја усогласат поддршката.",
    "description_sq": "Ministrat e mbrojtjes të rajonit dhe partnerët e tyre u takuan për të koordinuar mbështetjen.",
}


def _person(key):
    name, bio = PEOPLE[key]
    person, created = Person.objects.get_or_create(
        name=name, defaults={"bio": bio, **PEOPLE_IN_EDITIONS[key]}
    )
    return person, created


def seed_demo_sourcing(now=None):
    """Create the demo sourcing story (and a quote in an older demo story); return how many objects it made.

    Idempotent: a second run finds the story and changes nothing.
    """
    if Article.objects.filter(headline=HEADLINE).exists():
        return 0
    now = now or timezone.now()
    today = timezone.localdate(now)
    created = 0
    people = {}
    for key in PEOPLE:
        people[key], new = _person(key)
        created += new
    event, new = Event.objects.get_or_create(
        name="Regional Defence Contact Group meeting",
        defaults={
            "date": today - timedelta(days=2),
            "place": "Ohrid",
            "description": "Defence ministers of the region and their partners met to coordinate support.",
            **EVENT_IN_EDITIONS,
        },
    )
    created += new
    section, new = Section.objects.get_or_create(slug="svet", defaults={"name": "World"})
    created += new
    author, new = Author.objects.get_or_create(
        name="Elena Stojanovska", defaults={"role": "Investigative reporter"}
    )
    created += new

    story = Article.objects.create(
        headline=HEADLINE,
        language=Article.Language.ENGLISH,
        section=section,
        kicker=Article.Kicker.NEWS,
        standfirst=(
            "The president confirmed the talks in an interview; the defence minister says a contract "
            "could follow within months. Who said what, and where it comes from, is listed under the story."
        ),
        dateline="Skopje",
        body="<p>Placeholder.</p>",
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(hours=4),
    )
    ArticleAuthor.objects.create(article=story, author=author)
    created += 2

    interview = Source.objects.create(
        article=story,
        kind=Source.Kind.INTERVIEW_ELSEWHERE,
        description="Interview given to the Adriatic Press Agency",
        outlet="Adriatic Press Agency",
        url="https://example.org/apa/interview-trajkova",
        archived_url="https://web.archive.org/web/2024/https://example.org/apa/interview-trajkova",
        date=today - timedelta(days=1),
        position=1,
    )
    press_conference = Source.objects.create(
        article=story,
        kind=Source.Kind.PRESS_CONFERENCE,
        description="Press conference after the meeting of the Regional Defence Contact Group",
        outlet="Regional Defence Contact Group",
        date=event.date,
        event=event,
        position=2,
    )
    report = Source.objects.create(
        article=story,
        kind=Source.Kind.OUTLET_REPORT,
        description="Report on the ministry's shortlist of suppliers",
        outlet="The Balkan Ledger",
        url="https://example.org/balkan-ledger/air-defence-shortlist",
        date=today - timedelta(days=8),
        position=3,
    )
    statement = Source.objects.create(
        article=story,
        kind=Source.Kind.STATEMENT,
        description="Statement by the Ministry of Defence, published in Albanian",
        outlet="Ministry of Defence",
        url="https://example.org/mod/statement",
        date=today - timedelta(days=1),
        position=4,
    )
    Source.objects.create(  # a document nobody is quoted from: sources are not only for quotes
        article=story,
        kind=Source.Kind.DOCUMENT,
        description="Draft amendment to this year's budget",
        outlet="Ministry of Finance",
        url="https://example.org/mof/budget-amendment.pdf",
        date=today - timedelta(days=5),
        position=5,
    )
    anonymous = Source.objects.create(
        article=story,
        kind=Source.Kind.ANONYMOUS,
        on_record=False,
        description="Official in the procurement department, met in person by our reporter",
        public_description="a senior official at the defence ministry",
        justification=(
            "Not authorised to speak about an open procurement and fears losing their job. Their account "
            "matches the draft budget amendment and the shortlist our reporter has seen."
        ),
        position=6,
    )
    created += 6

    quotes = [
        Quote.objects.create(
            article=story,
            speaker=people["trajkova"],
            speaker_role="President",
            text="Yes, we are talking to our partners about a system that can protect our cities.",
            source=interview,
            said_on=today - timedelta(days=1),
            position=1,
        ),
        Quote.objects.create(
            article=story,
            speaker=people["morrow"],
            speaker_role="Chair of the Regional Defence Contact Group",
            text="Every member of this group has agreed to do more, and to do it faster.",
            source=press_conference,
            said_on=event.date,
            event=event,
            position=2,
        ),
        Quote.objects.create(
            article=story,
            speaker=people["berisha"],
            speaker_role="Minister of Defence",
            text="Defending our skies is not a luxury but a duty to our citizens.",
            original_text="Mbrojtja e qiellit tonë nuk është luks, por detyrim ndaj qytetarëve.",
            original_language="sq",
            source=statement,
            said_on=today - timedelta(days=1),
            position=3,
        ),
        Quote.objects.create(
            article=story,
            speaker=people["berisha"],
            speaker_role="Minister of Defence",
            kind=Quote.Kind.PARAPHRASE,
            text="Two suppliers remain on the ministry's shortlist, and a decision is expected before winter.",
            source=report,
            position=4,
        ),
        Quote.objects.create(
            article=story,
            speaker=None,
            text="The contract could be signed before the end of the year, if parliament passes the budget.",
            source=anonymous,
            position=5,
        ),
    ]
    created += len(quotes)
    president, chair, minister, _, official = quotes
    story.body = "".join(
        f"<p>{paragraph}</p>"
        for paragraph in [
            "The president confirmed for the first time that the government is negotiating the purchase of an "
            "air-defence system, in an interview given to the Adriatic Press Agency on Tuesday.",
            f"[quote {president.pk}]",
            "Her words came a day after a meeting of the Regional Defence Contact Group in Ohrid. Speaking to "
            "journalists at a press conference after the meeting, the group's chair said partners would "
            "increase their support.",
            f"[quote {chair.pk}]",
            "The Balkan Ledger reported last week that two suppliers remain on the ministry's shortlist. In a "
            f"statement published in Albanian, the defence minister said [quote {minister.pk}]",
            "A draft amendment to the budget sets aside money for “air-defence equipment” without naming a "
            "supplier. A senior official at the defence ministry, who asked not to be named because the "
            f"procurement is still open, told us: [quote {official.pk}]",
        ]
    )
    story.save()

    earlier = Article.objects.filter(headline=EARLIER_HEADLINE).first()
    if earlier is not None and not earlier.quotes.exists():
        # The same person, quoted earlier in another role: her page shows each quote with the role she had.
        summit = Source.objects.create(
            article=earlier,
            kind=Source.Kind.PRESS_CONFERENCE,
            description="Joint press conference after the leaders' meeting",
            outlet="Government of Albania",
            date=timezone.localdate(earlier.published_at),
            position=1,
        )
        Quote.objects.create(
            article=earlier,
            speaker=people["trajkova"],
            speaker_role="Minister of Foreign Affairs",
            text="No country in the region can get through this winter alone.",
            source=summit,
            said_on=timezone.localdate(earlier.published_at),
            position=1,
        )
        created += 2
    return created

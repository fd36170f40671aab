"""Demo content for a believable small newsroom, and two demo accounts, an editor and a reporter, each with the
author profile that fills in their byline. Running it twice changes nothing."""

import io
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.demo import seed_demo_sections, seed_demo_tags
from articles.models import Article, ArticleAuthor, Author, Correction, Image
from newsroom.site_url import absolute_url

DEMO_EDITOR = "editor"
DEMO_EDITOR_PASSWORD = "demo-editor-password"
DEMO_REPORTER = "reporter"
DEMO_REPORTER_PASSWORD = "demo-reporter-password"

AUTHORS = [
    ("Elena Stojanovska", "Investigative reporter", "Elena covers public procurement and the courts."),
    ("Arben Hoxha", "Economy editor", "Arben writes about budgets, energy and labour."),
    ("Marija Petrovska", "Reporter", "Marija reports on health and education."),
]
# Their names and roles as the Macedonian and Albanian editions print them (articles.translation).
AUTHORS_IN_EDITIONS = {
    "Elena Stojanovska": {
        "name_mk": "Елена Стојановска",
        "role_mk": "Истражувачка новинарка",
        "role_sq": "Gazetare investigative",
    },
    "Arben Hoxha": {
        "name_mk": "Арбен Хоџа",
        "role_mk": "Уредник за економија",
        "role_sq": "Redaktor i ekonomisë",
    },
    "Marija Petrovska": {"name_mk": "Марија Петровска", "role_mk": "Новинарка", "role_sq": "Gazetare"},
}

# The demo accounts: (username, password, group, the author whose byline is theirs). A story they start gets
# their byline by itself (articles.admin.article), as a real desk's would.
ACCOUNTS = [
    (DEMO_EDITOR, DEMO_EDITOR_PASSWORD, "Editor", "Arben Hoxha"),
    (DEMO_REPORTER, DEMO_REPORTER_PASSWORD, "Reporter", "Marija Petrovska"),
]

# (headline, language, section slug, kicker, tags, standfirst, paragraphs, hours ago)
ARTICLES = [
    (
        "Municipal tender for school heating went to a firm registered nine days earlier",
        "en",
        "istrazhuvanja",
        "news",
        ["Public procurement"],
        "Documents obtained by our reporters show the winning bid was the only one submitted.",
        [
            "The municipality published the tender on a Friday afternoon and closed it the following Monday.",
            "The winning company had no employees on record when it signed a contract worth 14 million denars.",
            "The mayor's office said the procedure followed the law and that the deadline was set by the ministry.",
        ],
        2,
    ),
    (
        "Electricity prices for households to rise by 9 percent from January",
        "en",
        "ekonomija",
        "news",
        ["Energy"],
        "The regulator approved the increase after the state producer reported losses for a second year.",
        [
            "The Energy Regulatory Commission voted four to one in favour of the new tariff.",
            "Consumer groups said the increase would hit pensioners hardest and asked for targeted subsidies.",
        ],
        5,
    ),
    (
        "Why the hospital waiting lists keep growing",
        "en",
        "opshtestvo",
        "explainer",
        ["Healthcare"],
        "Fewer specialists, more referrals and an appointment system that counts the same patient twice.",
        [
            "Waiting times for a first visit to a cardiologist have doubled in three years.",
            "Doctors we spoke to blame the departure of specialists to Germany and Slovenia.",
            "The ministry says a new scheduling system will remove duplicate appointments by spring.",
        ],
        9,
    ),
    (
        "Analysis: what the new electoral code changes, and what it does not",
        "en",
        "politika",
        "analysis",
        ["Elections"],
        "A single national constituency, open lists, and the questions the reform leaves unanswered.",
        [
            "Parliament passed the amendments with 78 votes after a month of negotiations.",
            "The reform does not touch campaign financing, which observers have criticised for a decade.",
        ],
        20,
    ),
    (
        "Court postpones verdict in the wiretapping case for the fourth time",
        "en",
        "politika",
        "news",
        ["Courts"],
        "The defence asked for new expert testimony on the recordings.",
        [
            "The trial chamber set the next hearing for the end of the month.",
            "Prosecutors objected, saying the expert evidence had already been examined twice.",
        ],
        30,
    ),
    (
        "Opinion: the accession talks need a date, not another promise",
        "en",
        "svet",
        "opinion",
        ["EU accession"],
        "Citizens have waited long enough for a clear answer from Brussels.",
        [
            "Every government since 2005 has promised that membership is close.",
            "A credible date would give reformers inside the administration something to work towards.",
        ],
        48,
    ),
    (
        "Тендерот за греење на училиштата добила фирма регистрирана девет дена претходно",
        "mk",
        "istrazhuvanja",
        "news",
        ["Public procurement"],
        "Документите до кои дојдоа нашите новинари покажуваат дека победничката понуда била единствена.",
        [
            "Општината го објави тендерот во петок попладне и го затвори во понеделникот потоа.",
            "Фирмата победник немала ниту еден вработен кога го потпишала договорот вреден 14 милиони денари.",
        ],
        3,
    ),
    (
        "Струјата за домаќинствата поскапува за 9 отсто од јануари",
        "mk",
        "ekonomija",
        "news",
        ["Energy"],
        "Регулаторот го одобри поскапувањето откако државниот производител пријави загуба втора година по ред.",
        [
            "Регулаторната комисија за енергетика гласаше со четири гласа за и еден против.",
            "Потрошувачките организации предупредија дека најмногу ќе бидат погодени пензионерите.",
        ],
        6,
    ),
    (
        "Зошто листите на чекање во болниците постојано растат",
        "mk",
        "opshtestvo",
        "explainer",
        ["Healthcare"],
        "Помалку специјалисти, повеќе упати и систем за закажување што истиот пациент го брои двапати.",
        [
            "Чекањето за прв преглед кај кардиолог е двојно подолго отколку пред три години.",
            "Лекарите со кои разговаравме велат дека специјалистите заминуваат во Германија и Словенија.",
        ],
        10,
    ),
    (
        "Интервју: „Изборниот законик е чекор напред, но не и крај на реформите“",
        "mk",
        "politika",
        "interview",
        ["Elections"],
        "Разговор со поранешна членка на Државната изборна комисија.",
        [
            "Според неа, отворените листи ќе им дадат поголем глас на гласачите.",
            "Финансирањето на кампањите, вели, останува најголемиот нерешен проблем.",
        ],
        26,
    ),
    (
        "Судот по четврти пат го одложи изрекувањето на пресудата",
        "mk",
        "politika",
        "news",
        ["Courts"],
        "Одбраната побара ново вештачење на снимките.",
        [
            "Судскиот совет го закажа следното рочиште за крајот на месецот.",
            "Обвинителството се спротивстави, велејќи дека вештачењето веќе е направено двапати.",
        ],
        34,
    ),
    (
        "Regional leaders meet in Tirana to discuss the energy crisis",
        "en",
        "svet",
        "news",
        ["Energy", "Ukraine"],
        "Joint gas purchases and a shared reserve were on the table.",
        [
            "The prime ministers agreed to set up a working group before the winter.",
            "No agreement was reached on the price cap proposed by the host.",
        ],
        60,
    ),
    (
        "Tenderi për ngrohjen e shkollave iu dha një firme të regjistruar nëntë ditë më parë",
        "sq",
        "istrazhuvanja",
        "news",
        ["Public procurement"],
        "Dokumentet që kanë siguruar gazetarët tanë tregojnë se oferta fituese ishte e vetmja e dorëzuar.",
        [
            "Komuna e publikoi tenderin një të premte pasdite dhe e mbylli të hënën në vijim.",
            "Kompania fituese nuk kishte asnjë të punësuar në regjistër kur nënshkroi një kontratë prej 14 "
            "milionë denarësh.",
            "Zyra e kryetarit të komunës tha se procedura ishte në përputhje me ligjin dhe se afatin e caktoi "
            "ministria.",
        ],
        3,
    ),
    (
        "Liderët e rajonit takohen në Tiranë për të diskutuar krizën energjetike",
        "sq",
        "svet",
        "news",
        ["Energy", "Ukraine"],
        "Blerjet e përbashkëta të gazit dhe një rezervë e përbashkët ishin në tryezë.",
        [
            "Kryeministrat ranë dakord të krijojnë një grup pune para dimrit.",
            "Nuk u arrit marrëveshje për tavanin e çmimit që propozoi vendi pritës.",
        ],
        59,
    ),
]

# Stories of ARTICLES that translate another of them (by headline): the Macedonian and Albanian editions' versions
# of English stories, linked so that each offers "Read in …" and hreflang alternates (articles.editions).
TRANSLATIONS = {
    ARTICLES[6][0]: ARTICLES[0][0],  # the school-heating tender
    ARTICLES[7][0]: ARTICLES[1][0],  # electricity prices
    ARTICLES[8][0]: ARTICLES[2][0],  # hospital waiting lists
    ARTICLES[10][0]: ARTICLES[4][0],  # the wiretapping verdict postponed
    ARTICLES[12][0]: ARTICLES[0][0],
    ARTICLES[13][0]: ARTICLES[11][0],  # the Tirana meeting
}
# The lead images' words and the datelines, in each story's language.
ILLUSTRATION = {"en": "Illustration", "mk": "Илустрација", "sq": "Ilustrim"}
SKOPJE = {"en": "Skopje", "mk": "Скопје", "sq": "Shkup"}


def demo_image(text, colour, size=(1600, 900)):
    """A picture made with Pillow, carrying fake GPS EXIF as a real camera's would: the pipeline strips it."""
    picture = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    for offset in range(0, size[0], 80):
        draw.line(
            [(offset, 0), (offset + size[1], size[1])], fill=tuple(min(255, c + 30) for c in colour), width=6
        )
    draw.text((60, size[1] - 120), text, fill=(255, 255, 255))
    exif = PILImage.Exif()
    exif[0x010F] = "DemoCam"
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85, exif=exif.tobytes())
    return SimpleUploadedFile(f"{text}.jpg", buffer.getvalue(), content_type="image/jpeg")


class Command(BaseCommand):
    help = "Create demo stories, authors, tiers, and demo editor and reporter accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be created, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            missing = [a[0] for a in ARTICLES if not Article.objects.filter(headline=a[0]).exists()]
            self.stdout.write(
                f"Would create {len(missing)} articles and any missing sections, authors and tags."
            )
            return
        with transaction.atomic():
            existing = set(Article.objects.values_list("pk", flat=True))
            created = self.seed()
            # Each new story's one revision holds it whole (byline, tags, sources, quotes, corrections, which
            # were written after it), as a save in the admin leaves it: the first Save pressed on a demo
            # story then finds nothing changed.
            for story in Article.objects.exclude(pk__in=existing):
                story.complete_latest_revision()
        with transaction.atomic():
            accounts = [self.ensure_demo_account(*account) for account in ACCOUNTS]
        self.stdout.write(self.style.SUCCESS(f"Demo content: {created} new objects."))
        admin_url = absolute_url(f"/{settings.ADMIN_PATH}")
        for (username, password, group, _author), created in zip(ACCOUNTS, accounts, strict=True):
            self.stdout.write(
                f"Demo {group.lower()} {'created' if created else 'ready'}: log in at {admin_url} "
                f"as '{username}' with password '{password}'."
            )

    def ensure_demo_account(self, username, password, group, author_name):
        """The account, in its group, with its author profile; True when the account is new."""
        first_name, last_name = author_name.split(" ", 1)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=group))
        if not Author.objects.filter(user=user).exists():
            # The demo author of that name when no account has it yet, so their stories are the account's.
            author = Author.objects.filter(name=author_name, user=None).first()
            if author is None:
                author = Author(name=author_name)
            author.user = user
            author.save()
        return created

    def seed(self):
        (sections, new_sections), (tags, new_tags) = seed_demo_sections(), seed_demo_tags()
        created = new_sections + new_tags
        authors = []
        for name, role, bio in AUTHORS:
            author, new = Author.objects.get_or_create(
                name=name, defaults={"role": role, "bio": bio, **AUTHORS_IN_EDITIONS[name]}
            )
            authors.append(author)
            created += new
        now = timezone.now().replace(microsecond=0)  # to the second, as publishing sets it (apply_status)
        colours = [(30, 60, 110), (120, 40, 40), (30, 100, 70), (90, 60, 120), (150, 100, 20)]
        for index, (
            headline,
            language,
            section,
            kicker,
            tag_names,
            standfirst,
            paragraphs,
            hours,
        ) in enumerate(ARTICLES):
            if Article.objects.filter(headline=headline).exists():
                continue
            image = Image(
                # Not the headline again, which a screen reader would read twice in every story card.
                alt_text=ILLUSTRATION[language],
                caption=standfirst[:120],
                credit="Newsroom demo",
                copyright_holder="Newsroom",
            )
            image.set_file(demo_image(f"Story {index + 1}", colours[index % len(colours)]))
            image.save()
            article = Article.objects.create(
                headline=headline,
                language=language,
                section=sections[section],
                kicker=kicker,
                standfirst=standfirst,
                body="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                dateline=SKOPJE[language],
                lead_image=image,
                translation_of=Article.objects.filter(headline=TRANSLATIONS.get(headline)).first(),
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=hours),
            )
            article.skip_history_when_saving = True  # the tags go into its one revision (handle())
            article.tags.set([tags[name] for name in tag_names])
            del article.skip_history_when_saving
            ArticleAuthor.objects.create(article=article, author=authors[index % len(authors)], position=0)
            if index % 4 == 0:
                ArticleAuthor.objects.create(
                    article=article, author=authors[(index + 1) % len(authors)], position=1
                )
            created += 2
        created += self.seed_special_cases(sections, authors, tags, now)
        # Other apps add theirs through their AppConfig.seed_demo(now), so this app need not know them
        # (sourcing: a story sourced as data; membership: the reader appeals).
        for app_config in apps.get_app_configs():
            if hasattr(app_config, "seed_demo"):
                created += app_config.seed_demo(now)
        return created

    def seed_special_cases(self, sections, authors, tags, now):
        created = 0
        energy = Article.objects.get(headline=ARTICLES[1][0])
        if not energy.corrections.exists():
            Correction.objects.create(
                article=energy,
                text="An earlier version of this story said the regulator voted unanimously. The vote was four to one.",
                corrected_at=energy.published_at + timedelta(hours=1),
            )
            created += 1
        video_headline = "Video: how a bill becomes law in four minutes"
        if not Article.objects.filter(headline=video_headline).exists():
            video = Article.objects.create(
                headline=video_headline,
                section=sections["politika"],
                kicker=Article.Kicker.EXPLAINER,
                standfirst="A short film on the path from a minister's desk to the official gazette.",
                body="<p>We followed one law from its first draft to the day it came into force.</p>",
                video_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                is_video_of_the_day=True,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=12),
            )
            ArticleAuthor.objects.create(article=video, author=authors[0])
            created += 1
        scheduled_headline = "Budget 2027: what the draft says about pensions"
        if not Article.objects.filter(headline=scheduled_headline).exists():
            scheduled = Article.objects.create(
                headline=scheduled_headline,
                section=sections["ekonomija"],
                standfirst="The finance ministry's draft arrives in parliament tomorrow morning.",
                body="<p>Pensions are set to rise by the average of inflation and wage growth.</p>",
                status=Article.Status.SCHEDULED,
                published_at=now + timedelta(days=1),
            )
            ArticleAuthor.objects.create(article=scheduled, author=authors[1])
            created += 1
        draft_headline = "Draft: who owns the new shopping centre in Aerodrom?"
        if not Article.objects.filter(headline=draft_headline).exists():
            draft = Article.objects.create(
                headline=draft_headline,
                section=sections["istrazhuvanja"],
                standfirst="Company records lead to a holding registered in Cyprus.",
                body="<p>Work in progress: waiting for the registry's answer.</p>",
            )
            ArticleAuthor.objects.create(article=draft, author=authors[0])
            created += 1
        return created

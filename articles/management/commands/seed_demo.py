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

from articles.demo import (
    ARTICLES,
    AUTHORS,
    AUTHORS_IN_EDITIONS,
    ILLUSTRATION,
    SKOPJE,
    TRANSLATIONS,
    seed_demo_sections,
    seed_demo_tags,
)
from articles.models import Article, ArticleAuthor, Author, Correction, Image
from newsroom.site_url import absolute_url

DEMO_EDITOR = "editor"
DEMO_EDITOR_PASSWORD = "demo-editor-password"
DEMO_REPORTER = "reporter"
DEMO_REPORTER_PASSWORD = "demo-reporter-password"

# The demo accounts: (username, password, group, the author whose byline is theirs). A story they start gets
# their byline by itself (articles.admin.article), as a real desk's would.
ACCOUNTS = [
    (DEMO_EDITOR, DEMO_EDITOR_PASSWORD, "Editor", "Arben Hoxha"),
    (DEMO_REPORTER, DEMO_REPORTER_PASSWORD, "Reporter", "Marija Petrovska"),
]


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

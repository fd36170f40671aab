"""The permission matrix (articles.permissions.MATRIX), written out here by hand and walked over every admin
page: each role, against a story in each state, on each page and action of the Article admin, gets what the
matrix allows and is refused (403, 404, the sign-in page, or the story left unchanged) what it does not.
Every other registered admin answers each role as its permissions say, the image rules hold, nothing answers
a server error, and the README prints the same matrix.
"""

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Correction, Image, Section, SiteSettings, Tag
from articles.models import Author as AuthorModel
from articles.permissions import MATRIX, Action, Role, matrix_rows
from membership import services as membership
from membership.models import (
    BankCsvFormat,
    ConsentRecord,
    ConsentText,
    Currency,
    Member,
    Payment,
    ReaderAppeal,
    StatementImport,
    StatementLine,
    Tier,
)
from sourcing.models import Event, Person
from tests import factories
from tests.newsroom.test_admin import address
from tests.sourcing import factories as sourcing
from tests.sourcing.test_admin import FormFields

pytestmark = pytest.mark.django_db

Status = Article.Status
STATES = [Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED, Status.UNPUBLISHED]

# The spec ---------------------------------------------------------------------------------------------

# What each role may do to a story in each state, as the newsroom decided it (issue 16). Each operation
# names the admin pages that perform it; the walk below tries every one of them.
SEE = "see: the list, change form, history, revision page, autocomplete, preview"
SAVE = "save the change form"
DELETE = "delete: the delete page, delete_selected"
SUBMIT = "submit for review: submit_selected_for_review, the form's Submit button"
BACK_TO_DRAFT = "send back to draft: the form's Back to draft button"
PUBLISH = "publish: publish_selected, the form's Publish button"
SCHEDULE = "schedule: the form's Schedule button"
UNPUBLISH = "unpublish: unpublish_selected, the form's Unpublish button"
RESTORE = "restore a revision: POST the revision page"
SHARE = "get a shareable preview link"
REVOKE = "revoke the shareable preview links"

Y, N = True, False
SPEC = {
    #                   draft review scheduled published unpublished
    Role.REPORTER: {  # a reporter, on a story they created or are bylined on
        SEE:            (Y,    Y,     Y,        Y,        Y),
        SAVE:           (Y,    Y,     N,        N,        N),
        DELETE:         (N,    N,     N,        N,        N),
        SUBMIT:         (Y,    Y,     N,        N,        N),
        BACK_TO_DRAFT:  (Y,    Y,     N,        N,        N),
        PUBLISH:        (N,    N,     N,        N,        N),
        SCHEDULE:       (N,    N,     N,        N,        N),
        UNPUBLISH:      (N,    N,     N,        N,        N),
        RESTORE:        (N,    N,     N,        N,        N),
        SHARE:          (Y,    Y,     N,        N,        N),
        REVOKE:         (N,    N,     N,        N,        N),
    },
    Role.OTHER_REPORTER: {  # a reporter, on another reporter's story: not theirs even to see
        SEE:            (N,    N,     N,        N,        N),
        SAVE:           (N,    N,     N,        N,        N),
        DELETE:         (N,    N,     N,        N,        N),
        SUBMIT:         (N,    N,     N,        N,        N),
        BACK_TO_DRAFT:  (N,    N,     N,        N,        N),
        PUBLISH:        (N,    N,     N,        N,        N),
        SCHEDULE:       (N,    N,     N,        N,        N),
        UNPUBLISH:      (N,    N,     N,        N,        N),
        RESTORE:        (N,    N,     N,        N,        N),
        SHARE:          (N,    N,     N,        N,        N),
        REVOKE:         (N,    N,     N,        N,        N),
    },
    Role.EDITOR: {  # the Editor and Admin groups
        SEE:            (Y,    Y,     Y,        Y,        Y),
        SAVE:           (Y,    Y,     Y,        Y,        Y),
        DELETE:         (Y,    Y,     Y,        Y,        Y),
        SUBMIT:         (Y,    Y,     Y,        Y,        Y),
        BACK_TO_DRAFT:  (Y,    Y,     Y,        Y,        Y),
        PUBLISH:        (Y,    Y,     Y,        Y,        Y),
        SCHEDULE:       (Y,    Y,     Y,        Y,        Y),
        UNPUBLISH:      (Y,    Y,     Y,        Y,        Y),
        RESTORE:        (Y,    Y,     Y,        Y,        Y),
        SHARE:          (Y,    Y,     Y,        Y,        Y),
        REVOKE:         (Y,    Y,     Y,        Y,        Y),
    },
}  # fmt: skip

# The matrix's action behind each operation of the spec.
OPERATION_ACTION = {
    SEE: Action.VIEW,
    SAVE: Action.EDIT,
    DELETE: Action.DELETE,
    SUBMIT: Action.SUBMIT,
    BACK_TO_DRAFT: Action.RETURN_TO_DRAFT,
    PUBLISH: Action.PUBLISH,
    SCHEDULE: Action.SCHEDULE,
    UNPUBLISH: Action.UNPUBLISH,
    RESTORE: Action.RESTORE,
    SHARE: Action.SHARE_PREVIEW,
    REVOKE: Action.REVOKE_PREVIEW,
}


def test_the_permission_matrix_is_the_spec_written_here():
    assert set(STATES) == set(Status), "the spec covers every status"
    assert set(OPERATION_ACTION.values()) == set(Action), "every action of the matrix is an operation here"
    assert set(SPEC) == set(Role) == set(MATRIX)
    for role, operations in SPEC.items():
        assert set(operations) == set(OPERATION_ACTION), role
        for operation, allowed_in in operations.items():
            matrix = tuple(state in MATRIX[role].get(OPERATION_ACTION[operation], ()) for state in STATES)
            assert allowed_in == matrix, (
                f"{role.label}, {operation}: the spec says {allowed_in}, MATRIX {matrix}"
            )


# The walk over the Article admin ------------------------------------------------------------------------

# Who walks, and the role the matrix gives them on the story (owned by "reporter"); None: no part in the desk.
WALKERS = {
    "anonymous": None,
    "reader": None,  # signed in, no staff flag
    "reporter": Role.REPORTER,
    "second reporter": Role.OTHER_REPORTER,
    "editor": Role.EDITOR,
    "membership staff": None,
    "admin": Role.EDITOR,
}
SIGNED_OUT_OF_THE_ADMIN = {"anonymous", "reader"}  # every admin page sends them to sign in

ORIGINAL, SECOND, EDITED = "Walked story", "Walked story, second version", "Walked story, edited"


def story_in(state, owner):
    """A complete story of `owner`'s in `state`, whose second revision is headlined ORIGINAL and its third
    SECOND (the revision page restores the second)."""
    now = timezone.now()
    published_at = {
        Status.SCHEDULED: now + timedelta(days=1),
        Status.PUBLISHED: now - timedelta(hours=1),
        Status.UNPUBLISHED: now - timedelta(days=2),
    }.get(state)
    story = factories.article(
        published=False,
        status=state,
        published_at=published_at,
        created_by=owner,
        authors=[owner.author_profile],
        headline=ORIGINAL,
    )
    story.save()  # a revision headlined ORIGINAL that holds the byline too (the first was made before it)
    story.headline = SECOND
    story.save()
    return story


def walk_setup(client, who, state):
    """A story of a reporter's in `state`, and `client` signed in as `who`."""
    owner = factories.reporter()
    factories.author(user=owner)
    accounts = {
        "reader": factories.user,
        "reporter": lambda: owner,
        "second reporter": factories.reporter,
        "editor": factories.editor,
        "membership staff": lambda: factories.user(group="Membership staff"),
        "admin": lambda: factories.user(group="Admin"),
    }
    if who != "anonymous":
        client.force_login(accounts[who]())
    return story_in(state, owner)


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def revision_url(story):
    revision = story.history.filter(headline=ORIGINAL).latest()
    return reverse("admin:articles_article_simple_history", args=[story.pk, revision.history_id])


def rendered_form(client, story):
    """The change form's fields as a browser would post them, as rendered to `client`; nothing when `client`
    is not shown the form (the POST is then a forged one, carrying only what the page changes)."""
    response = client.get(change_url(story))
    if response.status_code != 200:
        return {}
    parser = FormFields()
    parser.feed(response.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


def told(response, status):
    said = [str(message) for message in get_messages(response.wsgi_request)]
    return any(f"now “{status.label}”" in text or f"“{status.label}” already" in text for text in said)


def moved_to(story, status, response):
    """Whether the story was moved to `status`: it is there now, and the person was told so (a story that
    was there already is left there and the person told that it was, or the move is refused)."""
    return told(response, status) and Article.objects.filter(pk=story.pk, status=status).exists()


def gone(story):
    return not Article.objects.filter(pk=story.pk).exists()


def headline(story):
    return Article.objects.get(pk=story.pk).headline


# Each page: the spec's operation it performs, and a function doing it that returns (response, done), where
# `done` is whether the operation took effect: the page was shown, the story listed, changed or deleted.
# Pages that post the change form take the form as rendered (`form`), or render it themselves.
def page_changelist(client, story, form=None):
    response = client.get(address(Article, "changelist"))
    return response, response.status_code == 200 and change_url(story) in response.content.decode()


def page_change_get(client, story, form=None):
    response = client.get(change_url(story))
    return response, response.status_code == 200


def page_change_post(client, story, form=None):
    data = (rendered_form(client, story) if form is None else form) | {"headline": EDITED, "_save": "Save"}
    response = client.post(change_url(story), data)
    return response, headline(story) == EDITED


def button(name, status):
    def press(client, story, form=None):
        data = (rendered_form(client, story) if form is None else form) | {name: "1"}
        if status == Status.SCHEDULED and "published_at_0" in data:
            tomorrow = timezone.localtime() + timedelta(days=1)
            data |= {"published_at_0": f"{tomorrow:%Y-%m-%d}", "published_at_1": "09:00:00"}
        response = client.post(change_url(story), data)
        return response, moved_to(story, status, response)

    return press


def page_delete_get(client, story, form=None):
    response = client.get(reverse("admin:articles_article_delete", args=[story.pk]))
    return response, response.status_code == 200


def page_delete_post(client, story, form=None):
    response = client.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"})
    return response, gone(story)


def page_history(client, story, form=None):
    response = client.get(reverse("admin:articles_article_history", args=[story.pk]))
    return response, response.status_code == 200


def page_revision_get(client, story, form=None):
    response = client.get(revision_url(story))
    return response, response.status_code == 200


def page_revision_post(client, story, form=None):
    response = client.post(revision_url(story), {})
    return response, headline(story) == ORIGINAL


def page_autocomplete(client, story, form=None):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "correction", "field_name": "article", "term": "Walked"},
    )
    offered = response.status_code == 200 and {row["id"] for row in json.loads(response.content)["results"]}
    return response, bool(offered) and str(story.pk) in offered


def bulk(action, status):
    def run(client, story, form=None):
        data = {"action": action, "_selected_action": [story.pk], "index": 0}
        if status is None:
            data["post"] = "yes"  # delete_selected: the confirmation page's answer
        response = client.post(address(Article, "changelist"), data)
        return response, gone(story) if status is None else moved_to(story, status, response)

    return run


def page_preview(client, story, form=None):
    response = client.get(reverse("articles:preview", args=[story.pk]))
    return response, response.status_code == 200


def page_revision_compare(client, story, form=None):
    response = client.get(reverse("admin:articles_article_revision_compare", args=[story.pk]))
    return response, response.status_code == 200


def page_revoke_preview_links(client, story, form=None):
    generation = Article.objects.filter(pk=story.pk).values_list("preview_generation", flat=True)
    before = generation.get()
    response = client.post(reverse("admin:articles_article_revoke_preview_links", args=[story.pk]))
    return response, generation.get() > before


def page_translate(client, story, form=None):
    # Anyone who may see a story may start its translation, a draft of their own (articles.services).
    other = "mk" if story.language != "mk" else "en"
    response = client.post(reverse("admin:articles_article_translate", args=[story.pk]), {"language": other})
    return response, Article.objects.filter(translation_of=story, language=other).exists()


# The pages, in three families walked by one test each (one story and one sign-in per role and state).
READ_PAGES = {
    "changelist": (SEE, page_changelist),
    "change GET": (SEE, page_change_get),
    "delete GET": (DELETE, page_delete_get),
    "history": (SEE, page_history),
    "revision GET": (SEE, page_revision_get),
    "autocomplete": (SEE, page_autocomplete),
    "preview": (SEE, page_preview),
    "revision compare": (SEE, page_revision_compare),
}
FORM_PAGES = {  # the change form as rendered, posted as it is (with a new headline) or with a button
    "change POST": (SAVE, page_change_post),
    "change POST _submit_review": (SUBMIT, button("_submit_review", Status.IN_REVIEW)),
    "change POST _back_to_draft": (BACK_TO_DRAFT, button("_back_to_draft", Status.DRAFT)),
    "change POST _publish": (PUBLISH, button("_publish", Status.PUBLISHED)),
    "change POST _schedule": (SCHEDULE, button("_schedule", Status.SCHEDULED)),
    "change POST _unpublish": (UNPUBLISH, button("_unpublish", Status.UNPUBLISHED)),
}
WRITE_PAGES = {  # the deletions last: each needs the story still there
    "revision POST (restore)": (RESTORE, page_revision_post),
    "publish_selected": (PUBLISH, bulk("publish_selected", Status.PUBLISHED)),
    "unpublish_selected": (UNPUBLISH, bulk("unpublish_selected", Status.UNPUBLISHED)),
    "submit_selected_for_review": (SUBMIT, bulk("submit_selected_for_review", Status.IN_REVIEW)),
    "revoke preview links POST": (REVOKE, page_revoke_preview_links),
    "translate POST": (SEE, page_translate),
    "delete POST": (DELETE, page_delete_post),
    "delete_selected": (DELETE, bulk("delete_selected", None)),
}
PAGES = READ_PAGES | FORM_PAGES | WRITE_PAGES

# Pages that show something: refused, they answer 403, 404 or the sign-in page. (A list or an autocomplete
# leaves the story out; a POST may answer 302 with a message and leave the story as it was.)
REFUSED_BY_STATUS = {"change GET", "delete GET", "history", "revision GET", "preview", "revision compare"}

# Every address ArticleAdmin answers, and the pages above that reach it. Pages whose address is not
# registered (yet) are left out of the walk; test_the_walk_reaches_every_article_admin_address keeps the
# two lists together.
ARTICLE_ADMIN_ADDRESSES = {url.name for url in admin.site.get_model_admin(Article).get_urls() if url.name}
PAGE_ADDRESSES = {
    "articles_article_changelist": {
        "changelist",
        "publish_selected",
        "unpublish_selected",
        "delete_selected",
    },
    "articles_article_change": {"change GET", *FORM_PAGES},
    "articles_article_delete": {"delete GET", "delete POST"},
    "articles_article_history": {"history"},
    "articles_article_simple_history": {"revision GET", "revision POST (restore)"},
    "articles_article_revision_compare": {"revision compare"},
    "articles_article_revoke_preview_links": {"revoke preview links POST"},
    "articles_article_translate": {"translate POST"},
}
NOT_WALKED = {
    "articles_article_add": "a story not yet made has no state; test_permissions.py covers who adds"
}


def walked(page):
    return all(name in ARTICLE_ADMIN_ADDRESSES for name, pages in PAGE_ADDRESSES.items() if page in pages)


def test_the_walk_reaches_every_article_admin_address():
    assert ARTICLE_ADMIN_ADDRESSES - set(NOT_WALKED) <= set(PAGE_ADDRESSES)


# Where the code and the matrix disagree today (reported to the lead). The families skip them;
# test_known_hole runs each as a strict xfail, so a fix turns it red until it is taken off this list.
KNOWN_HOLES = {}


def expected(who, state, page):
    role = WALKERS[who]
    return role is not None and SPEC[role][PAGES[page][0]][STATES.index(state)]


def stored(story):
    return Article.objects.filter(pk=story.pk).values().first()


def walk(client, who, state, page, story, form=None):
    """Take `page` as `who` on `story` (in `state`); the ways its answer disagrees with the spec."""
    operation, perform = PAGES[page]
    before = stored(story)
    client.cookies.pop("messages", None)  # the messages of the page before
    response, done = perform(client, story, form)
    status = response.status_code
    where = f"{who} on a {state} story: {page} ({response.request['REQUEST_METHOD']} {response.request['PATH_INFO']})"
    if status >= 500:
        return [f"{where} answered {status}"]
    problems = []
    if who in SIGNED_OUT_OF_THE_ADMIN and not (status == 302 and response["Location"].startswith(LOGIN)):
        problems.append(f"{where} answered {status}, not the sign-in page")
    if expected(who, state, page):
        if not done or status not in (200, 302):
            problems.append(f"{where} should succeed; answered {status}{messages_of(response)}")
        return problems
    if done:
        problems.append(f"{where} should be refused; answered {status} and took effect")
    if page in REFUSED_BY_STATUS and status not in (302, 403, 404):
        problems.append(f"{where} should be refused; answered {status}")
    after = stored(story)
    if before and after:
        changed = {key for key in before if after[key] != before[key]} - {"modified_at"}
        if page in FORM_PAGES and SPEC.get(WALKERS[who], {}).get(SAVE, [N] * 5)[STATES.index(state)]:
            changed &= {"status", "published_at", "unpublish_at"}  # the form was saved; the button refused
        if changed:
            problems.append(f"{where} was refused but changed {sorted(changed)}")
    return problems


def messages_of(response):
    told = [str(message) for message in get_messages(response.wsgi_request)]
    return f" with messages {told}" if told else ""


def back_to(story, state_as_built):
    """The story as built again (status, times, headline), after a page that moved or changed it."""
    fields = ("status", "published_at", "unpublish_at", "headline")
    Article.objects.filter(pk=story.pk).update(**{name: state_as_built[name] for name in fields})


LOGIN = reverse("admin:login")
WALK = [pytest.param(who, state, id=f"{who}-{state}") for who in WALKERS for state in STATES]


@pytest.mark.parametrize("who, state", WALK)
def test_article_pages_show_as_the_matrix_says(client, who, state):
    story = walk_setup(client, who, state)
    problems = [
        problem
        for page in READ_PAGES
        if walked(page) and (who, state, page) not in KNOWN_HOLES
        for problem in walk(client, who, state, page, story)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("who, state", WALK)
def test_article_change_form_saves_as_the_matrix_says(client, who, state):
    story = walk_setup(client, who, state)
    form, as_built = rendered_form(client, story), stored(story)
    problems = []
    for page in FORM_PAGES:
        if not walked(page) or (who, state, page) in KNOWN_HOLES:
            continue
        back_to(story, as_built)
        if "opened_version" in form:  # as if the form were opened again after the previous page's save
            form["opened_version"] = str(story.history.order_by("-history_id").first().history_id)
        problems += walk(client, who, state, page, story, form)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("who, state", WALK)
def test_article_revision_and_bulk_actions_act_as_the_matrix_says(client, who, state):
    story = walk_setup(client, who, state)
    as_built, owner = stored(story), story.created_by
    problems = []
    for page in WRITE_PAGES:
        if not walked(page) or (who, state, page) in KNOWN_HOLES:
            continue
        if gone(story):
            story = story_in(state, owner)
            as_built = stored(story)
        back_to(story, as_built)
        problems += walk(client, who, state, page, story)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "who, state, page",
    [
        pytest.param(*case, id="-".join(case), marks=pytest.mark.xfail(strict=True, reason=reason))
        for case, reason in KNOWN_HOLES.items()
    ],
)
def test_known_hole(client, who, state, page):
    story = walk_setup(client, who, state)
    problems = walk(client, who, state, page, story)
    assert not problems, "\n".join(problems)


# Every other registered admin ---------------------------------------------------------------------------

OTHER_ADMINS = [model for model in admin.site._registry if model is not Article]


def a_member():
    return Member.objects.create(
        email="reader@example.org", name="Reader", country="MK", amount=Decimal("300"),
        currency=Currency.objects.get(code="MKD"), frequency="monthly",
    )  # fmt: skip


# One row of each model to open in the admin.
ROWS = {
    User: factories.user,
    Group: lambda: Group.objects.get(name="Reporter"),
    AccessAttempt: lambda: AccessAttempt.objects.create(
        username="someone", ip_address="192.0.2.1", user_agent="x", http_accept="x", path_info="/admin/login/",
        get_data="", post_data="", failures_since_start=3,
    ),
    AccessLog: lambda: AccessLog.objects.create(
        username="someone", ip_address="192.0.2.1", user_agent="x", http_accept="x", path_info="/admin/login/"
    ),
    AccessFailureLog: lambda: AccessFailureLog.objects.create(
        username="someone", ip_address="192.0.2.1", user_agent="x", http_accept="x", path_info="/admin/login/"
    ),
    TOTPDevice: lambda: TOTPDevice.objects.create(user=factories.user(is_staff=True), name="Phone"),
    StaticDevice: lambda: StaticDevice.objects.create(user=factories.user(is_staff=True), name="backup"),
    DBTaskResult: lambda: DBTaskResult.objects.create(
        task_path="membership.tasks.send_notification", args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default", run_after=timezone.now(), exception_class_path="", traceback="",
    ),
    Person: sourcing.person,
    Event: sourcing.event,
    Section: factories.section,
    Tag: factories.tag,
    AuthorModel: factories.author,
    Image: factories.image,
    Correction: lambda: factories.correction(factories.article()),
    ReaderAppeal: lambda: ReaderAppeal.objects.create(heading="Support us", text="Become a member."),
    Currency: lambda: Currency.objects.get(code="MKD"),
    Tier: lambda: Tier.objects.create(name="Supporter", slug="supporter"),
    ConsentText: lambda: ConsentText.current("privacy"),
    Member: a_member,
    Payment: lambda: membership.payment_record(
        member=a_member(), amount=Decimal("300"), currency=Currency.objects.get(code="MKD"),
        paid_on=timezone.localdate(), notify=False,
    ),
    ConsentRecord: lambda: ConsentRecord.objects.create(
        member=a_member(), consent_text=ConsentText.current("privacy"), given=True,
        channel=ConsentRecord.Channel.STAFF,
    ),
    SiteSettings: lambda: SiteSettings.objects.create(),
    BankCsvFormat: lambda: BankCsvFormat.objects.create(
        name="Stopanska banka", date_column="Datum", amount_column="Iznos", text_column="Opis",
        currency=Currency.objects.get(code="MKD"),
    ),
    StatementImport: lambda: StatementImport.objects.create(file_name="november.xml", file_format="camt053"),
    StatementLine: lambda: StatementLine.objects.create(
        statement_import=StatementImport.objects.create(file_name="november.xml", file_format="camt053"),
        fingerprint="f" * 64, booked_on=timezone.localdate(), amount=Decimal("500"), currency="MKD",
        text="Donation", status=StatementLine.Status.UNMATCHED,
    ),
}  # fmt: skip

ACCOUNTS = {
    "reader": factories.user,
    "reporter": factories.reporter,
    "editor": factories.editor,
    "membership staff": lambda: factories.user(group="Membership staff"),
    "admin": lambda: factories.user(group="Admin"),
}


# Where an admin answers otherwise today (reported to the lead), as strict xfails.
# Where an admin answers otherwise today (reported to the lead), as xfails: (reason, strict).
OTHER_ADMIN_HOLES = {}


def other_admin_cases():
    for who in ["anonymous", *ACCOUNTS]:
        for model in OTHER_ADMINS:
            reason, strict = OTHER_ADMIN_HOLES.get((who, model), (None, None))
            marks = [pytest.mark.xfail(strict=strict, reason=reason)] if reason else []
            yield pytest.param(who, model, id=f"{who}-{model._meta.label}", marks=marks)


@pytest.mark.parametrize("who, model", list(other_admin_cases()))
def test_every_other_admin_answers_each_role_as_its_permissions_say(client, who, model):
    assert model in ROWS, f"{model._meta.label} is registered in the admin: add a row of it to ROWS"
    row = ROWS[model]()
    account = ACCOUNTS[who]() if who != "anonymous" else None
    if account is not None:
        client.force_login(account)
    model_admin = admin.site.get_model_admin(model)
    request = RequestFactory().get("/")
    request.user = account
    opts = model._meta
    may_view = account is not None and (
        account.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        or account.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )
    # A row the admin does not list for the person, or that belongs to a story they may not see (the matrix).
    hidden = account is not None and (
        not model_admin.get_queryset(request).filter(pk=row.pk).exists()
        or isinstance(getattr(row, "article", None), Article)
        and not Article.objects.visible_to(account).filter(pk=row.article_id).exists()
    )
    sees, deletes = model_admin.has_view_or_change_permission, model_admin.has_delete_permission
    pages = {  # each page, whether it is about the row, and whether the admin says the role may open it
        address(model, "changelist"): (False, lambda: sees(request)),
        address(model, "add"): (False, lambda: model_admin.has_add_permission(request)),
        admin_url(model, "change", row): (True, lambda: sees(request, row)),
        admin_url(model, "delete", row): (True, lambda: deletes(request, row)),
        admin_url(model, "history", row): (True, lambda: sees(request, row)),
    }
    problems = []
    for url, (about_the_row, may) in pages.items():
        response = client.get(url)
        if who in ("anonymous", "reader"):
            wanted = {"the sign-in page"}
        elif not may_view and not url.endswith("/add/") or about_the_row and hidden:
            wanted = {403, 404}  # a row the person may not see: refused, or as if it did not exist
        else:
            wanted = {200 if may() else 403}
        signed_out = response.status_code == 302 and response["Location"].startswith(LOGIN)
        if (signed_out and "the sign-in page" or response.status_code) not in wanted:
            problems.append(f"{who}: GET {url} answered {response.status_code}, not {wanted}")
    assert not problems, "\n".join(problems)


def admin_url(model, view, row):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=[row.pk])


# Images (issue 16, finding 2) ---------------------------------------------------------------------------


def image_url(image, view="change"):
    return reverse(f"admin:articles_image_{view}", args=[image.pk])


def post_image_form(client, image, alt_text):
    """The image's change form as rendered to `client` (or forged when not shown), with a new alt text."""
    response = client.get(image_url(image))
    assert response.status_code < 500, response.status_code
    parser = FormFields()
    parser.feed(response.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return client.post(image_url(image), parser.data | {"alt_text": alt_text, "_save": "Save"})


def alt_text_of(image):
    return Image.objects.get(pk=image.pk).alt_text


def live_lead_image(uploaded_by):
    image = factories.image(uploaded_by=uploaded_by)
    factories.article(lead_image=image)  # published an hour ago
    return image


def test_reporter_cannot_change_another_reporters_image(client):
    image = factories.image(uploaded_by=factories.reporter())
    client.force_login(factories.reporter())
    response = post_image_form(client, image, "Changed by someone else")
    assert response.status_code == 403
    assert alt_text_of(image) == "A test photo"


def test_reporter_cannot_change_their_own_image_once_a_live_story_leads_with_it(client):
    writer = factories.reporter()
    image = live_lead_image(uploaded_by=writer)
    client.force_login(writer)
    response = post_image_form(client, image, "Changed under a live story")
    assert response.status_code == 403
    assert alt_text_of(image) == "A test photo"


def test_reporter_changes_their_own_image_while_no_live_story_shows_it(client):
    writer = factories.reporter()
    image = factories.image(uploaded_by=writer)
    factories.article(published=False, lead_image=image)  # a draft does not count
    client.force_login(writer)
    response = post_image_form(client, image, "A better description")
    assert response.status_code == 302
    assert alt_text_of(image) == "A better description"


@pytest.mark.parametrize("group", ["Editor", "Admin"])
def test_editor_changes_any_image_even_a_live_storys_lead_image(client, group):
    image = live_lead_image(uploaded_by=factories.reporter())
    client.force_login(factories.user(group=group))
    response = post_image_form(client, image, "A better description")
    assert response.status_code == 302
    assert alt_text_of(image) == "A better description"


@pytest.mark.parametrize("who", ["uploader", "editor", "admin"])
def test_nobody_deletes_a_live_storys_lead_image(client, who):
    uploader = factories.reporter()
    image = live_lead_image(uploaded_by=uploader)
    account = {
        "uploader": lambda: uploader,
        "editor": factories.editor,
        "admin": lambda: factories.user(group="Admin"),
    }
    client.force_login(account[who]())
    assert client.get(image_url(image, "delete")).status_code == 403
    assert client.post(image_url(image, "delete"), {"post": "yes"}).status_code == 403
    response = client.post(
        address(Image, "changelist"),
        {"action": "delete_selected", "_selected_action": [image.pk], "index": 0, "post": "yes"},
    )
    assert response.status_code < 500
    assert Image.objects.filter(pk=image.pk).exists()


def test_a_drafts_lead_image_is_not_deleted_from_under_it(client):
    """The lead image's foreign key is PROTECT: the admin lists the story that holds it and deletes nothing."""
    image = factories.image(uploaded_by=factories.reporter())
    story = factories.article(published=False, lead_image=image)
    client.force_login(factories.editor())
    page = client.get(image_url(image, "delete"))
    assert page.status_code == 200 and story.headline in page.content.decode()
    assert client.post(image_url(image, "delete"), {"post": "yes"}).status_code < 500
    response = client.post(
        address(Image, "changelist"),
        {"action": "delete_selected", "_selected_action": [image.pk], "index": 0, "post": "yes"},
    )
    assert response.status_code < 500
    assert Image.objects.filter(pk=image.pk).exists()
    assert Article.objects.get(pk=story.pk).lead_image_id == image.pk


# The README ----------------------------------------------------------------------------------------------


def matrix_table():
    """The matrix as the README prints it: a row per role and action it allows somewhere, ✓ where it may."""
    with translation.override("en"):
        states = [str(state.label) for state in STATES]
        lines = [
            "| Role | Action | " + " | ".join(states) + " |",
            "| --- | --- |" + " :-: |" * len(states),
        ]
        for role in Role:
            rows = [(action, allowed_in) for who, action, allowed_in in matrix_rows() if who == role.label]
            rows = [(action, allowed_in) for action, allowed_in in rows if allowed_in] or [("Nothing", [])]
            for action, allowed_in in rows:
                ticks = " | ".join("✓" if state in allowed_in else " " for state in states)
                lines.append(f"| {role.label} | {action[0].upper()}{action[1:]} | {ticks} |")
    return "\n".join(lines)


def test_the_readme_prints_the_permission_matrix():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    security = readme[readme.index("## Security") :]
    security = security[: security.index("\n## ", 1)]
    assert matrix_table() in security, "README.md's Security section should print:\n" + matrix_table()

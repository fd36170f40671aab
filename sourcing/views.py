"""Public pages of sourcing: speakers and their index, the quotes index, events, and read-only JSON for
researchers.

Every queryset here starts from what readers may see (`Article.objects.published()`), so quotes and sources
of drafts, scheduled or withdrawn stories never appear; nor does a person or event known only from them.
"""

import functools

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import ListView

from articles.editions import edition_of
from articles.models import Article
from articles.purging import add_keys, story_page_keys
from articles.slugs import follows_old_slugs
from articles.structured_data import breadcrumbs_jsonld
from newsroom import surrogate
from newsroom.addresses import cached_reverse
from newsroom.alphabets import Alphabetical, initial, letters_after, sort_key
from newsroom.pagination import RowsInOrder
from newsroom.site_url import absolute_url
from newsroom.translated_names import shown_in_active_language
from sourcing import serializers
from sourcing.models import Event, Person, Quote
from sourcing.prefetch import article_page_prefetches
from sourcing.purging import add_event_keys, add_person_keys
from sourcing.structured_data import event_jsonld, person_jsonld

QUOTES_PER_PAGE = 20
PEOPLE_PER_PAGE = 50
JSON_QUOTES_PER_PAGE = 100
MAX_QUERY_LENGTH = 200


def editions_of(stories):
    """The editions (languages) among `stories`: where a page about a person or event has something to show."""
    return set(stories.order_by().values_list("language", flat=True).distinct())


def other_editions(languages, thing):
    """For a page about `thing` (a person, an event) that this edition's stories do not mention: the other
    editions among `languages` (editions_of the published stories that mention it), as (language code, its
    name, the page there). None: 404."""
    here = edition_of()
    found = []
    for code in settings.NEWSROOM_EDITIONS:
        if code in languages and code != here:
            with translation.override(code):
                found.append(
                    (code, translation.get_language_info(code)["name_local"], thing.get_absolute_url())
                )
    if not found:
        raise Http404("Not in any published story")
    return found


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    add_person_keys(request, person)
    # A speaker quoted for years has hundreds of quotes, and ordering them needs each one's story. Their
    # ids are read in order (which counts them too), then the shown page's quotes whole: sorting ~470 whole
    # rows to show 20 took 9-11 ms at 100,000 stories, plus 3 to count them; ids and one page take 3-4 and 1.
    # This edition's quotes (articles.editions); someone quoted only in another edition's stories gets a page
    # that leads there, and someone quoted only in drafts stays unknown (404).
    quote_ids = list(Quote.objects.by_speaker(person).in_edition().values_list("pk", flat=True))
    paginator = Paginator(RowsInOrder(quote_ids, Quote.objects.public().for_display()), QUOTES_PER_PAGE)
    # The editions with this person's quotes: the others' copies of this page say "not in this edition".
    shown_in = editions_of(Article.objects.published().filter(quotes__speaker=person))
    elsewhere = [] if quote_ids else other_editions(shown_in, person)
    page = paginator.get_page(request.GET.get("page"))
    canonical_url = absolute_url(person.get_absolute_url(), request)
    if page.number > 1:
        canonical_url += f"?page={page.number}"
    return render(
        request,
        "sourcing/person_detail.html",
        {
            "person": person,
            "elsewhere": elsewhere,
            "page": page,
            "quotes": page.object_list,
            "canonical_url": canonical_url,
            "alternate_editions": shown_in,
            # base.html writes each as a JSON-LD block
            "jsonld": [
                person_jsonld(person, request),
                breadcrumbs_jsonld(
                    request,
                    [
                        (settings.SITE_NAME, cached_reverse("articles:home")),
                        (_("People quoted"), cached_reverse("sourcing:people")),
                        (person.name, person.get_absolute_url()),
                    ],
                ),
            ],
        },
    )


class PeopleIndexView(ListView):
    """Everyone quoted in this edition's published stories, A to Z, with their current role and how many
    times they are quoted there; `?letter=` narrows it to the names starting with one letter. A page or
    letter that does not exist is a 404."""

    paginate_by = PEOPLE_PER_PAGE
    context_object_name = "people"
    template_name = "sourcing/people_list.html"

    def get_queryset(self):
        add_keys(self.request, "people")
        # The filter comes before Count(): the count then covers only the quotes it kept (this edition's,
        # in stories readers may see), not every quote the person ever had.
        # By the names this edition shows (a Macedonian name, or the default language's until one is written).
        quoted = Person.objects.filter(
            quotes__in=Quote.objects.public().filter(article__language=edition_of())
        ).alias(shown_name=shown_in_active_language("name"))
        # Letters as the edition's alphabet has them: Albanian "Dh" and "Sh" are letters of their own.
        starts = quoted.order_by().values_list(Substr("shown_name", 1, 2), flat=True).distinct()
        self.letters = sorted({initial(start) for start in starts}, key=sort_key)  # А В Д И Ј, not Ј А В Д И
        typed = self.request.GET.get("letter", "")
        self.letter = typed[:1].upper() + typed[1:].casefold()  # ?letter=d is D's page, ?letter=dh Dh's
        if self.letter:
            if self.letter not in self.letters:
                raise Http404("No one quoted in this edition has a name starting with that letter")
            quoted = quoted.filter(shown_name__istartswith=self.letter)
            for pair in letters_after(self.letter):  # D's names are not Dh's
                quoted = quoted.exclude(shown_name__istartswith=pair)
        return quoted.annotate(quote_count=Count("quotes")).order_by(Alphabetical("shown_name"), "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = {"letter": self.letter} if self.letter else {}
        if context["page_obj"].number > 1:
            query["page"] = context["page_obj"].number
        canonical_url = absolute_url(self.request.path, self.request)
        return {
            **context,
            "letters": self.letters,
            "letter": self.letter,
            "canonical_url": f"{canonical_url}?{urlencode(query)}" if query else canonical_url,
        }


def quote_index(request):
    add_keys(request, "quotes")
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    quotes = Quote.objects.public().in_edition().for_display()
    quotes = quotes.search(query) if query else quotes.newest_first()
    page = Paginator(quotes, QUOTES_PER_PAGE).get_page(request.GET.get("page"))
    canonical_url = absolute_url(request.path, request)
    if page.number > 1 and not query:
        canonical_url += f"?page={page.number}"
    return render(
        request,
        "sourcing/quote_list.html",
        {"query": query, "page": page, "quotes": page.object_list, "canonical_url": canonical_url},
    )


def event_detail(request, slug):
    event = get_object_or_404(Event, slug=slug)
    add_event_keys(request, event)
    from_event = Quote.objects.public().filter(Q(event=event) | Q(source__event=event))
    quotes = list(from_event.in_edition().for_display().newest_first())
    stories = list(
        Article.objects.published()
        .in_edition()
        .filter(Q(sources__event=event) | Q(quotes__event=event))
        .distinct()
        .for_listing()
    )
    shown_in = editions_of(
        Article.objects.published().filter(Q(sources__event=event) | Q(quotes__event=event))
    )
    elsewhere = []
    if not quotes and not stories:  # reported only in another edition's stories (or only in drafts: a 404)
        elsewhere = other_editions(shown_in, event)
    return render(
        request,
        "sourcing/event_detail.html",
        {
            "event": event,
            "elsewhere": elsewhere,
            "quotes": quotes,
            "stories": stories,
            "canonical_url": absolute_url(event.get_absolute_url(), request),
            "alternate_editions": shown_in,
            "jsonld": [event_jsonld(event, stories, request)],  # base.html writes each as a JSON-LD block
        },
    )


def readable_by_any_site(view):
    """Public, read-only data: fact-checkers' tools running in a browser on another site may read it. No
    credentials are allowed, so a reader's session never reaches another site's script."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _json_error(message, status):
    return JsonResponse({"error": message}, status=status)


@readable_by_any_site
def article_json(request, slug):
    article = (
        Article.objects.published().filter(slug=slug).prefetch_related(*article_page_prefetches()).first()
    )
    if article is None:
        return _json_error(_("No published story has this address."), 404)
    surrogate.add_keys(request, *story_page_keys(article))
    return JsonResponse(
        serializers.article_sourcing_data(article, request), json_dumps_params={"ensure_ascii": False}
    )


@readable_by_any_site  # outermost: the 301 from an old address is readable by other sites too
@follows_old_slugs(Person)
def person_json(request, slug):
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        return _json_error(_("No person has this address."), 404)
    add_person_keys(request, person)
    if not Quote.objects.by_speaker(person).exists():
        return _json_error(_("No person has this address."), 404)
    # The edition's quotes, as on the person's page (possibly none: they were quoted in another edition).
    paginator = Paginator(Quote.objects.by_speaker(person).in_edition(), JSON_QUOTES_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return _json_error(_("The page must be a whole number."), 400)
    except EmptyPage:
        return _json_error(_("There is no such page."), 404)
    base = absolute_url(request.path, request)
    return JsonResponse(
        {
            "person": {
                **serializers.speaker_data(person, request),
                "bio": person.bio,
            },
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": f"{base}?page={page.next_page_number()}" if page.has_next() else None,
            "quotes": [serializers.person_quote_data(quote, request) for quote in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )

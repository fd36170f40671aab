"""Search recall in Macedonian and Albanian: a reader's word finds the stories that have it in another form
(болница finds болниците, spital finds spitaleve), and only those. The stories and queries are a small
recall set; the test prints its figure beside that of the words as typed (the search before stemming).

PostgreSQL only: ranked full-text search on the stored document is PostgreSQL's, and CI runs this file
there (DATABASE_URL=postgres://...); SQLite's substring fallback is tested in test_search.py.
"""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from articles.models import Article
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="full-text search on the stored document is PostgreSQL's"
    ),
]

# name: (language, headline, standfirst, body). No two stories share a word's stem by chance.
STORIES = {
    "mk_hospital": (
        "mk",
        "Нова болница во Тетово",
        "Болницата ќе прима пациенти од цел регион.",
        "<p>Градежните работи траеја три години.</p>",
    ),
    "mk_school": (
        "mk",
        "Училиштето во Куманово доби нов покрив",
        "Учениците се вратија на настава по две недели.",
        "<p>Директорката благодари на родителите.</p>",
    ),
    "mk_road": (
        "mk",
        "Патот кон Маврово затворен поради снегот",
        "Возачите да внимаваат на мразот.",
        "<p>Чистењето ќе трае до вечерта.</p>",
    ),
    "mk_court": (
        "mk",
        "Судот ја одложи расправата за тендерот",
        "Одбраната побара нови докази.",
        "<p>Следното рочиште е во март.</p>",
    ),
    "mk_market": (
        "mk",
        "Пазарот во Битола полн со домашни зеленчуци",
        "Земјоделците се задоволни од продажбата.",
        "<p>Доматите чинат педесет денари.</p>",
    ),
    "mk_government": (
        "mk",
        "Владата ги намали цените на струјата",
        "Домаќинствата ќе плаќаат помалку од јануари.",
        "<p>Мерката чини десет милиони евра.</p>",
    ),
    "mk_elections": (
        "mk",
        "Граѓаните гласаа на локалните избори",
        "Излезноста беше четириесет проценти.",
        "<p>Гласањето заврши во седум часот.</p>",
    ),
    "mk_doctors": (
        "mk",
        "Лекарите бараат повисоки плати",
        "Синдикатот најави штрајк.",
        "<p>Министерството повика на дијалог.</p>",
    ),
    "mk_water": (
        "mk",
        "Водата во Струмица е безбедна за пиење",
        "Анализите не покажаа бактерии.",
        "<p>Јавното претпријатие ги објави резултатите.</p>",
    ),
    "mk_law": (
        "mk",
        "Новиот закон за високото образование",
        "Собранието го изгласа со мнозинство.",
        "<p>Студентите протестираа пред зградата.</p>",
    ),
    "sq_hospital": (
        "sq",
        "Spitali i ri në Tetovë hapet sot",
        "Mjekët e spitalit presin pacientët e parë.",
        "<p>Ndërtimi zgjati tri vjet.</p>",
    ),
    "sq_school": (
        "sq",
        "Shkolla në Gostivar merr çati të re",
        "Nxënësit u kthyen në mësim pas dy javësh.",
        "<p>Drejtoresha falënderoi prindërit.</p>",
    ),
    "sq_road": (
        "sq",
        "Rruga për në Mavrovë mbyllet nga bora",
        "Shoferët të kenë kujdes nga akulli.",
        "<p>Pastrimi do të zgjasë deri në mbrëmje.</p>",
    ),
    "sq_city": (
        "sq",
        "Qyteti i Strugës feston ditën e tij",
        "Koncerte në sheshin kryesor.",
        "<p>Mysafirë nga i gjithë rajoni vijnë në qytet.</p>",
    ),
    "sq_government": (
        "sq",
        "Qeveria shkurton çmimet e energjisë",
        "Familjet do të paguajnë më pak nga janari.",
        "<p>Masa kushton dhjetë milionë euro.</p>",
    ),
    "sq_elections": (
        "sq",
        "Zgjedhjet lokale mbahen në tetor",
        "Komisioni publikoi kalendarin.",
        "<p>Partitë paraqitën kandidatët e tyre.</p>",
    ),
    "sq_court": (
        "sq",
        "Gjykata shtyn seancën për tenderin",
        "Mbrojtja kërkoi prova të reja.",
        "<p>Seanca e ardhshme është në mars.</p>",
    ),
    "sq_teachers": (
        "sq",
        "Mësuesit kërkojnë paga më të larta",
        "Sindikata paralajmëron grevë.",
        "<p>Ministria thërret në dialog.</p>",
    ),
    "sq_law": (
        "sq",
        "Ligji i ri për arsimin e lartë",
        "Kuvendi e miratoi me shumicë.",
        "<p>Studentët protestuan para ndërtesës.</p>",
    ),
    "sq_market": (
        "sq",
        "Tregu i Manastirit plot me perime vendi",
        "Fermerët janë të kënaqur me shitjen.",
        "<p>Domatet kushtojnë pesëdhjetë denarë.</p>",
    ),
    "en_summit": (
        "en",
        "Regional leaders meet in Tirana",
        "The energy crisis dominated the summit.",
        "<p>Ministers agreed to meet again in spring.</p>",
    ),
}

# A reader's query, in a form the stories do not have, and the stories it must find (and no others).
QUERIES = {
    "болниците": {"mk_hospital"},  # болница, болницата
    "болници": {"mk_hospital"},
    "училиштата": {"mk_school"},  # училиштето
    "училишта": {"mk_school"},
    "ученици": {"mk_school"},  # учениците
    "пат": {"mk_road"},  # патот
    "судови": {"mk_court"},  # судот
    "тендери": {"mk_court"},  # тендерот
    "пазари": {"mk_market"},  # пазарот
    "влада": {"mk_government"},  # владата
    "цена струја": {"mk_government"},  # цените, струјата
    "изборите": {"mk_elections"},  # избори
    "лекар плата": {"mk_doctors"},  # лекарите, плати
    "води": {"mk_water"},  # водата
    "нови закони": {"mk_law"},  # новиот закон
    "spital": {"sq_hospital"},  # spitali, spitalit
    "spitalet": {"sq_hospital"},
    "spitaleve": {"sq_hospital"},
    "mjeku": {"sq_hospital"},  # mjekët
    "shkollë": {"sq_school"},  # shkolla
    "shkollat": {"sq_school"},
    "shkollës": {"sq_school"},
    "nxënësve": {"sq_school"},  # nxënësit
    "rrugët": {"sq_road"},  # rruga
    "rrugëve": {"sq_road"},
    "qytetet": {"sq_city"},  # qyteti, qytet
    "qytetin": {"sq_city"},
    "qeveri": {"sq_government"},  # qeveria
    "qeverisë çmimi": {"sq_government"},  # çmimet
    "zgjedhje": {"sq_elections"},  # zgjedhjet
    "zgjedhjeve": {"sq_elections"},
    "gjykatë": {"sq_court"},  # gjykata
    "tenderi": {"sq_court"},  # tenderin
    "mësues pagave": {"sq_teachers"},  # mësuesit, paga
    "ligjet arsimi": {"sq_law"},  # ligji, arsimin
    "tregun": {"sq_market"},  # tregu
    "Tiranës": {"en_summit"},  # Tirana, in Albanian
}


@pytest.fixture
def stories():
    return {
        name: factories.article(headline=headline, standfirst=standfirst, body=body, language=language)
        for name, (language, headline, standfirst, body) in STORIES.items()
    }


def found_by(stories, query):
    names = {story.pk: name for name, story in stories.items()}
    return {names[pk] for pk in Article.objects.published().search(query).values_list("pk", flat=True)}


def found_as_typed(stories, query):
    """What search found before stemming: each word as typed, as the beginning of a word."""
    words = " & ".join(f"{word}:*" for word in query.lower().split())
    matches = Article.objects.filter(search_document=SearchQuery(words, config="simple", search_type="raw"))
    names = {story.pk: name for name, story in stories.items()}
    return {names[pk] for pk in matches.values_list("pk", flat=True)}


def test_inflected_forms_find_their_stories_and_no_others(stories):
    expected = sum(len(wanted) for wanted in QUERIES.values())
    missed, unrelated, as_typed = {}, {}, 0
    for query, wanted in QUERIES.items():
        found = found_by(stories, query)
        if wanted - found:
            missed[query] = wanted - found
        if found - wanted:
            unrelated[query] = found - wanted
        as_typed += len(wanted & found_as_typed(stories, query))
    recall = expected - sum(len(names) for names in missed.values())
    print(
        f"\nSearch recall (Macedonian and Albanian, {len(QUERIES)} queries, {len(STORIES)} stories): "
        f"{recall}/{expected} = {recall / expected:.0%}; words as typed: {as_typed}/{expected} = "
        f"{as_typed / expected:.0%}"
    )
    assert missed == {}, "stories not found"
    assert unrelated == {}, "unrelated stories found"

"""Names in the newsroom's alphabets' order (newsroom.alphabets), in Python and in the database, and searches
that fold the case of every letter (newsroom.sqlite on SQLite; PostgreSQL does so itself)."""

import pytest
from django.urls import reverse

from articles.models import Author
from newsroom.alphabets import Alphabetical, sort_key
from tests import factories

NAMES = [
    "Јован",
    "Zana",
    "Ѓорѓи",
    "Dhimitër",
    "Ана",
    "Çelik",
    "Dritan",
    "Ѕвонко",
    "Зоран",
    "Éric",
    "Ëlla",
    "Cana",
]
NAMES += ["Ella", "zana", "Ана Б", "Анаа", "Ѐлена", "Ема", "Walter", "Xhevat"]


def test_each_language_sorts_its_own_alphabet_first_and_in_its_order():
    # Ѓ after Г and Ј after И (Unicode puts them before А); Latin after, Ç and Ë as C and E.
    assert sorted(NAMES, key=lambda name: sort_key(name, "mk")) == [
        "Ана", "Ана Б", "Анаа", "Ѓорѓи", "Ѐлена", "Ема", "Зоран", "Ѕвонко", "Јован",
        "Cana", "Çelik", "Dhimitër", "Dritan", "Ella", "Ëlla", "Éric", "Walter", "Xhevat", "zana", "Zana",
    ]  # fmt: skip
    # Ç and Ë are letters after C and E, Dh one after the whole of D (Unicode puts Ç and Ë after Z).
    assert sorted(NAMES, key=lambda name: sort_key(name, "sq")) == [
        "Cana", "Çelik", "Dritan", "Dhimitër", "Ella", "Éric", "Ëlla", "Walter", "Xhevat", "zana", "Zana",
        "Ана", "Ана Б", "Анаа", "Ѓорѓи", "Ѐлена", "Ема", "Зоран", "Ѕвонко", "Јован",
    ]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["mk", "sq"])
def test_the_database_sorts_as_python_does(language):
    for name in NAMES:
        Author.objects.create(name=name)

    in_database = Author.objects.order_by(Alphabetical("name", language)).values_list("name", flat=True)
    assert list(in_database) == sorted(NAMES, key=lambda name: sort_key(name, language))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "typed"), [("Ана Костовска", "ана"), ("ЃОРЃИ ПЕТРОВ", "ѓорѓи"), ("Çelik Hoxha", "çelik")]
)
def test_the_admin_finds_a_name_typed_in_either_case(client, name, typed):
    factories.author(name=name)
    factories.author(name="Someone Else")
    client.force_login(factories.editor())

    response = client.get(reverse("admin:articles_author_changelist"), {"q": typed})
    assert [author.name for author in response.context["cl"].result_list] == [name]


@pytest.mark.django_db
def test_a_search_with_like_wildcards_finds_them_as_typed(client):
    factories.author(name="100% Ана")
    factories.author(name="1000 Ана")
    client.force_login(factories.editor())

    response = client.get(reverse("admin:articles_author_changelist"), {"q": "100%"})
    assert [author.name for author in response.context["cl"].result_list] == ["100% Ана"]

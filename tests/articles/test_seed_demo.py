"""The demo content command builds a small newsroom and changes nothing when run again."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article


def snapshot():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first


@pytest.mark.django_db
def test_seed_demo_builds_a_believable_newsroom(capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "editor" in output and "/admin/" in output
    published = Article.objects.published()
    assert published.count() >= 12
    assert published.filter(language="mk").exists() and published.filter(language="en").exists()
    assert Article.objects.filter(status="draft").exists()
    assert Article.objects.filter(status="scheduled").exclude(pk__in=published).exists()
    assert published.filter(is_video_of_the_day=True).exists()
    assert published.filter(corrections__isnull=False).exists()
    editor = get_user_model().objects.get(username="editor")
    assert editor.is_staff and editor.has_perm("articles.publish_article")

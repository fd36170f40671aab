"""Every model admin of the newsroom: an add form prefilled from its address keeps the values its fields
accept and drops the others, where Django's own would fail with a server error while rendering."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

NEWSROOM_ADMINS = [
    model for model in admin.site._registry if model._meta.app_label in {"articles", "sourcing", "membership"}
]


@pytest.mark.parametrize("model", NEWSROOM_ADMINS, ids=lambda model: model._meta.label)
def test_add_form_drops_prefilled_values_that_are_not_values_of_their_field(admin_client, model):
    add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    names = [field.name for field in model._meta.get_fields() if field.concrete and not field.auto_created]
    assert names
    for name in names:
        response = admin_client.get(add, {name: "abc"})
        assert response.status_code in {200, 403}, f"?{name}=abc answered {response.status_code}"


def test_add_form_keeps_prefilled_values_that_are(admin_client):
    section, other = factories.section(name="Politics"), factories.section(name="Economy")
    first, second = factories.tag(name="Budget"), factories.tag(name="Pensions")
    add = reverse("admin:articles_article_add")
    page = admin_client.get(
        add, {"section": section.pk, "tags": f"{first.pk},{second.pk}", "headline": "Draft"}
    )
    html = page.content.decode()
    assert f'<option value="{section.pk}" selected>Politics</option>' in html
    assert f'<option value="{first.pk}" selected>Budget</option>' in html
    assert f'<option value="{second.pk}" selected>Pensions</option>' in html
    assert 'value="Draft"' in html and f'<option value="{other.pk}" selected>Economy' not in html

"""The editorial desk on the admin's home page: `{% editorial_desk as desk %}` (articles.admin.desk)."""

from django import template

from articles.admin.desk import desk_for

register = template.Library()


@register.simple_tag(takes_context=True)
def editorial_desk(context):
    return desk_for(context["request"].user)

"""The media library's picker: staff find a library image (search, thumbnails, pages) and insert it in a story.

The story's form opens it in a small window from the button beside the body's editor (articles.widgets); each
image's "Insert" button sends the image's address, alt text, size and caption back to that editor with
postMessage (static/js/media-library.js: no inline script, so it works under the admin's CSP). Opened on its own
it is a browsable list of the library. Staff who may view images see it; the admin's sign-in guards the rest.
"""

import re

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from articles.models import Image

PAGE_SIZE = 24
QUERY_MAX = 200
# The id of the editor's textarea the choice goes back to (Django's "id_body", an inline's "id_x-0-body").
EDITOR_ID_RE = re.compile(r"[A-Za-z][\w-]{0,100}")


def library_view(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    editor = request.GET.get("editor", "")
    editor = editor if EDITOR_ID_RE.fullmatch(editor) else ""
    images = Image.objects.order_by("-uploaded_at", "-pk")
    for word in query.split():
        images = images.filter(
            Q(alt_text__icontains=word) | Q(caption__icontains=word) | Q(credit__icontains=word)
        )
    page = Paginator(images, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Image library"),
        "opts": Image._meta,
        "page": page,
        "query": query,
        "editor": editor,
        "is_popup": bool(editor),
        "can_add": model_admin.has_add_permission(request),
    }
    return TemplateResponse(request, "admin/articles/image/library.html", context)

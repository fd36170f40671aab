"""Public pages of the articles app (a minimal set; the reader-site issue completes them) and previews."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from articles.models import Article, ArticleSlugRedirect
from articles.preview import article_pk_from_token


def home(request):
    articles = Article.objects.published().for_listing()[:20]
    return render(request, "articles/home.html", {"articles": articles})


def article_detail(request, slug):
    article = Article.objects.published().for_listing().filter(slug=slug).first()
    if article is None:
        moved = ArticleSlugRedirect.objects.filter(old_slug=slug).select_related("article").first()
        if moved and moved.article.is_public():
            return redirect(moved.article, permanent=True)
        raise Http404("No such story")
    return render(request, "articles/article_detail.html", {"article": article})


@never_cache
@staff_member_required
def article_preview(request, pk):
    article = get_object_or_404(Article.objects.for_listing(), pk=pk)
    if not request.user.has_perm("articles.view_article"):
        raise Http404
    return render(request, "articles/article_detail.html", {"article": article, "is_preview": True})


@never_cache
def article_shared_preview(request, token):
    try:
        pk = article_pk_from_token(token)
    except signing.SignatureExpired:
        return render(request, "articles/preview_expired.html", status=410)
    except (signing.BadSignature, ValueError):
        raise Http404("This preview link is not valid.") from None
    article = get_object_or_404(Article.objects.for_listing(), pk=pk)
    response = render(request, "articles/article_detail.html", {"article": article, "is_preview": True})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

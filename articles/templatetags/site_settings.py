"""What the site's settings (articles.models.SiteSettings) put in every page: the share image's meta tags."""

from django import template

from articles.models import SiteSettings
from articles.structured_data import image_object

register = template.Library()


@register.inclusion_tag("includes/share_image.html", takes_context=True)
def site_share_image(context):
    """og:image and twitter:image for a page with no image of its own: the site's share image, if editors
    have set one (base.html's share_image block; a page with its own image replaces the block)."""
    image = SiteSettings.objects.current().share_image
    if image is None:
        return {}
    return {"share_image": image_object(context.get("request"), image), "alt_text": image.alt_text}

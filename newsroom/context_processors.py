"""Values every template may use."""

from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "ADMIN_PATH": settings.ADMIN_PATH,
        "SITE_CONTACT_EMAIL": settings.SITE_CONTACT_EMAIL,
        "SITE_PRIVACY_POLICY_URL": settings.SITE_PRIVACY_POLICY_URL,
    }

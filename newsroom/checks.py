"""What a deployment must set that development does without, as warnings of `manage.py check --deploy`.

Each has a default so that `make run` and the tests start with nothing set, and a site started without them
works, but not as its readers and members need: these say which setting is missing and what it costs.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@checks.register("newsroom", deploy=True)
def check_public_settings(app_configs, **kwargs):
    found = []
    if urlsplit(settings.SITE_URL).hostname in LOOPBACK_HOSTS:
        found.append(
            checks.Warning(
                f"NEWSROOM_SITE_URL is {settings.SITE_URL}: canonical links, feeds, sitemaps, JSON-LD and "
                "members' emails point there, not to the public site.",
                hint="Set NEWSROOM_SITE_URL to the site's public address, such as https://news.example.org.",
                id="newsroom.W001",
            )
        )
    if not settings.SITE_PRIVACY_POLICY_URL:
        found.append(
            checks.Warning(
                "NEWSROOM_PRIVACY_POLICY_URL is not set: the membership form asks readers to agree to a "
                "privacy policy that no page links to.",
                hint="Set it to the policy's page on this site (/privacy/) or elsewhere (https://...).",
                id="newsroom.W002",
            )
        )
    if not settings.SITE_CONTACT_EMAIL:
        found.append(
            checks.Warning(
                "NEWSROOM_CONTACT_EMAIL is not set: members are told to write to the outlet to have their "
                "data erased, without an address, and members' emails have no Reply-To.",
                hint="Set it to the address readers and members write to, such as news@example.org.",
                id="newsroom.W003",
            )
        )
    return found

"""The page cache: whole public pages, and fragments of them, kept until content changes.

- generation.py: the content generation, what apps register as content and as its next scheduled change,
  and `content_cache` for templates' `{% cache %}` tags;
- middleware.py: whole pages for anonymous readers, with ETags and Cache-Control;
- addresses.py: the address a page is kept under, without utm_source, fbclid and the like;
- tracking.py: the Redis backend that lets a worker keep the generation until Redis reports a change.

Apps register in their AppConfig.ready():

    pagecache.register_content("articles")                 # every model of the app is page content
    pagecache.register_next_change(next_scheduled_change)  # at -> when content next changes by itself
"""

from newsroom.pagecache.generation import (
    GENERATION_KEY,
    connect_signals,
    content_changed,
    register_content,
    register_next_change,
)

__all__ = ["GENERATION_KEY", "connect_signals", "content_changed", "register_content", "register_next_change"]

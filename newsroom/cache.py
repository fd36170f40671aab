"""Values derived from content, kept until content changes: `for_current_content`, for the callers that
still cache in views and template tags. The page cache itself is newsroom/pagecache/."""

from django.utils import timezone

from newsroom.pagecache.generation import expires_at, page_cache, request_generation

_local_derived = {}  # this worker's copies: {key: (generation, expires_at, value)}


def for_current_content(name, compute):
    """`compute()`, remembered until content next changes or a scheduled change comes. Treat the value as
    read-only: the next page gets the same object."""
    now = timezone.now()
    key = f"page-cache:derived:{name}"
    try:
        generation = request_generation()
        found = _local_derived.get(key)
        if found is None or found[0] != generation:
            found = page_cache().get(key)
        if found is not None and found[0] == generation and found[1] > now.timestamp():
            _local_derived[key] = found
            return found[2]
        expiry = expires_at(generation, now)
    except Exception:
        return compute()
    value = compute()
    if expiry - now.timestamp() >= 1:
        entry = (generation, expiry, value)
        page_cache().set(key, entry, timeout=expiry - now.timestamp())
        if len(_local_derived) >= 1000:
            _local_derived.clear()
        _local_derived[key] = entry
    return value

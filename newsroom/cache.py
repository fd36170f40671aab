"""Left for membership/forms.py only, until its sign-up choices read the database directly (issue 18): that
page is never page-cached, so its choices need no content generation. The page cache is newsroom/pagecache/.
"""


def for_current_content(name, compute):
    return compute()

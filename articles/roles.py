"""Who is an editor and who a reporter on the desk, from the person's Django permissions (the Editor and
Reporter groups give them). What each role may do to a story in each state is articles.permissions'."""


def is_editor(user):
    return user.is_active and user.has_perms(["articles.edit_any_article", "articles.publish_article"])


def is_reporter(user):
    return user.is_active and user.has_perm("articles.change_article")

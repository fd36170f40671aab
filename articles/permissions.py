"""Who may do what to a story: the newsroom's one permission matrix, role x action x story state.

Every path that reads or changes a story asks this module: the admin's list, change form, history and
revert, bulk actions and autocomplete (through `Article.objects.visible_to` and ArticleAdmin's permission
methods), the staff preview, and the services in `articles.services`. A new view that acts on a story calls
`check(user, action, article)`; a list of stories starts from `Article.objects.visible_to(user)`.

Roles come from permissions, not group names (articles.roles), so a custom group works as its permissions say:
- an editor holds `articles.edit_any_article` and `articles.publish_article` (the Editor and Admin groups);
- a reporter holds `articles.change_article` and acts only on their own stories: those they created or are
  bylined on. Another reporter's story, in any state, is not theirs to see;
- anyone else (readers, membership staff) acts on no story.
The state is the story's status as readers experience it (`Article.effective_status`): a scheduled story
whose time has come counts as published, an expired one as unpublished.

Images follow the same idea: editors change any image; a reporter changes an image they uploaded, and only
while no live story shows it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import TextChoices
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleAuthor
from articles.roles import is_editor, is_reporter

Status = Article.Status


class Role(TextChoices):
    REPORTER = "reporter", _("Reporter, own story")
    OTHER_REPORTER = "other_reporter", _("Reporter, another's story")
    EDITOR = "editor", _("Editor")


class Action(TextChoices):
    VIEW = "view", _("see it in the admin, its history and its preview")
    EDIT = "edit", _("change its text, filing, byline, sources and quotes")
    DELETE = "delete", _("delete it")
    SUBMIT = "submit", _("submit it for review")
    RETURN_TO_DRAFT = "return_to_draft", _("send it back to draft")
    PUBLISH = "publish", _("publish it")
    SCHEDULE = "schedule", _("schedule it")
    UNPUBLISH = "unpublish", _("unpublish it")
    RESTORE = "restore", _("restore an earlier revision")
    SHARE_PREVIEW = "share_preview", _("get a shareable preview link")
    REVOKE_PREVIEW = "revoke_preview", _("revoke its shareable preview links")


EVERY_STATE = frozenset(Status)
UNFINISHED = frozenset({Status.DRAFT, Status.IN_REVIEW})

# The matrix: for each role and action, the states in which the role may take the action. What is not
# listed is refused. The README's security section prints this table (`matrix_rows`).
MATRIX = {
    Role.REPORTER: {
        Action.VIEW: EVERY_STATE,
        Action.EDIT: UNFINISHED,
        # No DELETE: a reporter's draft is withdrawn by an editor, so nothing filed disappears unseen.
        Action.SUBMIT: UNFINISHED,
        Action.RETURN_TO_DRAFT: UNFINISHED,
        Action.SHARE_PREVIEW: UNFINISHED,
    },
    Role.OTHER_REPORTER: {},
    Role.EDITOR: {
        Action.VIEW: EVERY_STATE,
        Action.EDIT: EVERY_STATE,
        Action.DELETE: EVERY_STATE,
        Action.SUBMIT: EVERY_STATE,
        Action.RETURN_TO_DRAFT: EVERY_STATE,
        Action.PUBLISH: EVERY_STATE,
        Action.SCHEDULE: EVERY_STATE,
        Action.UNPUBLISH: EVERY_STATE,
        Action.RESTORE: EVERY_STATE,
        Action.SHARE_PREVIEW: EVERY_STATE,
        Action.REVOKE_PREVIEW: EVERY_STATE,
    },
}

# The model permission an action needs on top of the matrix, so that a group without it is refused too.
MODEL_PERMISSION = {
    Action.VIEW: "articles.view_article",
    Action.DELETE: "articles.delete_article",
}

# A status change is the action of reaching its status.
TRANSITION_ACTIONS = {
    Status.DRAFT: Action.RETURN_TO_DRAFT,
    Status.IN_REVIEW: Action.SUBMIT,
    Status.SCHEDULED: Action.SCHEDULE,
    Status.PUBLISHED: Action.PUBLISH,
    Status.UNPUBLISHED: Action.UNPUBLISH,
}


def owns(user, article):
    """Whether `article` is `user`'s own: they created it or are on its byline (a story not saved yet is)."""
    if article.pk is None or article.created_by_id == user.pk:
        return True
    return ArticleAuthor.objects.filter(article_id=article.pk, author__user_id=user.pk).exists()


def role_of(user, article):
    """The role `user` acts in on `article`, or None when they have no part in the desk."""
    if not (user.is_authenticated and user.is_staff):
        return None
    if is_editor(user):
        return Role.EDITOR
    if is_reporter(user):
        return Role.REPORTER if owns(user, article) else Role.OTHER_REPORTER
    return None


def allowed(user, action, article):
    """Whether `user` may take `action` on `article` as it stands."""
    role = role_of(user, article)
    if role is None:
        return False
    permission = MODEL_PERMISSION.get(action, "articles.change_article")
    return article.effective_status in MATRIX[role].get(action, ()) and user.has_perm(permission)


def check(user, action, article):
    """Raise PermissionDenied, with a sentence for the person, unless `user` may take `action` on `article`."""
    if not allowed(user, action, article):
        raise PermissionDenied(refusal_message(user, action, article))


def refusal_message(user, action, article):
    role = role_of(user, article)
    if role == Role.REPORTER and action in (Action.PUBLISH, Action.SCHEDULE, Action.UNPUBLISH):
        return gettext("Only editors can publish, schedule or unpublish stories.")
    if role == Role.REPORTER and action == Action.RESTORE:
        return gettext("Only editors can restore an earlier revision.")
    if role == Role.REPORTER and action == Action.EDIT:
        return gettext("Only editors can change a story once it is scheduled or published.")
    if role == Role.REPORTER and action in MATRIX[role]:  # their own story, in a state that is an editor's
        return gettext("You may not %(action)s now that it is “%(status)s”: ask an editor.") % {
            "action": action.label,
            "status": Status(article.effective_status).label,
        }
    return gettext("You may not %(action)s: this story is not yours to change.") % {"action": action.label}


def check_transition(user, article, to_status):
    check(user, TRANSITION_ACTIONS[Status(to_status)], article)


def matrix_rows():
    """The matrix as rows of text, role by role: (role, action, [the states in which it is allowed])."""
    return [
        (role.label, action.label, [state.label for state in Status if state in MATRIX[role].get(action, ())])
        for role in Role
        for action in Action
    ]


# Images ----------------------------------------------------------------------------------------------


def may_change_image(user, image):
    """Editors change any image; a reporter an image they uploaded that no live story shows."""
    if not (user.is_active and user.has_perm("articles.change_image")):
        return False
    if is_editor(user):
        return True
    return image.uploaded_by_id == user.pk and not image.shown_by_live_story()


def may_delete_image(user, image):
    """Nobody deletes an image a live story shows: the story would lose it silently (the database refuses to
    delete any story's lead image, whatever path asks)."""
    if not (user.is_active and user.has_perm("articles.delete_image")) or image.shown_by_live_story():
        return False
    return is_editor(user) or image.uploaded_by_id == user.pk

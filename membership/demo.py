"""Demo rows for `manage.py seed_demo`: the reader appeals, in every language and in Macedonian."""

from membership.models import ReaderAppeal


def seed_demo_appeals():
    """Create the demo appeals unless there is an appeal already; return how many were created."""
    if ReaderAppeal.objects.exists():
        return 0
    ReaderAppeal.objects.create(
        heading="Independent journalism needs you",
        text=(
            "Our content is free because we believe in equal access to information. "
            "We are funded by our readers, not by advertisers or the government. "
            "Support us: become a member, so that this site can stay free for everyone."
        ),
        button_label="Become a member",
    )
    ReaderAppeal.objects.create(
        heading="Независното новинарство ве има вас",
        text=(
            "Нашите содржини се бесплатни затоа што веруваме во еднаков пристап до информации. "
            "Нè финансираат читателите. Поддржете нè: станете член."
        ),
        button_label="Станете член",
        language="mk",
    )
    return 2

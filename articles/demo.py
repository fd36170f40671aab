"""Demo sections and tags for `manage.py seed_demo`, each named in English, Macedonian and Albanian, so each
edition's menu, section pages and tags read in its own language (articles.translation). Each runs twice
without change, and gives rows seeded before names had languages the names they lack."""

from articles.models import Section, Tag

# (slug, then the name and description in English, Macedonian and Albanian: each edition shows its own)
SECTIONS = [
    (
        "politika",
        ("Politics", "Government, parliament and the parties."),
        ("Политика", "Владата, собранието и партиите."),
        ("Politikë", "Qeveria, kuvendi dhe partitë."),
    ),
    (
        "ekonomija",
        ("Economy", "Jobs, prices, budgets and the companies that shape them."),
        ("Економија", "Работни места, цени, буџети и компаниите што ги обликуваат."),
        ("Ekonomi", "Vendet e punës, çmimet, buxhetet dhe kompanitë që i formësojnë."),
    ),
    (
        "opshtestvo",
        ("Society", "Health, education and how people live."),
        ("Општество", "Здравство, образование и како живеат луѓето."),
        ("Shoqëri", "Shëndetësia, arsimi dhe si jetojnë njerëzit."),
    ),
    (
        "svet",
        ("World", "The region and the world, seen from Skopje."),
        ("Свет", "Регионот и светот, гледани од Скопје."),
        ("Bota", "Rajoni dhe bota, parë nga Shkupi."),
    ),
    (
        "istrazhuvanja",
        ("Investigations", "Our long-form reporting on power and money."),
        ("Истражувања", "Нашите долги истражувачки приказни за моќта и парите."),
        ("Hulumtime", "Reportazhet tona të gjata për pushtetin dhe paratë."),
    ),
]

# (English, Macedonian, Albanian); seed_demo's stories name their tags in English.
TAGS = [
    ("Public procurement", "Јавни набавки", "Prokurimi publik"),
    ("Energy", "Енергетика", "Energjia"),
    ("Healthcare", "Здравство", "Kujdesi shëndetësor"),
    ("Elections", "Избори", "Zgjedhjet"),
    ("Courts", "Судови", "Gjykatat"),
    ("Ukraine", "Украина", "Ukraina"),
    ("EU accession", "Пристапување во ЕУ", "Anëtarësimi në BE"),
]


def fill_missing_names(row, names):
    """Give a demo row seeded before names had languages the ones it lacks; what staff wrote stays."""
    missing = {field: value for field, value in names.items() if not getattr(row, field)}
    for field, value in missing.items():
        setattr(row, field, value)
    if missing:
        row.save(update_fields=list(missing))


def seed_demo_sections():
    """The demo sections by slug, and how many were created."""
    sections, created = {}, 0
    for order, (slug, english, macedonian, albanian) in enumerate(SECTIONS):
        texts = {}
        for code, (name, description) in (("en", english), ("mk", macedonian), ("sq", albanian)):
            texts |= {f"name_{code}": name, f"description_{code}": description}
        sections[slug], new = Section.objects.get_or_create(slug=slug, defaults={**texts, "order": order})
        created += new
        fill_missing_names(sections[slug], texts)
    return sections, created


def seed_demo_tags():
    """The demo tags by English name, and how many were created."""
    tags, created = {}, 0
    for english, macedonian, albanian in TAGS:
        names = {"name_mk": macedonian, "name_sq": albanian}
        tags[english], new = Tag.objects.get_or_create(name_en=english, defaults=names)
        created += new
        fill_missing_names(tags[english], names)
    return tags, created

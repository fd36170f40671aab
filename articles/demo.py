"""The demo newsroom's content for `manage.py seed_demo`: its sections and tags, each named in English,
Macedonian and Albanian, so each edition's menu, section pages and tags read in its own language
(articles.translation); its authors; and its stories in the three editions, with the translations among them
linked. The sections and tags run twice without change, and give rows seeded before names had languages the
names they lack."""

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


AUTHORS = [
    ("Elena Stojanovska", "Investigative reporter", "Elena covers public procurement and the courts."),
    ("Arben Hoxha", "Economy editor", "Arben writes about budgets, energy and labour."),
    ("Marija Petrovska", "Reporter", "Marija reports on health and education."),
]
# Their names and roles as the Macedonian and Albanian editions print them (articles.translation).
AUTHORS_IN_EDITIONS = {
    "Elena Stojanovska": {
        "name_mk": "Елена Стојановска",
        "role_mk": "Истражувачка новинарка",
        "role_sq": "Gazetare investigative",
    },
    "Arben Hoxha": {
        "name_mk": "Арбен Хоџа",
        "role_mk": "Уредник за економија",
        "role_sq": "Redaktor i ekonomisë",
    },
    "Marija Petrovska": {"name_mk": "Марија Петровска", "role_mk": "Новинарка", "role_sq": "Gazetare"},
}

# (headline, language, section slug, kicker, tags, standfirst, paragraphs, hours ago)
ARTICLES = [
    (
        "Municipal tender for school heating went to a firm registered nine days earlier",
        "en",
        "istrazhuvanja",
        "news",
        ["Public procurement"],
        "Documents obtained by our reporters show the winning bid was the only one submitted.",
        [
            "The municipality published the tender on a Friday afternoon and closed it the following Monday.",
            "The winning company had no employees on record when it signed a contract worth 14 million denars.",
            "The mayor's office said the procedure followed the law and that the deadline was set by the ministry.",
        ],
        2,
    ),
    (
        "Electricity prices for households to rise by 9 percent from January",
        "en",
        "ekonomija",
        "news",
        ["Energy"],
        "The regulator approved the increase after the state producer reported losses for a second year.",
        [
            "The Energy Regulatory Commission voted four to one in favour of the new tariff.",
            "Consumer groups said the increase would hit pensioners hardest and asked for targeted subsidies.",
        ],
        5,
    ),
    (
        "Why the hospital waiting lists keep growing",
        "en",
        "opshtestvo",
        "explainer",
        ["Healthcare"],
        "Fewer specialists, more referrals and an appointment system that counts the same patient twice.",
        [
            "Waiting times for a first visit to a cardiologist have doubled in three years.",
            "Doctors we spoke to blame the departure of specialists to Germany and Slovenia.",
            "The ministry says a new scheduling system will remove duplicate appointments by spring.",
        ],
        9,
    ),
    (
        "Analysis: what the new electoral code changes, and what it does not",
        "en",
        "politika",
        "analysis",
        ["Elections"],
        "A single national constituency, open lists, and the questions the reform leaves unanswered.",
        [
            "Parliament passed the amendments with 78 votes after a month of negotiations.",
            "The reform does not touch campaign financing, which observers have criticised for a decade.",
        ],
        20,
    ),
    (
        "Court postpones verdict in the wiretapping case for the fourth time",
        "en",
        "politika",
        "news",
        ["Courts"],
        "The defence asked for new expert testimony on the recordings.",
        [
            "The trial chamber set the next hearing for the end of the month.",
            "Prosecutors objected, saying the expert evidence had already been examined twice.",
        ],
        30,
    ),
    (
        "Opinion: the accession talks need a date, not another promise",
        "en",
        "svet",
        "opinion",
        ["EU accession"],
        "Citizens have waited long enough for a clear answer from Brussels.",
        [
            "Every government since 2005 has promised that membership is close.",
            "A credible date would give reformers inside the administration something to work towards.",
        ],
        48,
    ),
    (
        "Тендерот за греење на училиштата добила фирма регистрирана девет дена претходно",
        "mk",
        "istrazhuvanja",
        "news",
        ["Public procurement"],
        "Документите до кои дојдоа нашите новинари покажуваат дека победничката понуда била единствена.",
        [
            "Општината го објави тендерот во петок попладне и го затвори во понеделникот потоа.",
            "Фирмата победник немала ниту еден вработен кога го потпишала договорот вреден 14 милиони денари.",
        ],
        3,
    ),
    (
        "Струјата за домаќинствата поскапува за 9 отсто од јануари",
        "mk",
        "ekonomija",
        "news",
        ["Energy"],
        "Регулаторот го одобри поскапувањето откако државниот производител пријави загуба втора година по ред.",
        [
            "Регулаторната комисија за енергетика гласаше со четири гласа за и еден против.",
            "Потрошувачките организации предупредија дека најмногу ќе бидат погодени пензионерите.",
        ],
        6,
    ),
    (
        "Зошто листите на чекање во болниците постојано растат",
        "mk",
        "opshtestvo",
        "explainer",
        ["Healthcare"],
        "Помалку специјалисти, повеќе упати и систем за закажување што истиот пациент го брои двапати.",
        [
            "Чекањето за прв преглед кај кардиолог е двојно подолго отколку пред три години.",
            "Лекарите со кои разговаравме велат дека специјалистите заминуваат во Германија и Словенија.",
        ],
        10,
    ),
    (
        "Интервју: „Изборниот законик е чекор напред, но не и крај на реформите“",
        "mk",
        "politika",
        "interview",
        ["Elections"],
        "Разговор со поранешна членка на Државната изборна комисија.",
        [
            "Според неа, отворените листи ќе им дадат поголем глас на гласачите.",
            "Финансирањето на кампањите, вели, останува најголемиот нерешен проблем.",
        ],
        26,
    ),
    (
        "Судот по четврти пат го одложи изрекувањето на пресудата",
        "mk",
        "politika",
        "news",
        ["Courts"],
        "Одбраната побара ново вештачење на снимките.",
        [
            "Судскиот совет го закажа следното рочиште за крајот на месецот.",
            "Обвинителството се спротивстави, велејќи дека вештачењето веќе е направено двапати.",
        ],
        34,
    ),
    (
        "Regional leaders meet in Tirana to discuss the energy crisis",
        "en",
        "svet",
        "news",
        ["Energy", "Ukraine"],
        "Joint gas purchases and a shared reserve were on the table.",
        [
            "The prime ministers agreed to set up a working group before the winter.",
            "No agreement was reached on the price cap proposed by the host.",
        ],
        60,
    ),
    (
        "Tenderi për ngrohjen e shkollave iu dha një firme të regjistruar nëntë ditë më parë",
        "sq",
        "istrazhuvanja",
        "news",
        ["Public procurement"],
        "Dokumentet që kanë siguruar gazetarët tanë tregojnë se oferta fituese ishte e vetmja e dorëzuar.",
        [
            "Komuna e publikoi tenderin një të premte pasdite dhe e mbylli të hënën në vijim.",
            "Kompania fituese nuk kishte asnjë të punësuar në regjistër kur nënshkroi një kontratë prej 14 "
            "milionë denarësh.",
            "Zyra e kryetarit të komunës tha se procedura ishte në përputhje me ligjin dhe se afatin e caktoi "
            "ministria.",
        ],
        3,
    ),
    (
        "Liderët e rajonit takohen në Tiranë për të diskutuar krizën energjetike",
        "sq",
        "svet",
        "news",
        ["Energy", "Ukraine"],
        "Blerjet e përbashkëta të gazit dhe një rezervë e përbashkët ishin në tryezë.",
        [
            "Kryeministrat ranë dakord të krijojnë një grup pune para dimrit.",
            "Nuk u arrit marrëveshje për tavanin e çmimit që propozoi vendi pritës.",
        ],
        59,
    ),
]

# Stories of ARTICLES that translate another of them (by headline): the Macedonian and Albanian editions' versions
# of English stories, linked so that each offers "Read in …" and hreflang alternates (articles.editions).
TRANSLATIONS = {
    ARTICLES[6][0]: ARTICLES[0][0],  # the school-heating tender
    ARTICLES[7][0]: ARTICLES[1][0],  # electricity prices
    ARTICLES[8][0]: ARTICLES[2][0],  # hospital waiting lists
    ARTICLES[10][0]: ARTICLES[4][0],  # the wiretapping verdict postponed
    ARTICLES[12][0]: ARTICLES[0][0],
    ARTICLES[13][0]: ARTICLES[11][0],  # the Tirana meeting
}
# The lead images' words and the datelines, in each story's language.
ILLUSTRATION = {"en": "Illustration", "mk": "Илустрација", "sq": "Ilustrim"}
SKOPJE = {"en": "Skopje", "mk": "Скопје", "sq": "Shkup"}


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

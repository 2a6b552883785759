"""The cast of the demo municipality: who they are, where they post, and what we planted.

Each :class:`Persona` is a caricature of one way of using social media at work. Its
``expected`` map is the planted truth per competency: the set of levels the measurement must
land in, or :data:`NO_LEVEL` when spiegel must refuse to score (too little evidence). The demo
tests check every entry; a competency absent from the map is not planted and not checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Planted expectation "spiegel gives no level here".
NO_LEVEL: frozenset[int | None] = frozenset({None})

ORG_NAME = "Gemeente Spiegelstad"
MASTODON_HOST = "social.spiegelstad.example"
CITIZEN_HOSTS = ("toot.example", "mastodon.example")
WEBSITE = "https://www.spiegelstad.example"

#: Official accounts of the municipality, per platform (normalised handles).
OFFICIAL_X = "gemspiegelstad"
OFFICIAL_MASTODON = f"gemeente@{MASTODON_HOST}"
OFFICIAL_BLUESKY = "gemeente-spiegelstad.bsky.social"
#: Team accounts the connector hands questions to, per topic (Mastodon).
TEAM_ACCOUNTS: dict[str, str] = {
    "afval": f"afval@{MASTODON_HOST}",
    "vergunningen": f"vergunningen@{MASTODON_HOST}",
    "wegwerkzaamheden": f"wegen@{MASTODON_HOST}",
    "parkeren": f"parkeren@{MASTODON_HOST}",
    "evenementen": f"evenementen@{MASTODON_HOST}",
    "wonen": f"wonen@{MASTODON_HOST}",
    "klimaat": f"energieloket@{MASTODON_HOST}",
}


@dataclass(frozen=True, slots=True)
class Persona:
    """One demo employee and the behaviour planted in their data."""

    key: str
    name: str
    role: str
    department: str
    #: primary platform: "x", "mastodon" or "bluesky"
    platform: str
    #: the account name on that platform (X screen name, Mastodon user, Bluesky handle)
    user: str
    archetype_nl: str
    archetype_en: str
    #: competency id → allowed levels (or NO_LEVEL)
    expected: dict[str, frozenset[int | None]] = field(default_factory=dict)
    #: indicator id → allowed levels, for behaviour planted at indicator level
    expected_indicators: dict[str, frozenset[int | None]] = field(default_factory=dict)
    #: also has a LinkedIn export
    linkedin: bool = False
    #: inbound messages are supplied (False: nothing addressed to them is known)
    has_inbound: bool = True

    @property
    def handle(self) -> str:
        """The normalised handle, as importers produce it."""
        if self.platform == "mastodon":
            return f"{self.user}@{MASTODON_HOST}"
        return self.user.lower()


CAST: tuple[Persona, ...] = (
    Persona(
        key="fleur",
        name="Fleur Bakker",
        role="Wijkmanager Centrum",
        department="Wijkzaken",
        platform="mastodon",
        user="fleur",
        archetype_nl="snelle luisteraar: reageert op alles binnen enkele uren, kort en in gewone taal",
        archetype_en="fast listener: answers everything within hours, briefly and in plain words",
        expected={
            "luisteren": frozenset({3, 4}),
            "verbinden": frozenset({3, 4}),
            "timing": frozenset({3, 4}),
            "informeren": frozenset({3, 4}),
            "rolvast": frozenset({3, 4}),
        },
        linkedin=True,
    ),
    Persona(
        key="bram",
        name="Bram Jansen",
        role="Communicatieadviseur",
        department="Communicatie",
        platform="x",
        user="bramjansen_sps",
        archetype_nl="geplande zender: berichten op vaste tijden via Buffer en Hootsuite, nooit een antwoord",
        archetype_en="scheduled broadcaster: posts at fixed times via Buffer and Hootsuite, never replies",
        expected={
            "luisteren": frozenset({1}),
            "verbinden": frozenset({1}),
            "rolvast": frozenset({1}),
        },
        linkedin=True,
    ),
    Persona(
        key="ruud",
        name="Ruud Visser",
        role="Handhaver parkeren",
        department="Handhaving",
        platform="x",
        user="ruudvisser_bo",
        archetype_nl="snelle moddergooier: reageert vlot, maar scheldt en kleineert",
        archetype_en="responsive mud-slinger: answers quickly, but insults and derides",
        expected={
            "luisteren": frozenset({3, 4}),
            "timing": frozenset({1, 2}),
        },
        expected_indicators={"restraint": frozenset({1})},
    ),
    Persona(
        key="wilhelmina",
        name="Wilhelmina van der Meulen-de Graaf",
        role="Beleidsmedewerker Vergunningen",
        department="Vergunningen",
        platform="mastodon",
        user="whvandermeulen",
        archetype_nl="trage ambtelijke schrijver: antwoordt na dagen met lange, ambtelijke teksten",
        archetype_en="slow writer of officialese: answers after days with long bureaucratic texts",
        expected={
            "luisteren": frozenset({1, 2}),
            "verbinden": frozenset({1}),
            "informeren": frozenset({1, 2}),
        },
        expected_indicators={"concise_explanations": frozenset({1}), "plain_language": frozenset({1})},
    ),
    Persona(
        key="sanne",
        name="Sanne de Wit",
        role="Trainee",
        department="Bestuursondersteuning",
        platform="bluesky",
        user="sannedewit-sps.bsky.social",
        archetype_nl="te weinig gegevens: een handvol berichten, niets aan haar gericht",
        archetype_en="too little data: a handful of posts, nothing addressed to her",
        expected={
            c: NO_LEVEL for c in ("luisteren", "verbinden", "netwerken", "timing", "informeren", "rolvast")
        },
        has_inbound=False,
    ),
    Persona(
        key="youssef",
        name="Youssef El Amrani",
        role="Medewerker Klantcontact",
        department="Klantcontact",
        platform="mastodon",
        user="youssef",
        archetype_nl="verbinder: zet vragen door naar de juiste collega, die dezelfde dag antwoordt",
        archetype_en="connector: hands questions to the right colleague, who answers the same day",
        expected={
            "luisteren": frozenset({3, 4}),
            "verbinden": frozenset({3, 4}),
        },
        expected_indicators={"questions_answered_within_day": frozenset({4})},
    ),
    Persona(
        key="thijs",
        name="Thijs Mulder",
        role="Projectleider Klimaat",
        department="Duurzaamheid",
        platform="bluesky",
        user="thijsmulder-sps.bsky.social",
        archetype_nl="voor de muziek uit: meldt de sluiting van het zwembad een dag vóór de gemeente",
        archetype_en="ahead of the organisation: posts the pool closure a day before the municipality",
        expected_indicators={"not_ahead_of_organisation": frozenset({1, 2})},
    ),
)


def persona(key: str) -> Persona:
    """The persona with *key*; raises KeyError naming the known keys."""
    for p in CAST:
        if p.key == key:
            return p
    raise KeyError(f"no demo persona {key!r}; known: {', '.join(p.key for p in CAST)}")

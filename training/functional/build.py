"""Write spiegel's functional test suites (the CheckList method, Ribeiro et al. 2020).

    python training/functional/build.py        # writes training/functional/cases.jsonl

Each case tests one *functionality* of one signal: a small, named behaviour ("an insult aimed at a
named alderman is hostile", "profanity without a target is not", "a complaint phrased as a request
is a complaint"). The cases are filled in from templates and slot lists written for spiegel by the
team (no case, template or slot comes from Multilingual HateCheck or any other test suite). Made-up
names only. Deterministic: the same script writes the same file. ``spiegel evaluate`` scores the
shipped models per functionality into the model card; ``tests/text/test_functional.py`` keeps
floors below the measured values, so a regression fails.

Not training data: nothing here is trained or tuned on.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("cases.jsonl")
SEED = 1107
PER_FUNCTIONALITY = 24

PEOPLE = [
    "wethouder De Vries",
    "burgemeester Jansen",
    "wethouder Bakker",
    "raadslid Visser",
    "minister Smit",
    "Kamerlid Mulder",
    "wethouder El Amrani",
    "gedeputeerde Willems",
    "de burgemeester",
    "die wethouder",
]
NAMES = [
    "De Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Mulder",
    "El Amrani",
    "Willems",
    "Hoekstra",
    "Peters",
]
PARTIES = ["de VVD", "D66", "de PVV", "GroenLinks", "het CDA", "de SP", "BBB", "de PvdA", "JA21", "Volt"]
OFFICIALS = [
    "de ambtenaren van het stadhuis",
    "de gemeenteraad",
    "het college",
    "de handhavers",
    "de politie",
]
GROUPS = [
    "Marokkanen",
    "moslims",
    "Polen",
    "vluchtelingen",
    "homo's",
    "Surinamers",
    "joden",
    "statushouders",
    "ouderen",
    "Turken",
]
INSULTS = [
    "idioot",
    "clown",
    "sukkel",
    "debiel",
    "mafkees",
    "randdebiel",
    "oen",
    "prutser",
    "zakkenvuller",
    "klootzak",
    "lul",
    "malloot",
]
INSULTS_PL = [
    "idioten",
    "clowns",
    "sukkels",
    "zakkenvullers",
    "prutsers",
    "klootzakken",
    "malloten",
    "oenen",
    "debielen",
    "zakkenwassers",
]
DISGUISED = [
    "1d10ot",
    "k*tzak",
    "i d i o o t",
    "idiooooot",
    "s u k k e l",
    "kl**tzak",
    "sukk3l",
    "debieeeel",
    "m@lloot",
    "c l o w n",
]
CIVIL = [
    "De nieuwe parkeerregels gaan in per 1 maart.",
    "Het plan voor de Stationsstraat is vandaag besproken.",
    "De begroting ligt nu bij de raad.",
    "Het nieuwe zwembad opent pas in 2027.",
    "Vanavond stemt de raad over de woningbouw.",
]
TOPICS = [
    "het parkeerbeleid",
    "de nieuwe fietsbrug",
    "de begroting",
    "het asielbeleid",
    "de woningbouw",
    "de afvalinzameling",
    "de huurverhoging",
    "het klimaatplan",
]
ORGS = ["@gemeente", "@NS_online", "@RET", "@Eneco", "@waterschap", "@belastingdienst", "@HTM", "@ziggo"]
SERVICES = ["bus", "trein", "internet", "afvalophaling", "warm water", "straatverlichting", "tram"]
DURATIONS = ["drie weken", "twee maanden", "vijf dagen", "een half jaar", "tien dagen"]
STREETS = ["Kerkstraat", "Molenweg", "Dorpsstraat", "Stationsplein", "Lindelaan", "Havenkade"]
FAULTS = [
    "lantaarnpaal kapot",
    "losliggende stoeptegel",
    "volle container",
    "omgewaaide boom",
    "kapotte bank",
]


def _fill(templates: list[str], slots: dict[str, list[str]], rng: random.Random, n: int) -> list[str]:
    """*n* distinct texts: templates in turn, slots drawn at random."""
    out: list[str] = []
    seen: set[str] = set()
    for k in itertools.count():
        if len(out) >= n or k > n * 50:
            break
        template = templates[k % len(templates)]
        text = template.format(**{name: rng.choice(values) for name, values in slots.items()})
        text = text[0].upper() + text[1:]
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


S = {
    "person": PEOPLE, "name": NAMES, "party": PARTIES, "officials": OFFICIALS, "group": GROUPS,
    "insult": INSULTS, "insults": INSULTS_PL, "disguised": DISGUISED, "civil": CIVIL, "topic": TOPICS,
    "org": ORGS, "service": SERVICES, "duration": DURATIONS, "street": STREETS, "fault": FAULTS,
}  # fmt: skip

#: (signal, functionality, expected label, templates)
SUITES: list[tuple[str, str, int, list[str]]] = [
    (
        "hostile",
        "insult aimed at a named person or official",
        1,
        [
            "{person} is echt een {insult}.",
            "Wat een {insult} is {person} toch.",
            "{person}, jij bent een {insult}!",
            "Die {insult} van een {person} snapt er niks van.",
            "{name} is gewoon een {insult}, punt.",
        ],
    ),
    (
        "hostile",
        "insult aimed at a party or officials",
        1,
        [
            "{party} is een stelletje {insults}.",
            "Wat een {insults} bij {party}.",
            "{officials}: allemaal {insults}.",
            "Stelletje {insults} daar bij {party}!",
            "{officials} zijn een zooitje {insults}.",
        ],
    ),
    (
        "hostile",
        "insult aimed at a group",
        1,
        [
            "{group} zijn allemaal {insults}.",
            "Al die {group} zijn {insults}.",
            "{group}? Stelletje {insults}.",
        ],
    ),
    (
        "hostile",
        "one-word insult closing a civil post",
        1,
        [
            "{civil} {insult}.",
            "{civil} Wat een {insult}.",
            "{civil} {insults}!",
        ],
    ),
    (
        "hostile",
        "mocking someone's intelligence",
        1,
        [
            "Heeft {person} eigenlijk wel hersenen?",
            "{person} heeft het IQ van een deurmat.",
            "Bij {person} is het licht al jaren uit daarboven.",
            "{person} kan nog geen twee tellen als hij nadenkt.",
            "Zo dom als {person} kom je ze zelden tegen.",
        ],
    ),
    (
        "hostile",
        "calling someone a liar or coward as an attack",
        1,
        [
            "{person} is een vuile leugenaar.",
            "Lafaard! {person} durft niet eens te komen.",
            "{person} liegt alles bij elkaar, leugenaar.",
            "Wat een laffe hond is {person}.",
            "{name} is een landverrader.",
        ],
    ),
    (
        "hostile",
        "threat or wish of harm",
        1,
        [
            "Ik weet waar je woont, {person}.",
            "{person} moet je gewoon in elkaar slaan.",
            "Iemand moet {person} eens flink op z'n bek slaan.",
            "Ik hoop dat {person} iets ergs overkomt.",
            "Wacht maar tot we je te pakken krijgen, {name}.",
        ],
    ),
    (
        "hostile",
        "dehumanisation of a group",
        1,
        [
            "{group} zijn ongedierte.",
            "{group} zijn beesten, geen mensen.",
            "Dat tuig van {group} moet het land uit.",
            "{group} zijn een plaag die je moet uitroeien.",
        ],
    ),
    (
        "hostile",
        "insulting rhetorical question",
        1,
        [
            "Ben je nou echt zo dom, {person}?",
            "Hoe achterlijk kun je zijn, {person}?",
            "{person}, heb je je hersens thuis gelaten?",
            "Wie heeft die {insult} van een {person} gekozen?",
        ],
    ),
    (
        "hostile",
        "disguised spelling of an insult",
        1,
        [
            "{person} is een {disguised}.",
            "Wat een {disguised} is {person}.",
            "Die {disguised} van {party} weer.",
        ],
    ),
    (
        "hostile",
        "derision by emoji",
        1,
        [
            "{person} 🤡🤡🤡",
            "Geweldig plan weer van {person} 🤡",
            "{party} 🤡",
            "{person} gaat het oplossen 😂🤡",
        ],
    ),
    (
        "hostile",
        "profanity without a target",
        0,
        [
            "Kut, de {service} is weer vertraagd.",
            "Godverdomme, wat een regen vandaag.",
            "Shit, ik ben mijn fietssleutel kwijt.",
            "Verdomme, weer een lekke band.",
            "Kut weer zeg.",
        ],
    ),
    (
        "hostile",
        "negated insult",
        0,
        [
            "Ik vind {person} geen {insult}.",
            "{person} is absoluut geen {insult}, hij werkt hard.",
            "Je kunt veel van {person} zeggen, maar een {insult} is hij niet.",
            "{name} is geen {insult}.",
        ],
    ),
    (
        "hostile",
        "counter-speech and quoted insults",
        0,
        [
            "'{insults}' noemen is onacceptabel.",
            "Wie {group} '{insults}' noemt, moet zich schamen.",
            "Iemand noemde {person} een '{insult}'. Dat hoort niet, ook niet in de politiek.",
            "Stop met {group} uitschelden. Zo praat je niet over mensen.",
        ],
    ),
    (
        "hostile",
        "positive statement naming a group",
        0,
        [
            "{group} maken onze stad mooier.",
            "Veel respect voor de {group} in onze wijk.",
            "Mooi initiatief van en voor {group}.",
            "Dank aan alle {group} die vandaag hielpen.",
        ],
    ),
    (
        "hostile",
        "neutral statement naming a group",
        0,
        [
            "In onze wijk wonen veel {group}.",
            "De gemeente praat vandaag met {group} over de nieuwe regels.",
            "Er komt een informatieavond voor {group}.",
            "Het onderzoek gaat over {group} in Nederland.",
        ],
    ),
    (
        "hostile",
        "sharp but civil criticism",
        0,
        [
            "Ik ben het niet eens met {person} over {topic}.",
            "{person} maakt een grote fout met {topic}.",
            "Het voorstel van {party} over {topic} is slecht onderbouwd.",
            "{topic} van {person} deugt niet.",
        ],
    ),
    (
        "complaint",
        "sarcastic complaint",
        1,
        [
            "Top geregeld weer, {org}. Derde keer deze maand geen {service} 🙄",
            "Lekker bezig {org}, al {duration} geen {service}. Bravo.",
            "Geweldige service van {org}: {duration} wachten op {service}. Echt top.",
        ],
    ),
    (
        "complaint",
        "complaint phrased as a request",
        1,
        [
            "{org} kunnen jullie eindelijk eens iets doen aan de {service}? Dit duurt al {duration}.",
            "Graag zou ik nu eindelijk eens antwoord krijgen, {org}. Al {duration} niks gehoord.",
            "{org} wil je alsjeblieft die {fault} in de {street} repareren? Al {duration} gemeld.",
        ],
    ),
    (
        "complaint",
        "complaint phrased as a question",
        1,
        [
            "Waarom duurt het {duration} voordat {org} de {service} regelt?",
            "Hoe kan het dat er al {duration} geen {service} is, {org}?",
            "{org} wanneer gaan jullie die {fault} in de {street} nou eens maken? Al {duration}!",
        ],
    ),
    (
        "complaint",
        "plain complaint",
        1,
        [
            "Al {duration} geen {service} in de {street} en {org} reageert niet.",
            "{org} heeft de {fault} in de {street} na {duration} nog steeds niet gemaakt.",
            "Slechte service van {org}: {duration} geen {service}.",
        ],
    ),
    (
        "complaint",
        "thanks, even after a problem",
        0,
        [
            "Dank je wel {org}, de {service} doet het weer!",
            "Top {org}, de {fault} in de {street} is snel opgelost.",
            "Bedankt {org} voor de snelle hulp met de {service}.",
        ],
    ),
    (
        "complaint",
        "neutral fault report",
        0,
        [
            "Melding: {fault} bij de {street}.",
            "Er is een {fault} in de {street}, doorgegeven via de app.",
            "Ter info: {fault} op het {street}.",
        ],
    ),
    (
        "complaint",
        "the organisation about its own disruption",
        0,
        [
            "Door een storing rijdt de {service} vandaag niet. Excuses voor het ongemak.",
            "Helaas is de {service} in de {street} tijdelijk uitgevallen. We werken aan een oplossing.",
        ],
    ),
    (
        "explanation",
        "reply that informs (hours, places, what happens next)",
        1,
        [
            "@user Het stadhuis is open van 9 tot 17 uur, op donderdag tot 20 uur.",
            "@user De {service} rijdt vanaf maandag weer volgens de normale dienstregeling.",
            "@user De {fault} in de {street} wordt deze week gemaakt; de aannemer komt donderdag.",
            "@user U kunt uw paspoort ophalen aan de balie op de begane grond, zonder afspraak.",
        ],
    ),
    (
        "explanation",
        "procedural explanation",
        1,
        [
            "Een vergunning vraagt u aan via het digitale loket. Binnen acht weken krijgt u een besluit.",
            "Bezwaar maken? Stuur binnen zes weken een brief met uw naam, het besluit en uw reden.",
            "Eerst meldt u de {fault} via de app, daarna krijgt u binnen twee dagen een reactie.",
        ],
    ),
    (
        "explanation",
        "officialese explanation",
        1,
        [
            "Middels dit bericht informeren wij u dat in het kader van de herinrichting van de {street} de rijbaan "
            "wordt afgesloten, teneinde de werkzaamheden veilig te kunnen uitvoeren.",
            "Ter zake van {topic} delen wij u mede dat het college heeft besloten de regeling te verlengen, "
            "aangezien de evaluatie nog niet is afgerond.",
        ],
    ),
    (
        "explanation",
        "why a decision was taken",
        1,
        [
            "We sluiten het zwembad omdat de installatie verouderd is en repareren te duur is.",
            "De {service} rijdt niet meer door de {street}, want de brug is te zwak voor zware voertuigen.",
            "We kozen voor {topic} omdat de wachtlijsten te lang werden en dit sneller helpt.",
        ],
    ),
    (
        "explanation",
        "explanation in bad language",
        1,
        [
            "ff uitleg: container word maandag geleegd want dinsdag is feestdag dus zet m zondag buiten",
            "de {service} rijd niet omdat er werk aan het spoor is, vanaf vrijdag weer normaal",
        ],
    ),
    (
        "explanation",
        "slogan or announcement without information",
        0,
        [
            "Vanavond debat! Kom allemaal!",
            "Wat een mooie dag in de {street} 🌞",
            "Stem {party}!",
            "Trots op ons team! 💪",
            "Fijn weekend allemaal!",
        ],
    ),
    (
        "explanation",
        "mere question",
        0,
        [
            "Hoe laat gaat het stadhuis open?",
            "Weet iemand waarom de {service} niet rijdt?",
            "Wanneer wordt de {fault} in de {street} gemaakt?",
        ],
    ),
]


def build() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    cases: list[dict[str, object]] = []
    for signal, functionality, expected, templates in SUITES:
        for text in _fill(templates, S, rng, PER_FUNCTIONALITY):
            cases.append(
                {
                    "signal": signal,
                    "functionality": functionality,
                    "expected": expected,
                    "lang": "nl",
                    "text": text,
                }
            )
    return cases


def main() -> None:
    cases = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for case in cases:
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()

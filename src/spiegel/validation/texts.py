# ruff: noqa: E501  (prose: one sentence per line reads better than wrapped fragments)
"""Text banks of the validation organisation "Gemeente Waterbeek".

Written for the validation suite, apart from the demo's text banks (:mod:`spiegel.demo.texts`),
from the norms of the source blog (``shared/seed``) and DESIGN §2: questions and complaints that
ask for an answer within a day, explanations in at most 140 words in plain (B1) Dutch or in
officialese, personal posts, hostile posts and scheduled link broadcasts. Slots in ``{braces}``
are filled by :mod:`spiegel.validation.generator`.
"""

from __future__ import annotations

STREETS = (
    "Dijkgraafstraat",
    "Rietlanden",
    "Meerkoetlaan",
    "Sluiswachter",
    "Veenweg",
    "Polderpad",
    "Zwanenkade",
    "Gemaalstraat",
)
DISTRICTS = ("Waterbeek-Noord", "Het Veen", "De Plassen", "Oude Kern", "Rietzoom")
NAMES = (
    "Femke",
    "Joost",
    "Yara",
    "Henk",
    "Fatima",
    "Ruben",
    "Ilse",
    "Mehmet",
    "Sophie",
    "Pieter",
    "Nadia",
    "Wouter",
    "Lieke",
    "Ahmed",
    "Tessa",
    "Gijs",
)

#: topic -> keywords (mirrored in org.yaml)
TOPICS: dict[str, tuple[str, ...]] = {
    "fietspaden": ("fietspad", "fietspaden", "fietsstraat", "fietsenstalling"),
    "warmtenet": ("warmtenet", "aardgasvrij", "warmtepomp", "isolatie"),
    "groen": ("bomen", "boom", "groenstrook", "speeltuin", "park"),
    "parkeren": ("parkeren", "parkeervergunning", "blauwe zone", "parkeerplaats"),
}
GOAL_TOPICS = ("fietspaden", "warmtenet", "groen")
SENSITIVE = {"sluiting": ("sluiting bibliotheek", "bibliotheek dicht", "bezuiniging bibliotheek")}

#: questions a resident asks a person, per topic (each is a real question, ends with ?)
QUESTIONS: dict[str, tuple[str, ...]] = {
    "fietspaden": (
        "Weet u wanneer het fietspad langs de {street} weer open gaat?",
        "Kunt u mij vertellen waarom het nieuwe fietspad in {district} zo smal is?",
        "Klopt het dat de fietsenstalling bij het station dicht gaat? Waar moet ik dan mijn fiets laten?",
        "Hoe kan ik melden dat er een gat in het fietspad op de {street} zit?",
        "Komt er ook een fietsstraat in {district}, en zo ja wanneer?",
    ),
    "warmtenet": (
        "Wanneer hoor ik of mijn straat aangesloten wordt op het warmtenet?",
        "Is er subsidie voor isolatie als ik in {district} woon?",
        "Wat kost aansluiten op het warmtenet ongeveer voor een rijtjeshuis?",
        "Moet ik nu al een warmtepomp kopen of kan ik beter wachten op het warmtenet?",
        "Waar kan ik mij aanmelden voor de informatieavond over aardgasvrij wonen?",
    ),
    "groen": (
        "Waarom worden de bomen aan de {street} gekapt?",
        "Wie maakt de speeltuin in {district} weer schoon, en wanneer?",
        "Mogen wij als buurt zelf de groenstrook voor ons huis onderhouden?",
        "Komen er nieuwe bomen terug in het park na de werkzaamheden?",
        "Bij wie kan ik terecht voor een nieuwe boom in onze straat?",
    ),
    "parkeren": (
        "Hoe vraag ik een parkeervergunning aan voor mijn tweede auto?",
        "Geldt de blauwe zone in {district} ook op zaterdag?",
        "Waarom zijn er minder parkeerplaatsen aan de {street} gekomen?",
        "Kan ik als mantelzorger een tijdelijke parkeervergunning krijgen?",
    ),
}

#: complaints to a person, per topic
COMPLAINTS: dict[str, tuple[str, ...]] = {
    "fietspaden": (
        "Al drie weken ligt het fietspad op de {street} open en er staat niet eens een bord. Dit is echt slecht geregeld.",
        "Ik heb twee keer gemeld dat de verlichting op het fietspad in {district} kapot is en er gebeurt niks. Heel vervelend, het is daar 's avonds gevaarlijk.",
        "Weer een lekke band door de glasscherven op het fietspad. Wordt hier nooit opgeruimd? Ik ben het zat.",
    ),
    "warmtenet": (
        "Ik wacht al een maand op antwoord over de aansluiting op het warmtenet. Niemand belt terug, erg teleurstellend.",
        "De werkzaamheden voor het warmtenet maken al weken herrie tot laat in de avond. Niemand heeft ons gewaarschuwd, dit kan echt niet.",
        "Mijn oprit is na het werk aan het warmtenet niet netjes teruggelegd. Slordig werk en geen reactie op mijn klacht.",
    ),
    "groen": (
        "De speeltuin in {district} ligt vol met zwerfvuil en kapotte glazen. Onze kinderen kunnen er niet meer spelen, schandalig.",
        "Het gras in de groenstrook aan de {street} is al maanden niet gemaaid. Het ziet er verwaarloosd uit en niemand doet iets.",
        "Er is een grote tak uit een boom in het park gevallen en die ligt er nu al een week. Gevaarlijk en slecht onderhouden.",
    ),
    "parkeren": (
        "Ik kreeg een boete terwijl mijn parkeervergunning gewoon geldig was. Belachelijk, en de klantenservice helpt niet.",
        "Sinds de nieuwe regels is er in {district} nooit meer een parkeerplaats vrij. Hier is echt niet over nagedacht.",
    ),
}

#: friendly remarks to a person (no question, no complaint)
REMARKS = (
    "Mooi om te zien dat het {topic_word} in {district} zo goed loopt, complimenten!",
    "Dank voor de uitleg gisteren, nu snap ik het.",
    "Goed bezig met het {topic_word}, zo zie je dat het werkt.",
    "Fijn dat jullie zo snel gereageerd hebben, top!",
    "Leuk stuk over het {topic_word}, gedeeld met de buren.",
)

#: short B1 explanations (the person's own words, at most a few sentences)
PLAIN_ANSWERS: dict[str, tuple[str, ...]] = {
    "fietspaden": (
        "Het fietspad gaat over twee weken weer open. We leggen nu nieuw asfalt, want het oude was kapot. Tot die tijd kun je via de {street} fietsen.",
        "Het pad is smal omdat er bomen naast staan die we willen houden. Volgend jaar maken we het breder aan de andere kant.",
        "Je kunt het gat melden via de app van de gemeente. Dan komt er binnen een week iemand kijken. Ik heb het zelf ook al doorgegeven.",
        "Ja, er komt een fietsstraat in {district}. We beginnen na de zomer. Auto's mogen er dan nog wel rijden, maar fietsers gaan voor.",
    ),
    "warmtenet": (
        "Je krijgt deze maand een brief als jouw straat mee doet. Staat je straat er niet bij, dan volgt hij volgend jaar.",
        "Ja, je kunt subsidie krijgen voor isolatie. Je vraagt het aan op onze website. Je krijgt tot de helft van de kosten terug.",
        "Wacht nog even met een warmtepomp. Eerst hoor je of je straat op het warmtenet komt. Dat weten we in het voorjaar.",
        "De avond is op dinsdag in het buurthuis. Je hoeft je niet aan te melden, je kunt gewoon binnenlopen.",
    ),
    "groen": (
        "De bomen waren ziek en konden omvallen. Daarom halen we ze weg. In het najaar planten we er nieuwe bomen voor terug.",
        "De speeltuin wordt deze week schoongemaakt. Daarna komt er elke maand iemand langs om het bij te houden.",
        "Ja, dat mag. Je sluit dan een afspraak met ons over wat je plant en hoe je het bijhoudt. Ik stuur je het formulier.",
        "Er komen straks tien nieuwe bomen in het park. Welke soort, dat mogen buurtbewoners mee kiezen.",
    ),
    "parkeren": (
        "Een vergunning voor een tweede auto vraag je aan op de website. Het kost iets meer dan voor de eerste auto.",
        "De blauwe zone geldt niet op zaterdag. Alleen van maandag tot en met vrijdag, van negen tot zes.",
        "Er zijn plekken weg omdat de stoep breder is gemaakt. Zo kunnen mensen met een rolstoel er beter langs.",
    ),
}

#: explanations in officialese: long subordinate clauses, nominalisations, jargon
OFFICIAL_SHORT = (
    "In het kader van de uitvoering van het meerjarig onderhoudsprogramma infrastructurele voorzieningen wordt de heropenstelling van het betreffende tracé voorzien na afronding van de werkzaamheden ten behoeve van de verhardingsconstructie.",
    "Conform de vigerende beleidsregels inzake de toekenning van subsidiemiddelen ten behoeve van duurzaamheidsmaatregelen dient de aanvraag middels het daartoe vastgestelde digitale formulier te worden ingediend.",
    "Met inachtneming van de ecologische randvoorwaarden en de uitkomsten van de boomtechnische inventarisatie is besloten tot verwijdering van de desbetreffende houtopstanden, waarna herplant zal plaatsvinden.",
    "Ten aanzien van uw verzoek wordt opgemerkt dat de parkeerregulering in het betreffende gebied voortvloeit uit het vastgestelde mobiliteitsbeleid en de daarbij behorende uitvoeringsbesluiten.",
    "De aansluiting van percelen op de collectieve warmtevoorziening geschiedt gefaseerd conform de vastgestelde uitvoeringsplanning, waarbij prioritering plaatsvindt op basis van technische en financiële haalbaarheid.",
    "Onderhoudswerkzaamheden aan de openbare speelvoorzieningen worden uitgevoerd overeenkomstig het vastgestelde beeldkwaliteitsniveau en de daarvoor beschikbaar gestelde budgettaire kaders.",
)
#: long officialese: the short ones plus a second and third paragraph (well over 140 words)
OFFICIAL_TAIL = (
    " Voorts wordt opgemerkt dat de uitvoering van voornoemde maatregelen geschiedt in nauwe afstemming met de betrokken ketenpartners, waaronder de netbeheerder, het waterschap en de regionale uitvoeringsdienst, teneinde de continuïteit van de dienstverlening te waarborgen en de overlast voor belanghebbenden zoveel als redelijkerwijs mogelijk te beperken."
    " Tevens dient in ogenschouw te worden genomen dat de planning afhankelijk is van de verkrijging van de benodigde vergunningen en ontheffingen, alsmede van de beschikbaarheid van aannemerscapaciteit binnen de daartoe geldende aanbestedingsrechtelijke kaders."
    " Voor nadere informatie omtrent de procedurele aspecten van een en ander wordt verwezen naar de op de gemeentelijke website gepubliceerde beleidsdocumenten, alsmede naar het vigerende uitvoeringsprogramma dat door het college van burgemeester en wethouders is vastgesteld."
    " Mocht u naar aanleiding van het vorenstaande nog vragen hebben, dan wordt u verzocht zich te wenden tot het klantcontactcentrum, dat gedurende kantooruren bereikbaar is voor het verstrekken van aanvullende informatie en het in behandeling nemen van eventuele bezwaren.",
)

#: a short acknowledgement of a complaint that brings in a colleague (``{who}`` = @handle)
HANDOFF = (
    "Vervelend dat dit zo loopt, sorry. {who} gaat hierover, die zoekt het vandaag voor je uit.",
    "Dank voor je melding, dit had niet zo mogen gaan. Ik heb {who} erbij gehaald, die weet hier alles van.",
    "Goed dat je het laat weten. {who} is hiervoor verantwoordelijk en pakt het op.",
)
#: what the colleague who was brought in answers
COLLEAGUE_ANSWER = (
    "Ik heb het bekeken. Morgen komt er een ploeg langs om het op te lossen. Ik laat het je weten als het klaar is.",
    "Dank voor je geduld. Het is nu ingepland voor deze week, en we letten erop dat het niet weer gebeurt.",
    "Ik heb het doorgegeven aan de aannemer. Die ruimt het vandaag nog op. Excuses voor de overlast.",
)
#: a complaint answered by the person themselves
OWN_COMPLAINT_ANSWER = (
    "Sorry, dit had niet zo mogen gaan. Ik heb het net geregeld: morgen komt er iemand langs om het op te lossen.",
    "Vervelend, excuses daarvoor. Ik heb de aannemer gebeld en het wordt deze week hersteld. Ik houd je op de hoogte.",
    "Dank voor je melding en sorry voor het wachten. Het staat nu ingepland voor vrijdag, ik kom zelf even kijken.",
)
#: short replies to a remark
THANKS = ("Dank je wel!", "Fijn om te horen, dank je.", "Graag gedaan, leuk dat je het laat weten.")

#: the person's own posts on a topic (work), in plain language
WORK_POSTS: dict[str, tuple[str, ...]] = {
    "fietspaden": (
        "Vandaag het nieuwe fietspad in {district} bekeken met bewoners. Mooi breed en veilig, over twee weken gaat het open.",
        "Vraag van vandaag: waar komt de nieuwe fietsenstalling? Bij het station, met plek voor vijfhonderd fietsen.",
        "Samen met de Fietsersbond langs de fietspaden gefietst. Veel goede tips gekregen, die nemen we mee.",
    ),
    "warmtenet": (
        "Druk bezochte avond over het warmtenet in het buurthuis. Veel vragen over kosten, die zetten we op een rij.",
        "Wist je dat je subsidie kunt krijgen voor isolatie? Het scheelt flink op je energierekening.",
        "Eerste huizen in {district} zijn aardgasvrij. Bewoners vertellen hoe het bevalt, mooi om te horen.",
    ),
    "groen": (
        "Vanochtend met kinderen uit {district} nieuwe bomen geplant in het park. Ze mochten zelf de plek kiezen.",
        "De speeltuin aan de {street} is weer helemaal opgeknapt. Dank aan de buurt voor het meedenken!",
        "Wie helpt mee met de groenstrook aan de {street}? Buren kunnen zelf plantjes kiezen.",
    ),
    "parkeren": (
        "Vanaf volgende maand kun je je parkeervergunning helemaal online regelen. Scheelt een rit naar het gemeentehuis.",
        "Meer parkeerplaatsen voor mensen met een beperking in {district}: vandaag zijn de borden geplaatst.",
    ),
}
#: personal (non-work) posts in the first person
PERSONAL = (
    "Vanochtend met de hond langs de plassen gelopen, wat een mooi licht.",
    "Eindelijk mijn moestuin op orde. De tomaten doen het dit jaar goed!",
    "Ik ben zaterdag de halve marathon gelopen. Moe maar blij.",
    "Zondag met mijn dochter naar het museum geweest, ze vond de dinosaurussen prachtig.",
    "Zelf brood gebakken voor het eerst in jaren. Nog niet perfect, maar ik ben trots.",
    "Wat een heerlijk boek las ik deze week. Aanrader voor wie van spanning houdt.",
)
#: hostile posts (mud-slinging, derision, personal attacks)
HOSTILE = (
    "{who} weer met zijn domme praatjes. Ga toch eens iets nuttigs doen in plaats van hier te zeuren, sukkel.",
    "Wat een stelletje idioten daar bij {who}. Snappen er helemaal niks van en blijven maar liegen.",
    "{who} is gewoon een leugenaar en een zielige zeurpiet. Niemand neemt je nog serieus.",
    "Hou toch je mond {who}, jij hebt er echt geen verstand van. Belachelijk figuur.",
)
#: scheduled link broadcasts (template text)
BROADCAST = (
    "Nieuw op onze website: {title} Lees meer: {url}",
    "Nieuws | {title} {url}",
    "Bekijk het laatste nieuws: {title} {url}",
)
BROADCAST_TITLES: dict[str, tuple[str, ...]] = {
    "fietspaden": ("Werkzaamheden fietspad {street}.", "Nieuwe fietsenstalling station."),
    "warmtenet": ("Planning warmtenet {district}.", "Subsidie isolatie 2026."),
    "groen": ("Herplant bomen {street}.", "Onderhoud speeltuinen."),
    "parkeren": ("Parkeervergunning aanvragen.", "Blauwe zone {district}."),
}
#: posts residents, companies and media write about the organisation (the stream)
STREAM_POSTS: dict[str, tuple[str, ...]] = {
    "fietspaden": (
        "Het fietspad langs de {street} is nu echt een stuk veiliger geworden. #waterbeek",
        "Gemeente Waterbeek werkt aan de fietspaden in {district}, omleiding via de {street}.",
        "Wie weet meer over de nieuwe fietsstraat in Waterbeek?",
    ),
    "warmtenet": (
        "Het warmtenet in Waterbeek komt er aan. Benieuwd wat het gaat kosten. #waterbeek",
        "Informatieavond aardgasvrij in {district} was druk bezocht.",
        "Hoe zit het met isolatie in Waterbeek, iemand ervaring met de subsidie?",
    ),
    "groen": (
        "Mooie nieuwe bomen in het park van Waterbeek. #waterbeek",
        "De speeltuin in {district} is opgeknapt, de kinderen zijn blij.",
        "Waarom worden er in Waterbeek zoveel bomen gekapt?",
    ),
    "parkeren": (
        "Parkeren in {district} wordt steeds lastiger. #waterbeek",
        "Nieuwe blauwe zone in Waterbeek, let op je parkeerschijf.",
    ),
}
OFFICIAL_POSTS: dict[str, tuple[str, ...]] = {
    "fietspaden": ("Vanaf maandag werken we aan het fietspad langs de {street}. Fiets om via de {street}.",),
    "warmtenet": (
        "De planning van het warmtenet voor {district} staat online. Bekijk wanneer jouw straat aan de beurt is.",
    ),
    "groen": ("Dit najaar planten we nieuwe bomen in het park en langs de {street}.",),
    "parkeren": ("Per 1 mei verandert de blauwe zone in {district}. Lees wat dit voor jou betekent.",),
    "sluiting": (
        "Het college heeft besloten tot een bezuiniging bibliotheek: de vestiging in {district} sluit in het najaar. Meer uitleg volgt vanavond.",
    ),
}
#: posts that run ahead of the organisation's own statement on the sensitive topic
AHEAD = (
    "Hoorde net dat de bibliotheek dicht gaat in {district}. Dat wordt pas volgende week bekend gemaakt, maar zo gaat het dus.",
    "Binnenkort nieuws over de sluiting bibliotheek in {district}, ik kan al verklappen dat het slecht nieuws is.",
)

#: bios of the accounts that interact with the people, per stakeholder type
BIOS: dict[str, tuple[str, ...]] = {
    "citizen": (
        "Woon al twintig jaar in Waterbeek. Vader van twee, fietser, tuinier.",
        "Inwoner van {district}. Houdt van wandelen en de natuur.",
        "Moeder, verpleegkundige en bewoner van {district}.",
    ),
    "company": (
        "Bakkerij De Rietzoom, ambachtelijk brood sinds 1962 in Waterbeek.",
        "Installatiebedrijf Veenstra BV: warmtepompen en isolatie in de regio.",
        "Fietsenwinkel Polderpad: verkoop en reparatie van fietsen.",
    ),
    "interest_group": (
        "Fietsersbond afdeling Waterbeek: samen voor veilig fietsen.",
        "Bewonersvereniging {district}: voor en door de buurt.",
        "Stichting Groen Waterbeek zet zich in voor meer bomen en natuur.",
    ),
    "media": (
        "Verslaggever bij het Waterbeeks Dagblad. Tips? Stuur een DM.",
        "Redactie Omroep Waterbeek: nieuws uit de gemeente.",
    ),
}

#: openers and closers people put around their replies in their own words; a human writes the
#: same answer a little differently each time (a scheduler repeats it verbatim)
OPENERS = (
    "",
    "Hoi!",
    "Goede vraag.",
    "Dank voor je bericht.",
    "Hallo,",
    "Fijn dat je het vraagt.",
    "Ha,",
    "Goedemiddag!",
    "Klopt, even uitleggen.",
    "Dag!",
)
CLOSERS = (
    "",
    "Groet, {first}",
    "Laat maar weten als het niet lukt.",
    "Succes!",
    "Hoop dat dit helpt.",
    "Mail gerust als er nog iets is.",
    "Fijne dag!",
    "Ik hoor het graag.",
)
NETWORK_REPLIES = (
    "Leuk! Zullen we een keer koffie drinken en het plan doornemen?",
    "Wat fijn, ik stuur je een bericht om een afspraak te maken.",
    "Graag! Kom je donderdag naar de buurtavond? Dan praten we verder.",
    "Mooi, jullie ideeën kunnen we goed gebruiken. Ik bel je deze week.",
    "Top, ik zet je op de lijst voor de volgende bijeenkomst.",
    "Dank je! Ik kom graag eens langs om te horen wat jullie willen.",
    "Goed idee. Ik breng jullie in contact met de projectleider.",
    "Heel fijn, zullen we volgende week even bellen?",
)
HANDOFF_QUESTION = (
    "{who} weet hier alles van en helpt je verder.",
    "Ik vraag {who} even mee te kijken, die gaat erover.",
    "{who} is de collega die dit regelt, die antwoordt je vandaag nog.",
    "Hier kan {who} je beter mee helpen dan ik.",
    "{who}, kun jij deze vraag oppakken?",
)
COLLEAGUE_CHAT = (
    "Mooi gedaan, collega!",
    "Goed verhaal, dank voor het delen.",
    "Knap werk van het hele team.",
    "Ziet er goed uit, volgende keer ben ik erbij.",
    "Leuk om te lezen, goed bezig.",
    "Sterk resultaat!",
)
#: a listener's answer to an outsider's post in the stream (no topic keywords: an answer in the
#: thread, not a post on the goal topic)
STREAM_PICKUP = (
    "Dank voor je bericht, ik zoek het voor je uit en laat het je deze week weten.",
    "Goed dat je het meldt. Ik neem het mee naar het team en kom erop terug.",
    "Fijn dat je meedenkt! Ik kijk ernaar en laat je weten wat we ermee doen.",
    "Ik zag je bericht. Ik vraag het na bij de collega's en hoor het dan van je.",
    "Dat hebben we ook gezien. Ik houd je op de hoogte van wat er gebeurt.",
    "Leuk om te lezen, dank je! Ik geef het door aan de mensen die het hebben gedaan.",
    "Goede vraag. Ik zoek het uit en stuur je vandaag of morgen het antwoord.",
)
#: the officialese writer's answer to a post in the stream
OFFICIAL_PICKUP = (
    "Uw signalering wordt ter kennisneming doorgeleid naar de ter zake bevoegde afdeling, die na beoordeling van de ontvankelijkheid conform de geldende procedures zal overgaan tot afhandeling.",
    "Naar aanleiding van uw bericht wordt een nadere inventarisatie verricht inzake de desbetreffende aangelegenheid, waarvan de uitkomsten te zijner tijd middels de gebruikelijke kanalen worden gecommuniceerd.",
    "Ten aanzien van de door u gesignaleerde problematiek kan worden medegedeeld dat deze in het kader van de lopende beleidsvorming in ogenschouw zal worden genomen.",
)
#: the close of a hostile answer in the stream (varies the insult, see generator._pickup_text)
HOSTILE_TAIL = (
    "Echt ongelooflijk.",
    "Schaam je.",
    "Wat een vertoning weer.",
    "Dit slaat nergens op.",
    "Typisch weer.",
    "Lachwekkend.",
    "Bespaar ons je gezeur.",
    "Zo triest dit.",
)
#: a short aside a person adds rather than repeat an earlier post word for word
ASIDES = (
    "Fijne dag nog.",
    "Tot later!",
    "Goed weekend alvast.",
    "Fijne avond.",
    "Alvast bedankt.",
    "Tot ziens.",
    "Succes ermee.",
    "Prettige dag verder.",
    "Groetjes.",
    "Tot snel.",
    "Mooi weer vandaag trouwens.",
    "Hartelijke groet.",
)

# ruff: noqa: E501  (prose: one sentence per line reads better than wrapped fragments)
"""Text banks of the demo municipality "Gemeente Spiegelstad".

Every sentence here is written for spiegel's demo: invented streets, people and events, no
real posts. Texts carry ``{slots}`` filled by :mod:`spiegel.demo.world` (a street, a district,
a day, a name), so that a few hundred lines give a few hundred different posts.

Topics are keyed by the same words the demo's ``org.yaml`` uses for its goal and sensitive
topics, so a post's topic and the organisation's configuration agree.
"""

from __future__ import annotations

STREETS = (
    "Molenstraat",
    "Kastanjelaan",
    "Vondellaan",
    "Havenkade",
    "Beukenlaan",
    "Stationsweg",
    "Lindengracht",
    "Sluisweg",
    "Populierenhof",
    "Brouwersdijk",
    "Zuiderwal",
    "Lange Haven",
)
DISTRICTS = ("Centrum", "Noorderhaven", "De Weide", "Oud-Zuid", "Ravenhorst", "Spiegelhof")
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")
FIRST_NAMES = (
    "Anouk",
    "Jeroen",
    "Mila",
    "Kees",
    "Samira",
    "Ton",
    "Lotte",
    "Hüseyin",
    "Ingrid",
    "Daan",
    "Priya",
    "Gert",
    "Noor",
    "Wim",
    "Esra",
    "Bas",
    "Marloes",
    "Kofi",
    "Hanneke",
    "Luuk",
)

#: Topic key → Dutch words the topic is recognised by (mirrored in org.yaml).
TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "wegwerkzaamheden": ("wegwerkzaamheden", "omleiding", "afsluiting", "afgesloten", "asfalt", "riolering"),
    "afval": (
        "afval",
        "container",
        "containers",
        "vuilnis",
        "grofvuil",
        "kliko",
        "ophaaldag",
        "afvalkalender",
    ),
    "vergunningen": ("vergunning", "vergunningen", "aanvraag", "omgevingsvergunning", "bouwplan"),
    "evenementen": ("evenement", "evenementen", "festival", "markt", "braderie", "concert"),
    "parkeren": (
        "parkeren",
        "parkeervergunning",
        "parkeerplaats",
        "parkeerplaatsen",
        "laadpaal",
        "laadpalen",
    ),
    "wonen": ("woning", "woningen", "huurwoning", "woningbouw", "starterswoningen", "nieuwbouw"),
    "klimaat": ("klimaat", "zonnepanelen", "isolatie", "warmtenet", "vergroening", "energieloket"),
    "zwembad": ("zwembad", "De Plons"),
}

#: Citizens' questions to a civil servant, per topic. Each ends in a real question.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "wegwerkzaamheden": (
        "Hoe lang blijft de {street} nog dicht voor de wegwerkzaamheden?",
        "Kan ik met de auto nog bij mijn huis aan de {street} tijdens de afsluiting?",
        "Waarom ligt de {street} alweer open? Komt er een omleiding voor fietsers?",
        "Wanneer is het nieuwe asfalt op de {street} klaar?",
    ),
    "afval": (
        "Mijn container aan de {street} is niet geleegd. Wanneer komen jullie alsnog?",
        "Op welke dag wordt het grofvuil in {district} opgehaald?",
        "Waar kan ik een nieuwe kliko aanvragen? De mijne is gescheurd.",
        "Mag snoeiafval ook in de groene container of moet ik naar de milieustraat?",
    ),
    "vergunningen": (
        "Heb ik een vergunning nodig voor een dakkapel aan de achterkant?",
        "Hoe lang duurt een aanvraag voor een omgevingsvergunning ongeveer?",
        "Waar kan ik zien of mijn buren aan de {street} een bouwplan hebben ingediend?",
        "Moet ik een vergunning aanvragen voor een schutting van twee meter?",
    ),
    "evenementen": (
        "Gaat de braderie op de {street} dit jaar door?",
        "Tot hoe laat mag het festival in het park muziek maken?",
        "Hoe vraag ik een vergunning aan voor een straatfeest in {district}?",
        "Is de markt op {day} verplaatst door de werkzaamheden?",
    ),
    "parkeren": (
        "Hoe vraag ik een parkeervergunning aan voor mijn tweede auto?",
        "Komt er een laadpaal bij de {street}? Ik rijd sinds kort elektrisch.",
        "Ik kreeg een boete terwijl ik een vergunning heb. Hoe kan ik bezwaar maken?",
        "Waarom zijn er parkeerplaatsen aan de {street} weggehaald?",
    ),
    "wonen": (
        "Wanneer komen de starterswoningen in {district} in de verkoop?",
        "Hoe schrijf ik me in voor een huurwoning in Spiegelstad?",
        "Komen er ook betaalbare woningen in het nieuwbouwplan aan de {street}?",
        "Klopt het dat de wachttijd voor een sociale huurwoning langer wordt?",
    ),
    "klimaat": (
        "Is er nog subsidie voor isolatie van een oud rijtjeshuis?",
        "Wanneer wordt {district} aangesloten op het warmtenet?",
        "Mag ik zonnepanelen leggen op een huis in het beschermde stadsgezicht?",
        "Hoe doe ik mee met het vergroenen van ons plein aan de {street}?",
    ),
}

#: Complaints (no question mark needed), per topic.
COMPLAINTS: dict[str, tuple[str, ...]] = {
    "afval": (
        "Al twee weken staat de container aan de {street} vol. Het stinkt en de meeuwen halen alles eruit.",
        "Weer is het grofvuil in {district} vergeten. Dit is de derde keer dit jaar, echt slecht geregeld.",
    ),
    "wegwerkzaamheden": (
        "De omleiding bij de {street} is levensgevaarlijk voor fietsers, niemand houdt zich aan de borden.",
        "Sinds de afsluiting van de {street} staat het verkeer elke ochtend vast. Niemand heeft ons iets laten weten.",
    ),
    "parkeren": (
        "Drie keer deze maand geen plek voor de deur, terwijl ik gewoon een parkeervergunning betaal.",
    ),
}

#: Short, plain first-person answers (the fast listener's voice), per topic.
PLAIN_ANSWERS: dict[str, tuple[str, ...]] = {
    "wegwerkzaamheden": (
        "Ik heb het nagevraagd: de {street} blijft tot {day} dicht, omdat de riolering wordt vervangen. Fietsers kunnen via de Beukenlaan.",
        "Je kunt je huis via de achterkant bereiken. De aannemer laat bewoners altijd door, zodat niemand vast komt te zitten.",
        "Het asfalt is {day} klaar. Het duurt wat langer doordat het asfalt eerst goed moet afkoelen. Daarna gaat de weg meteen open.",
    ),
    "afval": (
        "Vervelend! De wagen had pech, daarom is je straat overgeslagen. Ik heb het doorgegeven en morgen komen ze alsnog.",
        "In {district} halen we grofvuil op {day} op. Je meldt het vooraf aan via de afval-app, zodat de wagen weet waar hij moet stoppen.",
        "Een nieuwe kliko vraag je aan op de website. Dat is gratis, omdat een kapotte kliko bij het gewone onderhoud hoort.",
        "Snoeiafval mag in de groene container als de deksel dicht kan. Grote takken gaan naar de milieustraat, want die passen niet in de wagen.",
    ),
    "vergunningen": (
        "Voor een dakkapel aan de achterkant heb je meestal geen vergunning nodig, omdat hij niet aan de straatkant zit. Check het even in het Omgevingsloket.",
        "Een aanvraag duurt acht weken. Dat komt doordat de buren ook mogen reageren. Met een complete aanvraag gaat het vaak sneller.",
        "Ingediende bouwplannen staan op de website bij 'bekendmakingen'. Zo kan iedereen meelezen en op tijd reageren.",
        "Voor een schutting tot twee meter achter je huis heb je geen vergunning nodig. Aan de voorkant wel, omdat de straat er anders uitziet.",
    ),
    "evenementen": (
        "Ja, de braderie gaat door! Hij staat wel bij het Marktveld, omdat de {street} open ligt.",
        "De muziek stopt om elf uur 's avonds. Dat hebben we zo afgesproken, zodat de buren ook kunnen slapen.",
        "Een straatfeest meld je aan via het formulier op onze site. Doe het vier weken van tevoren, want we moeten de straat afzetten.",
        "De markt staat {day} op het Kerkplein, omdat er aan de {street} gewerkt wordt. Daarna komt hij terug.",
    ),
    "parkeren": (
        "Een tweede parkeervergunning vraag je online aan. Die is duurder, omdat er in de wijk weinig plek is.",
        "Ik heb je vraag doorgezet. Bij de {street} komt dit najaar een laadpaal, want daar wonen veel mensen met een elektrische auto.",
        "Bezwaar maken kan binnen zes weken via de website. Stuur een foto van je vergunning mee, dan kunnen we het snel nakijken.",
        "De plekken aan de {street} zijn weg voor een fietsenstalling, omdat de stoep te vol stond met fietsen.",
    ),
    "wonen": (
        "De starterswoningen in {district} gaan in het voorjaar in de verkoop. Je kunt je nu al aanmelden, zodat je op tijd bericht krijgt.",
        "Inschrijven doe je bij Woonnet Spiegelstad. Doe het snel, want je wachttijd telt vanaf de dag dat je je inschrijft.",
        "Ja, een derde van de nieuwbouw aan de {street} wordt sociale huur. Dat heeft de raad zo besloten.",
        "Klopt, de wachttijd wordt langer doordat er weinig woningen vrijkomen. Daarom bouwen we er de komende jaren meer.",
    ),
    "klimaat": (
        "Er is nog subsidie voor isolatie. Je vraagt het aan bij het energieloket, omdat zij ook helpen met offertes.",
        "{district} is in 2028 aan de beurt. Het duurt even, want eerst moeten de leidingen in de straat. We sturen bewoners een brief.",
        "In het beschermde stadsgezicht mag het vaak wel, als je de panelen niet vanaf de straat ziet. Zo blijft het straatbeeld hetzelfde.",
        "Leuk! Meld je bij het wijkteam. Wij zorgen voor plantenbakken en advies, zodat het plein groener en koeler wordt.",
    ),
}

#: English questions and plain English answers (a few posts in English).
EN_QUESTIONS = (
    "Hi, I just moved to {district}. How do I register for waste collection?",
    "Is there an English page about parking permits in Spiegelstad?",
)
EN_ANSWERS = (
    "Welcome to Spiegelstad! You don't need to register, collection starts automatically. The waste app shows your days.",
    "Yes, there is an English page on parking on our website. I will send you the link right away.",
)

#: The fast listener's answer to a complaint: sorry, and straight to the team that fixes it.
COMPLAINT_HANDOFF = (
    "Sorry, dat had niet mogen gebeuren. Ik heb @{team} gevraagd het vandaag op te lossen, omdat zij dit regelen.",
    "Dat is balen, excuses. @{team} pakt het op en ik kijk morgen zelf of het gelukt is.",
    "Terecht dat je dit meldt. Ik zet het door naar @{team}, zodat het snel verholpen wordt en niet weer gebeurt.",
)
GREETINGS = ("Hoi {name}!", "Dag {name},", "Goeie vraag, {name}.", "Hallo {name},", "Hoi {name},")
CLOSINGS = ("Succes!", "Laat je weten of het gelukt is?", "Groet, Fleur", "Fijne dag!", "", "")

#: The fast listener's own posts: short, first person, some work, some private.
LISTENER_OWN = (
    "Vanochtend met bewoners van de {street} de nieuwe plantenbakken gevuld. Wat een energie in die straat!",
    "Ik loop {day} spreekuur in het buurthuis van {district}. Kom gerust langs met je vraag.",
    "Goed gesprek gehad over veilig fietsen langs de omleiding. We zetten extra verkeersregelaars neer.",
    "De braderie is weer een feest. Ik sta bij de kraam van de gemeente, zeg even hoi!",
    "Ik ben trots op het team dat de containers in {district} binnen een dag heeft vervangen.",
    "Weekend! Ik ga met de kinderen fietsen langs de Sluisweg.",
    "Zelfgebakken appeltaart mee naar het werk. Hij was binnen tien minuten op.",
    "Vandaag mijn eerste halve marathon gelopen. Benen zijn op, hoofd is blij.",
    "Mooie zonsopkomst boven de Havenkade op weg naar kantoor.",
)

#: Ruder replies of the responsive mud-slinger (hostile wording, fast).
HOSTILE_REPLIES = (
    "Wat een domme vraag weer. Lees eerst eens de borden voordat je gaat zitten zeiken.",
    "Hou toch op met dat gejank, idioot. Iedereen weet dat je daar niet mag parkeren.",
    "Ongelooflijk hoe achterlijk sommige mensen zijn. De regels staan gewoon op de site, sukkel.",
    "Als je te dom bent om een formulier in te vullen moet je niet bij ons komen klagen.",
    "Jij bent echt een zeurpiet van de bovenste plank. Ga iets nuttigs doen met je leven.",
    "Wat een onzin, klootzak. Je krijgt die boete omdat je fout stond, klaar.",
    "Typisch zo'n betweter die nergens verstand van heeft. Kop dicht en betalen.",
    "Stel je niet zo aan, malloot. Die parkeerplaatsen waren nooit van jou.",
    "Zielig figuur. Eerst fout parkeren en dan janken op internet.",
)
#: The mud-slinger's calm replies (a minority) and own posts.
RUDE_CALM_REPLIES = (
    "Die boete klopt, je stond op een laadplek. Bezwaar kan via de website.",
    "De parkeerplaatsen zijn weg voor de nieuwe fietsenstalling.",
)
RUDE_OWN = (
    "Vandaag weer vijftig boetes uitgeschreven bij het station. Mensen leren het nooit, stelletje prutsers.",
    "Al die klagers over parkeren: gewoon de fiets pakken, luie zakken.",
    "Handhaving is vanavond extra aanwezig bij het festival in het park.",
    "Nieuwe parkeerregels in {district} gaan {day} in. Lees het even na.",
)

#: Officialese building blocks for the slow writer (long sentences, long words).
OFFICIAL_OPENINGS = (
    "Geachte heer, mevrouw, naar aanleiding van uw bericht van enkele dagen geleden, waarin u uw vraag "
    "over {topic} aan de orde stelt, bericht ik u als volgt, mede namens het college van burgemeester en wethouders.",
    "Geachte {name}, hierbij ontvangt u, in vervolg op uw publiekelijk geplaatste bericht inzake {topic}, "
    "een inhoudelijke reactie die na zorgvuldige afstemming met de betrokken vakafdelingen tot stand is gekomen.",
)
OFFICIAL_BODY = (
    "Allereerst wijs ik u erop dat de gemeentelijke besluitvorming ten aanzien van dit onderwerp plaatsvindt "
    "binnen de kaders van de geldende verordeningen, beleidsregels en de uitvoeringsprogrammering die door de "
    "gemeenteraad zijn vastgesteld.",
    "In dat verband is het van belang te onderkennen dat de uitvoeringsorganisatie gehouden is aan een "
    "zorgvuldige belangenafweging, waarbij zowel de individuele belangen van belanghebbenden als het "
    "algemeen belang in ogenschouw dienen te worden genomen.",
    "Voorts merk ik op dat de behandeltermijn van aanvragen en meldingen mede afhankelijk is van de "
    "volledigheid van de aangeleverde gegevens, de noodzakelijke interne adviesprocedures en eventuele "
    "zienswijzen van derden, waardoor een langere doorlooptijd in voorkomende gevallen onvermijdelijk is.",
    "De reden hiervan is gelegen in de omstandigheid dat de gemeente bij de uitvoering van haar "
    "publiekrechtelijke taken gehouden is aan de beginselen van behoorlijk bestuur, daarom kan niet "
    "zonder nadere afweging worden afgeweken van de vastgestelde procedure.",
    "Indien en voor zover u van mening bent dat uw belangen onvoldoende zijn meegewogen, staat het u vrij "
    "om overeenkomstig de Algemene wet bestuursrecht binnen de daartoe gestelde termijn een bezwaarschrift "
    "in te dienen bij het daartoe bevoegde bestuursorgaan.",
    "Ten aanzien van de door u gesignaleerde problematiek kan ik u mededelen dat deze reeds onderwerp van "
    "nadere beschouwing is binnen het programma openbare ruimte, waarbinnen prioritering plaatsvindt op basis "
    "van beschikbare capaciteit en financiële middelen.",
    "Het is derhalve op dit moment niet mogelijk om een definitieve uitspraak te doen over de termijn "
    "waarbinnen de door u gewenste maatregelen kunnen worden gerealiseerd, omdat hieromtrent nog "
    "besluitvorming dient plaats te vinden.",
    "Daarnaast verdient het aanbeveling om kennis te nemen van de relevante informatievoorziening op de "
    "gemeentelijke website, alwaar de procedurele vereisten, de benodigde bescheiden en de toepasselijke "
    "leges uitvoerig zijn beschreven.",
    "Ik vertrouw erop u hiermee voldoende te hebben geïnformeerd omtrent de stand van zaken en de "
    "procedurele aspecten die in deze aangelegenheid van toepassing zijn.",
    "Mocht u naar aanleiding van deze reactie nog aanvullende vragen hebben, dan kunt u zich wenden tot het "
    "klantcontactcentrum, onder vermelding van het zaaknummer dat u na registratie van uw melding ontvangt.",
    "Tevens attendeer ik u op de omstandigheid dat de gemeente gebonden is aan landelijke wet- en regelgeving, "
    "waardoor de beleidsvrijheid op onderdelen beperkt is en afwijking van de standaardprocedure uitsluitend "
    "in uitzonderlijke gevallen gerechtvaardigd kan zijn.",
    "Voor de volledigheid vermeld ik dat uw signaal is geregistreerd in het gemeentelijke "
    "meldingensysteem en dat de verantwoordelijke afdeling hiervan in kennis is gesteld ten behoeve van "
    "de verdere afhandeling.",
)
OFFICIAL_CLOSING = (
    "Hoogachtend, namens het college, W.H. van der Meulen-de Graaf, beleidsmedewerker Vergunningen."
)
OFFICIAL_OWN = (
    "Ter kennisname: de herziene beleidsregels inzake de toepassing van de omgevingsvergunningsplicht "
    "voor kruimelgevallen zijn door het college vastgesteld en treden in werking met ingang van de eerste "
    "dag na bekendmaking, met inachtneming van het overgangsrecht zoals opgenomen in artikel 7.",
    "Onder verwijzing naar de raadsinformatiebrief betreffende de uitvoeringsagenda vergunningverlening, "
    "toezicht en handhaving wordt belanghebbenden verzocht kennis te nemen van de gewijzigde "
    "procedurele vereisten omtrent het indienen van aanvullende gegevens.",
    "Het college heeft besloten de evaluatie van de legesverordening te betrekken bij de integrale "
    "afweging in het kader van de voorjaarsnota, waarbij de financiële consequenties nader zullen worden "
    "geïnventariseerd en geprioriteerd.",
)

#: The scheduled broadcaster's templated link posts (titles repeat on purpose).
BROADCAST_TITLES = (
    "Nieuw: de afvalkalender voor {district} staat online",
    "Werk aan de weg: planning wegwerkzaamheden deze maand",
    "Subsidie voor isolatie: zo vraag je het aan",
    "Parkeervergunning aanvragen? Alles op één pagina",
    "Evenementen in Spiegelstad dit weekend",
    "Woningbouw: stand van zaken nieuwbouwplannen",
    "Vergunningcheck: heb jij een vergunning nodig?",
)
BROADCAST_TEMPLATE = "📢 {title} | Lees meer: {url} #Spiegelstad"
BROADCAST_APPS = ("Buffer", "Hootsuite Inc.")

#: The connector: hands a question to the right colleague or team, in the open.
HANDOFF = (
    "@{colleague} kun jij {name} helpen met deze vraag over {subject}? Dank je!",
    "Goede vraag, {name}. Ik zet hem door naar @{colleague}, daar weten ze alles van {subject}.",
    "@{colleague} hier ligt een vraag van {name} over {subject}. Lukt het om vandaag te reageren?",
    "Dank voor je bericht, {name}! @{colleague} pakt dit op en laat je vandaag iets weten.",
    "{name}, dit is echt iets voor mijn collega's van @{colleague}. Ik heb ze gevraagd je vandaag te antwoorden.",
    "Ha {name}, over {subject} gaat @{colleague}. Ik heb ze erbij gehaald, je hoort snel van ze.",
    "@{colleague} zouden jullie {name} willen helpen? Het gaat om {subject}.",
    "Ik weet het antwoord niet zeker, {name}, maar @{colleague} wel. Die laat het je vandaag weten!",
)
#: What a question is about, in the connector's words, per topic.
SUBJECTS: dict[str, tuple[str, ...]] = {
    "wegwerkzaamheden": ("de afsluiting", "de omleiding", "het werk aan de weg"),
    "afval": ("de container", "het grofvuil", "de ophaaldag"),
    "vergunningen": ("je aanvraag", "de vergunning", "je bouwplan"),
    "evenementen": ("het evenement", "de braderie", "het festival"),
    "parkeren": ("je parkeervergunning", "de laadpaal", "parkeren in je straat"),
    "wonen": ("de nieuwbouw", "de woningzoektocht", "de starterswoningen"),
    "klimaat": ("isolatie", "het warmtenet", "de subsidie"),
}
#: The fast listener's reactions to posts about the organisation.
STREAM_REPLIES = (
    "Dank voor je bericht! Ik kijk ernaar en laat het je {day} weten.",
    "Goed dat je het meldt. Ik geef het vandaag door aan de collega's van {district}.",
    "Wat fijn om te lezen, dank je wel! Ik deel het met het team.",
    "Herkenbaar. Ik loop er {day} zelf even langs om te kijken.",
    "Dank je! Ik neem dit mee naar het wijkoverleg in {district}.",
    "Ik heb het doorgezet. Als het {day} nog niet opgelost is, hoor ik het graag.",
    "Goede tip, die geef ik door. Mooi dat je meedenkt over {district}.",
    "Ik snap je ergernis. We zoeken uit wat er misging bij de {street}.",
)
CONNECTOR_OWN = (
    "Vandaag met het afvalteam gekeken hoe we meldingen sneller bij de juiste collega krijgen.",
    "Fijn om te zien hoeveel vragen binnen een dag beantwoord zijn. Dank aan alle collega's!",
    "Ik sta {day} op de markt met het team Klantcontact. Vragen? Kom langs.",
    "Zaterdag voetbal met mijn zoon, hij scoorde twee keer. Trotse vader.",
)
#: A team account's answer after a hand-off (plain, first person plural).
TEAM_ANSWERS = PLAIN_ANSWERS

#: Official announcements in the organisation stream, per topic.
ANNOUNCEMENTS: dict[str, tuple[str, ...]] = {
    "wegwerkzaamheden": (
        "Vanaf {day} is de {street} afgesloten voor wegwerkzaamheden. Volg de omleiding via de Stationsweg.",
        "De riolering onder de {street} wordt vernieuwd. Bewoners krijgen deze week een brief.",
    ),
    "afval": (
        "Door de feestdag schuift de ophaaldag in {district} een dag op.",
        "Grofvuil kun je nu ook via de afval-app aanmelden.",
    ),
    "vergunningen": ("Het Omgevingsloket is {day} tussen 8 en 12 uur niet bereikbaar door onderhoud.",),
    "evenementen": (
        "Dit weekend: de najaarsbraderie op het Marktveld. De {street} is dan afgesloten voor verkeer.",
        "Het lichtjesfestival in {district} gaat door. Kom je ook kijken?",
    ),
    "parkeren": ("Er komen twintig nieuwe laadpalen in {district}. Bekijk de kaart op onze website.",),
    "wonen": ("De bouw van 120 woningen aan de {street} is gestart. Een derde wordt sociale huur.",),
    "klimaat": (
        "Het warmtenet in {district} is een stap dichterbij: de raad stemde in met het plan.",
        "Spreekuur energieloket: {day} in het stadhuis. Kom met je vragen over isolatie.",
    ),
    "zwembad": (
        "Het college stelt de raad voor om zwembad De Plons in 2027 te sluiten. Lees het voorstel en de "
        "gevolgen voor verenigingen op onze website.",
    ),
}

#: Citizens' posts about the municipality (the organisation stream), per topic.
CITIZEN_STREAM: dict[str, tuple[str, ...]] = {
    "wegwerkzaamheden": (
        "Alweer een afsluiting in de {street}. Hoe lang gaat dit nog duren @gemeente?",
        "Complimenten voor de nette omleiding bij de {street}, goed aangegeven.",
    ),
    "afval": (
        "Container in {district} al dagen vol #Spiegelstad",
        "Nieuwe afvalkalender ontvangen, ziet er duidelijk uit #Spiegelstad",
    ),
    "evenementen": (
        "Wat was de braderie gezellig! Dank gemeente Spiegelstad.",
        "Muziek van het festival in het park was tot middernacht te horen #Spiegelstad",
    ),
    "parkeren": ("Geen laadpaal te vinden in {district}. Wanneer komen ze er nou? #Spiegelstad",),
    "wonen": ("Mooi dat er eindelijk betaalbare woningen komen aan de {street} #Spiegelstad",),
    "klimaat": (
        "Wij hebben via het energieloket ons huis laten isoleren. Echt een aanrader #Spiegelstad",
        "Meer bomen in de {street} graag, het is hier een hitte-eiland #Spiegelstad",
    ),
}

#: The person who speaks before the organisation, and their other posts (mostly English).
AHEAD_POSTS = (
    "Ik hoor dat zwembad De Plons dicht gaat. Zonde voor alle zwemclubs, ik hoop dat de raad nog nadenkt.",
    "Nog even over De Plons: de zwemclubs weten het al, morgen komt het college met het besluit over het zwembad.",
)
THIJS_OWN = (
    "Great talk today on heat-resilient streets. Spiegelstad can learn a lot from other cities.",
    "Vandaag met de sportverenigingen gesproken over meer groen rond het sportpark.",
    "Our climate team planted forty trees in {district} this week. Small steps, real shade next summer.",
    "Zondagochtend hardlopen langs de Zuiderwal. Heerlijk rustig.",
    "Mooie opkomst bij de informatieavond over het warmtenet in {district}.",
    "Reading a great book on urban cycling. Recommendations welcome!",
)
THIJS_REPLIES = (
    "Thanks! I'll share the plans with the team.",
    "Goed punt, ik neem het mee naar het overleg van {day}.",
    "Dank je! De planning staat binnenkort op de website.",
)

#: The thin-data person: a handful of posts and nothing else.
THIN_POSTS = (
    "Eerste week bij de gemeente Spiegelstad. Veel nieuwe gezichten!",
    "Koffie en een stapel dossiers. Goedemorgen.",
    "Mooie fietsroute naar het stadhuis gevonden langs de Lindengracht.",
)

#: Stakeholder bios (the network: citizens, companies, interest groups, media, government).
BIOS: dict[str, tuple[str, ...]] = {
    "citizen": (
        "Bewoner van {district}. Fietser, vader van twee, koffieliefhebber.",
        "Woon al dertig jaar in Spiegelstad. Tuinier en vrijwilliger bij de voedselbank.",
        "Student, woont op kamers in {district}.",
        "Gepensioneerd leraar. Wandelt elke dag langs de Havenkade.",
    ),
    "company": (
        "Bakkerij De Korenbloem: ambachtelijk brood in Spiegelstad sinds 1962.",
        "Installatiebedrijf Zonnig Dak B.V. Zonnepanelen en warmtepompen in de regio.",
    ),
    "interest_group": (
        "Fietsersbond afdeling Spiegelstad. Wij komen op voor iedereen die fietst.",
        "Bewonersvereniging {district}: samen voor een leefbare wijk.",
    ),
    "media": ("Verslaggever bij het Spiegelstads Dagblad. Tips? Stuur een bericht.",),
}

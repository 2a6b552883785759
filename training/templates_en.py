# ruff: noqa: E501
"""English templates and slot values for training/generate.py (written for spiegel).

English question, complaint and hostility models train mainly on public data; these templates add
the hard cases (rhetorical questions, sarcasm, quoted insults, swearing without a target) and the
signals without public English data (explanation, template, tone)."""

from __future__ import annotations

SLOTS: dict[str, list[str]] = {
    "mention": ["citycouncil", "CityHelp", "transport_dept", "mayorsoffice", "councillorgrey", "LibraryTeam"],
    "domain": ["city.gov", "t.co", "bit.ly", "news.council.org", "youtu.be", "jobs.city.gov", "instagr.am"],
    "area": ["the north side", "downtown", "Riverside", "the east end", "Oak Park", "Harbour district",
             "Mill Lane", "the old town", "Westfield", "Greenhill"],
    "street": ["Main Street", "Station Road", "Church Lane", "High Street", "Park Avenue", "Bridge Road",
               "Mill Road", "Queen Street"],
    "thing": ["street light", "bin", "pavement slab", "traffic light", "bench", "bike rack", "drain cover",
              "playground swing", "road sign"],
    "service": ["customer service", "the permit office", "waste collection", "the parking office",
                "the helpline", "the housing team", "the library", "the council tax team"],
    "topic": ["the new parking rules", "the pool closure", "the tree felling in the park",
              "the council tax rise", "the bus lane", "the housing plan", "the library cuts", "the wind farm"],
    "place": ["the town hall", "the recycling centre", "the pool", "the library", "the community centre",
              "the sports hall", "the visitor centre"],
    "day": ["Monday", "Tuesday", "Friday", "Saturday", "tomorrow", "today", "next week"],
    "insult": ["idiots", "morons", "clowns", "crooks", "liars", "losers", "imbeciles", "parasites", "fools"],
    "insult1": ["idiot", "moron", "clown", "crook", "liar", "loser", "imbecile", "parasite", "fool", "jerk"],
    "official": ["the mayor", "the councillor", "that councillor", "the transport chief", "the council"],
    "swear": ["Damn", "Shit", "Fuck", "Ugh, damn", "Bloody hell", "Crap", "FFS", "Goddamn"],
    "bad_luck": ["missed the train again", "flat tyre on the way to work", "forgot my keys",
                 "spilled coffee on my laptop", "stuck in traffic for an hour", "my phone died",
                 "rain on my only day off"],
    "reason": ["the sewer pipes are seventy years old", "the trees are diseased and could fall",
               "the bridge has to stay safe for heavy traffic", "we want to cut waiting times",
               "the law requires it", "waste processing costs have gone up", "the quay is subsiding",
               "the national grant has ended", "people drive too fast there"],
    "measure": ["we are closing the bridge for three weeks", "we are felling twelve trees along the canal",
                "we are digging up the street", "we now work by appointment only",
                "we mow the verges less often", "we are adding speed bumps", "we are moving the market"],
    "effect": ["That way we prevent flooding after heavy rain.", "That keeps the area safe.",
               "That means we can help you faster.", "It gives bees and butterflies a better chance.",
               "It keeps costs as low as possible for everyone."],
    "title": ["New play areas in the east", "Roadworks on Station Road", "Grants for green roofs",
              "Residents survey results", "Help with energy bills", "Council approves budget",
              "New opening hours", "Waste calendar 2026 online"],
    "job": ["policy officer", "parking enforcement officer", "communications adviser", "data analyst",
            "project manager", "planning lawyer"],
    "city": ["Leeds", "Bristol", "Cardiff", "York", "Dundee", "Galway", "Norwich"],
    "food": ["pancakes", "lasagne", "soup", "curry", "pizza"],
}

CATEGORIES: dict[str, dict] = {
    "question": {"labels": {"question": 1}, "tone": "neutral", "templates": [
        "When is bulk waste collected in {area}?",
        "Does anyone know what time {place} opens {day}?",
        "Where can I apply for a parking permit?",
        "Is {place} open {day}?",
        "How long does a passport renewal take at the moment?",
        "Who is responsible for the {thing} on {street}?",
        "Can I pay by card at {place}?",
        "I was wondering when the works on {street} will be finished.",
        "What documents do I need to bring for my appointment?",
        "Is there any news on {topic}?",
    ]},
    "complaint": {"labels": {"complaint": 1}, "tone": "negative", "templates": [
        "The {thing} on {street} has been broken for weeks and nobody fixes it.",
        "Bins not collected in {area} again. Third time this month.",
        "Two hours on hold with {service} and then they hung up.",
        "Still no reply from {service} after five emails. Not good enough.",
        "The potholes on {street} keep getting bigger. I nearly came off my bike.",
    ]},
    "rhetorical": {"labels": {"complaint": 1}, "tone": "negative", "templates": [
        "Who on earth came up with {topic}?",
        "How hard can it be to empty a bin on time?",
        "Is anyone at the town hall actually awake?",
        "Why bother listening to residents when you've already decided?",
        "How many times do you have to report something before anything happens?",
        "Does {official} ever actually visit {area}? Didn't think so.",
    ]},
    "sarcasm": {"labels": {"complaint": 1}, "tone": "negative", "templates": [
        "Great job, {service}. Third time my appointment got lost.",
        "Love closing {street} in rush hour with no diversion. Brilliant planning.",
        "Thanks council for the lovely view of a mountain of rubbish bags.",
        "Fantastic service as always from {service}. An hour on hold for nothing.",
        "Oh wonderful, the parking machine is broken again. What a surprise.",
    ]},
    "criticism": {"labels": {"complaint": 1}, "tone": "negative", "templates": [
        "I think the decision on {topic} is short-sighted. Older residents will pay the price.",
        "With respect, the case for {topic} is poorly argued and the numbers don't add up.",
        "{official} has fallen short here: a lot was promised and little delivered.",
        "I disagree with {topic}. It is expensive and does not solve the problem.",
        "The council communicated far too late about {topic}. That damages trust.",
    ]},
    "insult": {"labels": {"hostile": 1}, "tone": "negative", "templates": [
        "What a bunch of {insult} at the town hall.",
        "{official} is a {insult1} and everyone knows it.",
        "You lot are absolute {insult}.",
        "Shut up, you {insult1}.",
        "Get lost with your stupid plans, {insult1}.",
        "People like you should be locked up.",
        "You're the biggest {insult1} in the whole council.",
    ]},
    "quoted_insult": {"labels": {}, "tone": "negative", "templates": [
        "Our wardens were called '{insult}' today. We won't accept that.",
        "Someone replied that I'm a '{insult1}'. That's not how we talk to each other.",
        "Calling staff \"{insult}\" helps nobody. Let's keep it civil.",
        "Anyone who calls a colleague a '{insult1}' will be reported. Rightly so.",
        "Criticism is welcome; calling officers '{insult}' is not. Such replies will be hidden.",
    ]},
    "swearing": {"labels": {}, "tone": "negative", "templates": [
        "{swear}, {bad_luck}.",
        "{swear}! {bad_luck} 😩",
        "Oh {swear}, {bad_luck}. What a day.",
        "{swear} it's cold out there.",
    ]},
    "explanation": {"labels": {"explanation": 1}, "tone": "neutral", "weight": 1.3, "templates": [
        "This summer {measure}, because {reason}. {effect}",
        "Why? Because {reason}. That's why {measure}. {effect}",
        "Good question! We do this because {reason}. {effect}",
        "The council looks after pavements and street lights; the canal is the water board's job, so we've passed your report on.",
        "A quick explanation: {measure} because {reason}.",
        "Lots of people ask why {measure}. The reason is that {reason}. {effect}",
        "How does it work? You apply online, then we look at your income and fixed costs. So you know within eight weeks.",
        "Behind the scenes: every report is scheduled by safety risk, so we fix the dangerous ones first.",
        "What does your waste charge pay for? Collection, sorting and processing. Because {reason}, it is going up.",
    ]},
    "answer": {"labels": {}, "tone": "neutral", "templates": [
        "Thanks for your report, we've passed it on to {service}.",
        "Hi, could you DM us your address so we can check?",
        "{place} is open {day} from 9am to 5pm.",
        "We've forwarded your question to a colleague. You'll hear from us soon.",
        "Sorry for the wait. We'll call you back {day}.",
    ]},
    "announcement": {"labels": {}, "tone": "neutral", "templates": [
        "{street} will be closed from 7am {day}.",
        "Drop-in evening about {topic}: {day} at 7.30pm in {place}.",
        "{place} is closed {day}.",
        "Tonight the council debates {topic}.",
        "Have your say on {topic}: {url}",
    ]},
    "praise": {"labels": {}, "tone": "positive", "templates": [
        "Fixed within a day, thank you {service}!",
        "Big thanks to the wardens in {area}, really friendly.",
        "Love the new benches in the park 😊",
        "So glad the playground in {area} has reopened!",
        "Proud of my colleagues who organised the weekend so well.",
    ]},
    "personal": {"labels": {}, "tone": "positive", "templates": [
        "Lovely run along the river this morning.",
        "First day at the council today! Excited.",
        "Made {food} with the kids tonight, big success.",
        "Weekend in {city} with friends, wonderful.",
    ]},
    "personal_neutral": {"labels": {}, "tone": "neutral", "templates": [
        "On my way to {city} for a conference on {topic}.",
        "Interesting piece on {topic}: {url}",
        "Meetings all day about {topic}.",
        "Train delayed, so working from the carriage.",
    ]},
    "template": {"labels": {"template": 1}, "tone": "neutral", "weight": 1.6, "templates": [
        "New post on our website: {title} {url}",
        "Outage {num}: street lights in {area}. Status: resolved. More: {url}",
        "Job: {job} (full time). Apply by 1 December: {url} #jobs",
        "It is now {n}°C in {city}. Wind {num} km/h. #weather",
        "I uploaded a video to @YouTube {url} {title}",
        "I liked a @YouTube video {url} {title}",
        "Read our latest newsletter: {url}",
        "[Automated message] This account is not monitored. Questions: {url}",
        "Daily update: {num} visitors, {n} requests handled. #dashboard",
        "{title} | Read more: {url}",
        "Just posted a photo @ {place} {url}",
        "Reminder: {day} is recycling collection day in {area}. #bins",
        "Public notice: {title}. Open for inspection until {day}. {url}",
    ]},
}

# --- second round, written after the first evaluation. It borrows formats from the first hand-written
# set, which is therefore no longer held out: it became dev.jsonl (now training data) and a new
# held-out set was written afterwards. See training/nl/README.md.

SLOTS["greeting"] = ["Hi,", "Hello,", "Dear council,", "Morning all,", "Sorry to ask here, but", "Quick question:"]
SLOTS["closing"] = ["Thanks in advance!", "Cheers, Sam", "Many thanks.", "Kind regards, J. Patel", "Thanks!"]
CATEGORIES["question"]["templates"] += [
    "I'd like to know whether {topic} applies to {area} too.",
    "{greeting} could you tell me who handles {topic}? {closing}",
    "{greeting} can I get help with my rent if I lose my job?",
    "Is it possible to book an appointment at {place} at the weekend?",
    "Are there any plans to do something about {topic}?",
    "Question for councillors: how will you vote on {topic}?",
    "Anyone got the phone number for {service}",
    "What's the status of my application? Haven't heard anything yet.",
]
CATEGORIES["complaint"]["templates"] += [
    "Waited {n} weeks for a reply from {service}. That is far too long.",
    "Another morning queueing at {place} with only one desk open.",
    "The promised call back never happened. Again.",
    "Our street floods every time it rains and nothing changes.",
    "The letter about {topic} was impossible to understand and nobody could explain it.",
]
CATEGORIES["explanation"]["templates"] += [
    "Why {measure}? Costs have gone up and we have to cover them. {effect}",
    "Here's how it works: {reason}, which means {measure}.",
    "We get a lot of questions about {topic}. In short: {reason}. So {measure}.",
    "The council can't decide this on its own; that's up to the regional authority. We've passed your concerns on.",
    "Your application takes longer because we must consult the fire service first. That's required for this kind of plan.",
    "In short: {reason}. {effect}",
    "The higher charge comes from the incineration tax, which the government raised.",
]
CATEGORIES["template"]["templates"] += [
    "Automated alert: street lights out in {area} (reported {n}:00). Status: resolved. {url}",
    "Car park {area}: {num} spaces free (updated {n}:05) #parking",
    "Current wait at {place}: approx. {n} minutes. Last updated {n}:30.",
    "Report #{num} ({thing}, {street}) has been resolved. Thanks for reporting!",
    "Open data: dataset '{title}' refreshed ({num} records). {url}",
    "Weekly stats: {num} questions answered, average response {n}h. #numbers",
    "New episode of our podcast: episode {n} - {title}. {url}",
    "I'm at {place} in {city} {url}",
    "Check out my new video! {url}",
    "I updated my profile picture.",
]
CATEGORIES["personal_neutral"]["templates"] += [
    "Great piece by a colleague on {topic}, worth a read: {url}",
    "Slides from tonight for anyone who missed it: {url}",
]

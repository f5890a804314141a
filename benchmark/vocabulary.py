"""Swedish words and phrases that `bench_data` combines into the benchmark's texts.

The texts only have to look like minutes, ideas and comments to PostgreSQL's Swedish full-text
search: real words with real inflections and the long compounds ("missbruksvården",
"brukarorganisationerna") that the search's substring pass is there for.
"""

DISTRICTS = (
    "Centrum", "Norr", "Söder", "Öster", "Väster", "Norrby", "Söderåsen", "Västerport",
    "Österhöjd", "Ekbacken", "Tallbo", "Björkdal", "Lindgården", "Hamnen", "Stationsområdet",
    "Kvarnby", "Bergsgården", "Strandbaden", "Ängsvik", "Skogsby",
)  # fmt: skip

ORGANISATION_KINDS = (
    "RFHL", "Hela Människan", "Attention", "Verdandi", "Anhörigföreningen", "Brukarföreningen",
    "Kamratstödsföreningen", "Föreningen Hopp", "Stadsmissionen", "Bostadsföreningen",
    "Ersta Vändpunkten", "IOGT-NTO", "Hjärnkoll", "Klubbhuset", "Föreningen Trappan",
)  # fmt: skip

GROUP_KINDS = (
    ("innovation", "Innovationsgrupp"),
    ("user_group", "Brukarråd"),
    ("other", "Anhöriggrupp"),
    ("innovation", "Idégrupp"),
    ("user_group", "Brukargrupp"),
    ("other", "Samverkansgrupp"),
)

THEMES = (
    "Boende", "Första kontakten", "Missbruk och beroende", "Psykisk hälsa", "Ekonomiskt bistånd",
    "Anhöriga", "Sysselsättning", "Unga vuxna", "Hälsa och tandvård", "Information och språk",
    "Samverkan med vården", "Brukarinflytande",
)  # fmt: skip

PLACES = (
    "Stadshuset, sal 3", "Träfflokalen på Storgatan 12", "Socialförvaltningen, plan 4",
    "Dagverksamheten i Norrby", "Biblioteket, studierummet", "Föreningshuset, stora salen",
    "Digitalt via Teams", "Kulturhuset, konferensrum Eken",
)  # fmt: skip

FIRST_NAMES = (
    "Anna", "Maria", "Karin", "Eva", "Lena", "Kerstin", "Sara", "Emma", "Ingrid", "Birgitta",
    "Lars", "Anders", "Johan", "Per", "Erik", "Mikael", "Karl", "Peter", "Jonas", "Ahmed",
    "Fatima", "Leila", "Mohammed", "Sanna", "Tove", "Jens", "Ola", "Gunilla", "Kenneth", "Nils",
)  # fmt: skip

LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Holm", "Ljung", "Sandberg",
    "Berg", "Lindqvist", "Hassan", "Ali", "Nyström", "Ek", "Strand", "Dahl", "Sjöberg",
)  # fmt: skip

ROLES = ("ordförande", "sekreterare", "enhetschef", "brukarrepresentant", "anhörigrepresentant")

DECIDED_BY = (
    "Socialnämnden", "Individ- och familjeomsorgen", "Avdelningen för vuxna",
    "Förvaltningens ledningsgrupp", "Enheten för boendestöd", "Gemensam utvecklingsgrupp",
)  # fmt: skip

# Sentences are made of a subject, a verb phrase, an object and an ending.
SUBJECTS = (
    "Brukarorganisationerna", "Socialförvaltningen", "Gruppen", "Representanterna för RFHL",
    "Flera deltagare", "Anhörigföreningen", "Boendestödjarna", "Enhetschefen",
    "Socialsekreterarna", "Kamratstödjarna", "Brukarrådet", "Ordföranden", "Regionens psykiatri",
    "Uppsökarteamet", "Verdandi", "Hela Människan", "Ungdomsmottagningen",
)  # fmt: skip

VERBS = (
    "lyfte frågan om", "föreslog förbättringar av", "vill se mer av", "efterfrågade",
    "beskrev problem med", "diskuterade", "berättade om", "ser stora behov av",
    "är oroliga för", "har goda erfarenheter av", "vill utveckla", "följer upp",
    "har kartlagt", "önskar bättre information om", "vill satsa på", "pekade på bristerna i",
)  # fmt: skip

OBJECTS = (
    "väntetiderna till missbruksvården", "boendestödet för unga vuxna",
    "tillgången till tandvård", "öppettiderna på mottagningen",
    "samverkan mellan socialtjänsten och psykiatrin", "bostad först",
    "det ekonomiska biståndet", "sprutbytesverksamheten", "lågtröskelboendena",
    "anhörigstödet", "brukarinflytandet", "kamratstödet", "den samordnade individuella planen",
    "akutboendet", "beroendemottagningens öppettider", "härbärgets platser",
    "stödet till personer i hemlöshet", "missbruksvårdens eftervård", "substitutionsbehandlingen",
    "socialtjänstens första kontakt", "dagverksamheten", "sysselsättningen för långtidsarbetslösa",
    "brukarrevisionerna", "informationen på lätt svenska", "tolkstödet vid besök",
    "träningslägenheterna", "skuldrådgivningen", "missbruksbehandlingen på hemmaplan",
    "den psykiatriska öppenvården", "kontaktpersonerna", "bostadssociala kontrakt",
    "brukarorganisationernas delaktighet", "beroendevården för kvinnor", "natthärbärget",
    "stödet till anhöriga barn", "rehabiliteringen efter behandling",
)  # fmt: skip

ENDINGS = (
    "i kommunen.", "under vintern.", "för personer i hemlöshet.", "på träfflokalen.",
    "i hela förvaltningen.", "för dem som står längst från arbetsmarknaden.",
    "i samarbete med regionen.", "redan i höst.", "som en pilot under ett år.",
    "för personer med psykisk ohälsa.", "för anhöriga.", "utan långa väntetider.",
    "på ett sätt som brukarna förstår.", "med stöd av brukarorganisationerna.",
    "i de norra stadsdelarna.", "kvällar och helger.",
)  # fmt: skip

AGENDA_HEADINGS = (
    "Föregående minnesanteckningar", "Information från socialförvaltningen",
    "Rapport från innovationsgruppen", "Boendefrågor", "Missbruksvården",
    "Uppföljning av förslagen", "Brukarrevision", "Psykisk hälsa", "Ekonomiskt bistånd",
    "Samverkan med regionen", "Anhörigstöd", "Nya idéer", "Kamratstöd", "Budget och planering",
    "Information från brukarorganisationerna", "Övriga frågor", "Nästa möte",
)  # fmt: skip

TITLE_STARTS = (
    "Längre öppettider för", "Bättre information om", "Kamratstöd i", "Fler platser i",
    "Enklare ansökan om", "Brukarinflytande i", "Lätt svenska om", "Kortare väntetid till",
    "Uppföljning av", "En kontaktperson för", "Anhörigstöd kring", "Digital bokning till",
)  # fmt: skip

TITLE_OBJECTS = (
    "missbruksvården", "boendestödet", "tandvården", "mottagningen", "akutboendet",
    "härbärget", "skuldrådgivningen", "dagverksamheten", "beroendemottagningen",
    "försörjningsstödet", "träningslägenheterna", "psykiatrin", "sysselsättningen",
    "ungdomsmottagningen", "eftervården", "substitutionsbehandlingen",
)  # fmt: skip

PROBLEMS = (
    "Det tar för lång tid att få en första tid hos socialtjänsten.",
    "Många vet inte vart de ska vända sig när de behöver hjälp.",
    "Brukarna får olika besked beroende på vilken handläggare de träffar.",
    "Anhöriga får ingen information om vilket stöd som finns.",
    "Breven från förvaltningen är svåra att förstå.",
    "Det saknas platser på akutboendet under vintern.",
    "Den som lämnar behandling står ofta utan stöd efteråt.",
    "Samverkan mellan missbruksvården och psykiatrin fungerar dåligt.",
)  # fmt: skip

EXPLANATIONS = {
    "rejected": (
        "Förslaget genomförs inte eftersom det saknas pengar i årets budget.",
        "Nämnden bedömer att behovet redan täcks av missbruksvårdens ordinarie verksamhet.",
        "Förslaget går inte att genomföra inom socialtjänstlagens ram.",
    ),
    "on_hold": (
        "Förslaget vilar tills den nya organisationen är på plats.",
        "Arbetet pausas i väntan på regionens utredning om beroendevården.",
        "Förslaget vilar tills lokalfrågan är löst.",
    ),
    "handed_over": (
        "Förslaget har lämnats över till regionens psykiatri, som ansvarar för frågan.",
        "Förslaget har lämnats över till kommunens bostadsbolag.",
        "Frågan ligger hos arbetsmarknadsförvaltningen, som har fått förslaget.",
    ),
    "other": (
        "Brukarorganisationerna och förvaltningen tar fram ett underlag tillsammans.",
        "En arbetsgrupp med representanter från brukarorganisationerna har startat.",
        "Piloten har pågått i tre månader och utvärderas nu.",
        "Förslaget är genomfört och följs upp om ett år.",
        "Utvecklingsgruppen ställde sig bakom förslaget.",
    ),
}

CORRECTION = "Rättelse: föregående post hade fel datum och fel beslutande organ."
HIDDEN_REASON = "Kommentaren innehöll uppgifter om en enskild persons förhållanden."
GROUP_EASY_READ = "Gruppen träffas för att prata om hur stödet kan bli bättre."
EASY_READ = "Det här förslaget handlar om {topic}. Vi vill att det ska bli lättare att få hjälp."

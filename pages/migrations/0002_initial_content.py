"""The first accessibility statement and the three pages about the portal, with editors' rights.

Staff keep all of it up to date in the admin. The statement describes the portal honestly as it
is when this migration is written; the pages exist in standard and in easy-to-read Swedish.
"""

from datetime import date

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Redaktör"
# Editors may not delete pages: the footer links to "Om Öppna soc".
EDITOR_CODENAMES = [
    "add_page",
    "change_page",
    "view_page",
    "change_accessibilitystatement",
    "view_accessibilitystatement",
]

INACCESSIBLE_CONTENT = """\
### Bristande förenlighet med lagkraven

* **Dokument som bifogas till möten.** Personalen lägger ibland upp minnesanteckningar, kallelser \
och underlag som PDF- eller Office-filer. Vi kan inte lova att de filerna är tillgängliga. De \
kan sakna rubriker och taggar, ha bilder utan textalternativ eller vara inskannade bilder av \
text, så att en skärmläsare inte kan läsa dem. Det strider mot WCAG 1.1.1, 1.3.1, 2.4.2 och \
3.1.1. Därför skriver vi minnesanteckningarna som text direkt på mötets sida när det går. \
Behöver du innehållet i en bifogad fil i en annan form, kontakta oss.
* **Inspelade möten.** Vissa möten spelas in. Länkarna leder till inspelningar på andra \
webbplatser. Inspelningarna kan sakna undertexter och en skriftlig version (WCAG 1.2.1, 1.2.2 \
och 1.2.3). Det som beslutas på mötena står alltid i minnesanteckningarna eller på förslagens \
sidor.
* **Text som personalen skriver.** Texterna om möten, förslag, grupper och organisationer \
skrivs av personalen på socialförvaltningen. Vi granskar dem, men en rubrik, en länktext eller \
en förkortning kan ibland bli otydlig (WCAG 2.4.4 och 2.4.6).

### Innehåll som inte omfattas av lagen

* Spelare och inspelningar på andra webbplatser som vi länkar till, och som vi varken har tagit \
fram eller styr över.
"""

ASSESSMENT_METHOD = """\
Vi har granskat webbplatsen själva (självskattning) mot WCAG 2.1 nivå AA:

* **Automatiska tester.** Varje typ av sida, på svenska och på engelska, testas med verktyget \
axe varje gång webbplatsens kod ändras. Det gäller också formulär som visar felmeddelanden. En \
ändring som ger ett fel i testerna publiceras inte.
* **Tester med tangentbordet.** Vi har manuellt gått igenom de viktigaste uppgifterna med bara \
tangentbordet: att läsa minnesanteckningar från ett möte, att hitta ett förslag och se vad som \
har hänt med det, och att logga in och skriva en kommentar.

Dokument som bifogas till möten och inspelningar på andra webbplatser ingår inte i granskningen.
"""

ABOUT = """\
Öppna soc är en webbplats där socialförvaltningen och brukarorganisationerna visar vad de gör \
tillsammans. Här kan alla följa mötena, läsa minnesanteckningarna och se vad som händer med \
förslagen.

## Varför finns webbplatsen?

Socialtjänsten blir bättre när de som använder den får vara med och påverka. Kommunen \
samarbetar därför med föreningar för personer med egen erfarenhet av missbruk och beroende, \
psykisk ohälsa eller hemlöshet, och med föreningar för deras anhöriga. Sådana föreningar \
kallas brukarorganisationer.

Samarbetet ska vara öppet. Den som har lämnat ett förslag ska kunna se vad som händer med det, \
och alla andra ska kunna se hur och varför besluten fattas. Därför lovar vi att löpande berätta \
vad som händer med varje förslag.

## Vad finns på webbplatsen?

* **Möten och minnesanteckningar.** Kallelser, dagordningar och minnesanteckningar från de \
grupper där förvaltningen och brukarorganisationerna möts.
* **Idéer och förslag.** Varje förslag har en egen sida. Där står vad som har hänt med \
förslaget, när det hände och varför.
* **Grupper och organisationer.** Vilka grupper som finns, varför de finns, vilka som är med, \
var och när de träffas och vem du kan kontakta.

## Vem gör vad?

Personalen på socialförvaltningen publicerar möten, minnesanteckningar och beslut om förslagen. \
Företrädare för brukarorganisationerna kan logga in och kommentera förslagen för sin \
organisations räkning. Alla andra kan läsa allt utan att logga in.

## Här står inget om enskilda personer

Webbplatsen handlar om hur socialtjänsten ska utvecklas, inte om enskilda personer. Här står \
aldrig något om någons ärende eller personliga förhållanden. Behöver du själv hjälp eller stöd \
från socialtjänsten, kontakta kommunen direkt.
"""

ABOUT_EASY = """\
## En webbplats om socialtjänsten

Öppna soc är en webbplats. Kommunens socialtjänst har gjort webbplatsen. Socialtjänsten \
hjälper människor som har det svårt.

## Socialtjänsten samarbetar med föreningar

Socialtjänsten vill bli bättre. Därför ber socialtjänsten föreningar om råd.

Föreningarna är för människor som vet hur det är att behöva hjälp. Några har haft problem med \
alkohol eller droger. Några har mått psykiskt dåligt. Några har inte haft någonstans att bo. \
Det finns också föreningar för familj och vänner till de här människorna.

## Vad kan du göra här?

Du kan läsa om möten. Du kan läsa vad de pratade om på mötena.

Du kan läsa idéer om hur socialtjänsten kan bli bättre. Du kan se vad som händer med varje idé.

Alla får läsa på webbplatsen. Du behöver inte logga in.

## Här står inget om dig

Webbplatsen handlar inte om enskilda personer. Här står inget om någons problem.

Vill du ha hjälp av socialtjänsten? Då ska du ringa eller skriva till kommunen.
"""

PROPOSALS = """\
Förslag om hur socialtjänsten kan bli bättre kommer oftast från de grupper där \
socialförvaltningen och brukarorganisationerna möts, till exempel innovationsgrupperna. På \
Öppna soc kan du följa varje förslag från att det kommer in tills det är genomfört eller har \
fått ett svar.

## Från förslag till beslut

1. **Inkommen.** En grupp lämnar ett förslag. Förslaget får en egen sida här, med problemet \
och vad som borde ändras.
2. **Bereds.** Förvaltningen tar reda på vad förslaget skulle innebära: vad det kostar, vilka \
det berör och om det går att genomföra.
3. **Beslutad – genomförs.** Förslaget tas upp i den gemensamma utvecklingsgruppen eller i den \
del av förvaltningen som ansvarar för frågan, och där bestäms det att förslaget ska genomföras.
4. **Pågår** och **Genomförd.** Här står det när arbetet har börjat och när det är klart.

## Alla förslag får ett svar

Ett förslag kan också bli **Avslagen** (det blir inte av), **Vilande** (det får vänta, till \
exempel på pengar eller på ett annat beslut) eller **Överlämnad** (någon annan, till exempel \
regionen, ansvarar för frågan). Då skriver vi alltid varför.

## Allt som händer syns och finns kvar

Varje ändring av ett förslags status skrivs in med datum, vilken grupp eller del av \
förvaltningen som beslutade och en förklaring. Om det finns minnesanteckningar från mötet där \
beslutet togs, länkar vi till dem.

Ändringarna tas aldrig bort. Om något har blivit fel skriver vi en ny rad som rättar det, så \
att du kan se båda. Under *Vad händer med förslagen?* på sidan med idéer ser du hur många \
förslag som finns i varje status och vilka som har väntat länge på svar.

## Kommentera förslagen

Företrädare för brukarorganisationerna kan logga in och kommentera förslagen för sin \
organisations räkning. Kommentarerna blir allmänna handlingar. En moderator läser dem innan de \
visas.
"""

PROPOSALS_EASY = """\
## Vad är ett förslag?

Ett förslag är en idé om hur socialtjänsten kan bli bättre. Förslagen kommer från grupper där \
personal och föreningar träffas.

## Så går det till

Först kommer förslaget in. Då får förslaget en egen sida på webbplatsen.

Sedan tar personalen reda på mer. Hur mycket kostar det? Vilka får det bättre?

Sedan bestämmer en grupp vad som ska hända. Ibland bestämmer chefer på socialtjänsten.

Ska förslaget bli av? Då skriver vi när arbetet börjar. Vi skriver också när arbetet är klart.

## Alla förslag får ett svar

Ibland blir ett förslag inte av. Då skriver vi alltid varför.

Ibland måste ett förslag vänta. Då skriver vi varför det måste vänta.

Ibland ska någon annan bestämma. Det kan vara regionen. Regionen har hand om sjukvården. Då \
skriver vi vem som ska bestämma.

## Du kan se allt som händer

Allt som händer med ett förslag står på förslagets sida. Där står datum för allt som har hänt. \
Där står också varför det hände.

Vi tar aldrig bort något. Har vi skrivit fel? Då skriver vi en ny rad som rättar felet.
"""

TAKING_PART = """\
Öppna soc är till för brukarorganisationerna lika mycket som för socialförvaltningen. Så här \
kan din förening vara med.

## Var med i en grupp

Förvaltningen och brukarorganisationerna träffas i flera grupper: den gemensamma \
utvecklingsgruppen, innovationsgrupper och brukargrupper. Varje grupps sida berättar varför \
gruppen finns, vilka som är med, var och när den träffas och vem du kan kontakta. Vill din \
förening vara med i en grupp, kontakta gruppens kontaktperson.

## Lämna förslag

Förslag tas upp i grupperna. Ta med er idé till nästa möte, eller be gruppens kontaktperson \
att sätta upp den på dagordningen. När gruppen har tagit emot förslaget läggs det upp här, och \
ni kan följa vad som händer med det.

## Kommentera förslagen

Varje brukarorganisation kan utse en eller flera företrädare. Socialförvaltningen bjuder in dem \
med ett e-postmeddelande, och de väljer sedan ett eget lösenord. Det finns ingen öppen \
registrering. En företrädare kan

* kommentera förslagen för organisationens räkning; kommentaren visar organisationens och \
skribentens namn,
* svara på andras kommentarer,
* följa förslag och få e-post när något händer med dem, direkt eller en gång om dagen.

## Regler för kommentarer

* Kommentarer blir allmänna handlingar och visas för alla.
* Skriv aldrig något om enskilda personers förhållanden, varken dina egna eller någon annans.
* En moderator läser kommentarerna innan de visas och kan dölja en kommentar som bryter mot \
reglerna. Då står skälet kvar där kommentaren stod.

## Kontakt

Vill din organisation vara med, eller ska en ny företrädare bjudas in? Kontakta \
socialförvaltningen eller kontaktpersonen för den grupp ni vill vara med i. Kontaktuppgifterna \
finns på gruppens sida.
"""

TAKING_PART_EASY = """\
## Din förening kan vara med

Många människor får hjälp av socialtjänsten. Några av dem är med i en förening. Det finns också \
föreningar för familj och vänner. Är du med i en sådan förening? Då kan din förening vara med på \
Öppna soc.

## Var med på möten

Personal och föreningar träffas i grupper. På mötena pratar de om hur socialtjänsten kan bli \
bättre.

Varje grupp har en egen sida på webbplatsen. Där står vem du kan fråga om gruppen.

## Berätta om en idé

Har din förening en idé? Ta med idén till ett möte i gruppen. Då kan idén bli ett förslag. \
Förslaget kommer sedan upp på webbplatsen.

## Skriv kommentarer

Din förening kan välja en person som får skriva kommentarer. Socialtjänsten skickar ett mejl \
till den personen. I mejlet finns en länk. Med länken väljer personen ett lösenord. Sedan kan \
personen logga in och skriva kommentarer.

## Tänk på det här när du skriver

Alla kan läsa kommentarerna.

Skriv aldrig om hur en annan person har det. Skriv inte om hur du själv har det heller.

En person på socialtjänsten läser kommentarerna först. Sedan kommer de upp på webbplatsen.

## Vill du veta mer?

Fråga personen som har hand om gruppen. Du kan också fråga socialtjänsten.
"""

PAGES = [
    {
        "slug": "oppna-soc",
        "position": 1,
        "title": "Om Öppna soc",
        "body": ABOUT,
        "easy_read_title": "Det här är Öppna soc",
        "easy_read_body": ABOUT_EASY,
    },
    {
        "slug": "sa-hanteras-forslagen",
        "position": 2,
        "title": "Så hanteras förslagen",
        "body": PROPOSALS,
        "easy_read_title": "Så gör vi med förslagen",
        "easy_read_body": PROPOSALS_EASY,
    },
    {
        "slug": "sa-deltar-din-organisation",
        "position": 3,
        "title": "Så deltar din organisation",
        "body": TAKING_PART,
        "easy_read_title": "Så kan din förening vara med",
        "easy_read_body": TAKING_PART_EASY,
    },
]


def create_content(apps, schema_editor):
    AccessibilityStatement = apps.get_model("pages", "AccessibilityStatement")
    Page = apps.get_model("pages", "Page")
    if not AccessibilityStatement.objects.exists():
        AccessibilityStatement.objects.create(
            organisation_name="Kommunens socialnämnd",
            service_name="Öppna soc",
            compliance="partial",
            inaccessible_content=INACCESSIBLE_CONTENT,
            assessed_on=date(2026, 11, 22),
            assessment_method=ASSESSMENT_METHOD,
        )
    for fields in PAGES:
        Page.objects.get_or_create(slug=fields["slug"], defaults=fields)

    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="pages", codename__in=EDITOR_CODENAMES
        )
    )


def remove_content(apps, schema_editor):
    apps.get_model("pages", "Page").objects.filter(slug__in=[p["slug"] for p in PAGES]).delete()
    apps.get_model("pages", "AccessibilityStatement").objects.all().delete()
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=EDITOR):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="pages"))


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("meetings", "0002_staff_groups"),
    ]
    operations = [migrations.RunPython(create_content, remove_content)]

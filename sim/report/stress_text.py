"""The fixed text of `model.md`: the STRESS-DES headings, the citation, the diagram and the base logic.

`sim.report.stress` fills these headings from the compared scenarios; what does not depend on
the scenarios (the reporting guideline's own structure, and the model's fixed logic in words
and as a diagram) is kept here, so the generator reads as the steps it takes. Every text is
here in English and in Dutch (`--lang nl`): `HEADINGS`, `DIAGRAM` and `LOGIC` per language, and
the sentences the generator fills in (`TEXT`) keyed by what they say. Field paths, table and
column names stay in code font as the files and tables spell them.
"""

HEADINGS = [
    "1 Objectives", "1.1 Purpose of the model", "1.2 Model outputs", "1.3 Experimentation aims",
    "2 Logic", "2.1 Base model overview diagram", "2.2 Base model logic", "2.3 Scenario logic", "2.4 Algorithms",
    "2.5 Components", "2.5.1 Entities", "2.5.2 Activities", "2.5.3 Resources", "2.5.4 Queues", "2.5.5 Entry/exit points",
    "3 Data", "3.1 Data sources", "3.2 Pre-processing", "3.3 Input parameters", "3.4 Assumptions",
    "4 Experimentation", "4.1 Initialisation", "4.2 Run length", "4.3 Estimation approach",
    "5 Implementation", "5.1 Software or programming language", "5.2 Random sampling", "5.3 Model execution",
    "5.4 System specification",
    "6 Code access", "6.1 Computer model sharing statement",
]
CITATION = ("Monks T, Currie CSM, Onggo BS, Robinson S, Kunc M, Taylor SJE (2019). Strengthening the reporting of "
            "empirical simulation studies: Introducing the STRESS guidelines. Journal of Simulation 13(1), 55-67.")

DIAGRAM = """\
 request (Poisson arrivals; day-0 caseload; follow-up episodes)
    |
    v
 buttons at the door -- close_intake: hold until released (or a won appeal)
    |                 -- stricter_access: refuse, or send to the community provision
    v
 community provision? (simple, severity 1, room left) --yes--> community care --> outcome
    | no
    v
 access: desks in turn (queue, intake, hand-off; a desk may miss a problem)
         or one integral intake (integral team, or a desk with a bundled decision)
    |
    v
 plan: policy standard / maatwerk / discretion; personal budget; hardship clause; referral check
    |   buttons on the plan: standard_only, waitlist (hold), approval (days), intensity_cut
    v
 grant: provider (places, ceilings), paying budget (own domain, pool or pot); commitment,
    |   monthly payments in the ledger
    v
 outcome per problem: resolved / unresolved / relapse / escalated --> follow-up episode later
    |
    v
 grade (1-10) at closure; case closed when its last provision ends (open at the horizon)"""

LOGIC = """\
Time runs in days over `run.horizon_years` budget years of 365 days. Each request is one SimPy
process (an episode) that ends when its help is granted: payments follow from the grant's
start, monthly cost and duration, and are booked in the ledger after the run.

1. **Arrival.** New requests arrive at random over the horizon (Poisson per group of residents).
   Latent (hidden) demand comes forward only with the share `access.latent_uptake` (or a
   subgroup's outreach) in force on its day; prevention may stop a problem before it arises.
2. **At the door.** A pressed `close_intake` button holds the case until it is released; a
   pressed `stricter_access` button refuses a share of requests and sends a share to the
   community provision. A simple, light request (one problem, severity 1) goes to the community
   provision with the share `access.community_absorb` while it has room.
3. **Access.** With `access.mode: desks` the presenting domain's desk holds the first intake;
   every other problem is missed with chance `access.miss_probability` (it surfaces later, one
   severity worse, as its own episode) or heard at its own desk after a hand-off of
   `access.handoff_days`. With a bundled decision the first desk hears all problems in one
   longer intake. With `access.mode: integral` one team (or the team of the resident's
   neighbourhood) holds one intake for all problems. Each desk or team is a pool of staff
   places; a case that finds none free queues, first come first served.
4. **Plan.** The policy in force (`plan.policy`) picks one provision per problem: `standard` the
   general provision for problems up to `plan.standard_max_severity`, tailored care above it;
   `maatwerk` tailored care, or one cross-domain plan for several problems when a pool can pay;
   `discretion` as standard plus discretionary money from the pool for a multi-problem case.
   Personal budgets, the hardship clause, a referral check and merged provisions adjust the plan.
   Pressed buttons act here: `standard_only` (general provisions only), `waitlist` (the case waits
   for the release), `approval` (tailored care above an amount waits `approval_days`),
   `intensity_cut` (shorter care).
5. **Grant.** A provider is chosen by share, subject to places and yearly ceilings (extra care is
   contracted, or the client waits, when all are full). The own domain's budget pays under
   earmarking; the pool pays when `budget.pooled_share` is 1, and under partial pooling once the
   domain's projected spending reaches its year's allocation; cross-domain plans and
   discretionary money are paid by the pool.
6. **Law.** Care for an entitled (open-ended) domain that is held back by a button
   (`legal_exposure_cases_button`), decided past the legal term because of the municipality's own
   procedure (`legal_exposure_cases_rule`), kept waiting for a place or money at a full provider
   (`legal_exposure_cases_provider`), cut (`legal_exposure_cases_cut`) or refused
   (`legal_exposure_cases_refusal`) is legal exposure; each case counts under the first of these
   that happened to it. A share `law.appeal_share` of exposed cases appeal and win after
   `law.appeal_days`, and their care is then paid at `law.appeal_cost_factor`.
7. **Outcome.** Each problem resolves with a chance from the provision's effectiveness, lowered by
   severity, waiting and (for a multi-problem case without one integral plan) fragmentation. An
   unresolved problem escalates or relapses as a new episode after an exponential delay, up to
   `outcome.max_generations` episodes per problem.
8. **Grade.** At closure the resident gives a grade from 1 to 10: a base, plus fit and
   resolution, minus waiting, extra intakes, refusal and a button's delay or cut, plus personal
   noise.
9. **Budgets.** Every commitment and monthly payment is a ledger row. At each year's end,
   overspend is covered from a reserve where there is one and is otherwise a deficit;
   underspend is returned or kept in the reserve. Emergency buttons read a budget metric with
   hysteresis (press at `fire`, release below `release`) whenever a case needs a decision."""

HEADINGS_NL = [
    "1 Doelen", "1.1 Doel van het model", "1.2 Uitkomsten van het model", "1.3 Doelen van de experimenten",
    "2 Logica", "2.1 Overzichtsdiagram van het basismodel", "2.2 Logica van het basismodel", "2.3 Logica van de scenario's",
    "2.4 Algoritmen", "2.5 Onderdelen", "2.5.1 Entiteiten", "2.5.2 Activiteiten", "2.5.3 Middelen", "2.5.4 Wachtrijen",
    "2.5.5 In- en uitstroompunten",
    "3 Gegevens", "3.1 Gegevensbronnen", "3.2 Voorbewerking", "3.3 Invoerparameters", "3.4 Aannames",
    "4 Experimenten", "4.1 Begintoestand", "4.2 Looptijd", "4.3 Schattingsaanpak",
    "5 Uitvoering", "5.1 Software of programmeertaal", "5.2 Toevalsgetallen", "5.3 Uitvoering van het model",
    "5.4 Systeemspecificatie",
    "6 Toegang tot de code", "6.1 Verklaring over het delen van het model",
]

DIAGRAM_NL = """\
 hulpvraag (Poisson-aankomsten; bestaand klantenbestand op dag 0; vervolgepisodes)
    |
    v
 noodknoppen aan de deur -- loket dicht (close_intake): wachten tot loslaten (of een gewonnen bezwaar)
    |                    -- strengere toegang (stricter_access): weigeren, of naar de voorliggende voorziening
    v
 voorliggende voorziening? (enkelvoudig, zwaarte 1, plaats vrij) --ja--> hulp uit de wijk --> uitkomst
    | nee
    v
 toegang: loketten na elkaar (wachtrij, intake, overdracht; een loket kan een probleem missen)
          of één integrale intake (integraal team, of een loket met een gebundeld besluit)
    |
    v
 plan: beleid standaard / maatwerk / vrije ruimte; pgb; hardheidsclausule; verwijzingscheck
    |   noodknoppen op het plan: alleen algemene voorzieningen, wachtlijst, goedkeuring (dagen), kortere zorg
    v
 toekenning: aanbieder (plekken, plafonds), betalend budget (eigen domein, ontschotte pot of wijkpot);
    |   verplichting, maandelijkse betalingen in het grootboek
    v
 uitkomst per probleem: opgelost / niet opgelost / terugval / geëscaleerd --> later een vervolgepisode
    |
    v
 rapportcijfer (1-10) bij afsluiting; de casus sluit als de laatste voorziening eindigt (open op de horizon)"""

LOGIC_NL = """\
De tijd loopt in dagen over `run.horizon_years` begrotingsjaren van 365 dagen. Elke hulpvraag is
één SimPy-proces (een episode) dat eindigt als de hulp is toegekend: de betalingen volgen uit het
begin, de maandelijkse kosten en de duur van de toekenning, en worden na de run in het grootboek
geboekt.

1. **Aankomst.** Nieuwe hulpvragen komen op willekeurige momenten over de horizon binnen (Poisson
   per groep inwoners). Verborgen vraag meldt zich alleen met het aandeel `access.latent_uptake` (of
   de outreach van een subgroep) dat op die dag geldt; preventie kan een probleem voorkomen.
2. **Aan de deur.** Een ingedrukte knop 'loket dicht' (`close_intake`) houdt de casus vast tot hij
   wordt losgelaten; een ingedrukte knop 'strengere toegang' (`stricter_access`) weigert een deel van
   de aanvragen en stuurt een deel naar de voorliggende voorziening. Een enkelvoudige, lichte vraag
   (één probleem, zwaarte 1) gaat met het aandeel `access.community_absorb` naar de voorliggende
   voorziening zolang daar plaats is.
3. **Toegang.** Met `access.mode: desks` (loketten) houdt het loket van het aangemelde domein de
   eerste intake; elk ander probleem wordt met kans `access.miss_probability` gemist (het komt later,
   één zwaarte erger, als eigen episode boven) of na een overdracht van `access.handoff_days` bij het
   eigen loket gehoord. Bij een gebundeld besluit hoort het eerste loket alle problemen in één
   langere intake. Met `access.mode: integral` (integraal) houdt één team (of het team van de wijk van
   de inwoner) één intake voor alle problemen. Elk loket of team is een pool van plekken; een casus
   die geen vrije plek vindt, wacht in volgorde van aankomst.
4. **Plan.** Het geldende beleid (`plan.policy`) kiest per probleem één voorziening: standaard
   (`standard`) de algemene voorziening voor problemen tot `plan.standard_max_severity`, maatwerk
   daarboven; maatwerk (`maatwerk`) maatwerk, of één domeinoverstijgend plan bij meerdere problemen
   als een pot kan betalen; vrije ruimte (`discretion`) als standaard, plus vrij te besteden geld uit
   de pot bij meervoudige problemen. Pgb's, de hardheidsclausule, een verwijzingscheck en
   samengevoegde voorzieningen passen het plan aan. Ingedrukte noodknoppen werken hier: alleen
   algemene voorzieningen (`standard_only`), wachtlijst (`waitlist`: de casus wacht tot het loslaten),
   goedkeuring (`approval`: maatwerk boven een bedrag wacht `approval_days`), kortere zorg
   (`intensity_cut`).
5. **Toekenning.** Een aanbieder wordt naar aandeel gekozen, binnen plekken en jaarplafonds (als alle
   vol zijn wordt extra zorg ingekocht, of wacht de cliënt). Bij geoormerkt geld betaalt het budget
   van het eigen domein; de pot betaalt als `budget.pooled_share` 1 is, en bij deels ontschot geld
   zodra de verwachte uitgaven van het domein het jaarbudget bereiken; domeinoverstijgende plannen en
   vrij te besteden geld betaalt de pot.
6. **Wet.** Zorg in een domein met open-einderegeling die wordt opgehouden door een noodknop
   (`legal_exposure_cases_button`), na de wettelijke termijn beslist door de eigen werkwijze van de
   gemeente (`legal_exposure_cases_rule`), aan het wachten gehouden op een plek of geld bij een
   volle aanbieder (`legal_exposure_cases_provider`), ingekort (`legal_exposure_cases_cut`) of
   geweigerd (`legal_exposure_cases_refusal`), is juridisch risico; elke zaak telt onder het eerste
   hiervan dat haar overkwam. Een aandeel `law.appeal_share` van deze zaken gaat in bezwaar en
   krijgt na `law.appeal_days` gelijk, en hun zorg wordt dan betaald tegen `law.appeal_cost_factor`.
7. **Uitkomst.** Elk probleem wordt opgelost met een kans uit de effectiviteit van de voorziening,
   verlaagd door zwaarte, wachten en (bij meerdere problemen zonder één integraal plan)
   versnippering. Een niet opgelost probleem escaleert of valt terug als nieuwe episode na een
   exponentiële wachttijd, tot `outcome.max_generations` episodes per probleem.
8. **Cijfer.** Bij afsluiting geeft de inwoner een rapportcijfer van 1 tot 10: een basis, plus
   passendheid en oplossing, min wachten, extra intakes, weigering en vertraging of korting door een
   noodknop, plus persoonlijke spreiding.
9. **Budgetten.** Elke verplichting en maandbetaling is een regel in het grootboek. Aan het eind van
   elk jaar wordt een overschrijding uit een reserve gedekt als die er is, en is anders een tekort;
   onderbesteding wordt teruggegeven of in de reserve gehouden. Noodknoppen lezen een budgetmaat met
   hysterese (indrukken bij `fire`, loslaten onder `release`) telkens als een casus een besluit nodig
   heeft."""

# The sentences `sim.report.stress` fills in, by what they say: {"key": {"en": ..., "nl": ...}}.
TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Model description: {arms}", "nl": "Modelbeschrijving: {arms}"},
    "vs": {"en": " vs ", "nl": " tegenover "},
    "intro": {"en": "Reported under the STRESS-DES headings ({citation}) Generated by ontschot {version} from the "
                    "scenario files on {created}.",
              "nl": "Beschreven onder de koppen van STRESS-DES ({citation}) Gemaakt door ontschot {version} uit de "
                    "scenariobestanden op {created}."},
    "purpose": {"en": "Ontschot simulates how the residents of a Dutch municipality who ask for help in the social domain "
                      "(support at home, youth care, work and income, debt help) flow through its access points and get "
                      "provisions paid from earmarked or pooled budgets, and what emergency buttons do to cost, waiting, "
                      "satisfaction and legal exposure. It lets a council compare policies on the same residents.",
                "nl": "Ontschot simuleert hoe inwoners van een Nederlandse gemeente die hulp vragen in het sociaal domein "
                      "(ondersteuning thuis, jeugdhulp, werk en inkomen, schuldhulp) door de toegang gaan en voorzieningen "
                      "krijgen die betaald worden uit geoormerkte of ontschotte budgetten, en wat noodknoppen doen met "
                      "kosten, wachten, tevredenheid en juridisch risico. Zo kan een raad beleid vergelijken op dezelfde "
                      "inwoners."},
    "outputs": {"en": "Per replication the model writes five tables: `cases` (one row per episode), `ledger` (every "
                      "commitment and payment), `timeseries` (per month and budget), `events` (button presses and releases) "
                      "and `summary` (docs/tables.md). The comparison reports, per scenario and against the first, these "
                      "metrics with 95% intervals:",
                "nl": "Per herhaling schrijft het model vijf tabellen: `cases` (één rij per episode), `ledger` (elke "
                      "verplichting en betaling), `timeseries` (per maand en budget), `events` (noodknoppen ingedrukt en "
                      "losgelaten) en `summary` (docs/tables.md). De vergelijking geeft per scenario, en tegenover het "
                      "eerste, deze grootheden met 95%-intervallen:"},
    "u_money": {"en": "money", "nl": "geld"}, "u_grade": {"en": "grade", "nl": "cijfer"},
    "u_share": {"en": "share", "nl": "aandeel"}, "u_days": {"en": "days", "nl": "dagen"},
    "u_count": {"en": "count", "nl": "aantal"}, "u_number": {"en": "number", "nl": "getal"},
    "aims": {"en": "The study compares {n} scenarios against the first, **{first}**, on common random numbers: every "
                   "scenario meets the same residents with the same luck, so a difference is the policy's effect.",
             "nl": "De studie vergelijkt {n} scenario's met het eerste, **{first}**, met dezelfde toevalsgetallen: elk "
                   "scenario krijgt dezelfde inwoners met hetzelfde toeval, dus een verschil komt door het beleid."},
    "claim": {"en": " Claim: {claim}", "nl": " Claim: {claim}"},
    "q_intake": {"en": "- Intake queues: one per desk (per domain) or integral team, first come first served, with as many "
                       "servers as staff places.",
                 "nl": "- Intakewachtrijen: één per loket (per domein) of integraal team, in volgorde van aankomst, met "
                       "evenveel plekken als medewerkers."},
    "q_waitlist": {"en": "- Waiting list: cases held by a pressed `waitlist` or `close_intake` button wait for its release, "
                         "or for a won appeal (entitled domains), whichever comes first.",
                   "nl": "- Wachtlijst: zaken die een ingedrukte knop wachtlijst (`waitlist`) of loket dicht (`close_intake`) "
                         "vasthoudt, wachten tot het loslaten of een gewonnen bezwaar (domeinen met open-einderegeling), "
                         "wat het eerst komt."},
    "q_places": {"en": "- Provider places: with `when_full: wait` a client waits for the first-choice provider's next free "
                       "place (or the next budget year's ceiling), or for a won appeal.",
                 "nl": "- Plekken bij aanbieders: met `when_full: wait` wacht een cliënt op de volgende vrije plek bij de "
                       "aanbieder van eerste keus (of het plafond van het volgende begrotingsjaar), of op een gewonnen bezwaar."},
    "q_community": {"en": "- The community provision has a capacity but no queue: a case that finds it full takes the normal "
                          "route.",
                    "nl": "- De voorliggende voorziening heeft een capaciteit maar geen wachtrij: een casus die haar vol "
                          "vindt, gaat de gewone weg."},
    "entry": {"en": "- Entry: new requests (Poisson arrivals over the horizon, including latent demand that comes forward); "
                    "the existing caseload, in care on day 0; follow-up episodes (a missed problem surfacing, a relapse, an "
                    "escalation) of earlier episodes.",
              "nl": "- Instroom: nieuwe hulpvragen (Poisson-aankomsten over de horizon, met verborgen vraag die zich meldt); "
                    "het bestaande klantenbestand, in zorg op dag 0; vervolgepisodes (een gemist probleem dat bovenkomt, "
                    "een terugval, een escalatie) van eerdere episodes."},
    "exit": {"en": "- Exit: an episode closes when its last provision ends, or at a refusal; an episode still in care or "
                   "waiting at the horizon is reported as `open`.",
             "nl": "- Uitstroom: een episode sluit als de laatste voorziening eindigt, of bij een weigering; een episode die "
                   "op de horizon nog in zorg is of wacht, telt als open (`open`)."},
    "preprocessing": {"en": "Scenario files are YAML read with a safe loader; a file may `extends:` a base, onto which it is "
                            "deep-merged. The merged data are validated against the typed schema (`sim.scenario`) and "
                            "cross-checked for contradictions. Absolute figures (caseloads, budgets, staff, places, ceilings, "
                            "programme costs) set for `municipality.size_reference` residents are scaled to "
                            "`municipality.residents`. The content hash is the SHA-256 of the merged, validated scenario, so "
                            "it identifies the inputs whatever files they came from. Dated budgets are averaged day by day "
                            "into one allocation per budget year.",
                      "nl": "Scenariobestanden zijn YAML, gelezen met een veilige lezer; een bestand kan met `extends:` op "
                            "een basis voortbouwen, waarop het diep wordt samengevoegd. Het samengevoegde geheel wordt "
                            "gecontroleerd tegen het getypeerde schema (`sim.scenario`) en op tegenstrijdigheden. Absolute "
                            "getallen (klantenbestanden, budgetten, medewerkers, plekken, plafonds, programmakosten) voor "
                            "`municipality.size_reference` inwoners worden geschaald naar `municipality.residents`. De "
                            "vingerafdruk van de inhoud is de SHA-256 van het samengevoegde, gecontroleerde scenario, dus hij "
                            "wijst de invoer aan, uit welke bestanden die ook kwam. Gedateerde budgetten worden dag voor dag "
                            "gemiddeld tot één budget per begrotingsjaar."},
    "init": {"en": "No warm-up period: the existing caseload is loaded on day 0, so the first year is not an empty start. "
                   "Each client in care on day 0 gets the provision the day-0 policy would give, and a remaining duration "
                   "drawn in steady state (a length-biased lognormal duration, of which a uniform share remains); care in "
                   "progress that ends unresolved comes back as a follow-up episode.",
             "nl": "Geen inloopperiode: het bestaande klantenbestand staat op dag 0 klaar, dus het eerste jaar begint niet "
                   "leeg. Elke cliënt die op dag 0 in zorg is, krijgt de voorziening die het beleid van dag 0 zou geven, "
                   "en een resterende duur uit de evenwichtstoestand (een lognormale duur, naar lengte gewogen, waarvan een "
                   "uniform deel resteert); lopende zorg die onopgelost eindigt, komt terug als vervolgepisode."},
    "init_note": {"en": "Day-0 caseload (clients in care) per domain.", "nl": "Klantenbestand op dag 0 (cliënten in zorg) per domein."},
    "domain": {"en": "domain", "nl": "domein"},
    "run_length": {"en": "{years} budget years of 365 days ({days} days; a council term is four years). Payments are booked "
                         "per month of 365/12 days; care that runs past the horizon is committed but not paid within it. "
                         "Each scenario ran {n} replications.",
                   "nl": "{years} begrotingsjaren van 365 dagen ({days} dagen; een raadsperiode duurt vier jaar). Betalingen "
                         "worden per maand van 365/12 dagen geboekt; zorg die na de horizon doorloopt, is vastgelegd maar "
                         "binnen de horizon niet betaald. Elk scenario liep {n} herhalingen."},
    "random": {"en": "Seed {seed}. Replication r of every scenario draws its residents from `numpy.random.SeedSequence(seed, "
                     "spawn_key=(r, purpose))`: one independent stream per purpose (arrivals, problem profiles, severity, "
                     "places and age groups, decisions, normals, day-0 caseload), and streams of their own for each subgroup. "
                     "Every random decision of a case (intake length, a missed problem, resolution, follow-up and its delay, "
                     "community, access, appeal, provider, personal budget, hardship, prevention, referral check) reads a "
                     "uniform drawn beforehand per (case, episode generation, domain); durations and grades read pre-drawn "
                     "normals. The event loop draws no random numbers, so two scenarios run with one seed meet the same "
                     "residents with the same luck (common random numbers), and a replication's tables do not depend on "
                     "how many worker processes ran or in which order.",
               "nl": "Startgetal van het toeval {seed}. Herhaling r van elk scenario trekt haar inwoners uit "
                     "`numpy.random.SeedSequence(seed, spawn_key=(r, purpose))`: één onafhankelijke stroom per doel "
                     "(aankomsten, probleemprofielen, zwaarte, wijken en leeftijdsgroepen, besluiten, normale getallen, "
                     "klantenbestand op dag 0), en eigen stromen per subgroep. Elk toevallig besluit over een casus "
                     "(intakeduur, een gemist probleem, oplossing, vervolg en de wachttijd daarvoor, voorliggend veld, "
                     "toegang, bezwaar, aanbieder, pgb, hardheidsclausule, preventie, verwijzingscheck) leest een vooraf "
                     "getrokken uniform getal per (casus, generatie, domein); duren en cijfers lezen vooraf getrokken "
                     "normale getallen. De gebeurtenissenlus trekt zelf geen toevalsgetallen, dus twee scenario's met één "
                     "startgetal krijgen dezelfde inwoners met hetzelfde toeval, en de tabellen van een herhaling hangen "
                     "niet af van hoeveel werkprocessen liepen of in welke volgorde."},
    "execution": {"en": "Discrete-event simulation in SimPy with the day as time unit: one process per episode; desks, teams "
                        "and provider places are first-come-first-served pools of places. No event is spent on monthly "
                        "payments or on polling: budgets keep a running spending rate, and buttons are evaluated when a case "
                        "needs a decision. Replications run independently, in parallel worker processes where asked, each "
                        "stored on its own; results are bit-identical for any number of workers.",
                  "nl": "Discrete-gebeurtenissensimulatie in SimPy met de dag als tijdseenheid: één proces per episode; "
                        "loketten, teams en plekken bij aanbieders zijn pools van plekken in volgorde van aankomst. Er gaat "
                        "geen gebeurtenis op aan maandbetalingen of aan peilen: budgetten houden een lopend uitgaventempo "
                        "bij, en noodknoppen worden bekeken als een casus een besluit nodig heeft. Herhalingen lopen los van "
                        "elkaar, waar gevraagd in parallelle werkprocessen, en worden elk apart bewaard; de uitkomsten zijn "
                        "bit voor bit gelijk voor elk aantal werkprocessen."},
    "appendix_title": {"en": "Appendix: the merged scenarios", "nl": "Bijlage: de samengevoegde scenario's"},
    "appendix": {"en": "Each arm's complete merged and validated scenario as it ran. Saved as a file, each block is a "
                       "scenario file that loads to the content hash above.",
                 "nl": "Het volledige samengevoegde en gecontroleerde scenario van elke arm, zoals het liep. Als bestand "
                       "bewaard is elk blok een scenariobestand met de vingerafdruk hierboven."},
    "arm_logic": {"en": "- **{label}** ({name}): access {mode}; policy {policy}; pooled share {share}; {buttons}.{mech}",
                  "nl": "- **{label}** ({name}): toegang {mode}; beleid {policy}; ontschot aandeel {share}; {buttons}.{mech}"},
    "buttons_n": {"en": "{n} emergency buttons", "nl": "{n} noodknoppen"},
    "buttons_1": {"en": "1 emergency button", "nl": "1 noodknop"},
    "mechanism": {"en": " Mechanism: {m}", "nl": " Mechanisme: {m}"},
    "no_diff": {"en": "No parameters differ between the arms: they are the same scenario (up to their names and "
                      "descriptions), so every paired difference is zero by common random numbers.",
                "nl": "Geen parameter verschilt tussen de armen: het is hetzelfde scenario (op namen en beschrijvingen na), "
                      "dus elk gepaard verschil is nul door dezelfde toevalsgetallen."},
    "diff": {"en": "The parameters that differ between the arms ({n} dotted field paths; `-` means the arm does not have "
                   "the field; descriptive fields such as name and story are left out):",
             "nl": "De parameters die tussen de armen verschillen ({n} veldpaden; `-` betekent dat de arm het veld niet "
                   "heeft; beschrijvende velden zoals naam en verhaal zijn weggelaten):"},
    "parameter": {"en": "parameter", "nl": "parameter"},
    "algorithms": {"en": "\n".join([
        "- Arrivals: per group of residents, the number of requests is Poisson with mean rate x horizon, and their days "
        "are uniform over the horizon (a homogeneous Poisson process); rate = residents / 1,000 x total incidence / mean "
        "problems per case / 365, times (1 + latent share).",
        "- Problem profile: the presenting domain in proportion to incidence; with chance "
        "`population.multi_problem_share` 1 to `max_problems` - 1 extra domains, drawn without replacement in proportion "
        "to `population.co_occurrence` (Gumbel top-k); severity 1-3 from each domain's shares.",
        "- Intake lengths are exponential and follow-up delays exponential, by inversion of pre-drawn uniforms; care "
        "durations are lognormal with mu = ln(mean) - s^2/2 and s^2 = ln(1 + cv^2).",
        "- Resolution chance = effectiveness x (1 - severity_penalty x (severity - 1)) x (1 - fragmentation_penalty, if "
        "several problems without one integral plan) x max(0, 1 - wait_penalty_per_100_days x wait / 100), plus the "
        "discretion bonus, clipped to [0, 1]. An unresolved problem escalates with chance `escalation_share`, relapses "
        "with `relapse_share`, else stays unresolved; a case's outcome is its worst problem's.",
        "- Grade = base + mean fit + resolved (if all resolved) + per_wait_month x wait / 30 + per_extra_intake x "
        "(intakes - 1) + refused + button_delay + noise_sd x z, clipped to [1, 10].",
        "- Budgets keep a running spending rate per budget (a grant raises it until the grant ends), so spending to date, "
        "outstanding commitments and projected year-end spending are exact at any moment.",
        "- Button metrics: `spent_share` = spent this year / pro-rata allocation; `committed_share` = (spent + "
        "outstanding commitments) / year's allocation; `projected_share` = projected year-end spending / year's "
        "allocation; `waitlist` = cases held. Pressed at `fire` or above, released below `release` (hysteresis).",
        "- Day-0 caseload: a client's full duration is drawn length-biased (lognormal with mu + s^2), and a uniform "
        "share of it remains."]),
        "nl": "\n".join([
        "- Aankomsten: per groep inwoners is het aantal hulpvragen Poisson-verdeeld met gemiddelde tempo x horizon, en "
        "hun dagen zijn uniform over de horizon (een homogeen Poisson-proces); tempo = inwoners / 1.000 x totale "
        "incidentie / gemiddeld aantal problemen per casus / 365, maal (1 + aandeel verborgen vraag).",
        "- Probleemprofiel: het aangemelde domein naar verhouding van de incidentie; met kans "
        "`population.multi_problem_share` 1 tot `max_problems` - 1 extra domeinen, zonder teruglegging getrokken naar "
        "verhouding van `population.co_occurrence` (Gumbel top-k); zwaarte 1-3 uit de aandelen van elk domein.",
        "- Intakeduren en wachttijden tot een vervolg zijn exponentieel, door inversie van vooraf getrokken uniforme "
        "getallen; zorgduren zijn lognormaal met mu = ln(gemiddelde) - s^2/2 en s^2 = ln(1 + cv^2).",
        "- Kans op oplossing = effectiviteit x (1 - severity_penalty x (zwaarte - 1)) x (1 - fragmentation_penalty, bij "
        "meerdere problemen zonder één integraal plan) x max(0, 1 - wait_penalty_per_100_days x wachten / 100), plus de "
        "bonus van vrije ruimte, begrensd op [0, 1]. Een niet opgelost probleem escaleert met kans `escalation_share`, "
        "valt terug met `relapse_share`, en blijft anders onopgelost; de uitkomst van een casus is die van het zwaarste "
        "probleem.",
        "- Cijfer = basis + gemiddelde passendheid + opgelost (als alles is opgelost) + per_wait_month x wachten / 30 + "
        "per_extra_intake x (intakes - 1) + geweigerd + button_delay + noise_sd x z, begrensd op [1, 10].",
        "- Budgetten houden per budget een lopend uitgaventempo bij (een toekenning verhoogt het tot zij eindigt), dus "
        "uitgaven tot nu toe, openstaande verplichtingen en verwachte uitgaven aan het eind van het jaar zijn op elk "
        "moment exact.",
        "- Maten van noodknoppen: het uitgegeven deel (`spent_share`) = uitgegeven dit jaar / budget naar rato; het "
        "vastgelegde deel (`committed_share`) = (uitgegeven + openstaande verplichtingen) / jaarbudget; de verwachte "
        "uitgaven (`projected_share`) = verwachte uitgaven aan het eind van het jaar / jaarbudget; de wachtlijst "
        "(`waitlist`) = vastgehouden zaken. Ingedrukt bij `fire` of hoger, losgelaten onder `release` (hysterese).",
        "- Klantenbestand op dag 0: de volle duur van een cliënt wordt naar lengte gewogen getrokken (lognormaal met mu + "
        "s^2), en een uniform deel daarvan resteert."])},
    "entities": {"en": "\n".join([
        "- **Case (episode)**: one request for help: arrival day, resident, neighbourhood, age group, subgroup, one or "
        "more (domain, severity 1-3) problems, the presenting domain first, and pre-drawn luck. A resident's follow-up "
        "episodes share the resident id and point at their parent episode.",
        "- **Grant**: a provision for one problem: provider, paying budget, start, end, daily rate or one-off amount.",
        "- **Budget**: one per domain (earmarked) and a pool (or one pot per neighbourhood), each with a yearly "
        "allocation."]),
        "nl": "\n".join([
        "- **Casus (episode)**: één hulpvraag: dag van aankomst, inwoner, wijk, leeftijdsgroep, subgroep, een of meer "
        "problemen (domein, zwaarte 1-3), het aangemelde domein eerst, en vooraf getrokken toeval. De vervolgepisodes "
        "van een inwoner delen het inwonernummer en wijzen naar hun oorspronkelijke episode.",
        "- **Toekenning**: een voorziening voor één probleem: aanbieder, betalend budget, begin, einde, dagtarief of "
        "eenmalig bedrag.",
        "- **Budget**: één per domein (geoormerkt) en een pot (of één pot per wijk), elk met een jaarbudget."])},
    "per_domain": {"en": "New requests per 1,000 residents a year and open-ended entitlement per domain:",
                   "nl": "Nieuwe hulpvragen per 1.000 inwoners per jaar en open-einderegeling per domein:"},
    "incidence_of": {"en": "{label}: incidence", "nl": "{label}: incidentie"},
    "entitled_of": {"en": "{label}: entitled", "nl": "{label}: open einde"},
    "population": {"en": "population", "nl": "bevolking"},
    "residents": {"en": "residents", "nl": "inwoners"},
    "neighbourhoods": {"en": "neighbourhoods", "nl": "wijken"},
    "multi_share": {"en": "multi-problem share", "nl": "aandeel meervoudige problemen"},
    "max_problems": {"en": "most problems per case", "nl": "meeste problemen per casus"},
    "latent": {"en": "latent demand per registered case", "nl": "verborgen vraag per geregistreerde casus"},
    "subgroups": {"en": "subgroups", "nl": "subgroepen"},
    "none": {"en": "none", "nl": "geen"},
    "activities": {"en": "\n".join([
        "- Intake at a desk: exponential with mean `domains.<d>.intake_days`; at the integral team: exponential with "
        "mean `access.integral_intake_days` plus `access.integral_extra_per_problem` per extra problem.",
        "- Hand-off between desks: `access.handoff_days` (fixed).",
        "- Care: a provision's duration is lognormal with mean `duration_days` and coefficient of variation "
        "`duration_cv` (a cross-domain plan or personal budget takes the tailored care's), shortened by prevention's "
        "outflow speed-up and by an `intensity_cut` button.",
        "- Fixed delays: approval (`approval_days`), hardship decision (`plan.hardship_days`), referral check "
        "(`access.referral_check.days`), a won appeal (`law.appeal_days`).",
        "- Follow-up delays: exponential with mean `outcome.followup_days` after the care ends (relapse, escalation), or "
        "`access.missed_surface_days` (a missed problem)."]),
        "nl": "\n".join([
        "- Intake bij een loket: exponentieel met gemiddelde `domains.<d>.intake_days`; bij het integrale team: "
        "exponentieel met gemiddelde `access.integral_intake_days` plus `access.integral_extra_per_problem` per extra "
        "probleem.",
        "- Overdracht tussen loketten: `access.handoff_days` (vast).",
        "- Zorg: de duur van een voorziening is lognormaal met gemiddelde `duration_days` en variatiecoëfficiënt "
        "`duration_cv` (een domeinoverstijgend plan of pgb neemt die van het maatwerk), ingekort door snellere uitstroom "
        "door preventie en door een knop kortere zorg (`intensity_cut`).",
        "- Vaste vertragingen: goedkeuring (`approval_days`), besluit over de hardheidsclausule (`plan.hardship_days`), "
        "verwijzingscheck (`access.referral_check.days`), een gewonnen bezwaar (`law.appeal_days`).",
        "- Wachttijd tot een vervolg: exponentieel met gemiddelde `outcome.followup_days` na het einde van de zorg "
        "(terugval, escalatie), of `access.missed_surface_days` (een gemist probleem)."])},
    "access": {"en": "access", "nl": "toegang"},
    "mode": {"en": "mode", "nl": "vorm"},
    "handoff": {"en": "hand-off days", "nl": "dagen overdracht"},
    "miss": {"en": "chance a desk misses a problem", "nl": "kans dat een loket een probleem mist"},
    "integral_days": {"en": "integral intake days", "nl": "dagen integrale intake"},
    "absorbs": {"en": "community absorbs", "nl": "opgevangen door het voorliggend veld"},
    "uptake": {"en": "latent uptake", "nl": "verborgen vraag die zich meldt"},
    "desk_places": {"en": "desk places: {d}", "nl": "plekken aan het loket: {d}"},
    "team_staff": {"en": "integral team staff", "nl": "medewerkers integraal team"},
    "places": {"en": "places: {p}", "nl": "plekken: {p}"},
    "provider_places": {"en": "provider places: {p}", "nl": "plekken bij aanbieders: {p}"},
    "resources": {"en": "Staff places hold one intake each; desks and teams work every calendar day. Places of the "
                        "community provision and of providers limit clients in care at once.",
                  "nl": "Elke plek van een medewerker houdt één intake; loketten en teams werken elke kalenderdag. Plekken "
                        "van de voorliggende voorziening en van aanbieders begrenzen hoeveel cliënten tegelijk in zorg zijn."},
    "resource": {"en": "resource", "nl": "middel"},
    "no_sources": {"en": "- No sources are cited.", "nl": "- Er worden geen bronnen genoemd."},
    "source_text": {"en": "- {label}: source text `{file}`", "nl": "- {label}: brontekst `{file}`"},
    "file_line": {"en": "- **{label}**: `{path}`, content hash `{hash}`{note}",
                  "nl": "- **{label}**: `{path}`, vingerafdruk van de inhoud `{hash}`{note}"},
    "not_from_file": {"en": "(not from a file)", "nl": "(niet uit een bestand)"},
    "provision_source": {"en": "- {label}, provision {p}: {source}", "nl": "- {label}, voorziening {p}: {source}"},
    "files_head": {"en": "Scenario files and their content hashes:", "nl": "Scenariobestanden en hun vingerafdrukken:"},
    "cited_head": {"en": "Sources cited by the scenarios (and which arms cite them):",
                   "nl": "Bronnen die de scenario's noemen (en welke armen ze noemen):"},
    "provision_head": {"en": "Sources given for provision figures:", "nl": "Bronnen bij de getallen van voorzieningen:"},
    "comments": {"en": "Each figure in the shipped scenario files carries its source in a comment, or says that it is an "
                       "assumption to be discussed in a workshop.",
                 "nl": "Elk getal in de meegeleverde scenariobestanden heeft zijn bron in een commentaar, of zegt dat het "
                       "een aanname is om in een workshop te bespreken."},
    "unreadable": {"en": " (the file can no longer be read; the appendix holds the scenario that ran)",
                   "nl": " (het bestand is niet meer te lezen; de bijlage bevat het scenario dat liep)"},
    "rehashed": {"en": " (the file now hashes differently: the scenario was changed in code, e.g. rescaled, or the file "
                       "was edited since; the appendix holds the scenario that ran)",
                 "nl": " (het bestand heeft nu een andere vingerafdruk: het scenario is in code aangepast, bijvoorbeeld "
                       "geschaald, of het bestand is sindsdien bewerkt; de bijlage bevat het scenario dat liep)"},
    "inputs": {"en": "**{label}** ({name}): {residents} residents, {years} years, access {mode}, policy {policy}, pooled "
                     "share {share}, underspend {underspend}, initial reserve {reserve}{pots}.",
               "nl": "**{label}** ({name}): {residents} inwoners, {years} jaar, toegang {mode}, beleid {policy}, ontschot "
                     "aandeel {share}, onderbesteding {underspend}, reserve bij de start {reserve}{pots}."},
    "pots": {"en": ", neighbourhood pots", "nl": ", wijkpotten"},
    "dom_head": {"en": "domain|incidence|entitled|severity 1/2/3|day-0 caseload|budget (EUR/year)|desk places|intake days",
                 "nl": "domein|incidentie|open einde|zwaarte 1/2/3|klantenbestand dag 0|budget (euro/jaar)|plekken aan het "
                       "loket|dagen intake"},
    "prov_head": {"en": "provision|kind|domains|EUR/month|mean days|effectiveness|fit",
                  "nl": "voorziening|soort|domeinen|euro/maand|gemiddelde dagen|effectiviteit|passendheid"},
    "x_tailored": {"en": "x{f} tailored", "nl": "x{f} maatwerk"},
    "tailored_days": {"en": "tailored's", "nl": "als maatwerk"},
    "button_head": {"en": "button|metric|budget|fire|release|action|domains",
                    "nl": "noodknop|maat|budget|indrukken bij|loslaten onder|actie|domeinen"},
    "no_buttons": {"en": "No emergency buttons.", "nl": "Geen noodknoppen."},
    "every_other": {"en": "Every other parameter is in the appendix; `ontschot schema --markdown` describes each field.",
                    "nl": "Elke andere parameter staat in de bijlage; `ontschot schema --markdown` beschrijft elk veld."},
    "assumptions": {"en": "\n".join([
        "- Requests arrive as a Poisson process at a constant rate over the horizon; residents do not interact except "
        "through shared staff, places and budgets.",
        "- Desks and teams work every calendar day; queues are first come first served; intake lengths are exponential "
        "and care durations lognormal.",
        "- A provision's monthly cost is constant over its duration and scales with severity where `severity_scaled`; "
        "payments are booked per month of 365/12 days.",
        "- Resolution, follow-up and grade follow the linear rules of `outcome` and `satisfaction` (section 2.2); their "
        "coefficients are assumptions unless a scenario cites a figure.",
        "- Buttons are evaluated when a case needs a decision, so a press is recorded at the first decision after its "
        "threshold is crossed.",
        "- Wmo and youth care are open-ended entitlements: holding their care back by a button, deciding past the legal "
        "term because of the municipality's own procedure, keeping it waiting for a full provider, cutting or refusing "
        "it counts as legal exposure, each case under the first of these causes (`legal_exposure_cases_button`, "
        "`_rule`, `_provider`, `_cut`, `_refusal`), and a share of exposed cases appeal and win."]),
        "nl": "\n".join([
        "- Hulpvragen komen binnen als een Poisson-proces met een vast tempo over de horizon; inwoners hebben geen "
        "invloed op elkaar behalve via gedeelde medewerkers, plekken en budgetten.",
        "- Loketten en teams werken elke kalenderdag; wachtrijen gaan in volgorde van aankomst; intakeduren zijn "
        "exponentieel en zorgduren lognormaal.",
        "- De maandkosten van een voorziening zijn gelijk over de hele duur en stijgen met de zwaarte waar "
        "`severity_scaled` geldt; betalingen worden per maand van 365/12 dagen geboekt.",
        "- Oplossing, vervolg en cijfer volgen de lineaire regels van `outcome` en `satisfaction` (paragraaf 2.2); hun "
        "coëfficiënten zijn aannames, tenzij een scenario een bron noemt.",
        "- Noodknoppen worden bekeken als een casus een besluit nodig heeft, dus een indrukken wordt genoteerd bij het "
        "eerste besluit nadat de drempel is overschreden.",
        "- Wmo en jeugdhulp zijn open-einderegelingen: hun zorg ophouden met een noodknop, na de wettelijke termijn "
        "beslissen door de eigen werkwijze van de gemeente, laten wachten op een volle aanbieder, inkorten of weigeren "
        "telt als juridisch risico, elke zaak onder de eerste van deze oorzaken (`legal_exposure_cases_button`, "
        "`_rule`, `_provider`, `_cut`, `_refusal`), en een deel van deze zaken gaat in bezwaar en krijgt gelijk."])},
    "assumed": {"en": "- **{label}**: provisions whose figures are an assumption or unsourced: {list}.",
                "nl": "- **{label}**: voorzieningen waarvan de getallen een aanname zijn of geen bron hebben: {list}."},
    "stopping": {"en": "Stopping rule: {rule}.", "nl": "Stopregel: {rule}."},
    "estimation": {"en": "Replication r of each scenario is drawn from (seed {seed}, r). For every metric and scenario the "
                         "difference from {base} is taken replication by replication (paired, common random numbers); the "
                         "report gives its mean and a 95% Student-t interval over replications (`sim.stats`), and each "
                         "scenario's own mean with its 95% t-interval.",
                   "nl": "Herhaling r van elk scenario wordt getrokken uit (startgetal {seed}, r). Voor elke grootheid en elk "
                         "scenario wordt het verschil met {base} per herhaling genomen (gepaard, dezelfde toevalsgetallen); "
                         "het rapport geeft het gemiddelde daarvan met een 95%-t-interval (de t-verdeling van "
                         "Student) over de herhalingen (`sim.stats`), en het eigen gemiddelde van elk scenario met "
                         "zijn 95%-t-interval."},
    "precision": {"en": "Replications were added in rounds (at least 5) until every scenario's 95% intervals of total cost "
                        "and mean grade had a half-width within {p}% of their mean, or the maximum was reached; the rounds "
                        "depend only on the results, not on the number of workers.",
                  "nl": "Herhalingen werden in rondes (minstens 5) toegevoegd tot de 95%-intervallen van de totale kosten en "
                        "het gemiddelde cijfer van elk scenario een halve breedte binnen {p}% van hun gemiddelde hadden, of "
                        "het maximum was bereikt; de rondes hangen alleen af van de uitkomsten, niet van het aantal "
                        "werkprocessen."},
    "reused": {"en": "{n} replications were read back from a store of earlier runs with the same scenario hash, seed and "
                     "package version.",
               "nl": "{n} herhalingen zijn teruggelezen uit een opslag van eerdere runs met dezelfde vingerafdruk, hetzelfde "
                     "startgetal en dezelfde pakketversie."},
    "software": {"en": "Python, with SimPy for the event loop, NumPy for sampling, pandas and pyarrow for the tables and "
                       "pydantic for the scenario schema.",
                 "nl": "Python, met SimPy voor de gebeurtenissenlus, NumPy voor het trekken, pandas en pyarrow voor de "
                       "tabellen en pydantic voor het scenarioschema."},
    "software_head": {"en": "software|version", "nl": "software|versie"},
    "not_installed": {"en": "not installed", "nl": "niet geïnstalleerd"},
    "system_head": {"en": "item|value", "nl": "onderdeel|waarde"},
    "platform": {"en": "platform", "nl": "platform"}, "machine": {"en": "machine", "nl": "machine"},
    "processor": {"en": "processor", "nl": "processor"}, "cpus": {"en": "logical CPUs", "nl": "logische processors"},
    "build": {"en": "Python build", "nl": "Python-build"},
    "system": {"en": "The machine that generated this description; the results do not depend on the number of workers.",
               "nl": "De machine die deze beschrijving maakte; de uitkomsten hangen niet af van het aantal werkprocessen."},
    "licence_unknown": {"en": "see the package metadata", "nl": "zie de metadata van het pakket"},
    "changed_files": {"en": "The files of {labels} no longer hold the scenarios that ran (section 3.1): write the appendix's "
                            "scenarios to files and name those instead.",
                      "nl": "De bestanden van {labels} bevatten niet meer de scenario's die liepen (paragraaf 3.1): schrijf "
                            "de scenario's uit de bijlage naar bestanden en noem die."},
    "sharing": {"en": "The model is the Python package `ontschot` (import name `sim`), version {version}, licence {licence}. "
                      "The scenario files are YAML; the content hashes above identify the exact inputs, and the appendix "
                      "holds them whole. The study is repeated with:",
                "nl": "Het model is het Python-pakket `ontschot` (importnaam `sim`), versie {version}, licentie {licence}. "
                      "De scenariobestanden zijn YAML; de vingerafdrukken hierboven wijzen de precieze invoer aan, en de "
                      "bijlage bevat die volledig. De studie wordt herhaald met:"},
    "from_day": {"en": "{v} from day {d}", "nl": "{v} vanaf dag {d}"},
    "all": {"en": "all", "nl": "alle"},
}

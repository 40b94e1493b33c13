"""The words of `ontschot explain`, in English and Dutch.

Sentences for one command, not labels shared by pictures and reports (those are in
sim/labels.py), so they live beside the command that speaks them.
"""

from __future__ import annotations

from ..policy.actions import ACTIONS

WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Case {case} in replication {rep} of {label} ({name})",
              "nl": "Casus {case} in herhaling {rep} van {label} ({name})"},
    "provenance": {"en": "Scenario file {file} (content hash {hash}), seed {seed}.",
                   "nl": "Scenariobestand {file} (vingerafdruk van de inhoud {hash}), startgetal van het toeval {seed}."},
    "no_scenario": {"en": "The scenario file {file} {why}, so this explanation rests on the tables alone.",
                    "nl": "Het scenariobestand {file} {why}, dus deze uitleg steunt alleen op de tabellen."},
    "why_missing": {"en": "no longer exists", "nl": "bestaat niet meer"},
    "why_changed": {"en": "does not hash to the run's scenario (it changed since the run, or the run changed it in code)",
                    "nl": "heeft niet de vingerafdruk van het scenario van de run (het is sindsdien gewijzigd, of de run paste het in code aan)"},
    "why_invalid": {"en": "can no longer be read ({problem})", "nl": "is niet meer te lezen ({problem})"},
    "why_none": {"en": "is not recorded", "nl": "staat niet in het manifest"},
    "resident": {"en": "Resident {res}, age group {age}, neighbourhood {nb}{extra}.",
                 "nl": "Inwoner {res}, leeftijdsgroep {age}, wijk {nb}{extra}."},
    "subgroup": {"en": ", subgroup {g}", "nl": ", subgroep {g}"},
    "latent": {"en": ", hidden demand that came forward because access was easy",
               "nl": ", verborgen vraag die zich meldde omdat de toegang laagdrempelig was"},
    "crn": {"en": "Under common random numbers every scenario meets the same residents with the same luck, but case ids "
                  "are handed out in order of arrival, so after the first difference between the scenarios the same id "
                  "can be another resident's episode. Each section names its resident.",
            "nl": "Omdat elk scenario met dezelfde toevalsgetallen rekent, ontmoet het dezelfde inwoners met hetzelfde toeval, maar "
                  "casusnummers worden op volgorde van aankomst uitgedeeld: na het eerste verschil tussen de scenario's "
                  "kan hetzelfde nummer bij een andere inwoner horen. Elke paragraaf noemt de inwoner."},
    "crn_differ": {"en": "Here case {case} is not the same resident in every scenario: {who}.",
                   "nl": "Hier is casus {case} niet in elk scenario dezelfde inwoner: {who}."},
    "absent": {"en": "case {case} is not in replication {rep} of {label} (case ids run {lo} to {hi})",
               "nl": "casus {case} komt niet voor in herhaling {rep} van {label} (casusnummers lopen van {lo} tot {hi})"},
    # 1. Arrival
    "initial": {"en": "Already in care on day 0 (the existing caseload): care began on day {arrival}, before the run; "
                      "no intake within the run. Problem: {doms} (severity {sev}).",
                "nl": "Al in zorg op dag 0 (het bestaande klantenbestand): de zorg begon op dag {arrival}, voor de run; "
                      "geen intake binnen de run. Probleem: {doms} (zwaarte {sev})."},
    "arrival": {"en": "Day {arrival}: asked for help with {doms} ({n}, highest severity {sev}){multi}. {origin}",
                "nl": "Dag {arrival}: vroeg hulp bij {doms} ({n}, hoogste zwaarte {sev}){multi}. {origin}"},
    "multi": {"en": ": a multi-problem case", "nl": ": meervoudige problematiek"},
    "pipeline": {"en": "Asked for help before the term with {doms} ({n}, highest severity {sev}){multi}: the request was "
                       "already in processing on day 0 (its intake took place before the run, so the tables hold no queue "
                       "or desk for it), and its decision was due on day {arrival}.",
                 "nl": "Vroeg vóór de periode hulp bij {doms} ({n}, hoogste zwaarte {sev}){multi}: de aanvraag was op dag 0 "
                       "al in behandeling (de intake was vóór de run, dus de tabellen bevatten er geen wachtrij of loket "
                       "van), en het besluit was aan de beurt op dag {arrival}."},
    "o_new": {"en": "A first request.", "nl": "Een eerste aanvraag."},
    "o_missed": {"en": "A problem a desk missed in case {parent} surfaced, one severity level worse.",
                 "nl": "Een probleem dat een loket miste in casus {parent} kwam boven, één zwaarte erger."},
    "o_relapse": {"en": "The problem of case {parent} came back after its care ended (relapse).",
                  "nl": "Het probleem van casus {parent} kwam terug na afloop van de zorg (terugval)."},
    "o_escalated": {"en": "The problem of case {parent} was not resolved and escalated to costlier care.",
                    "nl": "Het probleem van casus {parent} werd niet opgelost en escaleerde naar zwaardere zorg."},
    # A problem on its way back on day 0: the episode it follows ended before the term, outside the tables.
    "o_missed_before": {"en": "A problem a desk missed before the term surfaced, one severity level worse (the episode "
                              "that missed it ended before day 0 and is not in the tables).",
                        "nl": "Een probleem dat een loket vóór de periode miste, kwam boven, één zwaarte erger (de episode "
                              "waarin het werd gemist eindigde vóór dag 0 en staat niet in de tabellen)."},
    "o_relapse_before": {"en": "A problem whose care ended before the term came back (relapse; that care is not in the tables).",
                         "nl": "Een probleem waarvan de zorg vóór de periode eindigde, kwam terug (terugval; die zorg staat "
                               "niet in de tabellen)."},
    "o_escalated_before": {"en": "A problem left unresolved before the term escalated to costlier care (the care before "
                                 "is not in the tables).",
                           "nl": "Een probleem dat vóór de periode niet werd opgelost, escaleerde naar zwaardere zorg (de "
                                 "zorg daarvoor staat niet in de tabellen)."},
    # 2. Access
    "desks": {"en": "Access by desks: {route}. {n}; access took {days} days from its start to the end "
                    "of the last intake{handoffs}.",
              "nl": "Toegang via loketten: {route}. {n}; de toegang duurde {days} dagen van begin tot einde "
                    "van de laatste intake{handoffs}."},
    "desk_first": {"en": "first the {d} desk (the presenting problem)", "nl": "eerst het loket {d} (het aangemelde probleem)"},
    "desk_next": {"en": "then the {d} desk", "nl": "daarna het loket {d}"},
    "handoffs": {"en": ", including {k} of {h} days between desks",
                 "nl": ", waarvan {k} van {h} dagen tussen loketten"},
    "bundled": {"en": "One intake at the {d} desk, which decided for all {n} problems with a mandate across domains "
                      "(access.bundled_decision); access took {days} days.",
                "nl": "Eén intake bij het loket {d}, dat met mandaat over de domeinen voor alle {n} problemen besliste "
                      "(access.bundled_decision); de toegang duurde {days} dagen."},
    "integral": {"en": "One intake at the integral team{team}, which heard every problem of the case; access took {days} days.",
                 "nl": "Eén intake bij het integrale team{team}, dat elk probleem van de casus hoorde; de toegang duurde {days} dagen."},
    "team_of": {"en": " of neighbourhood {nb}", "nl": " van wijk {nb}"},
    "community": {"en": "Day {day}: taken on by the community provision without an intake{why}.{only}",
                  "nl": "Dag {day}: opgevangen door de voorliggende voorziening, zonder intake{why}.{only}"},
    "community_only": {"en": " It took on the presenting problem only; the tables hold no care for the other problems.",
                       "nl": " Die nam alleen het aangemelde probleem op; de tabellen bevatten geen zorg voor de andere problemen."},
    "community_absorb": {"en": ": a simple, light request while it had room (access.community_absorb on day {day}: {share})",
                         "nl": ": een enkelvoudige, lichte vraag terwijl er plaats was (access.community_absorb op dag {day}: {share})"},
    "community_button": {"en": ": button '{b}' (stricter access) steered it there",
                         "nl": ": noodknop '{b}' (strengere toegang) stuurde de vraag daarheen"},
    "pending": {"en": "At the horizon (day {h}) the case was still waiting {where}; no decision yet.",
                "nl": "Op de horizon (dag {h}) wachtte de casus nog {where}; nog geen besluit."},
    "pending_access": {"en": "for access (at a closed intake or in an intake queue)",
                       "nl": "op toegang (bij een gesloten intake of in een intakewachtrij)"},
    "pending_plan": {"en": "after its intake (on a waiting list, for approval, a referral check or a provider's place)",
                     "nl": "na de intake (op een wachtlijst, op goedkeuring, een verwijzingscheck of een plek bij een aanbieder)"},
    # 3. Queues and missed problems
    "queue": {"en": "Waited {w} days in intake queues: every place was taken when the case reached the desk or team ({staff}).",
              "nl": "Wachtte {w} dagen in intakewachtrijen: elke plek was bezet toen de casus bij het loket of team kwam ({staff})."},
    "queue_none": {"en": "No queue at the intake: a staff place was free.", "nl": "Geen wachtrij bij de intake: er was een plek vrij."},
    "staff_desk": {"en": "the {d} desk holds {k} at once, {m} days each on average",
                   "nl": "het loket {d} houdt {k} tegelijk, gemiddeld {m} dagen elk"},
    "staff_team": {"en": "the integral team has {k} staff, an intake takes {m} days on average",
                   "nl": "het integrale team heeft {k} medewerkers, een intake duurt gemiddeld {m} dagen"},
    "staff_unknown": {"en": "staff numbers are in the scenario file", "nl": "de bezetting staat in het scenariobestand"},
    "missed": {"en": "The desks missed {k} outside their own domain{which}{chance}. {later}",
               "nl": "De loketten misten {k} buiten hun eigen domein{which}{chance}. {later}"},
    "missed_which": {"en": " ({doms})", "nl": " ({doms})"},
    "missed_chance": {"en": " (a desk misses such a problem with chance {p})", "nl": " (een loket mist zo'n probleem met kans {p})"},
    "missed_later": {"en": "A missed problem surfaces later, one severity worse, as its own episode.",
                     "nl": "Een gemist probleem komt later boven, één zwaarte erger, als eigen episode."},
    # 4. Decision and grants
    "decision": {"en": "Day {day}: decision under policy '{policy}' ({meaning}){plan}. {waited}",
                 "nl": "Dag {day}: besluit onder beleid '{policy}' ({meaning}){plan}. {waited}"},
    "waited": {"en": "Waited {w} days from the request to the start of help (queues, hand-offs, buttons, approvals; not "
                     "the intake conversations).",
               "nl": "Wachtte {w} dagen van aanvraag tot begin van de hulp (wachtrijen, overdrachten, noodknoppen, "
                     "goedkeuring; niet de gesprekken zelf)."},
    "waited_pipeline": {"en": "Waited {w} days from day {due}, when its decision was due, to the start of help (buttons, "
                              "approvals, a provider's place); its wait before the term is not in the tables.",
                        "nl": "Wachtte {w} dagen van dag {due}, toen het besluit aan de beurt was, tot begin van de hulp "
                              "(noodknoppen, goedkeuring, een plek bij een aanbieder); de wachttijd vóór de periode staat "
                              "niet in de tabellen."},
    "p_standard": {"en": "rule-based: the general provision first for problems up to severity {sev}, tailored care otherwise",
                   "nl": "regelgestuurd: eerst de algemene voorziening voor problemen tot zwaarte {sev}, anders maatwerk"},
    "p_maatwerk": {"en": "tailored care for every problem, and one cross-domain plan for several problems where a pool can pay",
                   "nl": "maatwerk voor elk probleem, en één domeinoverstijgend plan bij meerdere problemen als een pot kan betalen"},
    "p_discretion": {"en": "rule-based, plus up to {max} a professional may spend across domains on a multi-problem case",
                     "nl": "regelgestuurd, plus tot {max} die een professional over domeinen heen mag besteden bij meervoudige problematiek"},
    "integrated": {"en": "; integrated: one intake, one plan or discretionary money covered all problems",
                   "nl": "; integraal: één intake, één plan of vrije ruimte dekte alle problemen"},
    "fragmented": {"en": "; separate provisions per problem, no integral plan", "nl": "; losse voorzieningen per probleem, geen integraal plan"},
    "exception": {"en": " The hardship clause set the rule aside for this case: tailored care instead of a general provision "
                        "for {doms}, which took {d} days.",
                  "nl": " De hardheidsclausule zette de regel opzij voor deze casus: maatwerk in plaats van een algemene voorziening "
                        "voor {doms}, wat {d} dagen kostte."},
    "pool_refused": {"en": " The pool had no room this budget year for {prov} ({room} left against its expected cost), "
                           "so the case got each domain's own provisions instead.",
                     "nl": " De pot had dit begrotingsjaar geen ruimte voor {prov} (nog {room} tegenover de verwachte "
                           "kosten), dus kreeg de casus de eigen voorzieningen van elk domein."},
    "personal": {"en": " The resident took the care as a personal budget.", "nl": " De inwoner nam de zorg als persoonsgebonden budget."},
    "personal_across": {"en": " One budget for all problems (an integraal pgb), paid from the pool.",
                        "nl": " Eén budget voor alle problemen (een integraal pgb), betaald uit de pot."},
    "referral_steered": {"en": "A referral check ({d} days) steered the light {dom} problem from tailored care to {prov}.",
                         "nl": "Een verwijzingscheck ({d} dagen) stuurde het lichte probleem {dom} van maatwerk naar {prov}."},
    "referral_kept": {"en": "A referral check ({d} days) kept the tailored care for the {dom} problem.",
                      "nl": "Een verwijzingscheck ({d} dagen) hield het maatwerk voor het probleem {dom} aan."},
    "provider_waited": {"en": "For {prov} ({dom}) the case waited {d} days for a place or room under a ceiling, then provider {p} took it on.",
                        "nl": "Voor {prov} ({dom}) wachtte de casus {d} dagen op een plek of ruimte onder een plafond; daarna nam aanbieder {p} de casus op."},
    "provider_appeal": {"en": "For {prov} ({dom}) every provider was full; after {d} days a won appeal forced extra contracted care.",
                        "nl": "Voor {prov} ({dom}) zat elke aanbieder vol; na {d} dagen dwong een gewonnen bezwaar extra ingekochte zorg af."},
    "provider_extra": {"en": "For {prov} ({dom}) every provider was full, so extra care was contracted.",
                       "nl": "Voor {prov} ({dom}) zat elke aanbieder vol, dus werd extra zorg ingekocht."},
    "grant": {"en": "Granted {prov}{kind} for the {dom} problem, day {start} to {end}: {monthly} a month, paid by {budget}"
                    "{why}{provider}; {paid} paid within the horizon{committed}.",
              "nl": "Toegekend: {prov}{kind} voor het probleem {dom}, dag {start} tot {end}: {monthly} per maand, betaald uit "
                    "{budget}{why}{provider}; {paid} betaald binnen de horizon{committed}."},
    "grant_lump": {"en": "Paid {prov}{kind} for the {dom} problem on day {start}: {paid} paid at once by {budget}{why}{provider}.",
                   "nl": "Betaald: {prov}{kind} voor het probleem {dom} op dag {start}: {paid} in één keer betaald uit "
                         "{budget}{why}{provider}."},
    "grant_short": {"en": "Granted {prov}{kind} for the {dom} problem from day {start}, ended within its first month, paid by "
                          "{budget}{why}{provider}; {paid} paid within the horizon{committed}.",
                    "nl": "Toegekend: {prov}{kind} voor het probleem {dom} vanaf dag {start}, binnen de eerste maand afgelopen, "
                          "betaald uit {budget}{why}{provider}; {paid} betaald binnen de horizon{committed}."},
    "beyond": {"en": "{day} (after the horizon, day {h})", "nl": "{day} (na de horizon, dag {h})"},
    "of_committed": {"en": " of {c} committed", "nl": " van {c} vastgelegd"},
    "budget_pool": {"en": "the pooled budget", "nl": "het ontschotte budget"},
    "budget_total": {"en": "all budgets together", "nl": "alle budgetten samen"},
    "budget_pot": {"en": "the pot of neighbourhood {b}", "nl": "de pot van wijk {b}"},
    "budget_dom": {"en": "the {b} budget", "nl": "het budget {b}"},
    "why_earmarked": {"en": " (earmarked: a domain's budget pays its own problems)",
                      "nl": " (geoormerkt: het budget van een domein betaalt de eigen problemen)"},
    "why_pooled": {"en": " (pooled share {share} on day {day})", "nl": " (ontschot aandeel {share} op dag {day})"},
    "why_own_first": {"en": " (partly pooled, share {share}: the own budget pays while its year has room)",
                      "nl": " (deels ontschot, aandeel {share}: het eigen budget betaalt zolang er ruimte is dit jaar)"},
    "why_spoken_for": {"en": " (partly pooled, share {share}: the {d} budget's year was spoken for, so the pool paid)",
                       "nl": " (deels ontschot, aandeel {share}: het jaarbudget {d} was vergeven, dus betaalde de pot)"},
    "why_across": {"en": " (spending across domains is paid from the pool)", "nl": " (uitgaven over domeinen heen betaalt de pot)"},
    "provider": {"en": ", provider {p}", "nl": ", aanbieder {p}"},
    "extra": {"en": ", extra care contracted because every provider was full",
              "nl": ", extra zorg ingekocht omdat elke aanbieder vol zat"},
    "no_grants": {"en": "No provision was granted within the horizon.", "nl": "Binnen de horizon werd geen voorziening toegekend."},
    # 5. Buttons and the law
    "button": {"en": "Emergency button '{b}' {what}. {press}",  # what the button did says its action
               "nl": "Noodknop '{b}' {what}. {press}"},
    "press": {"en": "It had been pressed on day {day}, when {metric} of {budget} was {value}{fire}, {release}.",
              "nl": "Hij was ingedrukt op dag {day}, toen {metric} van {budget} {value} was{fire}, {release}."},
    "fire": {"en": " (it fires at {f} and releases below {r})", "nl": " (hij gaat aan bij {f} en uit onder {r})"},
    "released": {"en": "and released on day {day}", "nl": "en losgelaten op dag {day}"},
    "not_released": {"en": "and was still pressed at the horizon", "nl": "en was op de horizon nog ingedrukt"},
    "no_press": {"en": "The events table holds no press of this button before day {day}.",
                 "nl": "De gebeurtenissentabel bevat geen indrukken van deze knop voor dag {day}."},
    "no_button": {"en": "No emergency button delayed, steered, cut or refused this case.",
                  "nl": "Geen noodknop vertraagde, stuurde, kortte of weigerde deze casus."},
    "button_pending": {"en": "A button is noted only once its hold has ended; still pressed at the horizon: {list}.",
                       "nl": "Een noodknop wordt pas genoteerd als het vasthouden voorbij is; op de horizon nog ingedrukt: {list}."},
    "exposure": {"en": "Legal exposure: necessary care for an entitled (open-ended) domain was {cause}, which the law "
                       "does not allow, and the case counts under that cause; {d} days involved ({causes}).",
                 "nl": "Juridisch risico: noodzakelijke zorg in een domein met open-einderegeling werd {cause}, wat de wet "
                       "niet toestaat, en de zaak telt onder die oorzaak; het gaat om {d} dagen ({causes})."},
    "x_intensity_cut": {"en": "care cut by a button", "nl": "zorg ingekort door een noodknop"},
    "x_refused": {"en": "refused at the door", "nl": "aan de deur geweigerd"},
    "x_held": {"en": "held back {d} days by a button", "nl": "{d} dagen opgehouden door een noodknop"},
    "x_approval": {"en": "{d} days of approval past the legal decision term", "nl": "{d} dagen goedkeuring na de wettelijke beslistermijn"},
    "x_cut": {"en": "{d} days of care cut by a button", "nl": "{d} dagen zorg ingekort door een noodknop"},
    "x_intensity": {"en": "{d} days' worth of hours below the assessed intensity", "nl": "{d} dagen aan uren onder de vastgestelde intensiteit"},
    "x_provider_wait": {"en": "{d} days waiting for a provider's place or money", "nl": "{d} dagen wachten op een plek of geld bij een aanbieder"},
    "x_past_term": {"en": "{d} days past the legal decision term that a rule caused (desks in turn, the hardship clause or a referral check)",
                    "nl": "{d} dagen na de wettelijke beslistermijn door een regel (loketten na elkaar, de hardheidsclausule of een verwijzingscheck)"},
    "x_steered_heavy": {"en": "a heavier problem steered to the general provision by a button",
                        "nl": "een zwaarder probleem door een noodknop naar de algemene voorziening gestuurd"},
    "appealed": {"en": " The resident appealed and won: the care came after all, later and costlier{factor}.",
                 "nl": " De inwoner ging in bezwaar en kreeg gelijk: de zorg kwam er alsnog, later en duurder{factor}."},
    "appeal_factor": {"en": " (cost factor {f})", "nl": " (kostenfactor {f})"},
    # 6. Outcome and episodes
    "outcome": {"en": "Outcome: {outcome}{closed}. {grade}", "nl": "Uitkomst: {outcome}{closed}. {grade}"},
    "out_resolved": {"en": "resolved, every problem", "nl": "opgelost, elk probleem"},
    "out_relapse": {"en": "relapse: a problem will come back", "nl": "terugval: een probleem komt terug"},
    "out_escalated": {"en": "escalated: {k} escalated to costlier care",
                      "nl": "geëscaleerd: {k} escaleerde naar zwaardere zorg"},
    "out_unresolved": {"en": "unresolved", "nl": "niet opgelost"},
    "out_refused": {"en": "refused", "nl": "geweigerd"},
    "out_open": {"en": "open: still in care or waiting at the horizon (day {h})", "nl": "open: op de horizon (dag {h}) nog in zorg of wachtend"},
    "closed": {"en": ", care ended on day {day}", "nl": ", de zorg eindigde op dag {day}"},
    "grade": {"en": "Grade {g} at closure{terms}.", "nl": "Rapportcijfer {g} bij afsluiting{terms}."},
    "grade_terms": {"en": "; in it: {terms}, plus the provisions' fit and a personal spread",
                    "nl": "; daarin: {terms}, plus de passendheid van de voorzieningen en een persoonlijke spreiding"},
    "t_resolved": {"en": "all problems resolved {v}", "nl": "alle problemen opgelost {v}"},
    "t_wait": {"en": "{d} days of waiting {v}", "nl": "{d} dagen wachten {v}"},
    "t_intakes": {"en": "{k} {v}", "nl": "{k} {v}"},
    "t_refused": {"en": "refused {v}", "nl": "geweigerd {v}"},
    "t_button": {"en": "a button's delay or cut {v}", "nl": "vertraging of korting door een noodknop {v}"},
    "no_grade": {"en": "No grade: the case was still open.", "nl": "Geen cijfer: de casus liep nog."},
    "initial_grade": {"en": "Grade {g} (the day-0 caseload is left out of the summary's grades).",
                      "nl": "Cijfer {g} (het bestaande klantenbestand telt niet mee in de cijfers van de samenvatting)."},
    "parent": {"en": "Follows from case {p} ({origin}: {doms}, asked on day {day}).",
               "nl": "Volgt uit casus {p} ({origin}: {doms}, aangevraagd op dag {day})."},
    "children": {"en": "Follow-up episodes: {list}.", "nl": "Vervolgepisodes: {list}."},
    "child": {"en": "case {c} ({origin}: {doms}, from day {day})", "nl": "casus {c} ({origin}: {doms}, vanaf dag {day})"},
    "no_children": {"en": "No follow-up episode within the horizon.", "nl": "Geen vervolgepisode binnen de horizon."},
    "totals": {"en": "Cost within the horizon: {cost} (the case's cost, the sum of the payments above); committed: {committed} "
                     "(including care after the horizon).",
               "nl": "Kosten binnen de horizon: {cost} (de kosten van de casus, de som van de betalingen hierboven); "
                     "vastgelegd: {committed} (inclusief zorg na de horizon)."},
    "and": {"en": " and ", "nl": " en "},
}
# The story of each emergency button's step is written in its action (`sim.policy.actions`).
WORDS.update({k: {"en": w.en, "nl": w.nl} for a in ACTIONS for k, w in a.words.items()})
KIND = {"community": {"en": "community provision", "nl": "voorliggende voorziening"},
        "general": {"en": "general provision", "nl": "algemene voorziening"},
        "tailored": {"en": "tailored provision", "nl": "maatwerkvoorziening"},
        "cross_domain": {"en": "cross-domain plan", "nl": "domeinoverstijgend plan"},
        "personal_budget": {"en": "personal budget", "nl": "persoonsgebonden budget"},
        "discretion": {"en": "discretionary money", "nl": "vrije ruimte"}}
NOUNS = {"problem": {"en": ("problem", "problems"), "nl": ("probleem", "problemen")},
         "intake": {"en": ("intake", "intakes"), "nl": ("intake", "intakes")},
         "extra_intake": {"en": ("extra intake", "extra intakes"), "nl": ("extra intake", "extra intakes")},
         "handoff": {"en": ("hand-off", "hand-offs"), "nl": ("overdracht", "overdrachten")},
         "desk": {"en": ("desk", "desks"), "nl": ("loket", "loketten")}}
# Values of the cases table, as words.
# 'unknown' is an age group only in results made before issue 18, when the day-0 caseload had none.
VALUES = {"en": {"unknown": "not recorded (results of an older Ontschot gave the day-0 caseload no age group)",
                 "initial": "in care on day 0", "pipeline": "in processing on day 0"},
          "nl": {"youth": "jeugd", "adult": "volwassene", "senior": "senior",
                 "unknown": "niet vastgelegd (uitkomsten van een oudere Ontschot gaven het bestaande klantenbestand geen leeftijdsgroep)",
                 "new": "nieuw", "initial": "op dag 0 al in zorg", "pipeline": "op dag 0 in behandeling", "missed": "gemist",
                 "relapse": "terugval", "escalated": "geëscaleerd"}}

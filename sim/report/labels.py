"""User-facing words in English and Dutch. Code and docs are English; pictures speak the user's language."""

from __future__ import annotations

import re

from typing import TYPE_CHECKING

from ..model.record import EXPOSURE_CAUSES
from ..policy.actions import ACTIONS
from ..study.metrics import SATISFIED
from .explore_words import EXPLORE_WORDS
from .numbers import decimal, missing, percent

if TYPE_CHECKING:
    from ..study.compare import Comparison

LABELS: dict[str, dict[str, str]] = {
    "cost_title": {"en": "Cumulative spending against the budget", "nl": "Cumulatieve uitgaven tegenover het budget"},
    "sat_title": {"en": "Satisfaction of residents whose help ended", "nl": "Tevredenheid van inwoners bij afsluiting"},
    "month": {"en": "Month of the council term", "nl": "Maand van de raadsperiode"},
    "euros_m": {"en": "EUR million", "nl": "miljoen euro"},
    "grade": {"en": "Mean grade (1-10)", "nl": "Gemiddeld rapportcijfer (1-10)"},
    "spent": {"en": "spent", "nl": "uitgegeven"},
    "budget_line": {"en": "budget", "nl": "budget"},
    "press": {"en": "emergency button pressed (replication 1)", "nl": "noodknop ingedrukt (herhaling 1)"},
    "band": {"en": "band: 5-95% of {n} replications", "nl": "strook: 5-95% van {n} herhalingen"},
    "band_one": {"en": "one replication, so no band", "nl": "één herhaling, dus geen strook"},
    "satisfied_line": {"en": "grade {satisfied} (satisfied)", "nl": "cijfer {satisfied} (tevreden)"},
    "total": {"en": "All budgets", "nl": "Alle budgetten"},
    "pool": {"en": "Pooled budget", "nl": "Ontschot budget"},
    "tradeoff_title": {"en": "What each setting costs and brings", "nl": "Wat elke instelling kost en oplevert"},
    "cost_per_year_m": {"en": "Spending per year (EUR million)", "nl": "Uitgaven per jaar (miljoen euro)"},
    "interval_note": {"en": "crosses: 95% interval over {n} replications", "nl": "kruisen: 95%-interval over {n} herhalingen"},
    "stop_asked": {"en": "{n} replications, as asked", "nl": "{n} herhalingen, zoals gevraagd"},
    "stop_precision": {"en": "precision reached: every headline 95% interval is within {p}% of its mean after {n} "
                             "replications (widest {widest})",
                       "nl": "precisie bereikt: elk 95%-interval van de hoofdcijfers ligt binnen {p}% van het "
                             "gemiddelde na {n} herhalingen (breedste {widest})"},
    "stop_maximum": {"en": "maximum of {n} replications reached before the precision of {p}% (widest headline "
                           "interval {widest} of its mean)",
                     "nl": "maximum van {n} herhalingen bereikt vóór de precisie van {p}% (breedste interval van "
                           "de hoofdcijfers {widest} van het gemiddelde)"},
    # Residents per group (sim.study.groups): per resident over the term
    "g_title": {"en": "Residents with one problem and with several", "nl": "Inwoners met één probleem en met meerdere"},
    "g_all": {"en": "all residents who asked for help", "nl": "alle inwoners die hulp vroegen"},
    "g_single": {"en": "residents with one problem", "nl": "inwoners met één probleem"},
    "g_multi": {"en": "residents with several problems", "nl": "inwoners met meerdere problemen"},
    "g_note": {"en": "Counted per resident over the whole term, all their episodes together: a resident with several "
                     "problems is one whose help touched two or more domains.",
               "nl": "Geteld per inwoner over de hele periode, al hun hulpvragen samen: een inwoner met meerdere "
                     "problemen is iemand van wie de hulp twee of meer domeinen raakte."},
    "b_multi": {"en": "For the {n} residents with several problems ({share} of all residents): {said}.",
                "nl": "Voor de {n} inwoners met meerdere problemen ({share} van alle inwoners): {said}."},
    "b_multi_grade": {"en": "the grade of their last help {dir} by {v} ({i})", "nl": "het cijfer voor hun laatste hulp {dir} met {v} ({i})"},
    "b_multi_escalations": {"en": "escalations per resident go from {a} to {b} ({i})",
                            "nl": "escalaties per inwoner gaan van {a} naar {b} ({i})"},
    "b_multi_intakes": {"en": "intakes per resident go from {a} to {b} ({i})", "nl": "intakes per inwoner gaan van {a} naar {b} ({i})"},
    "b_change_interval": {"en": "95% interval of the change {lo} to {hi}", "nl": "95%-interval van de verandering {lo} tot {hi}"},
    "b_up": {"en": "rises", "nl": "stijgt"},
    "b_down": {"en": "falls", "nl": "daalt"},
    "r_of_budget": {"en": ", {p} of the whole term's budget", "nl": ", {p} van het budget van de hele periode"},
    "r_title": {"en": "Ontschot: results", "nl": "Ontschot: uitkomsten"},
    "r_title_in": {"en": "Ontschot: results for {place}", "nl": "Ontschot: uitkomsten voor {place}"},
    "m_municipality": {"en": "Municipality: {place}.", "nl": "Gemeente: {place}."},
    "m_municipalities": {"en": "Municipalities: {places}.", "nl": "Gemeenten: {places}."},
    "r_intro": {"en": "Simulated over {years} years, {n} replications from seed {seed}. Each figure is the mean "
                      "over replications, with the 5-95% range between brackets.",
                "nl": "Gesimuleerd over {years} jaar, {n} herhalingen vanaf startgetal {seed}. Elk getal is het gemiddelde "
                      "over de herhalingen, met tussen haakjes het bereik van 5-95%."},
    "r_intro_few": {"en": "Simulated over {years} years, {n} replications from seed {seed}. Each figure is the mean "
                          "over replications, with the lowest and the highest between brackets (a 5-95% range needs "
                          "20 replications or more).",
                    "nl": "Gesimuleerd over {years} jaar, {n} herhalingen vanaf startgetal {seed}. Elk getal is het "
                          "gemiddelde over de herhalingen, met tussen haakjes de laagste en de hoogste (een bereik van "
                          "5-95% vraagt 20 herhalingen of meer)."},
    "r_intro_one": {"en": "Simulated over {years} years, one replication from seed {seed}, so no figure has a range: "
                          "run more replications to see the spread.",
                    "nl": "Gesimuleerd over {years} jaar, één herhaling vanaf startgetal {seed}, dus geen getal heeft een "
                          "bereik: draai meer herhalingen om de spreiding te zien."},
    "r_stories": {"en": "The scenarios", "nl": "De scenario's"},
    "r_legal": {"en": "Legal exposure counts cases whose necessary Wmo or youth care was {causes}: the law does not "
                      "allow that for an entitled need (docs/calibration.md §6). Each case counts under the first of "
                      "these that happened to it.",
                "nl": "Juridisch risico telt zaken waarin noodzakelijke Wmo- of jeugdhulp werd {causes}: de wet staat dat "
                      "bij een recht op hulp niet toe (docs/calibration.md §6). Elke zaak telt onder het eerste "
                      "hiervan dat haar overkwam."},
    "r_provenance": {"en": "Where these figures come from", "nl": "Herkomst van deze cijfers"},
    "r_provenance_line": {"en": "{name}: `{file}`, content hash `{hash}`, seed {seed}, {n} replications, ontschot {version}, {made}",
                          "nl": "{name}: `{file}`, vingerafdruk van de inhoud `{hash}`, startgetal van het toeval {seed}, "
                                "{n} herhalingen, ontschot {version}, {made}"},
    # Comparison pictures (sim.figures)
    "f_cost_title": {"en": "Cumulative spending, all budgets together", "nl": "Cumulatieve uitgaven, alle budgetten samen"},
    "f_budget_lines": {"en": "dashed: each scenario's budget", "nl": "stippellijn: budget van elk scenario"},
    "f_deficit_title": {"en": "Deficit per budget year, after the reserve", "nl": "Tekort per begrotingsjaar, na inzet van de reserve"},
    "f_interval": {"en": "error bars: 95% interval of the mean over {n} replications",
                   "nl": "foutstrepen: 95%-interval van het gemiddelde over {n} herhalingen"},
    "f_year": {"en": "Year {y}", "nl": "Jaar {y}"},
    "f_budget_year": {"en": "Budget year", "nl": "Begrotingsjaar"},
    "f_buttons_title": {"en": "When emergency buttons were pressed", "nl": "Wanneer noodknoppen ingedrukt waren"},
    "f_buttons_share": {"en": "Share of the {n} replications with the button pressed in that month",
                        "nl": "Aandeel van de {n} herhalingen met de knop die maand ingedrukt"},
    "f_no_button": {"en": "no button pressed: this scenario has no emergency buttons",
                    "nl": "geen knop ingedrukt: dit scenario heeft geen noodknoppen"},
    "f_never_pressed": {"en": "never pressed in {n} replications", "nl": "in {n} herhalingen nooit ingedrukt"},
    "f_wait_title": {"en": "How long residents waited for help", "nl": "Hoe lang inwoners op hulp wachtten"},
    "f_wait_x": {"en": "Weeks from request to the start of help", "nl": "Weken van aanvraag tot begin van de hulp"},
    "f_wait_y": {"en": "Residents helped within that many weeks", "nl": "Inwoners geholpen binnen zoveel weken"},
    "f_wait_note": {"en": "all residents of {n} replications together", "nl": "alle inwoners van {n} herhalingen samen"},
    "f_wait_legend": {"en": "{name}: half within {med} weeks (the median), 90% within {p90}",
                      "nl": "{name}: helft binnen {med} weken (de mediaan), 90% binnen {p90}"},
    "f_plane_title": {"en": "Cost and satisfaction", "nl": "Kosten en tevredenheid"},
    "f_plane_note": {"en": "dots: the {n} replications; cross: mean with 95% interval",
                     "nl": "punten: de {n} herhalingen; kruis: gemiddelde met 95%-interval"},
    "f_cost_year": {"en": "Spending per year (EUR million)", "nl": "Uitgaven per jaar (miljoen euro)"},
    "f_accept_title": {"en": "Which scenario gives most value for money?",
                       "nl": "Welk scenario geeft de meeste waarde voor het geld?"},
    "f_accept_x": {"en": "What the council would pay a year for one grade point more (EUR million)",
                   "nl": "Wat de raad per jaar overheeft voor een punt hoger cijfer (miljoen euro)"},
    "f_accept_y": {"en": "Chance the scenario is best", "nl": "Kans dat het scenario het beste is"},
    "f_accept_note": {"en": "share of the {n} replications in which it is best",
                      "nl": "aandeel van de {n} herhalingen waarin het het beste is"},
    "f_no_data": {"en": "no data", "nl": "geen gegevens"},
    # One-page brief (sim.brief) and web report (sim.webreport)
    "b_title": {"en": "Comparing {names}", "nl": "Vergelijking van {names}"},
    "b_title_in": {"en": "{place}: comparing {names}", "nl": "{place}: vergelijking van {names}"},
    "b_and": {"en": "and", "nl": "en"},
    "b_or": {"en": "or", "nl": "of"},
    "b_intro": {"en": "A simulated municipality of {residents} residents over {years} years. Every scenario meets the same "
                      "residents with the same luck ({n} replications), so a difference is the policy's effect alone.",
                "nl": "Een gesimuleerde gemeente van {residents} inwoners over {years} jaar. Elk scenario krijgt dezelfde "
                      "inwoners met hetzelfde toeval ({n} herhalingen), dus een verschil komt alleen door het beleid."},
    "b_changes": {"en": "What changes", "nl": "Wat er verandert"},
    "b_against": {"en": "{b}, compared with {a}:", "nl": "{b}, vergeleken met {a}:"},
    "b_read": {"en": "Between brackets: the 95% interval. When it runs from below zero to above zero, the model cannot "
                     "tell the direction: no clear difference.",
               "nl": "Tussen haakjes: het 95%-interval. Loopt dat van onder nul tot boven nul, dan weet het model de "
                     "richting niet: geen duidelijk verschil."},
    "b_interval": {"en": "95% interval {lo} to {hi}", "nl": "95%-interval {lo} tot {hi}"},
    "b_no_interval": {"en": "no interval: one replication", "nl": "geen interval: één herhaling"},
    "b_no_interval_of": {"en": "no interval: a value in only {k} of the {n} replications",
                         "nl": "geen interval: maar in {k} van de {n} herhalingen een waarde"},
    "b_unclear": {"en": "makes no clear difference to {what}: {d} ({i})", "nl": "maakt geen duidelijk verschil voor {what}: {d} ({i})"},
    "b_same": {"en": "makes no difference to {what} (both {v})", "nl": "maakt geen verschil voor {what} (beide {v})"},
    "b_cost_per_year_less": {"en": "saves {v} a year ({i})", "nl": "bespaart {v} per jaar ({i})"},
    "b_cost_per_year_more": {"en": "costs {v} a year more ({i})", "nl": "kost {v} per jaar meer ({i})"},
    "b_cost_per_year_what": {"en": "spending per year (EUR million)", "nl": "de uitgaven per jaar (miljoen euro)"},
    "b_deficit_less": {"en": "leaves {v} less deficit over {years} years ({i})",
                       "nl": "laat over {years} jaar {v} minder tekort na ({i})"},
    "b_deficit_more": {"en": "leaves {v} more deficit over {years} years ({i})",
                       "nl": "laat over {years} jaar {v} meer tekort na ({i})"},
    "b_deficit_what": {"en": "the deficit (EUR million)", "nl": "het tekort (miljoen euro)"},
    "b_mean_satisfaction_more": {"en": "raises the mean grade by {v} points ({i})",
                                 "nl": "verhoogt het gemiddelde rapportcijfer met {v} punt ({i})"},
    "b_mean_satisfaction_less": {"en": "lowers the mean grade by {v} points ({i})",
                                 "nl": "verlaagt het gemiddelde rapportcijfer met {v} punt ({i})"},
    "b_mean_satisfaction_what": {"en": "the mean grade", "nl": "het gemiddelde rapportcijfer"},
    "b_share_satisfied_more": {"en": "satisfies {v} percentage points more residents, grade {satisfied} or more ({i})",
                               "nl": "maakt {v} procentpunt meer inwoners tevreden, cijfer {satisfied} of hoger ({i})"},
    "b_share_satisfied_less": {"en": "satisfies {v} percentage points fewer residents, grade {satisfied} or more ({i})",
                               "nl": "maakt {v} procentpunt minder inwoners tevreden, cijfer {satisfied} of hoger ({i})"},
    "b_share_satisfied_what": {"en": "the share of satisfied residents (percentage points)",
                               "nl": "het aandeel tevreden inwoners (procentpunt)"},
    "b_mean_wait_days_less": {"en": "shortens the mean wait for help by {v} weeks ({i})",
                              "nl": "verkort de gemiddelde wachttijd op hulp met {v} weken ({i})"},
    "b_mean_wait_days_more": {"en": "lengthens the mean wait for help by {v} weeks ({i})",
                              "nl": "verlengt de gemiddelde wachttijd op hulp met {v} weken ({i})"},
    "b_mean_wait_days_what": {"en": "the mean wait for help (weeks)", "nl": "de gemiddelde wachttijd op hulp (weken)"},
    "b_legal_exposure_cases_less": {"en": "has {v} fewer cases with legal exposure over {years} years ({i})",
                                    "nl": "geeft over {years} jaar {v} minder zaken met juridisch risico ({i})"},
    "b_legal_exposure_cases_more": {"en": "has {v} more cases with legal exposure over {years} years ({i})",
                                    "nl": "geeft over {years} jaar {v} meer zaken met juridisch risico ({i})"},
    "b_legal_exposure_cases_what": {"en": "cases with legal exposure", "nl": "zaken met juridisch risico"},
    "b_exposure_all": {"en": "{sentence}, all of them cases {cause}", "nl": "{sentence}, allemaal zaken {cause}"},
    "b_exposure_by": {"en": "{sentence}; by cause: {causes}", "nl": "{sentence}; naar oorzaak: {causes}"},
    "b_exposure_fewer": {"en": "{n} fewer {cause}", "nl": "{n} minder {cause}"},
    "b_exposure_more": {"en": "{n} more {cause}", "nl": "{n} meer {cause}"},
    "b_escalations_less": {"en": "has {v} fewer problems that escalate over {years} years ({i})", "nl": "geeft over {years} jaar {v} minder problemen die escaleren ({i})"},
    "b_escalations_more": {"en": "has {v} more problems that escalate over {years} years ({i})", "nl": "geeft over {years} jaar {v} meer problemen die escaleren ({i})"},
    "b_escalations_what": {"en": "problems that escalate", "nl": "problemen die escaleren"},
    "b_cost_small": {"en": "Spending (EUR million)", "nl": "Uitgaven (miljoen euro)"},
    "b_sat_small": {"en": "Mean grade of help that ended", "nl": "Gemiddeld cijfer bij afsluiting"},
    "b_legal_title": {"en": "What legal exposure means", "nl": "Wat juridisch risico betekent"},
    "b_legal": {"en": "Support at home (Wmo) and youth care are open-ended entitlements: a municipality may not refuse a "
                      "resident who is entitled to them, or put them on a waiting list, because a budget is spent. A cap may "
                      "steer purchasing, tariffs and assessment, never the entitlement. Cases with legal exposure are cases "
                      "whose necessary care for such an entitled problem was {causes}; each counts under the first of "
                      "these. Some of these residents appeal and win; their care then comes after all, later and "
                      "at a higher cost.",
                "nl": "Ondersteuning thuis (Wmo) en jeugdhulp zijn open-einderegelingen: een gemeente mag een inwoner die "
                      "er recht op heeft niet weigeren of op een wachtlijst zetten omdat een budget op is. Een plafond mag "
                      "de inkoop, tarieven en de indicatie sturen, nooit het recht zelf. Zaken met juridisch risico zijn "
                      "zaken waarin noodzakelijke hulp voor zo'n probleem werd {causes}; elke zaak telt onder het eerste "
                      "hiervan. Een deel van deze inwoners maakt bezwaar en krijgt gelijk; de hulp komt er dan alsnog, "
                      "later en duurder."},
    "h_luck": {"en": "What the intervals cover: the simulation's luck (which residents ask for help, and every chance on "
                     "their way), not the model's assumptions. The scenarios here rest on {n} values that their files mark "
                     "as ASSUMPTION, with no published figure behind them; other defensible values would move the "
                     "results by more than the intervals show. They are for a council to discuss, not certainties.",
               "nl": "Wat de intervallen dekken: het toeval in de simulatie (welke inwoners hulp vragen, en elke kans "
                     "onderweg), niet de aannames van het model. De scenario's hier rusten op {n} waarden die hun bestanden "
                     "als aanname markeren, zonder gepubliceerd cijfer erachter; andere verdedigbare waarden "
                     "verschuiven de uitkomsten meer dan de intervallen laten zien. Ze zijn om over te praten, geen "
                     "zekerheden."},
    "h_explore": {"en": "For {k} of the most important the files give a range: ontschot explore runs the scenarios in many "
                        "worlds drawn from those ranges and says which assumptions decide the outcome, where a policy "
                        "fails and in how many worlds it does better.",
                  "nl": "Voor {k} van de belangrijkste geven de bestanden een bandbreedte: ontschot explore draait de "
                        "scenario's in veel werelden uit die bandbreedtes en zegt welke aannames de uitkomst bepalen, "
                        "waar een beleid tekortschiet en in hoeveel werelden het beter doet."},
    "h_luck_unknown": {"en": "What the intervals cover: the simulation's luck (which residents ask for help, and every "
                             "chance on their way), not the model's assumptions, which are for a council to discuss.",
                       "nl": "Wat de intervallen dekken: het toeval in de simulatie (welke inwoners hulp vragen, en elke "
                             "kans onderweg), niet de aannames van het model; daarover gaat het gesprek in de raad."},
    "b_share_year": {"en": ", {p} of the budget", "nl": ", {p} van het budget"},
    "b_share_term": {"en": ", {p} of the budget over those years", "nl": ", {p} van het budget over die jaren"},
    "b_underspend": {"en": "The saving over {years} years ({s}) is larger than the deficit it removes ({d}"
                           "): in years when {b} stays under its budget, the money it does not spend is a saving "
                           "but removes no deficit (underspend).",
                     "nl": "De besparing over {years} jaar ({s}) is groter dan het tekort dat verdwijnt ({d}"
                           "): in jaren waarin {b} onder het budget blijft, is wat niet wordt uitgegeven een "
                           "besparing, maar het haalt geen tekort weg (onderbesteding)."},
    "b_provenance": {"en": "Seed {seed}; replications: {stopping}; ontschot {version}; scenario hashes: {hashes}; made {date}.",
                     "nl": "Startgetal van het toeval {seed}; herhalingen: {stopping}; ontschot {version}; vingerafdrukken van de scenario's: {hashes}; gemaakt {date}."},
    "w_pictures": {"en": "Pictures", "nl": "Figuren"},
    "w_differences": {"en": "Differences against the first scenario", "nl": "Verschillen met het eerste scenario"},
    "w_means": {"en": "Means per scenario", "nl": "Gemiddelden per scenario"},
    "w_summary": {"en": "Every replication", "nl": "Elke herhaling"},
    "w_summary_note": {"en": "One row per replication; money in EUR million.", "nl": "Eén rij per herhaling; geld in miljoen euro."},
    "w_how_many": {"en": "How many replications, and why", "nl": "Hoeveel herhalingen, en waarom"},
    "w_scenarios": {"en": "The scenarios", "nl": "De scenario's"},
    "w_show": {"en": "Show the table", "nl": "Toon de tabel"},
    "w_scenario": {"en": "Scenario", "nl": "Scenario"},
    "w_against": {"en": "Compared with", "nl": "Vergeleken met"},
    "w_metric": {"en": "Measure", "nl": "Grootheid"},
    "w_mean": {"en": "Mean", "nl": "Gemiddelde"},
    "w_against_mean": {"en": "Mean of the other", "nl": "Gemiddelde van de ander"},
    "w_difference": {"en": "Difference", "nl": "Verschil"},
    "w_interval": {"en": "95% interval", "nl": "95%-interval"},
    "w_replication": {"en": "Replication", "nl": "Herhaling"},
    "w_file": {"en": "File", "nl": "Bestand"},
    "w_hash": {"en": "Content hash", "nl": "Vingerafdruk van de inhoud"},
    "w_name": {"en": "Name", "nl": "Naam"},
    "w_seed": {"en": "Seed", "nl": "Startgetal van het toeval"},
    "w_replications": {"en": "Replications", "nl": "Herhalingen"},
    "w_precision": {"en": "Precision asked (percent)", "nl": "Gevraagde precisie (procent)"},
    "w_version": {"en": "Ontschot version", "nl": "Ontschot-versie"},
    "w_created": {"en": "Made", "nl": "Gemaakt"},
    "w_stopping": {"en": "Stopping rule", "nl": "Stopregel"},
    "w_clear": {"en": "Bold: a clear difference (the 95% interval does not hold 0).",
                "nl": "Vet: een duidelijk verschil (het 95%-interval bevat geen 0)."},
    "w_means_note": {"en": "Between brackets: the 95% interval of the mean over {n} replications.",
                     "nl": "Tussen haakjes: het 95%-interval van het gemiddelde over {n} herhalingen."},
    # Summary columns not named above, for tables
    # The command line's console lines (sim.cli) and its progress bars
    "cli_progress": {"en": "replications", "nl": "herhalingen"},
    "cli_municipalities": {"en": "{n} municipalities, {r} replications each -> {out}",
                           "nl": "{n} gemeenten, elk {r} herhalingen -> {out}"},
    "cli_run": {"en": "{name}: {n} replication(s), seed {seed} -> {out}/\n  total cost {cost} over {years} years "
                      "(allocation {allocation}; overspend in the years a budget went over: {overspend} of the term's budget), mean grade {grade}, legal exposure {exposure} cases",
                "nl": "{name}: {n} herhaling(en), startgetal van het toeval {seed} -> {out}/\n  totale uitgaven {cost} over "
                      "{years} jaar (budget {allocation}; overschrijding in de jaren dat een budget werd overschreden: "
                      "{overspend} van het budget van de hele periode), gemiddeld cijfer {grade}, juridisch "
                      "risico bij {exposure} zaken"},
    "cli_comparison": {"en": "comparison of {n} scenarios -> {where}/report.md",
                       "nl": "vergelijking van {n} scenario's -> {where}/report.md"},
    "cli_compare": {"en": "{k} scenarios, {n} replications each, seed {seed}: {stopping}",
                    "nl": "{k} scenario's, elk {n} herhalingen, startgetal van het toeval {seed}: {stopping}"},
    "cli_reused": {"en": " ({n} replications reused from {store})", "nl": " ({n} herhalingen hergebruikt uit {store})"},
    "cli_against": {"en": "  {name} against {base}: cost per year {cost}M (95% interval {cost_i}), mean grade {grade} ({grade_i})",
                    "nl": "  {name} tegenover {base}: uitgaven per jaar € {cost} miljoen (95%-interval {cost_i}), "
                          "gemiddeld cijfer {grade} ({grade_i})"},
    "cli_wrote": {"en": "-> {out}/brief.pdf, report.html, model.md", "nl": "-> {out}/brief.pdf, report.html, model.md"},
    "cli_sweep": {"en": "{n} points, {r} replications each -> {out}/tradeoff.png, sweep.csv",
                  "nl": "{n} punten, elk {r} herhalingen -> {out}/tradeoff.png, sweep.csv"},
    "cli_valid": {"en": "{path}: valid ({name}; content hash {hash})",
                  "nl": "{path}: geldig ({name}; vingerafdruk van de inhoud {hash})"},
    "cli_note": {"en": "{path}: note: {note}", "nl": "{path}: opmerking: {note}"},
    "cli_warning": {"en": "ontschot: warning: {message}", "nl": "ontschot: waarschuwing: {message}"},
    "cli_csv_form": {"en": "ontschot: {file}: columns separated by {sep}", "nl": "ontschot: {file}: kolommen gescheiden door {sep}"},
    "cli_csv_form_dutch": {"en": "ontschot: {file}: columns separated by {sep}; numbers read with a decimal comma (1,5) and "
                                 "thousands points (60.000 is sixty thousand)",
                           "nl": "ontschot: {file}: kolommen gescheiden door {sep}; getallen gelezen met een decimale komma "
                                 "(1,5) en duizendtalpunten (60.000 is zestigduizend)"},
    "csv_sep_,": {"en": "commas (,)", "nl": "komma's (,)"},
    "csv_sep_;": {"en": "semicolons (;)", "nl": "puntkomma's (;)"},
    "csv_sep_\t": {"en": "tabs", "nl": "tabs"},
    "note_story_kept": {"en": "changes the policy ({changed}) but keeps the story of the file it extends; give it a story "
                              "(and story_nl) of its own, or the report describes the base's policy",
                        "nl": "verandert het beleid ({changed}) maar houdt het verhaal van het bestand dat het uitbreidt; "
                              "geef het een eigen story (en story_nl), anders beschrijft het rapport het beleid van de "
                              "basis"},
    "cli_interrupted_store": {"en": "ontschot: interrupted; the replications that finished are kept in {store}, and the "
                                    "same command picks up where this one stopped",
                              "nl": "ontschot: onderbroken; de herhalingen die klaar waren staan in {store}, en hetzelfde "
                                    "commando gaat verder waar dit stopte"},
    "cli_interrupted": {"en": "ontschot: interrupted; no partial output was left behind",
                        "nl": "ontschot: onderbroken; er is geen halve uitvoer achtergebleven"},
    # Workshop (sim.workshop)
    "ws_note": {"en": "Workshop size: a municipality of at most {residents} residents, {n} replications, {years} years, so "
                      "that a change redraws in seconds. The figures are rougher than a full run's.",
                "nl": "Workshopformaat: een gemeente van hoogstens {residents} inwoners, {n} herhalingen, {years} jaar, zodat "
                      "een wijziging binnen seconden opnieuw getekend is. De cijfers zijn grover dan die van een volledige run."},
    "ws_running": {"en": "Running the model...", "nl": "Het model rekent..."},
    "ws_took": {"en": "Ready in {s} seconds ({runs} runs so far; settings seen before come from memory).",
                "nl": "Klaar in {s} seconden ({runs} runs tot nu toe; eerder gekozen instellingen komen uit het geheugen)."},
    "ws_error": {"en": "This setting is not a valid scenario, so nothing ran:",
                 "nl": "Deze instelling is geen geldig scenario, dus er is niets gerekend:"},
    "ws_pooled_share": {"en": "Pooled share of the money", "nl": "Ontschot deel van het geld"},
    "ws_multi": {"en": "Share of multi-problem cases", "nl": "Aandeel meervoudige hulpvragen"},
    "ws_staff": {"en": "Staff of the integral team", "nl": "Medewerkers van het integrale team"},
    "ws_earmarked": {"en": "Earmarked money (pooled share 0)", "nl": "Geoormerkt geld (ontschot deel 0)"},
    "ws_pooled": {"en": "Pooled share {x}", "nl": "Ontschot deel {x}"},
    "ws_simple": {"en": "Residents with one problem", "nl": "Inwoners met één probleem"},
    "ws_complex": {"en": "Residents with several problems", "nl": "Inwoners met meerdere problemen"},
    "ws_escalated": {"en": "Escalated problems per 100 residents", "nl": "Geëscaleerde problemen per 100 inwoners"},
    "ws_cost_case": {"en": "Cost per resident over the term (EUR thousand)",
                     "nl": "Kosten per inwoner over de periode (duizend euro)"},
    "ws_pool_title": {"en": "What pooling does for residents with one problem and with several",
                      "nl": "Wat ontschotten doet voor inwoners met één probleem en met meerdere"},
    "ws_bars": {"en": "Bars: mean over {n} replications, with its 95% interval. Each line above: pooled minus earmarked, "
                      "paired replication by replication, with the 95% interval between brackets.",
                "nl": "Staven: gemiddelde over {n} herhalingen, met het 95%-interval. Elke regel hierboven: ontschot min "
                      "geoormerkt, per herhaling gepaard, met tussen haakjes het 95%-interval."},
    "ws_fire": {"en": "Press at (projected spending / budget)", "nl": "Indrukken bij (verwachte uitgaven / budget)"},
    "ws_release": {"en": "Release below", "nl": "Loslaten onder"},
    "ws_action": {"en": "What the button does", "nl": "Wat de knop doet"},
    "ws_no_cap": {"en": "No cap (radical maatwerk)", "nl": "Geen plafond (radicaal maatwerk)"},
    "ws_with_cap": {"en": "With this cap", "nl": "Met dit plafond"},
    "ws_cap_title": {"en": "Cap pressed at {fire}, released below {release}: {action}",
                     "nl": "Plafond ingedrukt bij {fire}, losgelaten onder {release}: {action}"},
    "ws_waitlist_name": {"en": "The same cap with a waiting list (unlawful)",
                         "nl": "Hetzelfde plafond met een wachtlijst (onrechtmatig)"},
    "ws_tradeoff_note": {"en": "Each point: the ceiling pressed at that level of projected spending over the budget, "
                               "released below {release}, all other settings as in the file.",
                         "nl": "Elk punt: het plafond ingedrukt bij die verhouding van verwachte uitgaven tot budget, "
                               "losgelaten onder {release}, verder alles zoals in het bestand."},
    "ws_deal": {"en": "Village Deal", "nl": "Village Deal"},
    "ws_mechanism": {"en": "How the model carries it:", "nl": "Hoe het model het draagt:"},
    "ws_claim": {"en": "What the source says:", "nl": "Wat de bron zegt:"},
    "ws_check": {"en": "The source's claim against the model (95% interval)",
                 "nl": "De claim van de bron tegenover het model (95%-interval)"},
    "ws_effects_title": {"en": "{policy} against {base}", "nl": "{policy} tegenover {base}"},
    "ws_effects_note": {"en": "Policy minus base, paired replication by replication: the dot is the mean over {n} "
                              "replications, the line its 95% interval. Green: the source's claim is reproduced; red: "
                              "the model gives the other direction; grey: unclear (the interval holds 0).",
                        "nl": "Beleid min basis, per herhaling gepaard: de stip is het gemiddelde over {n} herhalingen, "
                              "de lijn het 95%-interval. Groen: de claim van de bron is gereproduceerd; rood: het model "
                              "geeft de andere richting; grijs: onduidelijk (het interval bevat 0)."},
    "ws_same": {"en": "exactly the same with earmarked and pooled money", "nl": "precies gelijk met geoormerkt en ontschot geld"},
    "ws_read_curves": {"en": "How to read the pictures: the line is the middle replication, the band the 5-95% range; "
                             "the dashed line is the budget. Where spending runs above the dashed line, the municipality "
                             "overspends. The grade is the mean grade (1-10) of residents whose help ended that month.",
                       "nl": "Zo lees je de figuren: de lijn is de middelste herhaling, de strook het bereik van 5-95%; "
                             "de stippellijn is het budget. Waar de uitgaven boven de stippellijn lopen, geeft de gemeente "
                             "te veel uit. Het cijfer is het gemiddelde rapportcijfer (1-10) van inwoners van wie de "
                             "hulp die maand eindigde."},
    "ws_brief_written": {"en": "The one-page brief is written to {path}: print it for the room.",
                         "nl": "De brief van één pagina staat in {path}: print hem voor de zaal."},
    # The notebooks' own lines (sim/workshop/notebook.py)
    "ws_setting": {"en": "Setting", "nl": "Instelling"},
    "ws_scenario_line": {"en": "{name}: a municipality of {residents} residents",
                         "nl": "{name}: een gemeente van {residents} inwoners"},
    "ws_exposure_line": {"en": "{name}: {mean} cases ({span})", "nl": "{name}: {mean} zaken ({span})"},
}
LABELS.update(EXPLORE_WORDS)  # the words of an exploration (sim/report/explore_words.py), looked up as these


# The values a scenario file writes as ids (a policy, an access mode, a button's metric and action),
# in words: every id that reaches a reader goes through `word`, in both languages.
IDS: dict[str, dict[str, dict[str, str]]] = {
    "policy": {"standard": {"en": "standard", "nl": "standaard"}, "maatwerk": {"en": "maatwerk", "nl": "maatwerk"},
               "discretion": {"en": "discretion", "nl": "vrije ruimte"}},
    "mode": {"desks": {"en": "desks in turn", "nl": "loketten na elkaar"},
             "integral": {"en": "one integral team", "nl": "één integraal team"}},
    "teams": {"one": {"en": "one team", "nl": "één team"},
              "per_neighbourhood": {"en": "one team per neighbourhood", "nl": "één team per wijk"}},
    "underspend": {"return": {"en": "returned", "nl": "teruggegeven"}, "reserve": {"en": "kept in the reserve", "nl": "naar de reserve"}},
    "metric": {"spent_share": {"en": "the spent share of the pro-rata budget", "nl": "het uitgegeven deel van het naar rato budget"},
               "committed_share": {"en": "the committed share of the year's budget",
                                   "nl": "het vastgelegde deel van het jaarbudget"},
               "projected_share": {"en": "the projected year-end spending over the budget",
                                   "nl": "de verwachte uitgaven aan het eind van het jaar tegenover het budget"},
               "waitlist": {"en": "the number of cases on the waiting list", "nl": "het aantal zaken op de wachtlijst"}},
    "kind": {"community": {"en": "community provision", "nl": "voorliggende voorziening"},
             "general": {"en": "general provision", "nl": "algemene voorziening"},
             "tailored": {"en": "tailored provision", "nl": "maatwerkvoorziening"},
             "cross_domain": {"en": "cross-domain plan", "nl": "domeinoverstijgend plan"},
             "personal_budget": {"en": "personal budget", "nl": "persoonsgebonden budget"}},
    "yes": {"true": {"en": "yes", "nl": "ja"}, "false": {"en": "no", "nl": "nee"}},
    # Why a case counts as legal exposure (sim.model.record.EXPOSURE_CAUSES): a table row's words ...
    "exposure_cause": {"button": {"en": "held back by a button", "nl": "opgehouden door een noodknop"},
                       "rule": {"en": "past the term by procedure", "nl": "na de termijn door de werkwijze"},
                       "provider": {"en": "waiting for a full provider", "nl": "wachtend op een volle aanbieder"},
                       "cut": {"en": "care cut", "nl": "zorg ingekort"},
                       "refusal": {"en": "care refused", "nl": "zorg geweigerd"}},
    # ... and a sentence's, which every definition of legal exposure names (tests/report/test_exposure_words.py).
    "exposure_cause_said": {
        "button": {"en": "held back by an emergency button (a waiting list, a closed intake, an approval past the legal "
                         "decision term)",
                   "nl": "opgehouden door een noodknop (een wachtlijst, een gesloten loket, een goedkeuring na de "
                         "wettelijke beslistermijn)"},
        "rule": {"en": "decided past the legal term because of the municipality's own procedure (desks in turn, the "
                       "hardship clause, a referral check)",
                 "nl": "na de wettelijke termijn beslist door de eigen werkwijze van de gemeente (loketten na elkaar, "
                       "de hardheidsclausule, een verwijzingscheck)"},
        "provider": {"en": "kept waiting for a place or money at a full provider",
                     "nl": "aan het wachten gehouden op een plek of geld bij een volle aanbieder"},
        "cut": {"en": "cut below what was assessed (by an emergency button or a lower intensity)",
                "nl": "ingekort tot onder de indicatie (door een noodknop of een lagere intensiteit)"},
        "refusal": {"en": "refused by an emergency button (at the door, or by steering it to a general provision that "
                          "cannot meet the need)",
                    "nl": "door een noodknop geweigerd (aan de deur, of door haar naar een algemene voorziening te sturen "
                          "die de nood niet dekt)"}},
}
# An emergency button's action says its own words (`sim.policy.actions`): its name, and the workshop's menu entry.
IDS["action"] = {a.name: {"en": a.label.en, "nl": a.label.nl} for a in ACTIONS}
LABELS.update({f"ws_a_{a.name}": {"en": a.menu.en, "nl": a.menu.nl} for a in ACTIONS})


def exposure_causes_said(lang: str = "en") -> str:
    """Every cause of legal exposure in a sentence's words, in the model's order: 'held back by ..., ... or refused ...'."""
    said = [IDS["exposure_cause_said"][c][lang] for c in EXPOSURE_CAUSES]
    return f"{', '.join(said[:-1])} {LABELS['b_or'][lang]} {said[-1]}"


for _key in ("r_legal", "b_legal"):  # each definition of legal exposure names every cause, in the words above
    LABELS[_key] = {lang: text.replace("{causes}", exposure_causes_said(lang)) for lang, text in LABELS[_key].items()}
for _key in ("satisfied_line", "b_share_satisfied_more", "b_share_satisfied_less"):  # the grade the model counts from
    LABELS[_key] = {lang: text.replace("{satisfied}", SATISFIED) for lang, text in LABELS[_key].items()}


def word(kind: str, value: object, lang: str = "en") -> str:
    """An id a scenario writes (`kind` 'policy', 'mode', 'metric', 'action', ...) in the reader's words;
    an id the table does not know (a newer field value) is shown as it is."""
    key = str(value).lower() if isinstance(value, bool) else str(value)
    got = IDS.get(kind, {}).get(key)
    return (got.get(lang) or got["en"]) if got else key


def named(part: object, name: str, lang: str = "en") -> str:
    """A button, provision, provider, programme or subgroup by its label in the reader's language
    (`label_nl`, `label_en`), else by its name in the file."""
    text = getattr(part, "label_nl" if lang == "nl" else "label_en", None) if part is not None else None
    return text or name


def part_label(section: str, name: str, scenario, lang: str = "en") -> str:
    """The label of scenario part `name` in `section` ('buttons', 'provisions', 'programmes',
    'subgroups'), found in `scenario` (None: the name as it is)."""
    if scenario is None:
        return name
    if section == "buttons":
        part = next((b for b in scenario.buttons if b.name == name), None)
    elif section == "subgroups":
        part = scenario.population.subgroups.get(name)
    else:
        part = getattr(scenario, section).get(name)
    return named(part, name, lang)


def provider_label(provision: str, provider: str, scenario, lang: str = "en") -> str:
    """A provider of `provision` by its label in the reader's language, else by its name."""
    prov = scenario.provisions.get(provision) if scenario is not None else None
    return named(prov.providers.get(provider) if prov is not None else None, provider, lang)


# A count of one takes the singular: '{n} replications' with n = 1 reads '1 replication'.
_ONE = {"en": re.compile(r"(?<![\d.,])1 (replication|world|run|point|case|resident)s\b"),
        "nl": re.compile(r"(?<![\d.,])1 (herhaling|wereld|run|punt|casus|inwoner)(en|s)\b")}


def label(key: str, lang: str = "en", **fmt: object) -> str:
    """The words for `key` in `lang` (English where a Dutch text is missing), filled in, a count of one in the singular."""
    text = LABELS[key].get(lang) or LABELS[key]["en"]
    if not fmt:
        return text
    return _ONE.get(lang, _ONE["en"]).sub(r"1 \1", text.format(**fmt))


def band(n: int, lang: str = "en") -> str:
    """What a picture's band is over `n` replications: 'band: 5-95% of 3 replications', and with one
    replication that there is no band (not '5-95% of 1 replications')."""
    return label("band", lang, n=n) if n != 1 else label("band_one", lang)


def budget_label(name: str, scenario, lang: str = "en") -> str:
    """A budget's name as a council member reads it: the domain's label, or 'pooled budget'."""
    if name in ("pool", "total"):
        return label(name, lang)
    dom = scenario.domains.get(name)
    if dom is None:
        return name
    return (dom.label_nl if lang == "nl" else dom.label_en) or name


def luck(scenarios, lang: str = "en") -> str:
    """What an interval over replications covers, and how many assumed values it does not.

    The count is of the values in force that the scenarios' files mark ASSUMPTION
    (`Scenario.assumed`), taken together; a scenario built in Python has no such record.
    """
    assumed = set().union(*(s.assumed for s in scenarios))
    said = label("h_luck", lang, n=len(assumed)) if assumed else label("h_luck_unknown", lang)
    ranged = set().union(*(getattr(s, "uncertain", {}) or {} for s in scenarios))
    return f"{said} {label('h_explore', lang, k=len(ranged))}" if ranged else said


def place(scenarios) -> str | None:
    """The municipality (`municipality.name`) every one of `scenarios` is of, or None when they differ.

    A name is the municipality's own, the same in both languages. A report names it once where all
    scenarios share it (in its title) and beside each scenario's name where they do not (`with_place`).
    """
    names = {s.municipality.name for s in scenarios}
    return names.pop() if len(names) == 1 else None


def with_place(scenario, scenarios, lang: str = "en") -> str:
    """A scenario's name, followed by its municipality's between brackets when `scenarios` are of several."""
    title = scenario.title(lang)
    return title if place(scenarios) is not None else f"{title} ({scenario.municipality.name})"


def municipalities(scenarios, lang: str = "en", labels: list[str] | None = None) -> str:
    """One line naming the municipality ('Municipality: Soest.'), or, when the scenarios are of
    several, each with its scenario (by `labels` when given, else by the scenario's name)."""
    shared = place(scenarios)
    if shared is not None:
        return label("m_municipality", lang, place=shared)
    tags = labels or [s.title(lang) for s in scenarios]
    return label("m_municipalities", lang, places="; ".join(f"{t}: {s.municipality.name}"
                                                             for t, s in zip(tags, scenarios)))


def stopping(c: Comparison, lang: str = "en") -> str:
    """Why the comparison ran this many replications, in the reader's language.

    The study records only the reason ("asked", "precision" or "maximum"), the precision asked
    and the widest headline interval; the words are the report's.
    """
    widest = "?" if missing(c.widest) else percent(c.widest, 2, lang)
    p = decimal(c.precision, lang) if c.precision is not None else ""
    return label(f"stop_{c.stop_reason}", lang, n=c.replications, p=p, widest=widest)

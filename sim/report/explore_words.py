"""The words of an exploration of the assumptions (`ontschot explore`), in English and Dutch.

Kept apart from the other labels because they are one concept of their own (worlds, drivers,
failing boxes, robustness), and looked up through the same `sim.report.labels.label`, which
holds them in its one table.
"""

from __future__ import annotations

EXPLORE_WORDS: dict[str, dict] = {
    # Exploring the assumptions (sim.report.explore_report)
    "x_title": {"en": "Exploring the assumptions: {names}", "nl": "De aannames verkend: {names}"},
    "x_intro": {"en": "{worlds} worlds, each with its own value for the {k} uncertain assumptions, drawn by {method}. Every "
                      "policy met every world with the same residents and the same luck, {n} per world, in a "
                      "municipality of {residents} residents over {years}: {runs} runs in all.",
                "nl": "{worlds} werelden, elk met een eigen waarde voor de {k} onzekere aannames, getrokken met {method}. "
                      "Elk beleid kreeg in elke wereld dezelfde inwoners met hetzelfde toeval, {n} per wereld, in een "
                      "gemeente van {residents} inwoners over {years}: {runs} runs in totaal."},
    "x_years": {"en": ("one year", "{n} years"), "nl": ("één jaar", "{n} jaar")},
    "x_reps_one": {"en": "one replication", "nl": "één herhaling"},
    "x_reps": {"en": "{n} replications", "nl": "{n} herhalingen"},
    "x_method_lhs": {"en": "a Latin hypercube", "nl": "een Latijnse hyperkubus"},
    "x_method_sobol": {"en": "Saltelli's design for Sobol indices", "nl": "het ontwerp van Saltelli voor Sobol-indices"},
    "x_method_morris": {"en": "Morris' screening design", "nl": "het screeningsontwerp van Morris"},
    "x_honest": {"en": "The ranges are assumptions to discuss, not facts: each world is as plausible as the ranges in the "
                       "scenario file say, and other ranges give other answers.",
                 "nl": "De bereiken zijn aannames om over te praten, geen feiten: elke wereld is zo aannemelijk als de "
                       "bereiken in het scenariobestand zeggen, en andere bereiken geven andere antwoorden."},
    "x_q1": {"en": "Which assumptions decide the outcome", "nl": "Welke aannames de uitkomst bepalen"},
    "x_q2": {"en": "Where a policy fails", "nl": "Waar een beleid tekortschiet"},
    "x_q3": {"en": "How robust the choice is", "nl": "Hoe robuust de keuze is"},
    "x_drives": {"en": "What drives {what}", "nl": "Wat bepaalt {what}"},
    "x_what_deficit": {"en": "the deficit", "nl": "het tekort"},
    "x_what_cost_per_year": {"en": "spending per year", "nl": "de uitgaven per jaar"},
    "x_what_mean_satisfaction": {"en": "the mean grade", "nl": "het gemiddelde rapportcijfer"},
    "x_what_mean_wait_days": {"en": "the wait for help", "nl": "de wachttijd op hulp"},
    "x_what_legal_exposure_cases": {"en": "legal exposure", "nl": "het juridisch risico"},
    "x_what_escalations": {"en": "escalations", "nl": "de escalaties"},
    "x_what_difference": {"en": "the difference {b} makes to {what}", "nl": "het verschil dat {b} maakt voor {what}"},
    "x_axis_sobol": {"en": "Share of the variation across worlds: total index ST (light), first-order S1 (dark)",
                     "nl": "Aandeel van de variatie tussen werelden: totale index ST (licht), eerste orde S1 (donker)"},
    "x_axis_morris": {"en": "Effect over the assumption's whole range (Morris mu*, in the measure's unit)",
                      "nl": "Effect over het hele bereik van de aanname (Morris mu*, in de eenheid van de grootheid)"},
    "x_axis_lhs": {"en": "Rank correlation with the outcome (Spearman)", "nl": "Rangcorrelatie met de uitkomst (Spearman)"},
    "x_bars_note": {"en": "lines: 95% interval; {worlds} worlds, {n} per world, {method}",
                    "nl": "lijnen: 95%-interval; {worlds} werelden, {n} per wereld, {method}"},
    "x_top": {"en": "Most of the variation in {what} comes from {items}.", "nl": "De variatie in {what} komt vooral van {items}."},
    "x_top_lhs": {"en": "{what} moves most with {items}.", "nl": "{what} beweegt het meest mee met {items}."},
    "x_top_none": {"en": "None of the assumptions explored clearly moves {what}.",
                   "nl": "Geen van de verkende aannames beweegt {what} duidelijk."},
    "x_top_luck": {"en": "{what} varies across the worlds hardly more than the simulation's luck makes it vary, so these "
                         "runs cannot tell what drives it (luck is {share} of the spread).",
                   "nl": "{what} varieert tussen de werelden nauwelijks meer dan het toeval van de simulatie, dus deze runs "
                         "kunnen niet zeggen wat het bepaalt (het toeval is {share} van de spreiding)."},
    "x_item_sobol": {"en": "{path} ({v} of the variation)", "nl": "{path} ({v} van de variatie)"},
    "x_item_morris": {"en": "{path} (about {v} over its range)", "nl": "{path} (ongeveer {v} over het bereik)"},
    "x_item_lhs_up": {"en": "{path} (the higher, the more; rank correlation {v})",
                      "nl": "{path} (hoe hoger, hoe meer; rangcorrelatie {v})"},
    "x_item_lhs_down": {"en": "{path} (the higher, the less; rank correlation {v})",
                        "nl": "{path} (hoe hoger, hoe minder; rangcorrelatie {v})"},
    "x_noise": {"en": "The simulation's own luck, beside this: the replications of one world differ by {within} (standard "
                      "deviation), {unshared} of it not shared by the worlds; the worlds differ by {across}; luck is "
                      "{share} of the spread the indices read.",
                "nl": "Het toeval van de simulatie, hiernaast: de herhalingen van één wereld verschillen {within} "
                      "(standaardafwijking), waarvan {unshared} niet gedeeld door de werelden; de werelden verschillen "
                      "{across}; het toeval is {share} van de spreiding die de indices lezen."},
    "x_luck_shared": {"en": "The worlds share their luck too: a run's residents and chance events come from the seed and "
                            "the replication alone, never from the world, so the differences between worlds are the "
                            "assumptions' doing rather than other luck, and the luck that is left is measured beside "
                            "the indices.",
                      "nl": "Ook de werelden delen hun toeval: de inwoners en de toevalsgebeurtenissen van een run komen "
                            "alleen uit de seed en de herhaling, nooit uit de wereld, dus de verschillen tussen werelden "
                            "komen van de aannames en niet van ander toeval; het toeval dat overblijft staat naast de "
                            "indices."},
    "x_progress": {"en": "runs (world, policy, replication)", "nl": "runs (wereld, beleid, herhaling)"},
    "x_reused": {"en": "{k} of the {n} runs were read back from {store}, stored by an earlier explore",
                 "nl": "{k} van de {n} runs kwamen terug uit {store}, bewaard door een eerdere verkenning"},
    "x_written": {"en": "-> {out}/explore.pdf, report.html, worlds.csv", "nl": "-> {out}/explore.pdf, report.html, worlds.csv"},
    "x_noise_one": {"en": "With one replication per world the simulation's luck cannot be told apart from the "
                          "assumptions' effect: run two or more.",
                    "nl": "Met één herhaling per wereld is het toeval van de simulatie niet te scheiden van het effect "
                          "van de aannames: draai er twee of meer."},
    "x_rule": {"en": "{policy} fails ({failure}) when {conditions}: {coverage} of the failing worlds, {density} of the "
                     "worlds in that box.",
               "nl": "{policy} schiet tekort ({failure}) als {conditions}: {coverage} van de werelden waarin het "
                     "tekortschiet, {density} van de werelden binnen die grenzen."},
    "x_rule_none": {"en": "{policy} fails ({failure}) in none of the {n} worlds.",
                    "nl": "{policy} schiet in geen van de {n} werelden tekort ({failure})."},
    "x_rule_all": {"en": "{policy} fails ({failure}) in every one of the {n} worlds.",
                   "nl": "{policy} schiet in elk van de {n} werelden tekort ({failure})."},
    "x_rule_nobox": {"en": "{policy} fails ({failure}) in {k} of the {n} worlds, but no box of assumptions holds half of "
                           "them: the failures follow no simple rule.",
                     "nl": "{policy} schiet in {k} van de {n} werelden tekort ({failure}), maar geen vak van aannames "
                           "bevat de helft daarvan: het tekortschieten volgt geen eenvoudige regel."},
    "x_rule_count": {"en": "It fails in {k} of the {n} worlds.", "nl": "Het schiet tekort in {k} van de {n} werelden."},
    "x_rule_few": {"en": "This rule rests on only {m} worlds, {f} of them failing: a lead to test with more worlds "
                         "(--samples), not yet a finding.",
                   "nl": "Deze regel rust op slechts {m} werelden, waarvan {f} tekortschieten: een spoor om met meer "
                         "werelden (--samples) te toetsen, nog geen uitkomst."},
    "x_no_fails": {"en": "No failure was asked for: give one with --fails, for example --fails 'deficit > 0'.",
                   "nl": "Er is niet gevraagd waar beleid tekortschiet: geef dat met --fails, bijvoorbeeld --fails "
                         "'deficit > 0'."},
    "x_above": {"en": "{path} is above {v}", "nl": "{path} boven {v} ligt"},
    "x_below": {"en": "{path} is below {v}", "nl": "{path} onder {v} ligt"},
    "x_between": {"en": "{path} is between {lo} and {hi}", "nl": "{path} tussen {lo} en {hi} ligt"},
    "x_or": {"en": "or", "nl": "of"},
    "x_op_>": {"en": "above", "nl": "boven"},
    "x_op_>=": {"en": "at least", "nl": "minstens"},
    "x_op_<": {"en": "below", "nl": "onder"},
    "x_op_<=": {"en": "at most", "nl": "hoogstens"},
    "x_clause": {"en": "{what} {op} {v}", "nl": "{what} {op} {v}"},
    "x_clause_difference": {"en": "{what} against {a} {op} {v}", "nl": "{what} tegenover {a} {op} {v}"},
    "x_better": {"en": "{b} does better than {a} on {what} in {share} of the worlds (95% interval {lo} to {hi}) and worse "
                       "in {worse}; the difference runs from {p5} to {p95} across the worlds (5-95%).",
                 "nl": "{b} doet het beter dan {a} op {what} in {share} van de werelden (95%-interval {lo} tot {hi}) en "
                       "slechter in {worse}; het verschil loopt van {p5} tot {p95} over de werelden (5-95%)."},
    "x_same": {"en": "{b} and {a} do about as well on {what} in every world (the difference runs from {p5} to {p95}).",
               "nl": "{b} en {a} doen het in elke wereld ongeveer even goed op {what} (het verschil loopt van {p5} tot {p95})."},
    "x_better_note": {"en": "Better: by more than the smallest difference worth saying, averaged over a world's "
                            "replications.",
                      "nl": "Beter: met meer dan het kleinste verschil dat het noemen waard is, gemiddeld over de "
                            "herhalingen van een wereld."},
    "x_one_policy": {"en": "One policy only: give two or more files to see how robust a choice between them is.",
                     "nl": "Eén beleid: geef twee of meer bestanden om te zien hoe robuust een keuze daartussen is."},
    "x_trade_title": {"en": "Where {policy} fails: the boxes PRIM peeled", "nl": "Waar {policy} tekortschiet: de vakken van PRIM"},
    "x_coverage": {"en": "Coverage: share of the failing worlds inside the box",
                   "nl": "Dekking: aandeel van de werelden met tekortschieten binnen het vak"},
    "x_density": {"en": "Density: share of the worlds in the box that fail",
                  "nl": "Dichtheid: aandeel van de werelden in het vak dat tekortschiet"},
    "x_restricted": {"en": "assumptions restricted", "nl": "begrensde aannames"},
    "x_chosen": {"en": "chosen box", "nl": "gekozen vak"},
    "x_chosen_note": {"en": "Chosen: the box that best matches the failing worlds (highest harmonic mean of coverage and "
                            "density) among those that hold at least half of them.",
                      "nl": "Gekozen: het vak dat het best samenvalt met de werelden waarin het tekortschiet (hoogste "
                            "harmonisch gemiddelde van dekking en dichtheid), van de vakken die er minstens de helft bevatten."},
    "x_ranges": {"en": "The assumptions and their ranges", "nl": "De aannames en hun bereik"},
    "x_h_path": {"en": "Assumption", "nl": "Aanname"},
    "x_h_field": {"en": "Field", "nl": "Veld"},
    "x_h_range": {"en": "Range", "nl": "Bereik"},
    "x_h_why": {"en": "Why", "nl": "Waarom"},
    "x_h_policy": {"en": "Policy", "nl": "Beleid"},
    "x_h_measure": {"en": "Index", "nl": "Index"},
    "x_h_value": {"en": "Value", "nl": "Waarde"},
    "x_h_better": {"en": "Worlds where better", "nl": "Werelden waarin beter"},
    "x_h_worse": {"en": "Worlds where worse", "nl": "Werelden waarin slechter"},
    "x_h_range_diff": {"en": "Difference across worlds (5-95%)", "nl": "Verschil over de werelden (5-95%)"},
    "x_h_limits": {"en": "Limit in the chosen box", "nl": "Grens in het gekozen vak"},
    "x_uniform": {"en": "uniform {lo} to {hi}", "nl": "uniform {lo} tot {hi}"},
    "x_triangular": {"en": "triangular {lo} to {hi}, most likely {mode}", "nl": "driehoekig {lo} tot {hi}, meest waarschijnlijk {mode}"},
    "x_discrete": {"en": "one of {values}", "nl": "een van {values}"},
    "x_provenance": {"en": "Seed {seed}; {method}, {samples} samples; {worlds} worlds x {n} x {p} policies = {runs} runs; "
                           "ontschot {version}; made {date}.",
                     "nl": "Seed {seed}; {method}, {samples} steekproeven; {worlds} werelden x {n} x {p} beleid = {runs} "
                           "runs; ontschot {version}; gemaakt {date}."},
}

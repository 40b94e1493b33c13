"""The hard limits of a scenario's numbers: what a run can survive, each with its reason.

The schema refuses what cannot be; `sim.policy.plausible` warns of what is allowed but probably a
slip. Between them lies this module: the largest (and smallest) value of every kind of number
that a run can still hold in memory and finish with finite figures. A duration of 1e300 days
is a number of the right type, but it overflows the ledger's month index, holds the steady
start's caseload at more clients than the municipality has residents and gives a total cost of
infinity; a grade term of 1e300 points gives grades far outside 1-10. Each kind of number is an
annotated type here, its bounds beside the reason for them (a `Why` in the type's metadata),
and `sim.policy.scenario` types every numeric field with one of them, so that the bound is written
next to the field and the field reference (`sim.policy.reference`) shows the bound and its reason.

The bounds are far wider than any published figure (those are `sim.policy.plausible`'s ranges):
they are no claim about what is likely, only about what a run of the model can mean. Where a
bound is judgement rather than arithmetic, its reason says ASSUMPTION.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field


@dataclass(frozen=True)
class Why:
    """The reason for a field's bounds, kept in the field's annotation so the reference can say it."""

    text: str


# Sizes: counts of residents and places. Amsterdam, the largest municipality, has about 930,000
# residents (docs/calibration.md §7).
MAX_RESIDENTS = 2_000_000
MAX_NEIGHBOURHOODS = 10_000  # Amsterdam has about 480 (CBS wijken en buurten); ids are 16-bit
MAX_INCIDENCE = 1_000.0  # requests per 1,000 residents a year: one a resident a year, per domain
MAX_STAFF = 100_000  # staff places at one desk or team
MAX_PLACES = MAX_RESIDENTS  # places of a provision or a provider

MAX_YEARS = 10  # run.horizon_years: two and a half council terms
MAX_DAYS = 18_250.0  # 50 years: any duration, processing time, term or delay
MAX_DAY = MAX_YEARS * 366  # the last day a dated value can take effect in the longest run
MAX_EUROS = 100_000_000_000  # a budget, reserve, ceiling or programme: EUR 100 billion
MAX_CLIENT_EUROS = 1_000_000  # a cost per client per month, a fee per problem, a discretionary amount per case
MAX_FACTOR = 100.0  # a tariff or cost factor
MAX_GRADE_POINTS = 10.0  # a term of the grade, or its spread
MAX_WEIGHT = 1_000_000  # a relative weight
MAX_SEED = 2**63 - 1
MAX_REPLICATIONS = 1_000
MAX_ANY = MAX_EUROS  # the largest number any field holds: the bound of an `uncertain:` range's ends

WHY_SHARE = "a share of a whole"
WHY_SEVERITY = "the model has three severity levels"
WHY_RESIDENTS = "twice Amsterdam, the largest municipality (about 930,000 residents, docs/calibration.md §7)"
WHY_DAYS = ("50 years: the longest care is lifelong from youth into adulthood; ASSUMPTION: longer is no model of "
            "a council's term, and holds the steady start's caseload above the residents")
WHY_DAY = "the last day of the longest run (10 years of 366 days); a later step would never take effect"
WHY_EUROS = ("EUR 100 billion: more than the whole Dutch social domain spends in a year; ASSUMPTION: more is a "
             "slip of units")
WHY_CLIENT_EUROS = ("ASSUMPTION: EUR 1 million per client a month or per problem is about 50 times the costliest "
                    "care (closed youth care); more is a slip of units")
WHY_FACTOR = "ASSUMPTION: a hundred times the provision's own cost is no tariff"
WHY_GRADE = "a grade runs from 1 to 10, so no term (or spread) moves it by more than 10 points"
WHY_WEIGHT = "ASSUMPTION: weights of a million to one are beyond any ratio of domains"
WHY_THRESHOLD = ("a share of the allocation, or a waiting list's length in residents: no more than "
                 "2,000,000 residents can wait")
WHY_INCIDENCE = "one request a resident a year (1,000 per 1,000); more is no incidence a population can have"
WHY_STAFF = "ASSUMPTION: 100,000 staff at one desk is more than all of a municipality's civil servants"
WHY_YEARS = "two and a half council terms; the model is of a council's budget, not of a generation"
WHY_SEED = "a seed is a 64-bit whole number"
WHY_REPLICATIONS = ("ASSUMPTION: a thousand replications already know a mean to a tiny fraction of its "
                    "spread; `--max-replications` defaults to 100")
WHY_CV = "ASSUMPTION: a spread three times the mean is the widest a lognormal duration here is given"
WHY_ANY = "no field of a scenario holds a number beyond EUR 100 billion"

Share = Annotated[float, Field(ge=0, le=1), Why(WHY_SHARE)]
Money = Annotated[float, Field(ge=0, le=MAX_EUROS), Why(WHY_EUROS)]
ClientMoney = Annotated[float, Field(ge=0, le=MAX_CLIENT_EUROS), Why(WHY_CLIENT_EUROS)]
Days = Annotated[float, Field(ge=0, le=MAX_DAYS), Why(WHY_DAYS)]
PositiveDays = Annotated[float, Field(gt=0, le=MAX_DAYS), Why(WHY_DAYS)]
Day = Annotated[int, Field(ge=0, le=MAX_DAY), Why(WHY_DAY)]
Factor = Annotated[float, Field(gt=0, le=MAX_FACTOR), Why(WHY_FACTOR)]
Surcharge = Annotated[float, Field(ge=1, le=MAX_FACTOR), Why(WHY_FACTOR)]  # a factor that only adds
GradePoints = Annotated[float, Field(ge=-MAX_GRADE_POINTS, le=MAX_GRADE_POINTS), Why(WHY_GRADE)]
GradeSpread = Annotated[float, Field(ge=0, le=MAX_GRADE_POINTS), Why(WHY_GRADE)]
Weight = Annotated[float, Field(ge=0, le=MAX_WEIGHT), Why(WHY_WEIGHT)]
Threshold = Annotated[float, Field(gt=0, le=MAX_RESIDENTS), Why(WHY_THRESHOLD)]
Release = Annotated[float, Field(ge=0, le=MAX_RESIDENTS), Why(WHY_THRESHOLD)]
Incidence = Annotated[float, Field(ge=0, le=MAX_INCIDENCE), Why(WHY_INCIDENCE)]
Residents = Annotated[int, Field(gt=0, le=MAX_RESIDENTS), Why(WHY_RESIDENTS)]
Places = Annotated[int, Field(ge=1, le=MAX_PLACES), Why(WHY_RESIDENTS)]
Staff = Annotated[int, Field(ge=1, le=MAX_STAFF), Why(WHY_STAFF)]
Spread = Annotated[float, Field(ge=0, le=3), Why(WHY_CV)]
AnyNumber = Annotated[float, Field(ge=-MAX_ANY, le=MAX_ANY), Why(WHY_ANY)]
AnyWhole = Annotated[int, Field(ge=-MAX_ANY, le=MAX_ANY), Why(WHY_ANY)]

"""The MOF class and OSAID verdict a model had on a past day, rebuilt like past scores: the
levels come from the latest revision of each assessment at the end of that day, the rules are
the pure ones. The per-component licenses and the definitions are today's (they are read from
versioned files, not revisions)."""

from dataclasses import dataclass
from datetime import date

from openness.assessments.frameworks.evidence import model_evidence
from openness.assessments.frameworks.mof import MofResult
from openness.assessments.frameworks.osaid import OsaidResult
from openness.assessments.frameworks.records import ComponentLicense
from openness.assessments.frameworks.services import verdicts_for
from openness.assessments.history import end_of_day, methodology_in_force
from openness.assessments.models import Track
from openness.assessments.services import model_states_as_of
from openness.catalog.models import AIModel


@dataclass(frozen=True)
class VerdictsAsOf:
    day: date
    track: str
    mof: MofResult | None
    osaid: OsaidResult | None


def verdicts_as_of(*, model: AIModel, day: date, track: str = Track.EDITORIAL) -> VerdictsAsOf:
    """Both verdicts at the end of `day` (None when the model was not assessed yet)."""
    methodology = methodology_in_force(day=day)
    states = model_states_as_of(model=model, when=end_of_day(day), track=track)
    if methodology is None or not states:
        return VerdictsAsOf(day, track, None, None)
    codes = dict(methodology.criteria.values_list("pk", "code"))
    levels = {codes[pk]: state["level"] for pk, state in states.items() if pk in codes}
    recorded = {}
    if track == Track.EDITORIAL:
        recorded = dict(
            ComponentLicense.objects.filter(model=model).values_list("slot", "license_name")
        )
    evidence = model_evidence(
        levels=levels, declared_license=model.license_name, recorded=recorded, track=track
    )
    mof, osaid = verdicts_for(evidence)
    return VerdictsAsOf(day, track, mof, osaid)


def verdicts_of_levels(
    *, levels_by_model: dict[int, dict[str, str]], track: str = Track.EDITORIAL
) -> dict[int, tuple[MofResult, OsaidResult]]:
    """Both verdicts of many models from their levels on some day (an as-of ranking), with
    today's declared and recorded licenses; each combination of evidence judged once (two
    queries)."""
    declared = dict(
        AIModel.objects.filter(pk__in=list(levels_by_model)).values_list("pk", "license_name")
    )
    recorded: dict[int, dict[str, str]] = {}
    if track == Track.EDITORIAL:
        for model_id, slot, text in ComponentLicense.objects.filter(
            model_id__in=list(levels_by_model)
        ).values_list("model_id", "slot", "license_name"):
            recorded.setdefault(model_id, {})[slot] = text
    judged: dict[tuple, tuple[MofResult, OsaidResult]] = {}
    out = {}
    for model_id, levels in levels_by_model.items():
        own = recorded.get(model_id, {})
        license_name = declared.get(model_id) or ""
        key = (tuple(sorted(levels.items())), license_name, tuple(sorted(own.items())))
        if key not in judged:
            evidence = model_evidence(
                levels=levels, declared_license=license_name, recorded=own, track=track
            )
            judged[key] = verdicts_for(evidence)
        out[model_id] = judged[key]
    return out

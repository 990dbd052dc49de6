"""Small factories for the web tests: the EU OSAI Index's 12 criteria, organisations, models.

osai_criteria.json is a copy of the criteria, questions and rubric of the European Open Source
AI Index (CC-BY 4.0, https://osai-index.eu/, doi:10.5281/zenodo.15386042), taken from
_parameters.yml, _parameters-descriptions.yml and readme.md of its data repository.
"""

import datetime
import itertools
import json
from pathlib import Path

from django.utils import timezone

from openness.assessments import services
from openness.assessments.models import Criterion, Methodology, Track
from openness.catalog.models import AIModel, Organisation

CRITERIA_FILE = Path(__file__).with_name("osai_criteria.json")
_counter = itertools.count(1)


def methodology_create(*, current: bool = True, version: str = "2026-03") -> Methodology:
    methodology = Methodology.objects.create(
        slug="osai",
        version=version,
        name="EU Open Source AI Index",
        effective_from=datetime.date(2026, 3, 13),
        is_current=current,
        source_url="https://osai-index.eu/",
        license="CC-BY-4.0",
    )
    for row in json.loads(CRITERIA_FILE.read_text()):
        Criterion.objects.create(methodology=methodology, **row)
    return methodology


def organisation_create(name: str = "", **fields) -> Organisation:
    n = next(_counter)
    name = name or f"Lab {n}"
    slug = fields.pop("slug", None) or f"{name.lower().replace(' ', '-')}-{n}"
    return Organisation.objects.create(slug=slug, name=name, **fields)


def model_create(name: str = "", organisation: Organisation | None = None, **fields) -> AIModel:
    n = next(_counter)
    name = name or f"Model {n}"
    slug = fields.pop("slug", None) or f"{name.lower().replace(' ', '-')}-{n}"
    return AIModel.objects.create(
        slug=slug,
        name=name,
        organisation=organisation or organisation_create(),
        model_types=fields.pop("model_types", ["text"]),
        **fields,
    )


def assess(
    model: AIModel,
    methodology: Methodology,
    levels: dict[str, str] | str,
    *,
    track: str = Track.EDITORIAL,
    provenance: str = "curated",
    evidence: tuple = (),
    at: datetime.datetime | None = None,
    reason: str = "test data",
) -> None:
    """Record a level on every criterion (or those named), through the assessment service."""
    for criterion in methodology.criteria.all():
        level = levels if isinstance(levels, str) else levels.get(criterion.code)
        if level is None:
            continue
        services.assessment_record(
            model=model,
            criterion=criterion,
            level=level,
            notes=f"Notes on {criterion.code}",
            provenance=provenance,
            evidence=list(evidence),
            source="service",
            reason=reason,
            track=track,
            at=at or timezone.now(),
        )


def recompute(methodology: Methodology) -> None:
    for track in (Track.EDITORIAL, Track.AUTOMATIC):
        services.scores_recompute(methodology=methodology, track=track)

"""Small factories for the web tests: the EU OSAI Index's methodology, organisations, models.

The methodology comes from the project's fixtures (fixtures/methodologies/, CC-BY 4.0 data of
the European Open Source AI Index), loaded by the same loader as production.
"""

import datetime
import itertools
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from openness.assessments import services
from openness.assessments.methodology_files import methodologies_load
from openness.assessments.models import Methodology, Track
from openness.catalog.models import AIModel, Organisation

METHODOLOGIES = Path(settings.BASE_DIR) / "fixtures" / "methodologies"
_counter = itertools.count(1)


def methodology_create() -> Methodology:
    """The EU OSAI Index's methodologies (2024 and the current 2026-03); returns the current."""
    methodologies_load(directory=METHODOLOGIES)
    return Methodology.objects.get(slug="osai", is_current=True)


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

"""Small factories for corrections tests: the EU index's methodology and a few models."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission, User

from openness.assessments.methodology_files import methodologies_load
from openness.assessments.models import Criterion, Level, Methodology, Provenance, Revision
from openness.assessments.services import EvidenceInput, assessment_record, scores_recompute
from openness.catalog.models import AIModel, Organisation

METHODOLOGIES = Path(settings.BASE_DIR) / "fixtures" / "methodologies"
# The 12 criteria of the current EU OSAI Index methodology, in its order.
CODES = [
    "datasources_basemodel",
    "datasources_endmodel",
    "weights_basemodel",
    "weights_endmodel",
    "trainingcode",
    "code",
    "hardware_architecture",
    "preprint",
    "paper",
    "modelcard",
    "datasheet",
    "licenses",
]


def make_methodology() -> Methodology:
    """The EU OSAI Index's methodologies from the project's fixtures; returns the current one."""
    methodologies_load(directory=METHODOLOGIES)
    return Methodology.objects.get(slug="osai", is_current=True)


def make_model(*, slug: str, name: str, levels: dict[str, str]) -> AIModel:
    """A model whose editorial judgments are `levels` ({code: level}); others are closed."""
    organisation, _ = Organisation.objects.get_or_create(
        slug=f"{slug}-org", defaults={"name": f"{name} Lab"}
    )
    model = AIModel.objects.create(
        slug=slug, name=name, organisation=organisation, model_types=["text"], is_curated=True
    )
    for criterion in Criterion.objects.filter(methodology__is_current=True):
        assessment_record(
            model=model,
            criterion=criterion,
            level=levels.get(criterion.code, Level.CLOSED),
            notes=f"Imported judgment for {criterion.code}.",
            provenance=Provenance.CURATED,
            evidence=[EvidenceInput(url=f"https://example.org/{slug}/{criterion.code}")],
            source=Revision.Source.IMPORT,
            reason="Test import",
            actor_label="EU OSAI Index",
        )
    return model


def make_ranked_world() -> dict:
    """Three ranked models: alpha 16/24, beta 15/24, gamma 4/24 (scores stored)."""
    methodology = make_methodology()
    alpha = make_model(slug="alpha", name="Alpha", levels={c: Level.OPEN for c in CODES[:8]})
    beta_levels = {c: Level.OPEN for c in CODES[:7]}
    beta_levels[CODES[7]] = Level.PARTIAL
    beta = make_model(slug="beta", name="Beta", levels=beta_levels)
    gamma = make_model(slug="gamma", name="Gamma", levels={c: Level.OPEN for c in CODES[:2]})
    scores_recompute(methodology=methodology)
    return {"methodology": methodology, "alpha": alpha, "beta": beta, "gamma": gamma}


def make_moderator(username: str = "mod") -> User:
    user = User.objects.create_user(username, f"{username}@example.org", "pw-for-tests-only")
    user.is_staff = True
    user.save()
    group, _ = Group.objects.get_or_create(name="moderators")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="corrections", codename="moderate_correction"
        )
    )
    user.groups.add(group)
    return user

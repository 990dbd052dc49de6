"""Small builders for test data: the EU OSAI Index's 12 criteria and a scripted history.

The criteria (codes, groups, titles) are copied from the EU OSAI Index's `_parameters.yml`
(osai-index.eu, CC-BY 4.0, doi:10.5281/zenodo.15386042); the rubric texts here are short
stand-ins written for tests, not the index's wording.
"""

from datetime import UTC, date, datetime

from openness.assessments.models import Methodology, Provenance, Revision
from openness.assessments.services import EvidenceInput, assessment_record, scores_recompute
from openness.assessments.snapshots import snapshots_refresh
from openness.catalog.models import AIModel, Organisation

ALL_TYPES = ["text", "image", "code", "video", "audio"]
OSAI_CRITERIA = [
    ("availability", "Availability", "datasources_basemodel", "Base Model Data"),
    ("availability", "Availability", "datasources_endmodel", "End User Model Data"),
    ("availability", "Availability", "weights_basemodel", "Base Model Weights"),
    ("availability", "Availability", "weights_endmodel", "End User Model Weights"),
    ("availability", "Availability", "trainingcode", "Training Code"),
    ("documentation", "Documentation", "code", "Code Documentation"),
    ("documentation", "Documentation", "hardware_architecture", "Hardware Architecture"),
    ("documentation", "Documentation", "preprint", "Preprint"),
    ("documentation", "Documentation", "paper", "Paper"),
    ("documentation", "Documentation", "modelcard", "Modelcard"),
    ("documentation", "Documentation", "datasheet", "Datasheet"),
    ("access", "Access", "licenses", "Licenses"),
]
CODES = [code for _g, _gt, code, _t in OSAI_CRITERIA]
GROUP_ORDER = {"availability": 1, "documentation": 2, "access": 3}


def methodology_build(
    *,
    version: str = "2026-03",
    effective_from: date = date(2026, 3, 13),
    effective_until: date | None = None,
    is_current: bool = True,
    codes: list[str] | None = None,
) -> Methodology:
    """The EU index methodology with its 12 criteria (or the subset `codes`)."""
    methodology = Methodology.objects.create(
        slug="osai",
        version=version,
        name="EU Open Source AI Index",
        effective_from=effective_from,
        effective_until=effective_until,
        is_current=is_current,
        source_url="https://osai-index.eu/",
        attribution="European Open Source AI Index (osai-index.eu), CC-BY 4.0",
        license="CC-BY-4.0",
    )
    for order, (group, group_title, code, title) in enumerate(OSAI_CRITERIA):
        if codes is not None and code not in codes:
            continue
        methodology.criteria.create(
            code=code,
            group_code=group,
            group_title=group_title,
            group_order=GROUP_ORDER[group],
            order=order,
            title=title,
            question=f"Is the {title.lower()} openly available?",
            rubric_open=f"{title}: fully available.",
            rubric_partial=f"{title}: partly available.",
            rubric_closed=f"{title}: not available.",
            model_types=ALL_TYPES,
        )
    return methodology


def organisation_build(name: str = "Allen Institute for AI", slug: str = "ai2") -> Organisation:
    return Organisation.objects.create(name=name, slug=slug, link="https://allenai.org/")


def model_build(*, organisation: Organisation, name: str, slug: str, **extra) -> AIModel:
    extra.setdefault("model_types", ["text"])
    extra.setdefault("is_curated", True)
    return AIModel.objects.create(organisation=organisation, name=name, slug=slug, **extra)


def moment(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def record(
    model: AIModel,
    methodology: Methodology,
    code: str,
    level: str,
    *,
    at: datetime,
    notes: str = "",
    urls: tuple[str, ...] = (),
    reason: str = "scripted change",
) -> Revision | None:
    """One assessment change through the real service, at a chosen moment."""
    return assessment_record(
        model=model,
        criterion=methodology.criteria.get(code=code),
        level=level,
        notes=notes or f"{code} is {level}",
        provenance=Provenance.CURATED,
        evidence=[EvidenceInput(url=url, title=f"Source for {code}") for url in urls],
        source=Revision.Source.IMPORT,
        reason=reason,
        actor_label="EU OSAI Index",
        at=at,
    )


def scripted_history() -> dict:
    """Two models whose levels change over three days in March 2026.

    - 2026-03-14: OLMo all 12 open except datasheet partial and licenses closed (10.5 / 12);
      Pythia all closed except weights_endmodel open (1 / 12).
    - 2026-03-20: OLMo licenses closed -> open, with a license link (11.5 / 12);
      Pythia: the first six criteria open (6 / 12).
    - 2026-04-02: OLMo weights_basemodel open -> closed (10.5 / 12); Pythia all open (12 / 12),
      so Pythia overtakes OLMo.
    """
    methodology = methodology_build()
    organisation = organisation_build()
    eleuther = organisation_build(name="EleutherAI", slug="eleutherai")
    olmo = model_build(organisation=organisation, name="OLMo", slug="olmo")
    pythia = model_build(organisation=eleuther, name="Pythia", slug="pythia")
    day1, day2, day3 = moment("2026-03-14"), moment("2026-03-20"), moment("2026-04-02")
    for code in CODES:
        level = {"datasheet": "partial", "licenses": "closed"}.get(code, "open")
        record(olmo, methodology, code, level, at=day1, urls=(f"https://allenai.org/{code}",))
        record(
            pythia, methodology, code, "open" if code == "weights_endmodel" else "closed", at=day1
        )
    record(
        olmo,
        methodology,
        "licenses",
        "open",
        at=day2,
        notes="Apache-2.0 now covers weights and code.",
        urls=("https://allenai.org/licenses", "https://www.apache.org/licenses/LICENSE-2.0"),
        reason="license changed",
    )
    for code in CODES[:6]:
        record(pythia, methodology, code, "open", at=day2)
    record(olmo, methodology, "weights_basemodel", "closed", at=day3, reason="weights withdrawn")
    for code in CODES:
        record(pythia, methodology, code, "open", at=day3)
    scores_recompute(methodology=methodology)
    snapshots_refresh()  # as the import does before it commits
    return {
        "methodology": methodology,
        "olmo": olmo,
        "pythia": pythia,
        "organisation": organisation,
        "eleuther": eleuther,
    }

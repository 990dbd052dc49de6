"""A small Hub track with what is unknown in it, shared by the honest-score tests.

OLMo: curated open, and on the Hub track 7 of 12 criteria decided (the others: one rule note,
one below-threshold datasets judgment, and four criteria whose rules found nothing to judge).
Mistral: 9 of 12 decided, more of them closed. Tiny: a barely downloaded repository, never
enriched, with only the listing's judgments.
"""

import datetime

from django.utils import timezone

from openness.assessments import services
from openness.assessments.models import Level, Track
from openness.crawl.models import HubRepo

from . import factories

OLMO_HUB = {
    "weights_endmodel": "open",
    "weights_basemodel": "open",
    "licenses": "partial",
    "preprint": "partial",
    "modelcard": "open",
    "trainingcode": "partial",
    "datasources_basemodel": "open",
    # datasources_endmodel: stored "not assessed" with the rule's note (below)
}
MISTRAL_HUB = {
    "weights_endmodel": "open",
    "weights_basemodel": "open",
    "licenses": "partial",
    "preprint": "partial",
    "modelcard": "partial",
    "trainingcode": "closed",
    "datasources_basemodel": "closed",
    "datasources_endmodel": "closed",
    "code": "open",
}
NOTE = "No dataset is declared in cardData or tags: metadata cannot show that data is closed."


def hub_repo(model, repo_id: str, *, downloads: int, enriched: bool) -> HubRepo:
    now = timezone.now()
    return HubRepo.objects.create(
        hub="huggingface",
        hub_uid=f"uid-{repo_id}",
        repo_id=repo_id,
        sha="a" * 40,
        enriched_sha="a" * 40 if enriched else "",
        enriched_at=now if enriched else None,
        downloads=downloads,
        first_seen_at=now,
        last_seen_at=now,
        sha_changed_at=now,
        model=model,
    )


def build(methodology) -> dict:
    allen = factories.organisation_create("Allen AI", slug="allenai")
    mistral_org = factories.organisation_create("Mistral AI", slug="mistralai")
    tiny_org = factories.organisation_create("Somebody", slug="somebody")
    olmo = factories.model_create(
        "OLMo", allen, slug="olmo", is_curated=True, end_model_repo="allenai/OLMo-7B"
    )
    mistral = factories.model_create("Mistral-7B-v0.1", mistral_org, slug="mistral-7b-v0-1")
    tiny = factories.model_create("tiny-llama-<x>", tiny_org, slug="tiny-llama")
    factories.assess(olmo, methodology, "open")
    factories.assess(olmo, methodology, OLMO_HUB, track=Track.AUTOMATIC, provenance="automatic")
    services.assessment_record(
        model=olmo,
        criterion=methodology.criteria.get(code="datasources_endmodel"),
        level=Level.NOT_ASSESSED,
        notes=NOTE,
        provenance="automatic",
        evidence=[],
        source="crawler",
        reason="Rule datasets@1",
        track=Track.AUTOMATIC,
        actor_label="rule datasets@1",
        reviewer_label="rule datasets@1",
        at=timezone.now() - datetime.timedelta(minutes=5),
    )
    factories.assess(
        mistral, methodology, MISTRAL_HUB, track=Track.AUTOMATIC, provenance="automatic"
    )
    factories.assess(
        tiny,
        methodology,
        {"weights_endmodel": "open", "licenses": "closed"},
        track=Track.AUTOMATIC,
        provenance="automatic",
    )
    hub_repo(olmo, "allenai/OLMo-7B", downloads=50_000, enriched=True)
    hub_repo(mistral, "mistralai/Mistral-7B-v0.1", downloads=400_000, enriched=True)
    hub_repo(tiny, "somebody/tiny-llama", downloads=12, enriched=False)
    factories.recompute(methodology)
    return {"olmo": olmo, "mistral": mistral, "tiny": tiny}

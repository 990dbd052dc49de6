"""Real names for the search, organisation and compare tests, each with where it was read.

Curated models and their weights links are the EU OSAI Index's (fixtures/osai-index, the files
named; https://osai-index.eu/). Hub repositories are as the Hugging Face Hub names them:
- allenai/OLMo-2-1124-7B, "OLMo 2 7B": https://huggingface.co/allenai/OLMo-2-1124-13B (its
  model card lists allenai/OLMo-2-1124-7B beside the 13B)
- mistralai/Mistral-7B-Instruct-v0.1, fine-tuned from mistralai/Mistral-7B-v0.1:
  https://hf-proxy.robus.us.kg/mistralai/Mistral-7B-Instruct-v0.1/resolve/main/README.md
- meta-llama/Meta-Llama-3-8B-Instruct, and QuantFactory/Meta-Llama-3-8B-Instruct-GGUF, "a
  quantized version of meta-llama/Meta-Llama-3-8B-Instruct" by another account:
  https://hf-proxy.robus.us.kg/QuantFactory/Meta-Llama-3-8B-Instruct-GGUF
"""

from openness.assessments.models import Track

from . import factories


def catalog_create(methodology) -> dict:
    """Curated Meta, Ai2 and Mistral AI, and the Hub accounts whose repositories they link,
    each with a model in the Hub catalog; and one account that no curated organisation owns."""
    meta = factories.organisation_create("Meta", slug="meta")
    ai2 = factories.organisation_create("Ai2", slug="ai2")
    mistral = factories.organisation_create("Mistral AI", slug="mistral-ai")
    curated = {
        # llama-3.1.yaml, OLMo.yaml, Mistral.yaml
        "llama-31": ("Llama 3.1", meta, "meta-llama/Meta-Llama-3.1-405B-Instruct"),
        "olmo": ("OLMo", ai2, "allenai/Olmo-3.1-32B-Think"),
        "mistral": ("Mistral Large 3", mistral, "mistralai/Mistral-Large-3-675B-Instruct-2512"),
    }
    models = {}
    for position, (slug, (name, organisation, repo)) in enumerate(curated.items()):
        models[slug] = factories.model_create(
            name, organisation, slug=slug, is_curated=True, end_model_repo=repo
        )
        factories.assess(models[slug], methodology, "open" if position == 0 else "partial")
    hub = {
        "meta-llama": ["Meta-Llama-3-8B-Instruct"],
        "allenai": ["OLMo-2-1124-7B"],
        "mistralai": ["Mistral-7B-Instruct-v0.1", "Mistral-7B-v0.1"],
        "QuantFactory": ["Meta-Llama-3-8B-Instruct-GGUF"],
    }
    for account, names in hub.items():
        organisation = factories.organisation_create(
            account, slug=account.lower(), hub_author=account
        )
        for name in names:
            slug = f"{account}-{name}".lower().replace(".", "-")
            models[slug] = factories.model_create(
                name, organisation, slug=slug, end_model_repo=f"{account}/{name}"
            )
            factories.assess(
                models[slug], methodology, "partial", track=Track.AUTOMATIC, provenance="automatic"
            )
    factories.assess(
        models["llama-31"], methodology, "open", track=Track.AUTOMATIC, provenance="automatic"
    )
    factories.recompute(methodology)
    return models

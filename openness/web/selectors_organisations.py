"""Organisations across the two tracks: who owns which Hub organisation, and finding one by
the name a reader types.

A curated organisation owns the Hub organisations of its accounts (catalog.hub_accounts), so
its page, the organisations index and the ranking's organisation filter show both tracks'
models under one name. What is derived from the data is kept once per data version in each
process (MethodologyContext.derive), like the curated index's count.
"""

from dataclasses import dataclass

from django.utils.text import slugify

from openness.catalog.hub_accounts import OwnedOrganisation, owned_hub_organisations
from openness.catalog.models import Organisation
from openness.web.ranking import name_key


@dataclass(frozen=True)
class Ownership:
    owner_of: dict[int, int]  # a Hub organisation's id -> its curated owner's id
    owned: dict[int, list[OwnedOrganisation]]  # an owner's id -> its Hub organisations
    # The curated index's organisations (slug, name), by name: the filter's suggestions, and
    # names a reader may type in another case or spelling.
    curated: list[tuple[str, str]]


def ownership(context) -> Ownership:
    """Who owns what, as of the context's data version (two queries, once per version)."""

    def make() -> Ownership:
        owner_of: dict[int, int] = {}
        owned: dict[int, list[OwnedOrganisation]] = {}
        for hub in owned_hub_organisations():
            owner_of[hub.id] = hub.owner_id
            owned.setdefault(hub.owner_id, []).append(hub)
        curated = list(
            Organisation.objects.filter(models__is_curated=True)
            .distinct()
            .order_by("name", "slug")
            .values_list("slug", "name")
        )
        return Ownership(owner_of, owned, curated)

    return context.derive("organisations:ownership", make)


@dataclass(frozen=True)
class Found:
    organisation: Organisation  # the owner, when the name was one of its Hub organisations
    ids: tuple[int, ...]  # its id and those of the Hub organisations it owns


def organisation_find(text: str, context) -> Found | None:
    """The organisation a reader means by a slug, a name or a Hub account, in any case:
    "Meta", "meta", "meta-llama" and "Mistral AI" all find theirs. Index lookups only (the
    slug's, the Hub account's), then the curated organisations' names; one or two queries."""
    text = text.strip()
    if not text:
        return None
    rights = ownership(context)
    candidates = [c for c in dict.fromkeys((text, text.lower(), slugify(text))) if c]
    by_slug = {
        o.slug: o
        for o in Organisation.objects.filter(slug__in=candidates).only("id", "slug", "name")
    }
    organisation = next((by_slug[c] for c in candidates if c in by_slug), None)
    if organisation is None:
        key = name_key(text)
        slug = next((s for s, name in rights.curated if name_key(name) == key), None)
        query = Organisation.objects.only("id", "slug", "name")
        organisation = (
            query.filter(slug=slug).first() if slug else query.filter(hub_author=text).first()
        )
    if organisation is None:
        return None
    owner_id = rights.owner_of.get(organisation.pk)
    if owner_id is not None:
        organisation = Organisation.objects.only("id", "slug", "name").get(pk=owner_id)
    owned = rights.owned.get(organisation.pk, [])
    return Found(organisation, (organisation.pk, *(hub.id for hub in owned)))


def not_found_text(text: str) -> str:
    """What a ranking says when organisation_find found nothing for what the reader typed."""
    return (
        f"No organisation is called {text[:60]!r}, so no model matches; "
        "pick one of the suggestions or see the organisations index."
    )

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


# The ranking's organisation filter suggests every curated organisation and the Hub accounts
# they own, and, of the Hub's own accounts, those of its most downloaded scored models: a
# bounded list (the page stays small at millions of models), read from the downloads sort's
# index (catalog/migrations/0002) with no pass over the whole track. Any other account is found
# as typed (organisation_find), like any other name.
HUB_SUGGESTIONS = 100
HUB_SUGGESTIONS_MODELS_READ = 1_000
_HUB_SUGGESTIONS_SQL = """
SELECT o.id, o.hub_author, o.name
FROM (
    SELECT m.organisation_id, COALESCE(m.downloads, -1) AS downloads, m.id
    FROM catalog_aimodel m
    WHERE EXISTS (
        SELECT 1 FROM assessments_score s
        WHERE s.model_id = m.id AND s.methodology_id = %s AND s.track = 'automatic'
    )
    ORDER BY COALESCE(m.downloads, -1) DESC, m.id DESC
    LIMIT %s
) AS top
JOIN catalog_organisation o ON o.id = top.organisation_id
WHERE o.hub_author <> ''
  AND NOT EXISTS (SELECT 1 FROM catalog_aimodel c WHERE c.organisation_id = o.id AND c.is_curated)
GROUP BY o.id
ORDER BY max(top.downloads) DESC, o.id
LIMIT %s
"""


@dataclass(frozen=True)
class Suggestion:
    value: str  # what the filter is sent: a curated organisation's name or a Hub account
    label: str  # what it stands for where that differs: "Meta" for "meta-llama"; else ""


def organisation_suggestions(context, *, hub: bool = True) -> list[Suggestion]:
    """The organisation filter's suggestions, merged across the tracks: the curated index's
    organisations by name, the Hub accounts they own labelled with the owner's name (the
    filter finds the owner from either), then, for the Hub track (`hub`), up to
    HUB_SUGGESTIONS other Hub accounts, most downloaded first (one query, once per data
    version); the curated index has no model of theirs."""
    from django.db import connection

    def make() -> list[Suggestion]:
        rights = ownership(context)
        names = dict(rights.curated)
        found = [Suggestion(name, "") for _, name in rights.curated]
        for hubs in rights.owned.values():
            found += [Suggestion(h.name, names.get(h.owner_slug, "")) for h in hubs]
        if not hub:
            return found
        with connection.cursor() as cursor:
            cursor.execute(
                _HUB_SUGGESTIONS_SQL,
                [context.methodology.pk, HUB_SUGGESTIONS_MODELS_READ, HUB_SUGGESTIONS],
            )
            for hub_id, account, name in cursor.fetchall():
                if hub_id not in rights.owner_of:
                    found.append(Suggestion(account, name if name != account else ""))
        return found

    def unique() -> list[Suggestion]:
        seen: set[str] = set()
        kept = []
        for suggestion in make():
            if suggestion.value.casefold() not in seen:
                seen.add(suggestion.value.casefold())
                kept.append(suggestion)
        return kept

    return context.derive(f"organisations:suggestions:{'hub' if hub else 'curated'}", unique)

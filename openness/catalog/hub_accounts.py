"""Which Hub organisations belong to a curated organisation, derived from the curated data.

The crawler makes one organisation per Hub account ("meta-llama", "allenai"), and the curated
index names its own ("Meta", "Ai2"). The curated files link each model's weights on the Hub
(AIModel.end_model_repo, "meta-llama/Llama-3.1-8B"), and the account that owns that repository
is the organisation's: Meta owns "meta-llama" and "facebook", Ai2 owns "allenai". So the
accounts follow the data, with no list typed by hand: a curated file that links a new
account adds it at the next import. An editor can name one more in Organisation.hub_author.
"""

from dataclasses import dataclass

from django.db import connection

# Each Hub account's owner: the curated organisation whose curated models link most of its
# repositories (the lower id on a tie: two curated organisations share "google"), or the one
# whose hub_author names it. The Hub organisations of those accounts that hold no curated
# model of their own are the owned ones. Reads the curated models' partial index
# (aimodel_curated_repo, a few hundred rows) and the organisations' hub_author index.
_OWNED_SQL = """
WITH claims AS (
    SELECT m.organisation_id AS owner, split_part(m.end_model_repo, '/', 1) AS account,
           count(*) AS weight
    FROM catalog_aimodel m
    WHERE m.is_curated AND m.end_model_repo LIKE '%%_/_%%'
    GROUP BY 1, 2
    UNION ALL
    SELECT o.id, o.hub_author, 1000000
    FROM catalog_organisation o
    WHERE o.hub_author <> ''
      AND o.id IN (SELECT organisation_id FROM catalog_aimodel WHERE is_curated)
), owners AS (
    SELECT DISTINCT ON (account) account, owner FROM claims ORDER BY account, weight DESC, owner
)
SELECT hub.id, hub.slug, hub.name, owners.owner, owner.slug
FROM owners
JOIN catalog_organisation hub ON hub.hub_author = owners.account AND hub.id <> owners.owner
JOIN catalog_organisation owner ON owner.id = owners.owner
WHERE NOT EXISTS (
    SELECT 1 FROM catalog_aimodel c WHERE c.organisation_id = hub.id AND c.is_curated
)
ORDER BY owners.owner, hub.slug
"""


@dataclass(frozen=True)
class OwnedOrganisation:
    """A Hub organisation that a curated organisation owns."""

    id: int
    slug: str
    name: str
    owner_id: int
    owner_slug: str


def owned_hub_organisations() -> list[OwnedOrganisation]:
    """Every Hub organisation owned by a curated organisation (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_OWNED_SQL)
        return [OwnedOrganisation(*row) for row in cursor.fetchall()]

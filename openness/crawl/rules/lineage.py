"""Rule lineage@2: the base model, and the base-model criteria that follow from it.

Lineage comes from `baseModels` (`{relation, models: [{id}]}`; a list is tolerated),
`cardData.base_model` (a string or a list) and the hub's `base_model:<id>` and
`base_model:<relation>:<id>` tags.

- A model that declares a base (fine-tune, adapter, merge, quantized): `weights_basemodel` is
  the base's own end-model weights judgment and `datasources_basemodel` the base's training
  data judgment (the lower of its end- and base-model data when the base is itself derived),
  each taken from the base's catalog assessment (curated track first, else automatic) and
  citing it. When the base is not in the catalog or not assessed there: not assessed.
- A model whose metadata declares no base, and whose name marks it as a pretrained base
  model (a `base`, `pretrained` or `pt` word in the repository name): it is its own base, so,
  as the EU index does, `weights_basemodel` and `datasources_basemodel` mirror the end-model
  judgments.
- A model that declares no base and is not marked as one: not assessed. An instruction-tuned
  or otherwise post-trained model that names no base (Command A, RWKV-7 G1) has a base that
  was not published with it; its end-model judgments say nothing about it.

v2 (from lineage@1): no longer copies the end-model judgments to the base-model criteria of a
model that declares no base unless the model is marked as a base model.
- The item carries none of `baseModels`, `cardData`, `tags`: no judgment.
"""

import re
from dataclasses import dataclass, field

from openness.crawl.rules.base import (
    Evidence,
    EvidenceInput,
    Judgment,
    Level,
    api_evidence,
    card_data,
    is_repo_id,
    strings,
    tag_values,
    tags,
)
from openness.crawl.snapshot import HubSnapshot

RULE = "lineage@2"
# Words of a repository name that mark a pretrained base model.
BASE_WORDS = frozenset({"base", "pretrained", "pretrain", "pt"})
RELATIONS = ("adapter", "finetune", "merge", "quantized")
_RANK = {Level.CLOSED: 0, Level.PARTIAL: 1, Level.OPEN: 2}


@dataclass(frozen=True)
class Lineage:
    """What the item says about the model's base."""

    known: bool  # the item carries any field that would name a base
    relation: str = ""
    base_ids: tuple[str, ...] = ()
    excerpt: str = ""

    @property
    def is_derived(self) -> bool:
        return bool(self.base_ids)


@dataclass(frozen=True)
class BaseFacts:
    """The base model's catalog entry and its judgments, read by assess.py for the rule."""

    repo_id: str
    page_url: str  # the base model's page on this site
    hub_url: str  # the base model's page on the hub
    is_derived: bool  # the base itself declares a base
    # {criterion code: (level, track)} for weights_endmodel, datasources_endmodel and
    # datasources_basemodel, the curated track's where it has one.
    levels: dict[str, tuple[str, str]] = field(default_factory=dict)


def lineage(item: dict) -> Lineage:
    """Read the item's lineage; any shape is accepted."""
    item = item if isinstance(item, dict) else {}
    card = card_data(item)
    base_models = item.get("baseModels")
    known = "baseModels" in item or bool(card) or tags(item) is not None
    ids: list[str] = []
    relation = ""
    excerpts: list[str] = []

    entries: list = []
    if isinstance(base_models, dict):
        entries = base_models.get("models") if isinstance(base_models.get("models"), list) else []
        if isinstance(base_models.get("relation"), str):
            relation = base_models["relation"]
    elif isinstance(base_models, list):
        entries = base_models
    for entry in entries:
        value = entry.get("id") if isinstance(entry, dict) else entry
        if isinstance(value, str) and is_repo_id(value.strip()):
            ids.append(value.strip())
    if ids:
        excerpts.append(f'"baseModels": relation {relation or "?"}, models {", ".join(ids)}')

    for value in strings(card.get("base_model")):
        if is_repo_id(value) and value not in ids:
            ids.append(value)
            excerpts.append(f"cardData.base_model: {value}")
    if not relation and isinstance(card.get("base_model_relation"), str):
        relation = card["base_model_relation"]

    for value in tag_values(item, "base_model"):
        head, _, rest = value.partition(":")
        if rest and head in RELATIONS:
            relation = relation or head
            value = rest
        if is_repo_id(value) and value not in ids:
            ids.append(value)
            excerpts.append(f"tag base_model:{value}")
    relation = relation.strip().lower()
    return Lineage(
        known=known,
        relation=relation if ids and relation in RELATIONS else "",
        base_ids=tuple(ids),
        excerpt="; ".join(excerpts)[:1000],
    )


def is_marked_base(repo_id: str) -> bool:
    """True when the repository name marks a pretrained base model ("SmolLM3-3B-Base")."""
    name = repo_id.rpartition("/")[2].lower()
    return bool(BASE_WORDS & set(re.split(r"[^a-z0-9]+", name)))


def _mirror(judgment: Judgment | None, criterion: str, what: str) -> Judgment | None:
    if judgment is None or judgment.level == Level.NOT_ASSESSED:
        return None
    notes = (
        f"The model declares no base model and its name marks it as a pretrained base model, "
        f"so it is its own base and the {what} judgment stands for the base model too: "
        f"{judgment.notes}"
    )
    evidence = tuple(
        EvidenceInput(
            url=e.url,
            title=e.title,
            excerpt=e.excerpt,
            kind=e.kind,
            retrieved_at=e.retrieved_at,
            revision=e.revision,
            rule=RULE,
        )
        for e in judgment.evidence
    )
    return Judgment(
        criterion=criterion, level=judgment.level, notes=notes, rule=RULE, evidence=evidence
    )


def judge(
    snapshot: HubSnapshot,
    *,
    base: BaseFacts | None,
    weights: Judgment | None,
    datasets: Judgment | None,
) -> list[Judgment]:
    """Judgments for weights_basemodel and datasources_basemodel."""
    found = lineage(snapshot.item)
    if not found.known:
        return []
    if not found.is_derived:
        if not is_marked_base(snapshot.repo_id):
            notes = (
                "The model declares no base model and its name does not mark it as a pretrained "
                "base model, so its base model cannot be told from metadata: whether the "
                "base's weights and training data are published is not shown here."
            )
            cited = (api_evidence(snapshot, rule=RULE, excerpt="no base_model declared"),)
            # Only where an end-model judgment exists (which lineage@1 used to copy).
            return [
                Judgment(c, Level.NOT_ASSESSED, notes, RULE, cited)
                for c, end in (("weights_basemodel", weights), ("datasources_basemodel", datasets))
                if end is not None
            ]
        mirrored = [
            _mirror(weights, "weights_basemodel", "end-model weights"),
            _mirror(datasets, "datasources_basemodel", "end-model training data"),
        ]
        return [j for j in mirrored if j is not None]

    declared = api_evidence(snapshot, rule=RULE, excerpt=found.excerpt)
    relation = f" ({found.relation})" if found.relation else ""
    if base is None:
        notes = (
            f"Derived{relation} from {found.base_ids[0]}, which is not assessed in the catalog; "
            "the base model's openness cannot be read from this model's metadata."
        )
        return [
            Judgment(c, Level.NOT_ASSESSED, notes, RULE, (declared,))
            for c in ("weights_basemodel", "datasources_basemodel")
        ]

    cited = (
        declared,
        EvidenceInput(
            url=base.page_url,
            title=f"Openness assessment of the base model {base.repo_id}",
            excerpt=f"base model {base.repo_id}",
            kind=Evidence.Kind.WEBSITE,
            retrieved_at=snapshot.retrieved_at,
            revision="",
            rule=RULE,
        ),
    )
    results = []
    weights_level = base.levels.get("weights_endmodel")
    if weights_level and weights_level[0] in _RANK:
        level, track = weights_level
        notes = (
            f"Derived{relation} from {base.repo_id}; its end-model weights are rated {level} "
            f"({track} track), and that is this model's base-model weights judgment."
        )
    else:
        level, notes = (
            Level.NOT_ASSESSED,
            (f"Derived{relation} from {base.repo_id}, whose weights are not assessed."),
        )
    results.append(Judgment("weights_basemodel", level, notes, RULE, cited))

    data = [base.levels.get("datasources_endmodel"), base.levels.get("datasources_basemodel")]
    data = [d for d in data if d and d[0] in _RANK]
    if data and (not base.is_derived or len(data) == 2):
        level, track = min(data, key=lambda d: _RANK[d[0]])
        notes = (
            f"Derived{relation} from {base.repo_id}; its training data is rated {level} "
            f"({track} track), and that is this model's base-model data judgment."
        )
    else:
        level, notes = (
            Level.NOT_ASSESSED,
            (f"Derived{relation} from {base.repo_id}, whose training data is not assessed."),
        )
    results.append(Judgment("datasources_basemodel", level, notes, RULE, cited))
    return results

"""Apply the rules to one model: write automatic judgments, flag curated ones, rescore.

`hub_model_assess` is the one entry point the crawler calls per model and snapshot. It writes
only on the automatic track, through assessments.services.assessment_record, so every change
appends a Revision and re-running with the same snapshot writes nothing. Curated (editorial
track) rows are never written here; when a curated model's hub revision or declared license
has moved since the automatic track last recorded it, the editorial assessments of the
affected criteria are flagged for review instead.

Lineage: a derived model's base-model criteria read the base's judgments when the derived
model is assessed. The base is the one the metadata declares, else the one the model card
declares (lineage@3): a Hub link or an `org/name` in the card's sentence is taken as written, a
name alone is resolved here through the catalog (`_resolve_card_base`, by name key from
lineage@4), else, for a post-trained release, the same account's pretrained model its name is
made from (lineage@4, `_resolve_named_sibling`; from lineage@5 also a model whose card says its
authors pretrained and then post-trained it, and a card's family name read with the model's own
size). Either way the base is recorded on the model
(`base_model_repo`, `base_model`), so the model is re-assessed when its base's judgments move.
From lineage@6, a card's name that fits several repositories has each one's judgments read
(`CardBase.fits`); none is recorded as the base, so such a model is re-assessed at its next
enrichment or rerun, not when a candidate's judgments move.
When this call moves a judgment that derived models read, their ids come back in
`AssessOutcome.derived_model_ids` for the caller to re-assess.

Scores: by default the model's automatic-track score is recomputed when anything changed.
`scores_recompute` re-ranks the whole track, so a crawler assessing many models passes
`recompute_score=False` and calls `scores_recompute(track=Track.AUTOMATIC, model_ids=...)` once
per batch.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet

from openness.assessments import services
from openness.assessments.models import (
    Assessment,
    Evidence,
    Level,
    Methodology,
    Provenance,
    Revision,
    Track,
)
from openness.catalog.models import AIModel
from openness.crawl.models import HubRepo, repo_name_key
from openness.crawl.rules import judge_snapshot, licensing
from openness.crawl.rules.base import Judgment
from openness.crawl.rules.lineage import (
    END_NOT_JUDGED,
    BaseFacts,
    CardBase,
    SiblingBase,
    card_base,
    card_known,
    card_size,
    lineage,
    name_key,
    named_base_keys,
)
from openness.crawl.snapshot import HubSnapshot
from openness.lib import site

_BASE_CRITERIA = ("weights_endmodel", "datasources_endmodel", "datasources_basemodel")
# How many recent crawler revisions to search for the last recorded sha and license.
_HISTORY = 50


@dataclass
class AssessOutcome:
    """What one call did: judgments written, left as they were, curated rows flagged."""

    changed: int = 0
    unchanged: int = 0
    flagged: int = 0
    skipped: int = 0  # judgments not written (criterion not in the methodology, ...)
    # Catalog models derived from this one whose base-model criteria read judgments that moved
    # here: the caller re-assesses them (their own snapshots) to follow.
    derived_model_ids: list[int] = field(default_factory=list)


def derived_models(model: AIModel) -> QuerySet[AIModel]:
    """Catalog models derived from this one: linked to it, or naming its repository as their
    base (a base that was not in the catalog when they were read). Each condition has its
    partial index, so this is a BitmapOr of two small index scans, never a catalog scan."""
    derived = Q(base_model=model)
    if model.end_model_repo:
        derived |= Q(base_model_repo=model.end_model_repo)
    return AIModel.objects.filter(derived).exclude(pk=model.pk).order_by("id")


def _base_model(*, model: AIModel, base_repo: str, hub: str) -> AIModel | None:
    """The catalog model a base repository stands for: the curated model naming it, else
    the model its hub repository belongs to (two index lookups: the few curated models by
    their partial index, hub repositories by their unique name)."""
    others = AIModel.objects.exclude(pk=model.pk).order_by("id")
    return (
        others.filter(is_curated=True, end_model_repo=base_repo).first()
        or others.filter(hub_repos__hub=hub, hub_repos__repo_id=base_repo).first()
    )


def _base_facts(
    *, model: AIModel, base_repo: str, snapshot: HubSnapshot, methodology: Methodology
) -> tuple[AIModel | None, BaseFacts | None]:
    base = _base_model(model=model, base_repo=base_repo, hub=snapshot.hub)
    if base is None:
        return None, None
    levels: dict[str, tuple[str, str]] = {}
    rows = (
        Assessment.objects.filter(
            model=base, criterion__methodology=methodology, criterion__code__in=_BASE_CRITERIA
        )
        .exclude(level=Level.NOT_ASSESSED)
        .values_list("criterion__code", "track", "level")
    )
    for code, track, level in sorted(rows, key=lambda r: r[1] != Track.EDITORIAL):
        levels.setdefault(code, (level, track))
    if not levels:
        return base, None
    facts = BaseFacts(
        repo_id=base_repo,
        page_url=f"{site.site_url()}{base.get_absolute_url()}",
        hub_url=f"{snapshot.endpoint}/{base_repo}",
        is_derived=bool(base.base_model_repo),
        levels=levels,
    )
    return base, facts


# How many repositories of one name to read before calling the name ambiguous.
_NAME_CANDIDATES = 20


def _by_name_key(keys: tuple[str, ...], *, model: AIModel, hub: str, owner: str = "") -> list[str]:
    """Repository ids of the hub whose name key is one of `keys`, of the account `owner` (case
    aside) when given, the model's own left out; at most _NAME_CANDIDATES. An index scan of
    `hubrepo_name_key` per key, the account checked on the few rows it finds."""
    found = HubRepo.objects.filter(hub=hub).annotate(name_key=repo_name_key())
    found = found.filter(name_key__in=keys).exclude(model=model)
    if owner:
        found = found.filter(repo_id__istartswith=f"{owner}/")
    return list(found.order_by("id").values_list("repo_id", flat=True)[:_NAME_CANDIDATES])


def _resolve_card_base(card: CardBase, *, model: AIModel, hub: str, repo_id: str) -> CardBase:
    """The card's base name as a hub repository of the catalog, where exactly one fits.

    The catalog's repositories whose name (the part after the organisation) has the card's
    name's key: case, the separators "-", "_" and space, and a "-hf" suffix aside ("Llama2 70B"
    and "Llama-2-70b-hf", "CodeLlama-7B" and "CodeLlama-7b-hf"), through the `hubrepo_name_key`
    index. When the sentence names an organisation ("EleutherAI's Pythia-12b"), only its
    repositories count (the account name, case aside). One repository left: that is the base;
    none or several: not resolved (the judgment says which, and how many of that name other
    accounts hold when the named one holds none).

    lineage@5: when the named organisation holds no repository of a name without a size
    ("EleutherAI's GPT-NeoX") and the model's own name `repo_id` carries one ("...-20B"), the
    organisation's repositories of the family plus that size are searched the same way
    (`lineage.card_size`)."""
    keys = (name_key(card.name),)
    found = _by_name_key(keys, model=model, hub=hub, owner=card.org)
    elsewhere = 0
    if card.org and not found:
        elsewhere = len(_by_name_key(keys, model=model, hub=hub))
        if size := card_size(card, repo_id):
            sized = (name_key(f"{card.name}-{size}"),)
            found = _by_name_key(sized, model=model, hub=hub, owner=card.org)
            return card.resolved(
                found[0] if len(found) == 1 else "", len(found), elsewhere, size, _fits(found)
            )
    return card.resolved(
        found[0] if len(found) == 1 else "", len(found), elsewhere, "", _fits(found)
    )


def _fits(found: list[str]) -> tuple[str, ...]:
    """The repositories a name fits when it fits several, all of them listed (lineage@6 judges
    each); none when it fits one, none, or as many as were read (there may be more)."""
    return tuple(found) if 1 < len(found) < _NAME_CANDIDATES else ()


def _resolve_named_sibling(
    snapshot: HubSnapshot, *, model: AIModel, hub: str
) -> SiblingBase | None:
    """The pretrained model a post-trained release's name is made from (lineage@4): the one
    repository of the same account whose name key is one of `sibling_base_keys` ("OpenELM-3B"
    for apple/OpenELM-3B-Instruct); from lineage@5 also, for a model whose card says it was
    pretrained by its authors and then post-trained, the account's one `<X>-Base` of its own
    name (`lineage.named_base_keys`). None when the names show no base."""
    repo_id = snapshot.repo_id
    keys, statement = named_base_keys(snapshot)
    owner = repo_id.partition("/")[0] if "/" in repo_id else ""
    if not keys or not owner:
        return None
    found = [r for r in _by_name_key(keys, model=model, hub=hub, owner=owner) if r != repo_id]
    pretrained, post_trained = statement or ("", "")
    return SiblingBase(found[0] if len(found) == 1 else "", len(found), pretrained, post_trained)


def _link_base(*, model: AIModel, base_repo: str, base: AIModel | None) -> None:
    """Record the declared base on the model; curated lineage is kept as curated."""
    if model.is_curated and model.base_model_repo and model.base_model_repo != base_repo:
        return
    fields = []
    if model.base_model_repo != base_repo:
        model.base_model_repo = base_repo[:300]
        fields.append("base_model_repo")
    base_id = base.pk if base is not None else None
    # A new base repo re-points the link (or clears it when the base is not in the catalog);
    # the same repo only fills a missing link.
    if model.base_model_id != base_id and (fields or base is not None):
        model.base_model = base
        fields.append("base_model")
    if fields:
        model.save(update_fields=[*fields, "updated_at"])


def _last_recorded(model: AIModel) -> tuple[str | None, str | None]:
    """The hub sha and license key the automatic track last recorded for the model."""
    contexts = (
        Revision.objects.filter(
            assessment__model=model,
            assessment__track=Track.AUTOMATIC,
            source=Revision.Source.CRAWLER,
        )
        .order_by("-created_at", "-id")
        .values_list("context", flat=True)[:_HISTORY]
    )
    sha = license_key = None
    for context in contexts:
        if not isinstance(context, dict):
            continue
        if sha is None and context.get("sha"):
            sha = context["sha"]
        if license_key is None and context.get("license") is not None:
            license_key = context["license"]
        if sha is not None and license_key is not None:
            break
    return sha, license_key


@transaction.atomic
def hub_model_assess(
    *,
    model: AIModel,
    snapshot: HubSnapshot,
    methodology: Methodology | None = None,
    recompute_score: bool = True,
) -> AssessOutcome:
    """Judge one model from one hub snapshot, on the automatic track of the methodology."""
    methodology = methodology or services.current_methodology()
    criteria = {c.code: c for c in methodology.criteria.all()}
    outcome = AssessOutcome()

    found_lineage = lineage(snapshot.item)
    base = facts = card = sibling = None
    fits: tuple[BaseFacts | None, ...] = ()
    base_repo = ""
    if found_lineage.is_derived:
        base_repo = found_lineage.base_ids[0]
    elif found_lineage.known:
        card = card_base(snapshot)  # metadata declares none: the card's sentence, if any
        if card is not None and not card.repo_id:
            card = _resolve_card_base(card, model=model, hub=snapshot.hub, repo_id=snapshot.repo_id)
        if card is None and card_known(snapshot):
            # nor the card (read, or none on the hub): a post-trained release's name, if it is one
            sibling = _resolve_named_sibling(snapshot, model=model, hub=snapshot.hub)
        base_repo = card.repo_id if card is not None else sibling.repo_id if sibling else ""
        if card is not None and card.fits:
            # lineage@6: a name that fits several repositories; each one's judgments are read,
            # and none is linked as the base (the card does not say which it is)
            fits = tuple(
                _base_facts(
                    model=model, base_repo=repo_id, snapshot=snapshot, methodology=methodology
                )[1]
                for repo_id in card.fits
            )
    if base_repo:
        base, facts = _base_facts(
            model=model, base_repo=base_repo, snapshot=snapshot, methodology=methodology
        )
        _link_base(model=model, base_repo=base_repo, base=base)

    judgments = judge_snapshot(snapshot, base=facts, card=card, sibling=sibling, fits=fits)
    item = snapshot.item if isinstance(snapshot.item, dict) else {}
    license_key = (
        licensing.license_key(item) if licensing.declared_licenses(item) is not None else None
    )
    previous_sha, previous_license = _last_recorded(model) if model.is_curated else (None, None)

    existing = {
        a.criterion.code: a
        for a in Assessment.objects.filter(
            model=model, track=Track.AUTOMATIC, criterion__methodology=methodology
        )
        .select_related("criterion")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(retracted_at__isnull=True),
                to_attr="current_evidence",
            )
        )
    }
    moved: dict[str, tuple[str, str]] = {}  # criterion code: (old level, new level)
    for judgment in judgments:
        criterion = criteria.get(judgment.criterion)
        current = existing.get(judgment.criterion)
        if criterion is None or not criterion.applies_to(model.model_types):
            outcome.skipped += 1
            continue
        if current is not None and current.provenance != Provenance.AUTOMATIC:
            outcome.skipped += 1  # a community correction accepted on this track stands
            continue
        # A "not assessed" with nothing stored before is recorded too: its notes say what the
        # rule looked at and why it could not decide, which the model page shows (the score
        # counts it as not assessed either way).
        if current is not None and (
            _less_informed(judgment, current)
            or _same_as_stored(judgment, current)
            or _card_unread(judgment, current, snapshot)
            or _end_unread(judgment, current)
        ):
            outcome.unchanged += 1
            continue
        revision = _record(
            model=model,
            criterion=criterion,
            judgment=judgment,
            snapshot=snapshot,
            license_key=license_key,
        )
        if revision is None:
            outcome.unchanged += 1
            continue
        outcome.changed += 1
        if current is None and judgment.level == Level.NOT_ASSESSED:
            continue  # a first "not assessed" moves no judgment that anything reads
        if current is None or (current.level, current.notes) != (judgment.level, judgment.notes):
            moved[judgment.criterion] = (current.level if current else "", judgment.level)

    if any(code in moved for code in _BASE_CRITERIA):
        outcome.derived_model_ids = list(derived_models(model).values_list("id", flat=True))
    if model.is_curated:
        outcome.flagged = _flag_curated(
            model=model,
            methodology=methodology,
            snapshot=snapshot,
            previous_sha=previous_sha,
            previous_license=previous_license,
            license_key=license_key,
            moved=moved,
        )
    if recompute_score and outcome.changed:
        services.scores_recompute(
            methodology=methodology, track=Track.AUTOMATIC, model_ids=[model.id]
        )
    return outcome


def _identity(url, title, excerpt, kind, revision, rule) -> tuple:
    return (url.strip(), title.strip()[:500], excerpt.strip(), kind, revision.strip()[:100], rule)


def _less_informed(judgment: Judgment, current: Assessment) -> bool:
    """True when the judgment repeats the stored level on a strict subset of its evidence.

    A list-only re-crawl at the same revision knows less than the enriched crawl before it
    (no paper record, no dataset records): it keeps the richer stored judgment instead of
    swapping notes and evidence back and forth.
    """
    if current.level != judgment.level:
        return False
    stored = {
        _identity(e.url, e.title, e.excerpt, e.kind, e.revision, e.rule)
        for e in current.current_evidence
    }
    new = {
        _identity(e.url, e.title, e.excerpt, e.kind, e.revision, e.rule) for e in judgment.evidence
    }
    return new < stored


def _card_unread(judgment: Judgment, current: Assessment, snapshot: HubSnapshot) -> bool:
    """True when a "not assessed" made without the model card (a list-only crawl) would replace
    a judgment that read it: lineage@3's base read from the card stands until the next
    enrichment reads the card again."""
    return (
        snapshot.readme is None
        and judgment.level == Level.NOT_ASSESSED
        and judgment.criterion in ("weights_basemodel", "datasources_basemodel")
        and any(e.kind == Evidence.Kind.MODEL_CARD for e in current.current_evidence)
    )


def _end_unread(judgment: Judgment, current: Assessment) -> bool:
    """True when a model that is its own base would have its stored base-model judgment
    replaced by "not assessed" only because this snapshot did not hold what the end-model rule
    reads (a listing item without the file list or the gating): the end-model judgment stands
    then (its rule gives none), and so does the base-model one that mirrors it (lineage@4)."""
    return (
        judgment.level == Level.NOT_ASSESSED
        and current.level != Level.NOT_ASSESSED
        and END_NOT_JUDGED.get(judgment.criterion, "\0") in judgment.notes
    )


def _same_as_stored(judgment: Judgment, current: Assessment) -> bool:
    """True when assessment_record would find nothing to change (saves its locking round trip).

    The same comparison the service makes; when in doubt the service decides.
    """
    stored = [
        _identity(e.url, e.title, e.excerpt, e.kind, e.revision, e.rule)
        for e in current.current_evidence
    ]
    new = [
        _identity(e.url, e.title, e.excerpt, e.kind, e.revision, e.rule) for e in judgment.evidence
    ]
    return (
        current.level == judgment.level
        and current.notes == judgment.notes
        and current.provenance == Provenance.AUTOMATIC
        and len(stored) == len(set(stored))
        and len(new) == len(set(new))
        and set(stored) == set(new)
    )


def _record(*, model, criterion, judgment: Judgment, snapshot: HubSnapshot, license_key):
    return services.assessment_record(
        model=model,
        criterion=criterion,
        level=judgment.level,
        notes=judgment.notes,
        provenance=Provenance.AUTOMATIC,
        evidence=judgment.evidence,
        source=Revision.Source.CRAWLER,
        reason=f"Rule {judgment.rule} on {snapshot.hub} {snapshot.repo_id}"
        + (f" at {snapshot.sha}" if snapshot.sha else ""),
        track=Track.AUTOMATIC,
        actor_label=f"rule {judgment.rule}",
        context={
            "rule": judgment.rule,
            "hub": snapshot.hub,
            "repo": snapshot.repo_id,
            "sha": snapshot.sha,
            "license": license_key,
            "retrieved_at": snapshot.retrieved_at.isoformat(),
        },
    )


def _flag_curated(
    *,
    model: AIModel,
    methodology: Methodology,
    snapshot: HubSnapshot,
    previous_sha: str | None,
    previous_license: str | None,
    license_key: str | None,
    moved: dict[str, tuple[str, str]],
) -> int:
    """Flag editorial assessments whose upstream evidence changed; returns how many."""
    sha_changed = bool(previous_sha and snapshot.sha and previous_sha != snapshot.sha)
    license_changed = (
        previous_license is not None and license_key is not None and previous_license != license_key
    )
    if not sha_changed and not license_changed:
        return 0
    changes = []
    if sha_changed:
        changes.append(f"hub revision {previous_sha[:12]} -> {snapshot.sha[:12]}")
    if license_changed:
        changes.append(
            f"declared license {previous_license or 'none'!r} -> {license_key or 'none'!r}"
        )
    # A new revision affects the criteria whose automatic judgment it moved; a new license
    # always affects the licenses criterion.
    affected = set(moved) if sha_changed else set()
    if license_changed:
        affected.add("licenses")
    if not affected:
        return 0
    flagged = 0
    rows = Assessment.objects.filter(
        model=model,
        track=Track.EDITORIAL,
        criterion__methodology=methodology,
        criterion__code__in=affected,
    ).select_related("criterion")
    for assessment in rows:
        code = assessment.criterion.code
        detail = ""
        if code in moved:
            old, new = moved[code]
            detail = f"; the automatic judgment is now {new}" + (f" (was {old})" if old else "")
        reason = (
            f"{snapshot.hub} {snapshot.repo_id} changed upstream: {'; '.join(changes)}{detail}."
        )
        if services.assessment_flag_for_review(assessment=assessment, reason=reason):
            flagged += 1
    return flagged

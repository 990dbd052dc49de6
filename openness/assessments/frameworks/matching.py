"""Matching the Model Openness Tool's releases to curated catalog models, conservatively.

In this order, the first rule that finds exactly one model wins:
1. repository: the tool's Hugging Face repository is the curated model's end model repository;
2. name: the release's name, compared without case and punctuation, is the curated model's
   name or end model name;
3. family: the release is published by the same Hub account as the curated model's end or base
   model, and the curated model's name, as words, begins the release's name ("Llama 3.1" and
   "Llama-3.1-8B"); the longest such name wins, and a tie matches nothing;
4. base: the release is the curated model's base model (by repository or name), published by
   the same account as the curated model (a fine-tune of Llama 3.1 by someone else is not
   matched to the tool's Llama 3.1).
Anything else stays unmatched (and is reported).
"""

import re
from dataclasses import dataclass

from openness.assessments.frameworks.mot import MotRelease
from openness.catalog.models import AIModel


@dataclass(frozen=True)
class Candidate:
    model_id: int
    slug: str
    names: frozenset[str]  # normalised
    base_names: frozenset[str]
    base_repos: frozenset[str]
    tokens: tuple[str, ...]  # the model's name as words
    repos: frozenset[str]
    owners: frozenset[str]


@dataclass(frozen=True)
class Match:
    model_id: int
    slug: str
    basis: str


def normalised(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").casefold())


def words(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z]+|[0-9]+", (name or "").casefold()))


def candidate(
    model_id: int,
    slug: str,
    name: str,
    end_name: str,
    base_name: str,
    end_repo: str,
    base_repo: str,
) -> Candidate:
    end_repo = (end_repo or "").strip().casefold()
    base_repo = (base_repo or "").strip().casefold()
    # A base model published by another account is someone else's model (a fine-tune of
    # Llama 3.1 is not Llama 3.1): only the model's own base counts.
    own_base = bool(base_repo) and base_repo.split("/", 1)[0] == end_repo.split("/", 1)[0]
    repos = frozenset(r for r in (end_repo,) if "/" in r)
    return Candidate(
        model_id=model_id,
        slug=slug,
        names=frozenset(n for n in map(normalised, (name, end_name)) if n),
        base_names=frozenset({normalised(base_name)} - {""}) if own_base else frozenset(),
        base_repos=frozenset({base_repo}) if own_base else frozenset(),
        tokens=words(name),
        repos=repos,
        owners=frozenset(r.split("/", 1)[0] for r in (end_repo, base_repo) if "/" in r),
    )


def catalog_candidates() -> list[Candidate]:
    """Every curated model, as the matching rules read it."""
    rows = AIModel.objects.filter(is_curated=True).values_list(
        "pk",
        "slug",
        "name",
        "end_model_name",
        "base_model_name",
        "end_model_repo",
        "base_model_repo",
    )
    return [candidate(*row) for row in rows]


def match_release(release: MotRelease, candidates: list[Candidate]) -> Match | None:
    repo = release.huggingface_repo.casefold()
    if repo:
        found = [c for c in candidates if repo in c.repos]
        if len(found) == 1:
            return Match(found[0].model_id, found[0].slug, "repository")
    name = normalised(release.name)
    found = [c for c in candidates if name and name in c.names]
    if len(found) == 1:
        return Match(found[0].model_id, found[0].slug, "name")
    owner = repo.split("/", 1)[0] if repo else ""
    release_words = words(release.name)
    family = [
        c
        for c in candidates
        if owner in c.owners and c.tokens and release_words[: len(c.tokens)] == c.tokens
    ]
    if family:
        longest = max(len(c.tokens) for c in family)
        best = [c for c in family if len(c.tokens) == longest]
        if len(best) == 1:
            return Match(best[0].model_id, best[0].slug, "family")
        return None
    found = [c for c in candidates if (repo and repo in c.base_repos) or name in c.base_names]
    if len(found) == 1:
        return Match(found[0].model_id, found[0].slug, "base")
    return None

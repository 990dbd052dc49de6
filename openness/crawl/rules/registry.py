"""The rules as the site explains them: each rule's id, the criteria it judges, what it reads,
and its description in words, taken from the rule's own module docstring (never typed twice).

The methodology page lists these; the model page reads `criteria_judged` and `reads` to say
why a criterion is not assessed (no rule judges it, or its rule needs documents that
enrichment fetches and that were not fetched).
"""

import re
from dataclasses import dataclass
from types import ModuleType

from openness.crawl.rules import (
    RULES,
    architecture,
    coderepo,
    datacards,
    datasets,
    datasheet,
    documentation,
    lineage,
    paper,
    projectlicense,
    weights,
)


@dataclass(frozen=True)
class RuleInfo:
    rule: str  # "weights@1"
    criteria: tuple[str, ...]
    # What the rule reads beyond the Hub's listing item: "readme", "datasets", "papers",
    # "dataset_cards", "config", "code_repos", "arxiv" (web/selectors.py READS_IN_WORDS words
    # them).
    reads: tuple[str, ...]
    description: str

    @property
    def name(self) -> str:
        return self.rule.partition("@")[0]

    @property
    def version(self) -> str:
        return self.rule.partition("@")[2]

    @property
    def needs_enrichment(self) -> bool:
        return bool(self.reads)

    @property
    def blocks(self) -> list[tuple[str, list[str]]]:
        """The description as ("p", [text]) paragraphs and ("ul", [item, ...]) lists: the
        docstring's "- " items and its blank-line paragraphs, lines joined."""
        blocks: list[tuple[str, list[str]]] = []
        for chunk in re.split(r"\n\s*\n", self.description):
            items: list[str] = []
            para: list[str] = []
            for line in chunk.splitlines():
                line = line.strip()
                if line.startswith("- "):
                    items.append(line[2:])
                elif items:
                    items[-1] += " " + line
                else:
                    para.append(line)
            if para:
                blocks.append(("p", [" ".join(para)]))
            if items:
                blocks.append(("ul", items))
        return blocks


def _own_section(module: ModuleType, rule: str) -> str:
    """The part of the module's docstring that describes `rule`.

    A module with one rule opens with "Rule <id>: <summary>" and describes it below; a module
    with several (documentation.py) heads each rule's part with a line holding its id.
    """
    doc = (module.__doc__ or "").strip()
    lines = doc.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip().startswith(rule)]
    if len(starts) == 1 and not lines[0].startswith(f"Rule {rule}:"):
        start = starts[0]
        end = next(
            (
                i
                for i in range(start + 1, len(lines))
                if re.match(r"^[a-z]+@\d+\b", lines[i]) or re.match(r"^[A-Z]", lines[i])
            ),
            len(lines),
        )
        text = "\n".join(lines[start:end]).strip().removeprefix(rule).strip()
    else:
        text = re.sub(r"^Rules? [^:]*:\s*", "", doc, count=1)
    text = text.strip()
    return text[:1].upper() + text[1:]


_SOURCES: tuple[tuple[ModuleType, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (weights, weights.RULE, (weights.CRITERION,), ()),
    (
        projectlicense,
        projectlicense.RULE,
        (projectlicense.CRITERION,),
        ("datasets", "code_repos", "readme", "papers"),
    ),
    (
        datasets,
        datasets.RULE,
        (datasets.CRITERION,),
        ("datasets", "readme", "code_repos", "papers"),
    ),
    (lineage, lineage.RULE, ("weights_basemodel", "datasources_basemodel"), ("readme",)),
    (documentation, documentation.PREPRINT_RULE, ("preprint",), ("readme", "papers")),
    (documentation, documentation.MODELCARD_RULE, ("modelcard",), ("readme",)),
    (documentation, documentation.TRAININGCODE_RULE, ("trainingcode",), ("readme", "papers")),
    (coderepo, coderepo.TRAININGCODE_RULE, ("trainingcode",), ("code_repos",)),
    (coderepo, coderepo.CODE_RULE, ("code",), ("code_repos", "readme")),
    (datasheet, datasheet.RULE, (datasheet.CRITERION,), ("dataset_cards", "readme")),
    (architecture, architecture.RULE, (architecture.CRITERION,), ("config", "readme")),
    (datacards, datacards.RULE, ("datasources_endmodel",), ("dataset_cards",)),
    (paper, paper.RULE, (paper.CRITERION,), ("readme", "papers", "arxiv")),
)

REGISTRY: tuple[RuleInfo, ...] = tuple(
    RuleInfo(rule=rule, criteria=criteria, reads=reads, description=_own_section(module, rule))
    for module, rule, criteria, reads in _SOURCES
)
# Every rule judge_snapshot applies is described here, and nothing else.
assert {info.rule for info in REGISTRY} == set(RULES), "rules/registry.py misses a rule"


def rules_for(criterion: str) -> list[RuleInfo]:
    """The rules that judge a criterion (none: only curators and corrections assess it)."""
    return [info for info in REGISTRY if criterion in info.criteria]


def criteria_judged() -> set[str]:
    return {code for info in REGISTRY for code in info.criteria}

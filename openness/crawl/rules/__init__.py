"""Rules that turn what a hub says about a model into automatic, cited judgments.

Each rule is a pure function of a HubSnapshot (no database, no network) with an id and a
version ("weights@1"), documented in its module:

    weights@2       weights_endmodel                         weights.py
    license@7       licenses                                 projectlicense.py
    datasets@6      datasources_endmodel                     datasets.py
    lineage@6       weights_basemodel, datasources_basemodel lineage.py
    preprint@5      preprint                                 documentation.py
    modelcard@3     modelcard                                documentation.py
    trainingcode@1  trainingcode                             documentation.py
    repocode@4      trainingcode (code repositories read)    coderepo.py
    codedocs@4      code                                     coderepo.py (codetree.py reads)
    datasheet@4     datasheet                                datasheet.py
    architecture@3  hardware_architecture                    architecture.py
    datacards@1     datasources_endmodel (refines datasets@) datacards.py
    paper@4         paper                                    paper.py

A rule returns None when the snapshot holds nothing it could read (the field was not asked
for, the README was not fetched): the stored judgment, if any, stands. It returns a Judgment
at level "not_assessed" when it read the metadata and the metadata cannot decide. Bump a
rule's version whenever its outcome for the same input changes.
"""

from openness.crawl.rules import (
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
from openness.crawl.rules.base import Judgment
from openness.crawl.rules.lineage import BaseFacts, CardBase, SiblingBase
from openness.crawl.snapshot import HubSnapshot

RULES = (
    weights.RULE,
    projectlicense.RULE,
    datasets.RULE,
    lineage.RULE,
    documentation.PREPRINT_RULE,
    documentation.MODELCARD_RULE,
    documentation.TRAININGCODE_RULE,
    coderepo.TRAININGCODE_RULE,
    coderepo.CODE_RULE,
    datasheet.RULE,
    architecture.RULE,
    datacards.RULE,
    paper.RULE,
)

__all__ = ["RULES", "BaseFacts", "Judgment", "judge_snapshot"]


def judge_snapshot(
    snapshot: HubSnapshot,
    *,
    base: BaseFacts | None = None,
    card: CardBase | None = None,
    sibling: SiblingBase | None = None,
    fits: tuple[BaseFacts | None, ...] = (),
) -> list[Judgment]:
    """Every judgment the rules can make from one snapshot, at most one per criterion.

    `base` is the catalog's knowledge of the declared base model (assess.py reads it), used
    for the base-model criteria of a derived model; `card` the base the model card names, as
    assess.py resolved it through the catalog (lineage@3; without it the card is read alone);
    `sibling` the same account's pretrained model a post-trained release's name is made from, as
    assess.py found it in the catalog (lineage@4; lineage@5 also from the card's statement that
    its authors pretrained and then post-trained it); `fits` the catalog's facts of each
    repository a card's name fits when it fits several (lineage@6, in `card.fits` order).
    """
    end_weights = weights.judge(snapshot, base=base)
    end_data = datacards.refine_datasources(datasets.judge(snapshot), snapshot)
    found = [
        end_weights,
        projectlicense.judge(snapshot),
        end_data,
        *lineage.judge(
            snapshot,
            base=base,
            weights=end_weights,
            datasets=end_data,
            card=card,
            sibling=sibling,
            fits=fits,
        ),
        documentation.judge_preprint(snapshot),
        documentation.judge_modelcard(snapshot),
        _trainingcode(snapshot),
        coderepo.judge_code(snapshot),
        datasheet.judge(snapshot),
        architecture.judge(snapshot),
        paper.judge(snapshot),
    ]
    return [j for j in found if j is not None]


def _trainingcode(snapshot: HubSnapshot) -> Judgment | None:
    """repocode@4 when a linked repository was read or all are gone, else trainingcode@1 on the
    links."""
    judged = coderepo.judge_trainingcode(snapshot)
    if judged is not None:
        return judged
    if snapshot.code_repos:
        # linked repositories could not be read for a reason that may pass (not all gone,
        # which repocode@4 judges): the stored judgment stands
        return None
    return documentation.judge_trainingcode(snapshot)

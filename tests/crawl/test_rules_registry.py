"""The rule registry the site explains the rules from: complete, in words, never typed twice."""

from pathlib import Path

import yaml
from django.conf import settings

from openness.crawl.rules import RULES, coderepo, documentation, weights
from openness.crawl.rules.registry import REGISTRY, criteria_judged, rules_for


def test_every_rule_is_registered_once_with_its_id_and_version():
    assert [info.rule for info in REGISTRY] == list(RULES)
    for info in REGISTRY:
        assert info.name and info.version.isdigit()
        assert info.criteria


def test_descriptions_come_from_the_rules_own_docstrings():
    by_rule = {info.rule: info for info in REGISTRY}
    weights_text = by_rule[weights.RULE].description
    assert weights_text.startswith("Are the end model's weights on the hub")
    assert "Weight files present and the repository not gated: open." in weights_text
    # documentation.py holds three rules: each gets its own part of the docstring only.
    modelcard = by_rule[documentation.MODELCARD_RULE].description
    assert "six standard model card sections" in modelcard
    assert "arxiv" not in modelcard and "githubRepo" not in modelcard
    for info in REGISTRY:
        assert info.blocks, info.rule
        assert not info.description.startswith(("Rule ", info.rule)), info.rule


def test_the_criteria_are_the_methodologys_and_every_one_has_a_rule():
    path = Path(settings.BASE_DIR) / "fixtures" / "methodologies" / "osai-2026-03.yaml"
    data = yaml.safe_load(path.read_text())
    codes = {c["code"] for g in data["groups"] for c in g["criteria"]}
    assert len(codes) == 12
    assert criteria_judged() <= codes
    assert criteria_judged() == codes
    assert [info.rule for info in rules_for("weights_basemodel")] == ["lineage@6"]
    assert [info.rule for info in rules_for("datasheet")] == ["datasheet@4"]
    trainingcode = [info.rule for info in rules_for("trainingcode")]
    assert trainingcode == ["trainingcode@1", coderepo.TRAININGCODE_RULE]
    assert [info.rule for info in rules_for("paper")] == ["paper@4"]
    assert [info.rule for info in rules_for("licenses")] == ["license@7"]

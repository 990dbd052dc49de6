"""rules_evaluate: the rules against the EU index's curated levels, on a fixture hub folder."""

import json
import re
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from openness.assessments.models import Level
from openness.catalog.models import AIModel, Organisation
from openness.crawl import evaluation
from openness.crawl.models import HubRepo
from openness.crawl.rules import judge_snapshot, paper, projectlicense
from openness.crawl.snapshot import FetchedDocument
from tests.crawl.test_rules_lineage_card import AT, gold

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(
    r"^overall: agreement \d+\.\d% of \d+ decided pairs, coverage \d+\.\d%, "
    r"open-but-closed \d+, spearman (-?\d\.\d\d|n/a), disputed \d+ left out$"
)


def test_it_crawls_a_folder_compares_with_the_curated_files_and_leaves_no_trace(methodology):
    out = StringIO()
    call_command("rules_evaluate", hub_dir=Path(settings.BASE_DIR) / "fixtures" / "hub", stdout=out)
    lines = out.getvalue().splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    assert any(line.startswith("weights_endmodel ") for line in lines)
    assert "disagreements (curated | automatic)" in lines
    assert any(line.startswith("coverage with a linked code repository: ") for line in lines)
    # The Spearman figure is on what the Hub ranking orders by; the other totals beside it.
    assert any(line.startswith("spearman of the lower ends ") for line in lines)
    assert any(line.startswith("  secondary: mean over decided criteria only") for line in lines)
    assert any(line.startswith("open-but-closed: ") for line in lines)
    # No record of fixtures/hub marks a dispute; the lines say so rather than vanish.
    assert "left out as disputed, the recorded pages contradicting the curated level: none" in (
        lines
    )
    assert any(line.startswith("  with them counted: agreement ") for line in lines)
    assert not HubRepo.objects.exists() and not AIModel.objects.exists()


def test_it_refuses_a_database_that_holds_a_catalog(methodology):
    org = Organisation.objects.create(slug="o", name="O")
    AIModel.objects.create(slug="m", name="M", organisation=org)
    with pytest.raises(CommandError, match="scratch database"):
        call_command("rules_evaluate", hub_dir=Path(settings.BASE_DIR) / "fixtures" / "hub")


def test_expected_levels_come_from_the_curated_files(methodology):
    expected = evaluation.expectations(
        curated_dir=Path(settings.BASE_DIR) / "fixtures" / "osai-index", methodology=methodology
    )
    # fixtures/osai-index/smollm.yaml links HuggingFaceTB/SmolLM3-3B as its end model and
    # rates its licenses open; its base, SmolLM3-3B-Base, is compared on weights and data only.
    assert expected["HuggingFaceTB/SmolLM3-3B"]["licenses"].level == Level.OPEN
    assert expected["HuggingFaceTB/SmolLM3-3B"]["licenses"].file == "smollm.yaml"
    assert set(expected["HuggingFaceTB/SmolLM3-3B-Base"]) <= set(evaluation.BASE_CRITERIA)


def test_a_judgment_resting_on_an_unknown_fact_is_left_out():
    unknown = evaluation.Unknowns(fields=frozenset({"gated"}))
    judged = evaluation.Judged(Level.PARTIAL)
    assert evaluation.excluded_because("weights_endmodel", judged, unknown) == "gating unknown"
    partial_list = evaluation.Unknowns(siblings_partial=True)
    closed = evaluation.Judged(Level.CLOSED)
    assert evaluation.excluded_because("weights_endmodel", closed, partial_list)
    assert not evaluation.excluded_because("weights_endmodel", judged, partial_list)


def test_an_undecided_pair_is_left_out_when_the_fact_it_needed_is_unknown():
    undecided = evaluation.Judged(Level.NOT_ASSESSED)
    no_gating = evaluation.Unknowns(fields=frozenset({"gated"}))
    assert evaluation.excluded_because("weights_endmodel", undecided, no_gating) == (
        "gating unknown"
    )
    no_card = evaluation.Unknowns(fields=frozenset({"README.md"}))
    for code in ("modelcard", "trainingcode", "code", "hardware_architecture"):
        assert evaluation.excluded_because(code, undecided, no_card) == "model card unknown"
    part_card = evaluation.Unknowns(readme_partial=True)
    assert evaluation.excluded_because("code", undecided, part_card) == (
        "model card recorded in part"
    )
    no_paper = evaluation.Unknowns(papers_unknown=True)
    assert evaluation.excluded_because("preprint", undecided, no_paper)
    # Known facts that decide nothing stay in: the rules are charged with them.
    known = evaluation.Unknowns()
    for code in ("weights_endmodel", "datasources_endmodel", "paper", "licenses"):
        assert evaluation.excluded_because(code, undecided, known) == ""
    # Tags known: the declared datasets are known (the Hub makes dataset: tags from cardData).
    tags_known = evaluation.Unknowns(fields=frozenset({"cardData"}))
    assert evaluation.excluded_because("datasources_endmodel", undecided, tags_known) == ""


def test_an_undecided_paper_does_not_wait_on_the_card():
    """paper@3 leaves a paper about the model undecided (peer review not in any record), and a
    venue or a cited arXiv paper in the recorded part is in the whole card too: the part not
    recorded could only add links, which leave it undecided. So the pair counts, undecided."""
    peer_review = evaluation.Judged(
        Level.NOT_ASSESSED,
        "A paper about the model or its organisation is linked (2306.05284 (its abstract "
        "names musicgen)), but the Hub's paper record is an arXiv preprint and does not say "
        "whether it was peer reviewed.",
        "paper@3",
    )
    for unknown in (
        evaluation.Unknowns(readme_partial=True),
        evaluation.Unknowns(fields=frozenset({"README.md"})),
    ):
        assert evaluation.excluded_because("paper", peer_review, unknown) == ""
    # The records and the tags it reads are still facts the folder may lack.
    no_record = evaluation.Unknowns(readme_partial=True, papers_unknown=True)
    assert evaluation.excluded_because("paper", peer_review, no_record) == (
        "a linked paper's record unknown"
    )


def test_a_closed_paper_resting_on_a_card_recorded_in_part_is_left_out():
    closed = evaluation.Judged(Level.CLOSED)
    assert (
        evaluation.excluded_because("paper", closed, evaluation.Unknowns(readme_partial=True))
        == "model card recorded in part"
    )
    assert (
        evaluation.excluded_because(
            "paper", closed, evaluation.Unknowns(fields=frozenset({"README.md"}))
        )
        == "model card unknown"
    )
    assert evaluation.excluded_because("paper", closed, evaluation.Unknowns()) == ""


def test_a_closed_data_judgment_on_a_silent_card_needs_the_whole_card():
    silent = evaluation.Judged(Level.CLOSED, "No training dataset is declared (cardData, tags)")
    part = evaluation.Unknowns(readme_partial=True)
    for code in ("datasources_endmodel", "datasheet"):
        assert evaluation.excluded_because(code, silent, part) == "model card recorded in part"
        assert evaluation.excluded_because(code, silent, evaluation.Unknowns()) == ""
    # A closed datasheet on declared datasets' missing cards does not rest on the model card.
    declared = evaluation.Judged(Level.CLOSED, "No declared dataset has a card that answers")
    assert evaluation.excluded_because("datasheet", declared, part) == ""


def test_unknown_paper_records_are_read_from_the_folder(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "papers").mkdir()
    item = {"id": "o/m", "tags": ["arxiv:2304.01373"], "_unknown": ["gated"]}
    (tmp_path / "models" / "o__m.json").write_text(json.dumps(item))
    assert evaluation.unknowns(tmp_path)["o/m"].papers_unknown
    paper = {"id": "2304.01373", "title": "Pythia", "_unknown": []}
    (tmp_path / "papers" / "2304.01373.json").write_text(json.dumps(paper))
    assert not evaluation.unknowns(tmp_path)["o/m"].papers_unknown


def test_a_dataset_whose_gating_alone_is_unknown_still_counts_for_the_license(tmp_path):
    for folder in ("models", "datasets"):
        (tmp_path / folder).mkdir()
    item = {"id": "o/m", "tags": ["dataset:o/d", "license:mit"], "_unknown": ["cardData"]}
    (tmp_path / "models" / "o__m.json").write_text(json.dumps(item))
    dataset = {"id": "o/d", "tags": ["license:odc-by"], "_unknown": ["gated", "cardData"]}
    (tmp_path / "datasets" / "o__d.json").write_text(json.dumps(dataset))
    unknown = evaluation.unknowns(tmp_path)["o/m"]
    assert unknown.datasets_unknown and not unknown.dataset_licenses_unknown
    partial = evaluation.Judged(Level.PARTIAL)
    assert evaluation.excluded_because("licenses", partial, unknown) == ""
    assert evaluation.excluded_because("datasources_endmodel", partial, unknown)


def test_tags_recorded_in_part_are_read_from_the_folder(tmp_path):
    (tmp_path / "models").mkdir()
    item = {"id": "o/m", "tags": ["license:mit"], "_unknown": [], "_tags_partial": ["arxiv"]}
    (tmp_path / "models" / "o__m.json").write_text(json.dumps(item))
    assert evaluation.unknowns(tmp_path)["o/m"].tags_partial == {"arxiv"}
    item.pop("_tags_partial")
    (tmp_path / "models" / "o__m.json").write_text(json.dumps(item))
    assert evaluation.unknowns(tmp_path)["o/m"].tags_partial == frozenset()


def test_a_judgment_on_arxiv_tags_shown_only_as_a_count_is_left_out():
    # bigcode/starcoder2-15b: its header shows "arxiv: 5 papers", so no arxiv: tag is
    # recorded; neither a closed paper nor an undecided preprint may count.
    count_only = evaluation.Unknowns(
        fields=frozenset({"cardData", "README.md"}), tags_partial=frozenset({"arxiv"})
    )
    for level in (Level.CLOSED, Level.NOT_ASSESSED, Level.PARTIAL):
        for code in ("preprint", "paper"):
            assert evaluation.excluded_because(code, evaluation.Judged(level), count_only) == (
                "arXiv tags recorded in part"
            )
    # The other criteria do not read the arXiv ids.
    licensed = evaluation.Judged(Level.PARTIAL)
    assert evaluation.excluded_because("licenses", licensed, count_only) == ""


def test_a_data_judgment_on_dataset_tags_shown_only_as_a_count_is_left_out():
    # mosaicml/mpt-30b-instruct: "9 datasets" in the header, cardData not recorded.
    count_only = evaluation.Unknowns(
        fields=frozenset({"cardData"}), tags_partial=frozenset({"dataset"})
    )
    for code in ("datasources_endmodel", "datasheet", "licenses"):
        for level in (Level.OPEN, Level.CLOSED, Level.NOT_ASSESSED):
            assert evaluation.excluded_because(code, evaluation.Judged(level), count_only) == (
                "dataset tags recorded in part"
            )
    # With cardData known its `datasets` list is whole, and the Hub's tags follow it.
    card_known = evaluation.Unknowns(tags_partial=frozenset({"dataset"}))
    closed = evaluation.Judged(Level.CLOSED)
    assert evaluation.excluded_because("datasources_endmodel", closed, card_known) == ""
    assert evaluation.excluded_because("preprint", closed, count_only) == ""


def test_a_lineage_judgment_on_base_model_tags_not_recorded_is_left_out():
    no_base_tags = evaluation.Unknowns(
        fields=frozenset({"cardData"}), tags_partial=frozenset({"base_model"})
    )
    for code in ("weights_basemodel", "datasources_basemodel"):
        judged = evaluation.Judged(Level.OPEN)
        assert evaluation.excluded_because(code, judged, no_base_tags) == (
            "base model tags recorded in part"
        )


def test_spearman_ranks_ties_at_their_mean():
    assert evaluation.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert evaluation.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert evaluation.spearman([0.5, 0.5, 1.0], [0.1, 0.2, 0.9]) == pytest.approx(0.866, abs=1e-3)
    assert evaluation.spearman([1, 1, 1], [1, 2, 3]) is None


def test_a_hardware_judgment_below_open_on_a_card_recorded_in_part_is_left_out():
    # architecture@2: closed or partial rests on what the missing part of the card might say.
    part_card = evaluation.Unknowns(readme_partial=True)
    for level in (Level.CLOSED, Level.PARTIAL):
        judged = evaluation.Judged(level)
        assert evaluation.excluded_because("hardware_architecture", judged, part_card) == (
            "model card recorded in part"
        )
    opened = evaluation.Judged(Level.OPEN)
    assert evaluation.excluded_because("hardware_architecture", opened, part_card) == ""


def test_a_license_judgment_on_a_silent_card_or_unknown_dataset_licenses_is_left_out():
    # license@4 reads "no data shared" from a silent card, and any dataset's license.
    silent = evaluation.Judged(
        Level.CLOSED,
        "Closed by the rubric: the weights not open, the training data not open (the weights: "
        "llama2; the training code: no code repository is linked; the training data: no "
        "training dataset is declared and the model card has no section on training)",
    )
    part_card = evaluation.Unknowns(readme_partial=True)
    assert evaluation.excluded_because("licenses", silent, part_card) == (
        "model card recorded in part"
    )
    assert evaluation.excluded_because("licenses", silent, evaluation.Unknowns()) == ""
    licenses_unknown = evaluation.Unknowns(dataset_licenses_unknown=True)
    closed = evaluation.Judged(Level.CLOSED, "Closed by the rubric")
    assert evaluation.excluded_because("licenses", closed, licenses_unknown)
    # Undecided beside weights not open and no dataset: the card would have decided it.
    waiting = evaluation.Judged(
        Level.NOT_ASSESSED,
        "The parts shown (the weights not open) leave the level between closed and partial "
        "(the training data: no training dataset is declared)",
    )
    assert evaluation.excluded_because("licenses", waiting, part_card) == (
        "model card recorded in part"
    )


def test_a_lineage_judgment_copied_from_a_base_judgment_left_out_is_left_out():
    # sapienzanlp/Minerva-7B-instruct-v1.0 copies its base's closed training data; the base's
    # own judgment rests on dataset tags recorded in part (fixtures/hub-gold).
    base, derived = "sapienzanlp/Minerva-7B-base-v1.0", "sapienzanlp/Minerva-7B-instruct-v1.0"
    copied = evaluation.Judged(
        Level.CLOSED, f"Derived from {base}; its training data is rated closed (automatic track)"
    )
    expected = evaluation.Expected(Level.PARTIAL, "minerva.yaml", "datasources_basemodel", "", ())
    report = evaluation.compare(
        expected={derived: {"datasources_basemodel": expected}},
        judged={
            derived: {"datasources_basemodel": copied},
            base: {"datasources_endmodel": evaluation.Judged(Level.CLOSED)},
        },
        repos=[base, derived],
        unknown={
            base: evaluation.Unknowns(
                fields=frozenset({"cardData"}), tags_partial=frozenset({"dataset"})
            ),
            derived: evaluation.Unknowns(),
        },
        criteria=["datasources_endmodel", "datasources_basemodel"],
    )
    (pair,) = report.pairs
    assert pair.excluded == "the base's judgment: dataset tags recorded in part"


def test_coverage_with_a_linked_code_repository_counts_repositories_whose_code_was_read():
    # Issue 15's second coverage target: the pairs of repositories whose code judgments cite a
    # code repository they read; a judgment that says none is linked does not count.
    read = evaluation.Judged(
        Level.OPEN, "", "trainingcode@2", (("https://github.com/imoneoi/openchat", "Training"),)
    )
    none = evaluation.Judged(
        Level.NOT_ASSESSED,
        "No code repository is linked in the model card",
        "trainingcode@2",
        (("https://huggingface.co/a/b/blob/main/README.md", "no code repository linked"),),
    )
    expected = evaluation.Expected(Level.OPEN, "x.yaml", "trainingcode", "", ())
    report = evaluation.compare(
        expected={"a/with": {"trainingcode": expected}, "a/without": {"trainingcode": expected}},
        judged={"a/with": {"trainingcode": read}, "a/without": {"trainingcode": none}},
        repos=["a/with", "a/without"],
        unknown={},
        criteria=["trainingcode"],
    )
    assert report.with_code_repos == ["a/with"]
    assert (report.with_code.decided, report.with_code.applicable) == (1, 1)
    assert (report.overall.decided, report.overall.applicable) == (1, 2)


def test_spearman_is_computed_on_the_lower_end_the_hub_ranking_orders_by():
    # docs/honest-scores.md: the Hub track ranks by the lower end of the range (not assessed
    # counted closed). Three repositories whose curated order is a > b > c: a has one decided
    # open and one undecided; b two decided partials; c nothing decided. The mean over decided
    # criteria only puts a first alone (1.0) and leaves c out; the lower ends (0.5, 0.5, 0) tie
    # a and b and keep c, last, as the site ranks it.
    def exp(level):
        return evaluation.Expected(level, "x.yaml", "", "", ())

    def got(level):
        return evaluation.Judged(level)

    criteria = ["weights_endmodel", "licenses"]
    report = evaluation.compare(
        expected={
            "o/a": {"weights_endmodel": exp(Level.OPEN), "licenses": exp(Level.OPEN)},
            "o/b": {"weights_endmodel": exp(Level.OPEN), "licenses": exp(Level.PARTIAL)},
            "o/c": {"weights_endmodel": exp(Level.CLOSED), "licenses": exp(Level.CLOSED)},
        },
        judged={
            "o/a": {"weights_endmodel": got(Level.OPEN)},
            "o/b": {"weights_endmodel": got(Level.PARTIAL), "licenses": got(Level.PARTIAL)},
        },
        repos=["o/a", "o/b", "o/c"],
        unknown={},
        criteria=criteria,
        site_totals={"o/a": (1 / 12, 0.9), "o/b": (1 / 12, 0.6), "o/c": (0.0, 0.1)},
    )
    totals = {t.repo_id: t for t in report.totals}
    assert (totals["o/a"].lower, totals["o/a"].upper, totals["o/a"].assessed_mean) == (0.5, 1, 1)
    assert (totals["o/c"].lower, totals["o/c"].upper, totals["o/c"].assessed_mean) == (0, 1, None)
    assert report.spearman == pytest.approx(evaluation.spearman([0.5, 0.5, 0.0], [1.0, 0.75, 0.0]))
    assert report.spearman_assessed is None  # two repositories with a decided pair: too few
    assert report.spearman_upper == pytest.approx(
        evaluation.spearman([1.0, 0.5, 1.0], [1.0, 0.75, 0.0])
    )
    assert report.spearman_site == pytest.approx(
        evaluation.spearman([1 / 12, 1 / 12, 0.0], [0.9, 0.6, 0.1])
    )
    assert report.ranked == 2 and report.models == 3


def test_the_curated_total_is_the_curated_tracks_own_total(methodology):
    # fixtures/osai-index/smollm.yaml: the file's total as the curated track scores it.
    from openness.assessments import scoring
    from openness.assessments.osai_import import osai_file_parse
    from openness.assessments.services import criteria_specs

    curated_dir = Path(settings.BASE_DIR) / "fixtures" / "osai-index"
    totals = evaluation.curated_totals(curated_dir=curated_dir, methodology=methodology)
    specs = criteria_specs(methodology)
    record, _ = osai_file_parse(
        path=curated_dir / "smollm.yaml", criteria=tuple(c.code for c in specs)
    )
    levels = {code: cell.level for code, cell in record.cells.items()}
    expected = scoring.score(levels, specs, record.fields["model_types"]).total
    assert totals["HuggingFaceTB/SmolLM3-3B"] == pytest.approx(float(expected))
    assert "HuggingFaceTB/SmolLM3-3B-Base" not in totals  # a base repository has no file total


GOLD = Path(settings.BASE_DIR) / "fixtures" / "hub-gold"


def test_an_undecided_code_judgment_waiting_on_a_license_the_folder_does_not_know_is_left_out():
    # fixtures/hub-gold/code/github/PixArt-alpha__PixArt-sigma.json marks `repo.license`
    # unknown: the stored GitHub files did not show it, while GitHub's API would have answered
    # it. (lm-sys/FastChat was such a case until the sixth pass read its pyproject.toml.)
    if not (GOLD / "code" / "github" / "PixArt-alpha__PixArt-sigma.json").is_file():
        pytest.skip("no PixArt-sigma record in this checkout's gold set")
    found = evaluation.unknowns(GOLD)["PixArt-alpha/PixArt-Sigma-XL-2-1024-MS"]
    assert "pixart-alpha/pixart-sigma" not in found.code_licenses_known
    assert "lm-sys/fastchat" in found.code_licenses_known  # Apache-2.0, from its pyproject.toml
    assert "imoneoi/openchat" in found.code_licenses_known  # Apache-2.0, from its README
    waiting = evaluation.Judged(
        Level.NOT_ASSESSED,
        "The code repositories (PixArt-alpha/PixArt-sigma) document training and data "
        "processing, but the license could not be read (PixArt-alpha/PixArt-sigma): at least "
        "partial, open if it is OSI-approved.",
    )
    for code in ("trainingcode", "code"):
        assert evaluation.excluded_because(code, waiting, found) == (
            "a linked code repository's license unknown"
        )
    # A repository the folder does not hold at all (GPT-NeoXT's card links OpenChaT).
    unread = evaluation.Judged(
        Level.NOT_ASSESSED,
        "the training code: no license could be read (https://github.com/togethercomputer/OpenChaT)",
    )
    assert evaluation.excluded_because("licenses", unread, found)
    # A folder without the gold set's notes knows every fact it serves.
    assert not evaluation.excluded_because("code", waiting, evaluation.Unknowns())


def test_a_code_judgment_on_a_repository_the_folder_does_not_hold_is_left_out():
    # cvssp/audioldm2's card links https://github.com/haoheliu/audioldm2, which the gold set
    # does not hold: the loopback GitHub answers 404, the live one would not. repocode@4 and
    # codedocs@4 say the repository is gone; that rests on the folder's gap, so the pair counts
    # neither way, and the repository does not count as one whose code was read.
    snapshot = gold("cvssp/audioldm2")
    gone = FetchedDocument(
        url="https://github.com/haoheliu/audioldm2", retrieved_at=AT, error="NotFound"
    )
    snapshot = replace(snapshot, code_repos={gone.url: gone})
    judged = {j.criterion: j for j in judge_snapshot(snapshot)}
    found = evaluation.unknowns(GOLD)["cvssp/audioldm2"]
    assert "haoheliu/audioldm2" not in found.code_repos_held
    assert "lm-sys/fastchat" in found.code_repos_held
    levels = {}
    for code in ("trainingcode", "code"):
        levels[code] = evaluation.Judged(judged[code].level, judged[code].notes, judged[code].rule)
        assert evaluation.excluded_because(code, levels[code], found) == (
            "a linked code repository's record not in the folder"
        )
        # a folder that holds every repository it links would have answered: counted
        held = replace(found, code_repos_held=found.code_repos_held | {"haoheliu/audioldm2"})
        assert evaluation.excluded_because(code, levels[code], held) == ""
    cited = {
        code: replace(
            levels[code], evidence=tuple((e.url, e.excerpt) for e in judged[code].evidence)
        )
        for code in levels
    }
    assert not evaluation._reads_code_repository(cited)


def test_an_undecided_license_whose_code_or_data_part_reads_a_card_not_known_is_left_out():
    notes = (
        "The parts shown (the weights open, the training data not open) leave the level between "
        "closed and partial: it rests on the training code, not known (the training code: "
        f"{projectlicense.NO_CODE_REPOSITORY}; the training data: "
        f"{projectlicense.NO_DATASET_SILENT_CARD} does not exist (README.md answers 404))"
    )
    undecided = evaluation.Judged(Level.NOT_ASSESSED, notes)
    no_card = evaluation.Unknowns(fields=frozenset({"README.md"}))
    assert evaluation.excluded_because("licenses", undecided, no_card) == "model card unknown"
    part = evaluation.Unknowns(readme_partial=True)
    assert evaluation.excluded_because("licenses", undecided, part) == (
        "model card recorded in part"
    )
    # adept/persimmon-8b-chat: the card read whole; the pair stays, undecided.
    assert evaluation.excluded_because("licenses", undecided, evaluation.Unknowns()) == ""


def test_an_undecided_base_judgment_whose_base_the_folder_lacks_or_cannot_judge_is_left_out():
    # openchat-3.6-8b declares meta-llama/Meta-Llama-3-8B, which the folder does not hold;
    # starcoder2-15b-instruct declares bigcode/starcoder2-15b, whose gating is unknown.
    exp = evaluation.Expected(Level.OPEN, "x.yaml", "weights_basemodel", "", ())
    folder = frozenset({"o/derived", "o/base", "o/other"})
    report = evaluation.compare(
        expected={
            "o/derived": {"weights_basemodel": exp},
            "o/other": {"weights_basemodel": exp},
        },
        judged={
            "o/derived": {
                "weights_basemodel": evaluation.Judged(
                    Level.NOT_ASSESSED, "Derived from o/base, whose weights are not assessed."
                )
            },
            "o/other": {
                "weights_basemodel": evaluation.Judged(
                    Level.NOT_ASSESSED,
                    "Derived (finetune) from meta-llama/Meta-Llama-3-8B, which is not assessed "
                    "in the catalog; the base model's openness cannot be read",
                )
            },
            "o/base": {"weights_endmodel": evaluation.Judged(Level.NOT_ASSESSED)},
        },
        repos=["o/base", "o/derived", "o/other"],
        unknown={
            "o/base": evaluation.Unknowns(fields=frozenset({"gated"}), folder_repos=folder),
            "o/derived": evaluation.Unknowns(folder_repos=folder),
            "o/other": evaluation.Unknowns(folder_repos=folder),
        },
        criteria=["weights_endmodel", "weights_basemodel"],
    )
    why = {p.repo_id: p.excluded for p in report.pairs}
    assert why == {
        "o/derived": "the base's judgment: gating unknown",
        "o/other": "the declared base's record not in the folder",
    }


def test_a_record_marks_the_curated_cells_its_pages_contradict(tmp_path):
    (tmp_path / "models").mkdir()
    item = {
        "id": "o/m",
        "_unknown": [],
        "_disputed": {
            "trainingcode": {
                "curated": "m.yaml: trainingcode: closed, 'Code: not released'",
                "recorded": ["https://github.com/o/m/blob/abc/docs/training.md"],
                "note": "docs/training.md opens with 'Fine-tuning M'",
            },
            "code": {"curated": "m.yaml: code: closed", "recorded": [], "note": "no page"},
        },
    }
    (tmp_path / "models" / "o__m.json").write_text(json.dumps(item))
    disputed = evaluation.unknowns(tmp_path)["o/m"].disputed
    # An entry that names no recorded page is no evidence: only trainingcode is disputed.
    assert disputed == {
        "trainingcode": evaluation.Dispute(
            "m.yaml: trainingcode: closed, 'Code: not released'",
            ("https://github.com/o/m/blob/abc/docs/training.md",),
            "docs/training.md opens with 'Fine-tuning M'",
        )
    }
    # A dispute is about the curated side of one pair: the rules' facts are all known.
    unknown = evaluation.unknowns(tmp_path)["o/m"]
    assert evaluation.excluded_because("trainingcode", evaluation.Judged(Level.OPEN), unknown) == ""


def test_a_disputed_pair_counts_neither_way_and_the_figures_are_given_with_it_counted():
    dispute = evaluation.Dispute("m.yaml: trainingcode: closed", ("https://github.com/o/m",), "")
    closed = evaluation.Expected(Level.CLOSED, "m.yaml", "trainingcode", "", ())
    opened = evaluation.Expected(Level.OPEN, "m.yaml", "weights_endmodel", "", ())
    report = evaluation.compare(
        expected={
            "o/m": {"trainingcode": closed, "weights_endmodel": opened},
            "o/n": {"trainingcode": closed},
        },
        judged={
            "o/m": {
                "trainingcode": evaluation.Judged(Level.OPEN, rule="repocode@3"),
                "weights_endmodel": evaluation.Judged(Level.OPEN),
            },
            "o/n": {"trainingcode": evaluation.Judged(Level.OPEN)},
        },
        repos=["o/m", "o/n"],
        unknown={
            "o/m": evaluation.Unknowns(disputed={"trainingcode": dispute}),
            # o/n's trainingcode is disputed too, but its judgment rests on a card not known:
            # counted, it would still be left out for that.
            "o/n": evaluation.Unknowns(
                fields=frozenset({"README.md"}), disputed={"trainingcode": dispute}
            ),
        },
        criteria=["weights_endmodel", "trainingcode"],
    )
    assert [(p.repo_id, p.criterion, p.dispute) for p in report.disputed] == [
        ("o/m", "trainingcode", dispute),
        ("o/n", "trainingcode", dispute),
    ]
    o = report.overall
    assert (o.decided, o.agreed, o.auto_open, o.open_but_closed, o.excluded) == (1, 1, 1, 0, 2)
    counted = report.overall_with_disputed
    assert (counted.decided, counted.agreed, counted.open_but_closed, counted.excluded) == (
        2,
        1,
        1,
        1,
    )
    assert report.summary().endswith(", disputed 2 left out")


def test_a_derived_model_copying_a_disputed_base_is_not_left_out_for_it():
    """The dispute is about the base's curated cell, not about its automatic judgment, which
    a derived model's base-model pair copies: that pair stays in."""
    dispute = evaluation.Dispute("b.yaml: weights_endmodel: taken down", ("https://x.org/b",), "")
    report = evaluation.compare(
        expected={
            "o/base": {
                "weights_endmodel": evaluation.Expected(
                    Level.CLOSED, "b.yaml", "weights_endmodel", "", ()
                )
            },
            "o/derived": {
                "weights_basemodel": evaluation.Expected(
                    Level.OPEN, "d.yaml", "weights_basemodel", "", ()
                )
            },
        },
        judged={
            "o/base": {"weights_endmodel": evaluation.Judged(Level.OPEN)},
            "o/derived": {
                "weights_basemodel": evaluation.Judged(
                    Level.OPEN, "Derived from o/base, whose weights are open."
                )
            },
        },
        repos=["o/base", "o/derived"],
        unknown={
            "o/base": evaluation.Unknowns(disputed={"weights_endmodel": dispute}),
            "o/derived": evaluation.Unknowns(),
        },
        criteria=["weights_endmodel", "weights_basemodel"],
    )
    assert {p.repo_id: p.excluded for p in report.pairs} == {
        "o/base": evaluation.DISPUTED,
        "o/derived": "",
    }


def test_rules_evaluate_names_a_disputed_pair_of_a_hand_made_folder_with_its_evidence(
    methodology, tmp_path
):
    """fixtures/hub with one record marking the curated cell of its weights disputed
    (Salamandra.yaml rates salamandra-7b's weights as the base's): the pair leaves the
    headline, is named with the page, and the line with it counted has one pair more."""
    import shutil

    folder = tmp_path / "hub"
    shutil.copytree(Path(settings.BASE_DIR) / "fixtures" / "hub", folder)
    path = folder / "models" / "BSC-LT__salamandra-7b.json"
    item = json.loads(path.read_text())
    item["_disputed"] = {
        "weights_endmodel": {
            "curated": "Salamandra.yaml: weights_basemodel (hand-made)",
            "recorded": ["https://huggingface.co/BSC-LT/salamandra-7b/tree/main"],
            "note": "a hand-made dispute",
        }
    }
    path.write_text(json.dumps(item))
    out = StringIO()
    call_command("rules_evaluate", hub_dir=folder, no_disagreements=True, stdout=out)
    lines = out.getvalue().splitlines()
    at = lines.index("left out as disputed, the recorded pages contradicting the curated level: 1")
    assert lines[at + 1].startswith(
        "- BSC-LT/salamandra-7b weights_endmodel: curated open (Salamandra.yaml), automatic "
    )
    assert lines[at + 2] == "    curated: Salamandra.yaml: weights_basemodel (hand-made)"
    assert lines[at + 3] == "    recorded: https://huggingface.co/BSC-LT/salamandra-7b/tree/main"
    counted = re.search(
        r"^  with them counted: agreement \S+ of (\d+) decided pairs", lines[at + 5]
    )
    headline = re.search(r" of (\d+) decided pairs, .*, disputed 1 left out$", lines[-1])
    assert counted and headline, (lines[at + 5], lines[-1])
    assert int(counted.group(1)) == int(headline.group(1)) + 1


def test_the_gold_sets_disputed_cells_are_the_ones_its_pages_contradict(methodology):
    """fixtures/hub-gold marks nine curated cells: the weights of GEITje-7B-ultra and
    dolly-v2-12b ("taken down"; the stored pages show the files), and the training code and
    its documentation of fastchat-t5-3b-v1.0 (lm-sys/FastChat's docs/training.md opens with
    "Fine-tuning FastChat-T5") and musicgen-stereo-melody-large (audiocraft's MusicGen
    solver and docs/MUSICGEN.md; MusicGen.yaml: "just demo code found"). Session 26's audit
    of the compared pairs in both directions added three: fastchat-t5's licences (resting on
    "Code: not released") and its hardware (training.md's "4 x A100 (40GB)"; the automatic
    level agrees with that cell, so marking it lowers agreement), and dolly's datasheet (its
    dataset's own card describes how the data was collected)."""
    found = {
        (repo, criterion): dispute
        for repo, unknown in evaluation.unknowns(GOLD).items()
        for criterion, dispute in unknown.disputed.items()
    }
    if not found:
        pytest.skip("no disputed record in this checkout's gold set")
    assert set(found) == {
        ("BramVanroy/GEITje-7B-ultra", "weights_endmodel"),
        ("databricks/dolly-v2-12b", "weights_endmodel"),
        ("lmsys/fastchat-t5-3b-v1.0", "trainingcode"),
        ("lmsys/fastchat-t5-3b-v1.0", "code"),
        ("facebook/musicgen-stereo-melody-large", "trainingcode"),
        ("facebook/musicgen-stereo-melody-large", "code"),
        ("lmsys/fastchat-t5-3b-v1.0", "licenses"),
        ("lmsys/fastchat-t5-3b-v1.0", "hardware_architecture"),
        ("databricks/dolly-v2-12b", "datasheet"),
    }
    fastchat = found[("lmsys/fastchat-t5-3b-v1.0", "trainingcode")]
    training_md = (
        "https://github.com/lm-sys/FastChat/blob/0f3359e60272b68917748f6d348199f7fc4cd7d0/"
        "docs/training.md"
    )
    assert training_md in fastchat.recorded
    assert "Fine-tuning FastChat-T5" in fastchat.note
    # Each disputed cell is one the evaluation compares, and curated as the record quotes it.
    expected = evaluation.expectations(
        curated_dir=Path(settings.BASE_DIR) / "fixtures" / "osai-index", methodology=methodology
    )
    for (repo, criterion), dispute in found.items():
        exp = expected[repo][criterion]
        assert dispute.curated.startswith(f"{exp.file}: "), (repo, criterion)
        assert exp.level == Level.CLOSED
        assert all(url.startswith("https://") for url in dispute.recorded) and dispute.note


def test_an_undecided_paper_waiting_on_an_unknown_arxiv_record_is_left_out():
    """paper@4 reads a paper's venue from arXiv's record; where the gold set does not know the
    record's comment or journal reference (no stored page shows them), an undecided pair is
    waiting on that fact and counts neither way. mt0-xxl-p3's paper (2211.01786): its comment
    is recorded, its journal reference unknown."""
    gold = Path(settings.BASE_DIR) / "fixtures" / "hub-gold"
    unknown = evaluation.unknowns(gold)["bigscience/mt0-xxl-p3"]
    assert "2211.01786" in unknown.arxiv_unknown
    notes = (
        "A paper about the model or its organisation is linked (2211.01786 (its abstract names "
        f'mt0)), but {paper.NO_VENUE} (2211.01786: its comment "9 main pages (119 with '
        "appendix), 16 figures and 11 tables\" names no accepted venue); a record's silence "
        "does not show the paper was not peer reviewed."
    )
    undecided = evaluation.Judged(Level.NOT_ASSESSED, notes, "paper@4")
    assert evaluation.excluded_because("paper", undecided, unknown) == (
        "a linked paper's arXiv record unknown"
    )
    # A folder that knows the record (or has no gold notes) counts the pair, undecided.
    assert evaluation.excluded_because("paper", undecided, evaluation.Unknowns()) == ""
    # A closed paper judgment (no paper about the model) does not read arXiv's records.
    closed = evaluation.Judged(Level.CLOSED, "The model card was read: it links no arXiv paper")
    assert evaluation.excluded_because("paper", closed, unknown) != (
        "a linked paper's arXiv record unknown"
    )


# preprint@5 (2026-12-06): the papers a card's text cites ------------------------------------


def test_a_cited_paper_without_a_record_in_the_folder_is_read_as_unknown(tmp_path):
    """Fietje 2 Chat's card cites arXiv 2412.15450 with no arxiv: tag; until the folder holds
    its record, preprint@5 cannot match it, and the live Hub would have answered."""
    for folder in ("models", "readmes", "papers"):
        (tmp_path / folder).mkdir()
    item = {"id": "o/m", "tags": ["arxiv:2304.01373"], "_unknown": ["gated"]}
    (tmp_path / "models" / "o__m.json").write_text(json.dumps(item))
    (tmp_path / "papers" / "2304.01373.json").write_text(
        json.dumps({"id": "2304.01373", "title": "Pythia", "_unknown": []})
    )
    card = "# M\n\nSee arXiv 2304.01373. Please cite arXiv:2412.15450 and arXiv:0000.00000.\n"
    (tmp_path / "readmes" / "o__m.md").write_text(card)
    unknown = evaluation.unknowns(tmp_path)["o/m"]
    assert unknown.cited_papers_unknown and not unknown.papers_unknown
    undecided = evaluation.Judged(Level.NOT_ASSESSED)
    assert evaluation.excluded_because("preprint", undecided, unknown) == (
        "a cited paper's record unknown"
    )
    # paper@4 does not read the cited papers' records: its pair stays in.
    assert evaluation.excluded_because("paper", undecided, unknown) == ""
    # With the record (title and authors known) the fact is known; the placeholder and the
    # tagged paper never counted.
    (tmp_path / "papers" / "2412.15450.json").write_text(
        json.dumps({"id": "2412.15450", "title": "Fietje", "authors": [], "_unknown": []})
    )
    assert not evaluation.unknowns(tmp_path)["o/m"].cited_papers_unknown
    (tmp_path / "papers" / "2412.15450.json").write_text(
        json.dumps({"id": "2412.15450", "title": "Fietje", "_unknown": ["authors"]})
    )
    assert evaluation.unknowns(tmp_path)["o/m"].cited_papers_unknown


def test_a_folder_without_the_gold_notes_knows_its_missing_cited_papers_are_absent(tmp_path):
    for folder in ("models", "readmes"):
        (tmp_path / folder).mkdir()
    (tmp_path / "models" / "o__m.json").write_text(json.dumps({"id": "o/m", "tags": []}))
    (tmp_path / "readmes" / "o__m.md").write_text("Cite arXiv:2412.15450.\n")
    assert not evaluation.unknowns(tmp_path)["o/m"].cited_papers_unknown


def test_an_open_preprint_counts_though_the_arxiv_tags_were_recorded_in_part():
    """PixArt-Sigma's header shows "arxiv: 4 papers" only as a count; preprint@5 reads the
    paper its card cites (2403.04692, PixArt-Σ) and says open. A missing tag could only add a
    paper, never lower the best one, so the open pair counts; lower levels stay out."""
    count_only = evaluation.Unknowns(readme_partial=True, tags_partial=frozenset({"arxiv"}))
    for code in ("preprint", "paper"):
        assert evaluation.excluded_because(code, evaluation.Judged(Level.OPEN), count_only) == ""
        for level in (Level.PARTIAL, Level.CLOSED, Level.NOT_ASSESSED):
            assert evaluation.excluded_because(code, evaluation.Judged(level), count_only) == (
                "arXiv tags recorded in part"
            )


def test_an_undecided_preprint_waits_on_a_card_not_recorded_whole():
    """preprint@5 reads the papers the card's text cites: a citation in the part of the card
    not recorded could decide it, so an undecided pair on such a card is left out; a decided
    one rests on a paper the rule read and counts."""
    undecided = evaluation.Judged(
        Level.NOT_ASSESSED, "No arXiv preprint is linked from the model card.", "preprint@5"
    )
    assert evaluation.excluded_because(
        "preprint", undecided, evaluation.Unknowns(readme_partial=True)
    ) == ("model card recorded in part")
    assert evaluation.excluded_because(
        "preprint", undecided, evaluation.Unknowns(fields=frozenset({"README.md"}))
    ) == ("model card unknown")
    assert evaluation.excluded_because("preprint", undecided, evaluation.Unknowns()) == ""
    for level in (Level.OPEN, Level.PARTIAL):
        judged = evaluation.Judged(level)
        assert (
            evaluation.excluded_because(
                "preprint", judged, evaluation.Unknowns(readme_partial=True)
            )
            == ""
        )

"""The real-data gold set (fixtures/hub-gold): its files keep the contract its README states,
and the loopback hub serves it without the fixture's own `_` keys."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from huggingface_hub import HfApi
from huggingface_hub.utils import get_session

from openness.crawl.github import repos as github_repos
from openness.crawl.rules.lineage import name_key
from openness.crawl.testhub import TestHub

GOLD = Path(__file__).resolve().parents[2] / "fixtures" / "hub-gold"
INDEX = json.loads((GOLD / "index.json").read_text())
MODEL_FILES = sorted((GOLD / "models").glob("*.json"))
DOCUMENT_FILES = sorted(
    path
    for folder in ("datasets", "papers", "arxiv", "configs")
    for path in (GOLD / folder).glob("*.json")
)
CODE_FILES = sorted((GOLD / "code" / "github").glob("*.json"))
# Keys that describe the fixture itself, not a fact read from a page.
OWN_KEYS = {"id", "modelId", "author", "_id", "readme_kind"}


def _is_http(url) -> bool:
    return isinstance(url, str) and urlsplit(url).scheme in ("http", "https") and "." in url


def _stem(repo: str) -> str:
    return repo.replace("/", "__")


def test_the_index_lists_at_least_eighty_recorded_models():
    recorded = [e for e in INDEX if e["kind"] == "model" and e["status"] == "recorded"]
    assert len(recorded) >= 80, len(recorded)


def test_a_recorded_card_names_the_pages_it_was_read_from():
    for path in MODEL_FILES:
        item = json.loads(path.read_text())
        if item["readme_kind"] != "standard":
            continue
        card = (GOLD / "readmes" / f"{path.stem}.md").read_text()
        assert "<!-- hub-gold: recorded from http" in card, path.stem
        # The served card's front matter is the cardData the item serves: never two versions.
        if card.startswith("---\n"):
            front = yaml.safe_load(card.split("---\n", 2)[1])
            assert item.get("cardData") == front, path.stem


def test_every_index_entry_says_what_it_is_and_a_dropped_one_says_why():
    for entry in INDEX:
        assert entry["kind"] in {"model", "dataset", "paper", "arxiv", "config", "code"}, entry
        assert entry["status"] in {"recorded", "dropped"}, entry
        if entry["status"] == "dropped":
            assert entry.get("why"), entry


def test_every_recorded_repository_has_its_files():
    where = {
        "model": lambda r: GOLD / "models" / f"{_stem(r)}.json",
        "dataset": lambda r: GOLD / "datasets" / f"{_stem(r)}.json",
        "paper": lambda r: GOLD / "papers" / f"{r}.json",
        "arxiv": lambda r: GOLD / "arxiv" / f"{r}.json",
        "config": lambda r: GOLD / "configs" / f"{_stem(r)}.json",
        "code": lambda r: GOLD / "code" / "github" / f"{_stem(r)}.json",
    }
    for entry in INDEX:
        if entry["status"] == "recorded":
            assert where[entry["kind"]](entry["repo"]).exists(), entry


def test_recorded_models_name_the_curated_files_that_link_them():
    curated = {p.name for p in (GOLD.parent / "osai-index").glob("*.yaml")}
    for entry in INDEX:
        if entry["kind"] == "model":
            # A base no curated file links is recorded only because a recorded card names it.
            assert entry["curated"] or entry.get("named_by"), entry
            for reference in entry["curated"]:
                assert reference.split(":")[0] in curated, reference


def test_a_base_no_curated_file_links_is_named_by_a_recorded_card():
    """The seventh pass's bases (EleutherAI/pythia-12b, google/flan-t5-xl): each names the
    recorded model whose card writes its name, and that card does write it."""
    recorded = {e["repo"] for e in INDEX if e["kind"] == "model" and e["status"] == "recorded"}
    named = [json.loads(p.read_text()) for p in MODEL_FILES]
    named = [item for item in named if item.get("_named_by")]
    assert {item["id"] for item in named} >= {"EleutherAI/pythia-12b", "google/flan-t5-xl"}
    resolving = set()
    for item in named:
        for derived, name in item["_named_by"]:
            assert derived in recorded, derived
            card = (GOLD / "readmes" / f"{_stem(derived)}.md").read_text()
            assert name in card, (derived, name)
            # Whether the name, organisation aside, has the repository's name key (lineage@4:
            # case, separators and a "-hf" suffix aside): only then can the rule resolve it.
            if name_key(name.split("'s ")[-1]) == name_key(item["id"]):
                resolving.add(item["id"])
            else:
                assert item["_notes"]["named_by"], item["id"]  # why it is recorded anyway
    # The two CodeLlama-7b-hf repositories both fit sqlcoder-7b-2's "CodeLlama-7B" (eighth
    # pass): the name resolves to neither, as on the live Hub.
    assert resolving == {
        "EleutherAI/pythia-12b",
        "google/flan-t5-xl",
        "codellama/CodeLlama-7b-hf",
        "meta-llama/CodeLlama-7b-hf",
    }


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.stem)
def test_a_model_file_keeps_the_contract(path):
    item = json.loads(path.read_text())
    assert item["id"] == item["modelId"] == path.stem.replace("__", "/")
    assert item["readme_kind"] in {"standard", "none", "unknown"}
    sources, unknown = item["_sources"], item["_unknown"]
    synthetic = set(item.get("_synthetic", []))
    assert all(_is_http(url) for url in sources.values()), sources
    facts = {k for k in item if not k.startswith("_") and k not in OWN_KEYS}
    # Every recorded fact has a source; a placeholder is named as one and has none.
    assert facts - synthetic <= set(sources), facts - synthetic - set(sources)
    assert not synthetic & set(sources)
    # Unknown means left out: never both served and listed as unknown (placeholders aside).
    assert not (facts - synthetic) & set(unknown)
    assert synthetic <= {"sha", "_id"}
    if item["readme_kind"] == "standard":
        assert (GOLD / "readmes" / f"{path.stem}.md").exists()
    if item.get("_siblings_partial"):
        assert "siblings" in item
    # Tags recorded in part name the kinds they lack and the header that showed only a count.
    if "_tags_partial" in item:
        assert item["_tags_partial"] and "tags" in item
        assert set(item["_tags_partial"]) <= {"arxiv", "dataset", "base_model"}
        assert item["_notes"]["tags"]
    # Gating is recorded (either way) only with a note saying what the page showed.
    if "gated" in item:
        assert item["gated"] in (True, False, "auto", "manual"), item["gated"]
        assert item.get("_notes", {}).get("gated"), "a recorded gated needs _notes.gated"
    assert item["_curated"] or item.get("_named_by")


@pytest.mark.parametrize("path", DOCUMENT_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_dataset_paper_or_config_file_cites_its_sources(path):
    document = json.loads(path.read_text())
    sources = document["_sources"]
    assert sources and all(_is_http(url) for url in sources.values())
    facts = {k for k in document if not k.startswith("_") and k not in OWN_KEYS}
    synthetic = set(document.get("_synthetic", []))
    assert facts - synthetic <= set(sources)
    assert not (facts - synthetic) & set(document.get("_unknown", []))


@pytest.mark.parametrize("path", CODE_FILES, ids=lambda p: p.stem)
def test_a_code_repository_file_keeps_the_github_shapes(path):
    data = json.loads(path.read_text())
    assert data["repo"]["full_name"] == path.stem.replace("__", "/")
    assert isinstance(data["tree"]["truncated"], bool)
    for node in data["tree"]["tree"]:
        assert node["type"] in {"blob", "tree"} and node["path"]
    assert set(data["facts"]) == {"has_training_code", "has_data_processing_code", "documented"}
    assert all(value in (True, False, None) for value in data["facts"].values())
    assert all(_is_http(url) for url in data["_sources"].values())
    if data["readme_path"]:
        assert (GOLD / data["readme_path"]).exists()


# A github.com repository link written without its scheme: the crawler reads links by their
# "https://github.com/..." form, so a card recorded this way would hide the link it shows.
BARE_GITHUB_LINK = re.compile(r"(?<![/\w.])github\.com/[\w.-]+/[\w.-]+")


def test_a_code_link_a_card_shows_is_written_as_a_url_and_its_repository_recorded():
    """A recorded card's github.com links are written as URLs, and every linked repository
    (`_code`) that the card shows is recorded under code/github or its absence explained."""
    linked = 0
    for path in MODEL_FILES:
        item = json.loads(path.read_text())
        card_path = GOLD / "readmes" / f"{path.stem}.md"
        card = card_path.read_text() if card_path.exists() else ""
        assert not BARE_GITHUB_LINK.search(card), path.stem
        for url in item.get("_code", []):
            if url not in card:
                continue
            owner, name = github_repos.repository_of(url)
            recorded = (GOLD / "code" / "github" / f"{owner}__{name}.json").exists()
            assert recorded or item["_notes"].get("code"), (path.stem, url)
            linked += recorded
    # Vicuna, the two OpenELM cards, OpenChat, Llama 3.3, SDXL base (fifth pass, 2026-12-06);
    # StarCoder2-15B-Instruct, Dolly v2 12B, Yi-34B, StripedHyena-Nous-7B and AmberSafe (two
    # repositories) (eleventh pass).
    assert linked >= 12, linked


def test_the_starcoder2_instruct_card_links_its_recorded_code_repository():
    """Eleventh pass: the card's Code line, read from the diff of its own commit ee5afd4, is
    written as the URL it is, and the repository is recorded with its licence known, so the
    code rules read it."""
    stem = "bigcode__starcoder2-15b-instruct-v0.1"
    item = json.loads((GOLD / "models" / f"{stem}.json").read_text())
    card = (GOLD / "readmes" / f"{stem}.md").read_text()
    url = "https://github.com/bigcode-project/starcoder2-self-align"
    assert item["_code"] == [url]
    assert url in card
    assert "commit/ee5afd44dddcd5bf91095fd2ddffd2138020c9e7" in card
    code = json.loads(
        (GOLD / "code" / "github" / "bigcode-project__starcoder2-self-align.json").read_text()
    )
    assert code["repo"]["license"]["spdx_id"] == "Apache-2.0"
    assert "repo.license" not in code["_unknown"]
    assert code["_sources"]["repo.license"].endswith("/pyproject.toml")


COUNT_CHIPS = {
    "HuggingFaceH4/zephyr-7b-beta": ["arxiv"],
    "PixArt-alpha/PixArt-Sigma-XL-2-1024-MS": ["arxiv"],
    "bigcode/starcoder2-15b": ["arxiv"],
    "cerebras/btlm-3b-8k-base": ["arxiv"],
    "google/gemma-2-2b-it": ["arxiv"],
    "stabilityai/stable-diffusion-xl-base-1.0": ["arxiv"],
    "LLM360/CrystalChat": ["dataset"],
    "mosaicml/mpt-30b-instruct": ["dataset"],
    "sapienzanlp/Minerva-7B-base-v1.0": ["dataset"],
    "google/flan-t5-xl": ["dataset"],  # seventh pass: "10 datasets" on its header
    "EleutherAI/gpt-neox-20b": ["arxiv"],  # tenth pass: "arxiv: 4 papers" on its header
}


def test_tags_shown_only_as_a_count_are_marked_partial():
    """Every header whose notes say it showed a count chip is marked, and only those."""
    marked = {}
    for path in MODEL_FILES:
        item = json.loads(path.read_text())
        if "_tags_partial" in item:
            marked[item["id"]] = item["_tags_partial"]
        note = item.get("_notes", {}).get("tags", "")
        if re.search(r"\d+ (papers|datasets)'", note):
            assert item["id"] in marked, item["id"]
    assert marked == COUNT_CHIPS


def test_a_disputed_cell_quotes_a_curated_file_that_links_the_model_and_names_its_pages():
    """`_disputed` ({criterion: {curated, recorded, note}}): the cell of a file the record
    links, the stored pages that contradict it (URLs), and what they show."""
    marked = 0
    for path in MODEL_FILES:
        item = json.loads(path.read_text())
        assert "_availability_disputed" not in item, path.stem  # now `_disputed`
        files = {link.split(": ")[0] for link in item["_curated"]}
        for criterion, entry in item.get("_disputed", {}).items():
            marked += 1
            assert set(entry) == {"curated", "recorded", "note"}, (path.stem, criterion)
            assert entry["curated"].split(": ")[0] in files, (path.stem, criterion)
            assert entry["curated"].split(": ")[1] == criterion, (path.stem, criterion)
            assert entry["recorded"] and all(_is_http(u) for u in entry["recorded"]), path.stem
            assert entry["note"], (path.stem, criterion)
    assert marked >= 6


def test_a_card_of_an_older_commit_that_may_have_grown_is_partial():
    item = json.loads((GOLD / "models" / "m-a-p__neo_7b.json").read_text())
    assert item["readme_kind"] == "standard" and item["_readme_partial"] is True


def test_the_loopback_hub_serves_tags_recorded_in_part_unchanged():
    path = GOLD / "models" / "bigcode__starcoder2-15b.json"
    item = json.loads(path.read_text())
    with TestHub(GOLD) as hub:
        raw = get_session().get(f"{hub.url}/api/models/bigcode/starcoder2-15b").json()
    assert raw["tags"] == item["tags"]
    assert "_tags_partial" not in raw and "_notes" not in raw


def test_the_loopback_hub_serves_the_gold_set_without_its_own_keys():
    kinds = {p: json.loads(p.read_text())["readme_kind"] for p in MODEL_FILES}
    recorded = next(p for p, kind in kinds.items() if kind == "standard")
    repo_id = recorded.stem.replace("__", "/")
    with TestHub(GOLD) as hub:
        raw = get_session().get(f"{hub.url}/api/models/{repo_id}").json()
        info = HfApi(endpoint=hub.url).model_info(repo_id)
        listed = get_session().get(f"{hub.url}/api/models", params={"limit": 1000}).json()
    assert raw["id"] == info.id == repo_id
    assert "_id" in raw
    assert not [k for k in raw if k.startswith("_") and k != "_id"]
    assert "readme_kind" not in raw
    assert len(listed) == len(MODEL_FILES)
    assert not [k for item in listed for k in item if k.startswith("_") and k != "_id"]


def test_the_loopback_hub_answers_404_for_a_card_the_gold_set_could_not_find():
    unknown = next(p for p in MODEL_FILES if json.loads(p.read_text())["readme_kind"] == "unknown")
    repo_id = unknown.stem.replace("__", "/")
    with TestHub(GOLD) as hub:
        response = get_session().get(f"{hub.url}/{repo_id}/resolve/main/README.md")
    assert response.status_code == 404
    assert response.headers["X-Error-Code"] == "EntryNotFound"


def test_every_paper_has_its_arxiv_record_and_an_unknown_field_is_never_written_empty():
    """arxiv/<id>.json for every papers/<id>.json: comment and journal_ref each either recorded
    (with its source) or listed in `_unknown`, never an empty value standing for "none"."""
    papers = {p.stem for p in (GOLD / "papers").glob("*.json")}
    records = {p.stem: json.loads(p.read_text()) for p in (GOLD / "arxiv").glob("*.json")}
    assert set(records) == papers
    for arxiv_id, record in records.items():
        for key in ("comment", "journal_ref"):
            known = key in record
            assert known != (key in record["_unknown"]), (arxiv_id, key)
            if known:
                assert record[key] and _is_http(record["_sources"][key]), (arxiv_id, key)

"""Rules preprint@3, modelcard@2 and trainingcode@1."""

from openness.assessments.models import Evidence, Level
from openness.crawl.rules import documentation


def test_an_arxiv_tag_without_its_paper_record_is_not_judged(hub):
    assert documentation.judge_preprint(hub.snapshot(hub.item("olmocr"))) is None


def test_a_paper_whose_title_names_the_model_is_an_open_preprint_citing_arxiv(hub):
    snapshot = hub.snapshot(hub.item("olmocr"), papers={"2502.18443": hub.paper("2502.18443")})
    judgment = documentation.judge_preprint(snapshot)
    assert judgment.level == Level.OPEN
    assert "names olmocr" in judgment.notes
    api, arxiv, record = judgment.evidence
    assert api.excerpt == "tags: arxiv:2502.18443"
    assert arxiv.url == "https://arxiv.org/abs/2502.18443"
    assert arxiv.kind == Evidence.Kind.PREPRINT
    assert arxiv.retrieved_at == hub.retrieved_at
    assert record.kind == Evidence.Kind.PAPER


def test_an_enriched_paper_record_says_whether_it_links_code(hub):
    with_code = hub.snapshot(hub.item("olmocr"), papers={"2502.18443": hub.paper("2502.18443")})
    judgment = documentation.judge_preprint(with_code)
    assert "links code at https://github.com/allenai/olmocr" in judgment.notes
    assert '"githubRepo": "https://github.com/allenai/olmocr"' in judgment.evidence[-1].excerpt


def test_no_arxiv_tag_is_not_assessed(hub):
    judgment = documentation.judge_preprint(hub.snapshot(hub.item("no_weights")))
    assert judgment.level == Level.NOT_ASSESSED


def test_no_tags_at_all_is_not_judged(hub):
    assert documentation.judge_preprint(hub.snapshot(hub.item("list_only"))) is None


def test_every_standard_heading_with_a_line_or_two_under_each_is_no_model_card(hub):
    # modelcard@2 judges content: full.md has every heading but a sentence at most under each.
    item = hub.item("olmocr")
    snapshot = hub.snapshot(item, readme=hub.readme("full", sha=item["sha"]))
    judgment = documentation.judge_modelcard(snapshot)
    assert judgment.level == Level.CLOSED
    [evidence] = judgment.evidence
    assert evidence.url == (
        f"{hub.endpoint}/allenai/olmOCR-7B-0225-preview/blob/{item['sha']}/README.md"
    )
    assert evidence.kind == Evidence.Kind.MODEL_CARD
    assert evidence.revision == item["sha"]
    assert "Evaluation" in evidence.excerpt


def test_headings_inside_code_fences_and_front_matter_do_not_count(hub):
    text = hub.readme("full").text
    found = documentation.headings(text)
    assert "not a heading" not in found
    assert "license: apache-2.0" not in " ".join(found)


def test_a_section_needs_words_under_its_heading():
    body = " ".join(["word"] * documentation.SECTION_MIN_WORDS)
    found = documentation.sections(f"# Card\n\n## Training\n\n{body}\n\n## Evaluation\n\nshort\n")
    assert list(found) == ["training"]


def test_a_readme_without_standard_sections_is_closed(hub):
    snapshot = hub.snapshot(hub.item("no_weights"), readme=hub.readme("bare", sha="d" * 40))
    assert documentation.judge_modelcard(snapshot).level == Level.CLOSED


def test_a_missing_readme_is_closed(hub):
    snapshot = hub.snapshot(hub.item("no_weights"), readme=hub.readme(error="EntryNotFound"))
    judgment = documentation.judge_modelcard(snapshot)
    assert judgment.level == Level.CLOSED
    assert judgment.evidence[0].excerpt == "README.md: EntryNotFound"


def test_a_gated_readme_is_not_assessed(hub):
    snapshot = hub.snapshot(hub.item("gated_auto_llama"), readme=hub.readme(error="GatedRepo"))
    judgment = documentation.judge_modelcard(snapshot)
    assert judgment.level == Level.NOT_ASSESSED
    assert "gated" in judgment.notes


def test_an_unreadable_readme_is_not_assessed(hub):
    snapshot = hub.snapshot(hub.item("no_weights"), readme=hub.readme(error="not UTF-8"))
    assert documentation.judge_modelcard(snapshot).level == Level.NOT_ASSESSED


def test_an_unfetched_readme_is_not_judged(hub):
    assert documentation.judge_modelcard(hub.snapshot(hub.item("olmocr"))) is None


def test_a_github_link_in_the_readme_is_partial_training_code(hub):
    item = hub.item("olmocr")
    snapshot = hub.snapshot(item, readme=hub.readme("full", sha=item["sha"]))
    judgment = documentation.judge_trainingcode(snapshot)
    assert judgment.level == Level.PARTIAL
    urls = [e.url for e in judgment.evidence]
    assert "https://github.com/allenai/olmocr" in urls
    assert not any("vllm" in u for u in urls)
    readme_citation = judgment.evidence[0]
    assert "Trained with the code at https://github.com/allenai/olmocr" in readme_citation.excerpt


def test_the_papers_code_link_is_training_code(hub):
    snapshot = hub.snapshot(hub.item("olmocr"), papers={"2502.18443": hub.paper("2502.18443")})
    judgment = documentation.judge_trainingcode(snapshot)
    assert judgment.level == Level.PARTIAL
    assert judgment.evidence[0].url == f"{hub.endpoint}/api/papers/2502.18443"


def test_tooling_links_alone_are_not_training_code(hub):
    snapshot = hub.snapshot(hub.item("no_weights"), readme=hub.readme("sparse", sha="d" * 40))
    judgment = documentation.judge_trainingcode(snapshot)
    assert judgment.level == Level.NOT_ASSESSED


def test_no_documentation_fetched_is_not_judged(hub):
    assert documentation.judge_trainingcode(hub.snapshot(hub.item("olmocr"))) is None


def test_the_crawlers_http_error_notes_are_read(hub):
    cases = {
        "HTTP 404 EntryNotFound": Level.CLOSED,
        "HTTP 404": Level.CLOSED,
        "HTTP 401 GatedRepo": Level.NOT_ASSESSED,
        "HTTP 403": Level.NOT_ASSESSED,
        "HTTP 404 RepoNotFound": Level.NOT_ASSESSED,
        "HTTP 404 RevisionNotFound": Level.NOT_ASSESSED,
        "response body over 10485760 bytes": Level.NOT_ASSESSED,
    }
    for error, level in cases.items():
        snapshot = hub.snapshot(hub.item("no_weights"), readme=hub.readme(error=error))
        assert documentation.judge_modelcard(snapshot).level == level, error


def test_section_names_match_whole_words():
    body = " ".join(["word"] * documentation.SECTION_MIN_WORDS)
    text = f"# Metadata\n\n{body}\n\n## Because\n\n{body}\n\n## Training data\n\n{body}\n"
    found = documentation.sections(text)
    assert list(found) == ["training"]

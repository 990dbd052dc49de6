"""Rules repocode@4 (trainingcode) and codedocs@4 (code): what linked code repositories hold.

They read the code repositories enrichment fetched (HubSnapshot.code_repos, from
openness/crawl/github/): each repository's license as GitHub reports it, its file tree at the
default branch, and its README.

What a file tree shows is read by codetree.py (file names, never file contents).

repocode@4 judges Training Code from the file trees (rubric: open "project source code
openly available and fully open for inspection"; partial "sparse source code is available";
closed "no source code available").
- open: training code and data-processing code are both there, in repositories under an
  OSI-approved license;
- partial: some of that code is there but not both kinds (training without data processing,
  data processing without training), or its license is not OSI-approved;
- closed: the trees are complete and hold code, but none for training or data processing
  (inference, demo or tooling only): the criterion asks for "the source code of dataset
  processing, model training and tuning";
- not assessed: the repositories hold no code file (a paper or data repository: code may
  live elsewhere); a partial (truncated) tree shows no training or data code; or everything
  says open but the license could not be read (unknown is no evidence either way);
- not assessed, since @4: every linked repository is gone (GitHub answers 404), so nothing
  of the code can be read;
- no repository read for another reason (a timeout, a rate limit): no judgment from this rule
  (the stored judgment stands; trainingcode@1 judges the links when none is linked).

codedocs@4 judges Code Documentation from the READMEs and docs (rubric: open "all
components of the system feature a comprehensive code documentation"; partial "some
components ... documented"; closed "code documentation not available").
- open: training code whose training is documented (a README section, a docs/ page or a
  folder's own README on training, such as training/README.md), data processing documented
  too (the same, on data), and an OSI-approved license. A README section counts when its
  heading names the subject first ("Training", "Data preparation"), not when the word only
  ends a title or names the project ("OpenChat: ... with Imperfect Data");
- partial: a README or docs that document some of it (training without data processing, or
  the reverse), or a license that is not OSI-approved;
- closed: complete trees hold no training or data-processing code (nothing of what the
  criterion asks about is there to be documented), or every repository read has no README
  (GitHub answers 404) and no docs/ directory in a complete tree;
- not assessed: the model card was read and links no code repository; a partial tree shows no
  training or data code; everything says open but the license could not be read;
- not assessed, since @4: every linked repository is gone (GitHub answers 404);
- no judgment: the linked repositories could not be read for another reason (the stored
  judgment stands), or nothing was read at all.

v2 (repocode@2 and codedocs@2, from @1): data-processing code is code that builds, filters,
cleans or prepares the training data (codetree.is_data_processing). @1 counted every code file
in a `data/` or `datasets/` folder, so a reader that only loads the data for training (a torch
`Dataset` class: audiocraft's `audiocraft/data/audio_dataset.py`, Megatron's
`megatron/data/gpt_dataset.py`, CoreNet's `general_lm.py`), benchmark configurations under
`eval/` and a model-sharding example (`examples/sharding.py`) counted as data processing. On
the gold set's 37 recorded trees this takes the data-processing code away from audiocraft,
apple/corenet, 01-ai/Yi, google-deepmind/gemma and InternLM/AlchemistCoder, and leaves
every preparation script that was matched before (FastChat's and OpenChat's ShareGPT
cleaning, Megatron's `tools/preprocess_data.py`, RedPajama's `data_prep/`, ...) counted.

v3 (codedocs@3, from @2): a README heading documents training or data only when it names
that subject first (codetree.doc_sections). @2 searched the whole heading, so the title of
imoneoi/openchat's README, "OpenChat: Advancing Open-source Language Models with Imperfect
Data", documented its data processing and openchat-3.6-8b's code was open where the index rates
it partial ("plenty of code ... but only some of it is documented": the README's Training
section documents training, nothing documents the ShareGPT scripts under ochat/data/). Now:
- a heading that starts with the repository's name ("OpenChat: ...", "amber-train",
  "AlchemistCoder: ... Multi-source Data") names the project and documents nothing;
- the README's title (its first heading, at its top level) counts only when its first word is
  the subject ("Training Fietje"; not "AudioCraft training pipelines");
- any other heading counts when the keyword is among its first three words ("Training",
  "Get Started Training", "Dataset choices"; not "Results on novel datasets not seen in
  training", "Training only on OA internal data" as data);
- "Pretrained Models" and "Fine-tuned checkpoints" list models, "Training Data" is about the
  data: none of them documents training. A model's "Tokenizer" (docs/tokenizer.md) is not data
  processing, a "pretokenizer" and "Tokenization" are; results, benchmarks, evaluation and
  downloads of data document no processing unless the heading names a step ("prepar",
  "process", "clean", "filter", "dedup").
On the gold set's 37 recorded repositories this takes away only those headings (openchat's
and AlchemistCoder's titles, sqlcoder's results table, gpt-neox's "Pretrained Models",
amber-train's name, MAP-NEO's "Model & DATA Downloads", gemma's docs/tokenizer.md, whisper's
"Training Data") and keeps every true one: "Training", "Training pipelines", "Dataset
choices", docs/DATASETS.md, docs/training.md, training/README.md, data_prep/README.md, ...

v3 (repocode@3, from @2): the level is decided as before; the training file cited is one
whose name holds a word of the model's name when there is one (codetree.own_first): a
repository that trains several models (lm-sys/FastChat: Vicuna's `fastchat/train/train.py`,
FastChat-T5's `train_flant5.py`) is cited for this model's trainer, so a reader sees that
the code is this model's. The shortest path comes first otherwise, as in @2.

v4 (repocode@4 and codedocs@4, from @3): a linked repository GitHub answers 404 for (removed,
made private, or a link to a name that never existed) is a lasting answer, not an outage. @3
made no judgment when no linked repository could be read, whatever the reason, so a model
whose card links only a repository that is gone had no trainingcode or code judgment at all
and its page could not say why (cvssp/audioldm2's card links https://github.com/haoheliu/
audioldm2, which the gold set does not hold). Now, when every linked repository is gone, both
criteria are not assessed, naming the repositories and the answer; any other failure (a
timeout, a rate limit, a server error) still leaves the stored judgment standing.

Every judgment cites the repository's files at the git tree sha GitHub returned (the
revision), the retrieval time and a quote of the decisive path, heading or license.
"""

from dataclasses import replace

from openness.catalog.licenses import LicenseCategory
from openness.crawl.rules.base import Evidence, EvidenceInput, Judgment, Level, quote
from openness.crawl.rules.codetree import (
    RepoCode,
    doc_sections,
    gone,
    is_documented,
    own_first,
    repos,
)
from openness.crawl.rules.documentation import headings
from openness.crawl.snapshot import HubSnapshot

TRAININGCODE_RULE = "repocode@4"
CODE_RULE = "codedocs@4"
# How a judgment says every linked repository is gone (rules_evaluate reads it).
GONE = "GitHub answers 404"


def _cite(repo: RepoCode, rule: str, excerpt: str, path: str = "", kind=None) -> EvidenceInput:
    return EvidenceInput(
        url=repo.file_url(path) if path else repo.url,
        title=f"GitHub {repo.name}" + (f": {path}" if path else ""),
        excerpt=excerpt[:300],
        kind=kind or Evidence.Kind.REPOSITORY,
        retrieved_at=repo.retrieved_at,
        revision=repo.revision,
        rule=rule,
    )


def _license_cite(repo: RepoCode, rule: str) -> EvidenceInput:
    excerpt = (
        '"license": ' + quote(repo.license)
        if repo.license_known
        else "the repository record names no license GitHub could read"
    )
    return _cite(repo, rule, excerpt, kind=Evidence.Kind.LICENSE)


def _osi(repo: RepoCode) -> bool:
    return repo.license_category is LicenseCategory.OSI_APPROVED


def _code_rank(repo: RepoCode) -> tuple:
    """Best first: a repository that alone holds training and data code under an OSI license."""
    both = bool(repo.training) and bool(repo.data)
    return (both and _osi(repo), both, bool(repo.training), _osi(repo), bool(repo.code_files))


def judge_trainingcode(snapshot: HubSnapshot) -> Judgment | None:
    found, failed = repos(snapshot)
    if not found:
        return _gone("trainingcode", snapshot, TRAININGCODE_RULE)
    # Cite the training code that names the model, where a repository holds several models'.
    found = [replace(r, training=own_first(r.training, snapshot.repo_id)) for r in found]
    found.sort(key=_code_rank, reverse=True)
    with_code = [r for r in found if r.code_files]
    training = [r for r in found if r.training]
    data = [r for r in found if r.data]
    summary = "; ".join(
        f"{r.name} ({r.license_text}): "
        + (
            f"{len(r.code_files)} code files"
            + (f", training code such as {r.training[0]}" if r.training else ", no training code")
            + (f", data processing such as {r.data[0]}" if r.data else "")
            + (" (tree truncated)" if r.truncated else "")
            if r.tree_read
            else "file tree not read"
        )
        for r in found
    )
    if failed:
        summary += f"; not readable: {', '.join(failed)}"
    if not with_code:
        evidence = tuple(
            _cite(
                r,
                TRAININGCODE_RULE,
                "no code file in the file tree" if r.tree_read else "file tree not read",
            )
            for r in found[:3]
        )
        return Judgment(
            "trainingcode",
            Level.NOT_ASSESSED,
            f"The linked repositories hold no code file that could be seen ({summary}); the "
            "training code may live elsewhere.",
            TRAININGCODE_RULE,
            evidence,
        )
    evidence: list[EvidenceInput] = []
    if training:
        repo = training[0]
        evidence.append(
            _cite(repo, TRAININGCODE_RULE, f"training code: {repo.training[0]}", repo.training[0])
        )
    if data:
        repo = data[0]
        evidence.append(
            _cite(repo, TRAININGCODE_RULE, f"data processing code: {repo.data[0]}", repo.data[0])
        )
    if not evidence:
        repo = with_code[0]
        evidence.append(
            _cite(
                repo,
                TRAININGCODE_RULE,
                f"code, none of it for training: {repo.code_files[0]}",
                repo.code_files[0],
            )
        )
    complete = all(r.tree_read and not r.truncated for r in found)
    if not training and not data:
        # Inference, demo or tooling code only. The criterion asks for the source code of data
        # processing, training and tuning: a complete tree without any is "no source code";
        # a partial one cannot show that it is absent.
        level = Level.CLOSED if complete else Level.NOT_ASSESSED
        verdict = (
            "The linked repositories hold code, but none of it for training or data processing"
            if complete
            else "No training or data-processing code is among the files seen, but the file "
            "tree was only partly read, so its absence cannot be shown"
        )
        notes = f"{verdict} ({summary})."
        return Judgment("trainingcode", level, notes, TRAININGCODE_RULE, tuple(evidence[:5]))
    deciding = {r.name: r for r in (training[:1] + data[:1])}
    evidence.extend(_license_cite(r, TRAININGCODE_RULE) for r in deciding.values())
    licensed = all(_osi(r) for r in deciding.values())
    unknown = [r for r in deciding.values() if not r.license_known]
    if training and data and licensed:
        level = Level.OPEN
        verdict = (
            "Training code and data-processing code are published under an OSI-approved license."
        )
    elif (
        training
        and data
        and unknown
        and all(_osi(r) or not r.license_known for r in deciding.values())
    ):
        # Everything but the license says open; an unread license is no evidence either way.
        level = Level.NOT_ASSESSED
        verdict = (
            "Training code and data-processing code are published, but the license could not "
            "be read ("
            + ", ".join(r.name for r in unknown)
            + "): at least partial, open if it is OSI-approved."
        )
    else:
        level = Level.PARTIAL
        gaps = []
        if not training:
            gaps.append("no training code is among its files")
        elif not data:
            gaps.append("no data-processing code is among its files")
        if not licensed:
            gaps.append(
                "the license is not an OSI-approved one ("
                + ", ".join(f"{r.name}: {r.license_text}" for r in deciding.values())
                + ")"
            )
        verdict = "Some of that source code is available, but " + " and ".join(gaps) + "."
    notes = (
        f"{verdict} ({summary}.) File names show what code is there, not whether it is complete."
    )
    return Judgment("trainingcode", level, notes, TRAININGCODE_RULE, tuple(evidence[:5]))


def judge_code(snapshot: HubSnapshot) -> Judgment | None:
    found, failed = repos(snapshot)
    if not found:
        # Repositories linked but none readable: when all are gone (404), not assessed, saying
        # so; otherwise (GitHub down, rate limited) the stored judgment stands until they can be
        # read.
        if failed:
            return _gone("code", snapshot, CODE_RULE)
        return _no_repository(snapshot)
    if not any(r.training or r.data for r in found):
        # Only inference, demo or tooling code: none of the code the criterion asks about.
        complete = all(r.tree_read and not r.truncated for r in found)
        return Judgment(
            "code",
            Level.CLOSED if complete else Level.NOT_ASSESSED,
            (
                "The linked repositories hold no training or data-processing code, so none is "
                "documented ("
                if complete
                else "No training or data-processing code is among the files seen, and the file "
                "tree was only partly read ("
            )
            + ", ".join(r.name for r in found)
            + ").",
            CODE_RULE,
            tuple(
                _cite(r, CODE_RULE, "no training or data-processing code in the file tree")
                for r in found[:3]
            ),
        )
    documented = [r for r in found if is_documented(r)]
    documented.sort(key=lambda r: (all(doc_sections(r)) and _osi(r), *_code_rank(r)), reverse=True)
    if not documented:
        if all(r.readme_absent and r.tree_read and not r.truncated for r in found):
            return Judgment(
                "code",
                Level.CLOSED,
                "No linked code repository has a README or a docs/ directory ("
                + ", ".join(r.name for r in found)
                + ").",
                CODE_RULE,
                tuple(_cite(r, CODE_RULE, "no README; no docs/ directory") for r in found[:3]),
            )
        return Judgment(
            "code",
            Level.NOT_ASSESSED,
            "The linked repositories' documentation could not be read ("
            + ", ".join(r.name for r in found)
            + ").",
            CODE_RULE,
            tuple(_cite(r, CODE_RULE, "README not read") for r in found[:3]),
        )
    train_docs = [(r, doc_sections(r)[0]) for r in documented if r.training]
    train_docs = [(r, d) for r, d in train_docs if d]
    data_docs = [(r, doc_sections(r)[1]) for r in documented]
    data_docs = [(r, d) for r, d in data_docs if d]
    evidence: list[EvidenceInput] = []
    if train_docs:
        repo, docs = train_docs[0]
        evidence.append(
            _cite(repo, CODE_RULE, f"training documented: {docs[0]}", _doc_path(repo, docs[0]))
        )
    if data_docs:
        repo, docs = data_docs[0]
        evidence.append(
            _cite(repo, CODE_RULE, f"data documented: {docs[0]}", _doc_path(repo, docs[0]))
        )
    if not evidence:
        repo = documented[0]
        what = (
            f"docs/: {repo.docs[0]}"
            if repo.docs
            else f"README headings: {'; '.join(headings(repo.readme or '')[:5])}"
        )
        evidence.append(_cite(repo, CODE_RULE, what, _doc_path(repo, what)))
    deciding = {r.name: r for r, _ in (train_docs[:1] + data_docs[:1])} or {
        documented[0].name: documented[0]
    }
    evidence.extend(_license_cite(r, CODE_RULE) for r in deciding.values())
    licensed = all(_osi(r) for r in deciding.values())
    unknown = [r.name for r in deciding.values() if not r.license_known]
    names = ", ".join(r.name for r in documented)
    if train_docs and data_docs and licensed:
        level = Level.OPEN
        verdict = (
            f"The code repositories ({names}) document training and data processing, and "
            "are under an OSI-approved license."
        )
    elif (
        train_docs
        and data_docs
        and unknown
        and all(_osi(r) or not r.license_known for r in deciding.values())
    ):
        # Everything but the license says open; an unread license is no evidence either way.
        level = Level.NOT_ASSESSED
        verdict = (
            f"The code repositories ({names}) document training and data processing, but the "
            f"license could not be read ({', '.join(unknown)}): at least partial, open if it "
            "is OSI-approved."
        )
    else:
        level = Level.PARTIAL
        gaps = []
        if not train_docs:
            gaps.append("no documentation of training code")
        if not data_docs:
            gaps.append("no documentation of data processing")
        if not licensed:
            gaps.append(
                "a license that is not OSI-approved ("
                + ", ".join(f"{r.name}: {r.license_text}" for r in deciding.values())
                + ")"
            )
        verdict = (
            f"The code repositories ({names}) are documented, with " + " and ".join(gaps) + "."
        )
    notes = verdict + " Headings and file names show what is documented, not how well."
    return Judgment("code", level, notes, CODE_RULE, tuple(evidence[:5]))


def _doc_path(repo: RepoCode, found: str) -> str:
    """The file a documentation finding is in: the README, a docs/ page, or the repository."""
    if found.startswith("README"):
        return repo.readme_path or "README.md"
    found = found.removeprefix("docs/: ")
    return found if found in repo.docs else ""


def _gone(criterion: str, snapshot: HubSnapshot, rule: str) -> Judgment | None:
    """Not assessed when every linked repository is gone (GitHub answers 404); None otherwise
    (nothing linked, or a failure that may pass: the stored judgment stands)."""
    urls = gone(snapshot)
    if not urls:
        return None
    what = "training code" if criterion == "trainingcode" else "code documentation"
    notes = (
        f"The linked code {'repository is' if len(urls) == 1 else 'repositories are'} not on "
        f"GitHub ({', '.join(urls)}: {GONE}, so removed, made private or never there), so the "
        f"{what} cannot be read from {'it' if len(urls) == 1 else 'them'}."
    )
    evidence = tuple(
        EvidenceInput(
            url=url,
            title=f"GitHub {url.removeprefix('https://github.com/')}",
            excerpt="GitHub answers 404 Not Found for the repository",
            kind=Evidence.Kind.REPOSITORY,
            retrieved_at=snapshot.code_repos[url].retrieved_at,
            revision="",
            rule=rule,
        )
        for url in urls[:3]
    )
    return Judgment(criterion, Level.NOT_ASSESSED, notes, rule, evidence)


def _no_repository(snapshot: HubSnapshot) -> Judgment | None:
    readme = snapshot.readme
    if readme is None or readme.error or not isinstance(readme.text, str):
        return None
    revision = readme.revision or snapshot.sha
    url = f"{snapshot.endpoint}/{snapshot.repo_id}/blob/{revision or 'main'}/README.md"
    return Judgment(
        "code",
        Level.NOT_ASSESSED,
        "No code repository is linked from the model card or its paper records, so the code "
        "documentation cannot be judged.",
        CODE_RULE,
        (
            EvidenceInput(
                url=url,
                title=f"Model card (README.md) of {snapshot.repo_id}",
                excerpt="no code repository linked",
                kind=Evidence.Kind.MODEL_CARD,
                retrieved_at=readme.retrieved_at,
                revision=revision,
                rule=CODE_RULE,
            ),
        ),
    )

"""Rule lineage@6: the base model, and the base-model criteria that follow from it.

Lineage comes from the metadata first: `baseModels` (`{relation, models: [{id}]}`; a list is
tolerated), `cardData.base_model` (a string or a list) and the hub's `base_model:<id>` and
`base_model:<relation>:<id>` tags. Only when the metadata declares no base, the model card is
read for a sentence that declares one ("fine-tuned from", "based on", "derived from", "a fine-tune
of", "trained by fine-tuning", "initialised from", "Finetuned from model:", "a X model finetuned
on"): the base is a Hub link (huggingface.co/org/name) in that sentence, else an `org/name`
written out there, else a name ("CodeLlama-7B", "EleutherAI's Pythia-12b", "Llama2 70B") that
the catalog resolves to exactly one hub repository whose name has the same name key
(`name_key`: case, the separators "-", "_" and space, and the Hub's conventional "-hf" suffix
aside, so "Llama2 70B" is "Llama-2-70b-hf" and "CodeLlama-7B" is "CodeLlama-7b-hf"), keeping
only the repositories of the organisation the sentence names when it names one. A name that
resolves to none or several is not guessed; from lineage@5 a family the sentence names with its
organisation but without a size is read with the size of the model's own name (v5 below). A
name counts only when it carries a digit or a hyphen ("Llama 2", "GPT-NeoX"), so that "based
on the transformer architecture" names nothing;
a sentence that only compares ("compared with Llama 2") or names data ("fine-tuned on MMLU")
declares no base.

When neither the metadata nor the card (read, or absent: the hub answers 404) names a base, a
post-trained repository's name may: a repository named `<X>-Instruct` (or `-Chat`, `-SFT`,
`-DPO`, `-it`, ... with an optional version after it: `<X>-Instruct-v0.1`) whose own account
also publishes `<X>` or `<X>-Base` (`-pt`, `-pretrained`; with the same version) is, by the
Hub's naming convention, the post-trained release of that pretrained model
(apple/OpenELM-3B-Instruct and apple/OpenELM-3B, adept/persimmon-8b-chat and
adept/persimmon-8b-base, google/gemma-3-27b-it and google/gemma-3-27b-pt): its authors publish
both under one account, and the release's name is their statement of what it was made from.
The catalog must hold exactly one such repository of that account (`sibling_base_keys`,
resolved in assess.py); the judgment says the base is inferred from the names. Only the same
account counts: a copy's or a fine-tuner's `<X>` says nothing about whose model this is. A
card not fetched, gated or unreadable could name another base: no inference then. From
lineage@5, a model named `<X>` with no such word whose card says it was pretrained by its
authors and then post-trained reads the account's one `<X>-Base` the same way (v5 below).

- A model that declares a base (fine-tune, adapter, merge, quantized), in its metadata or its
  card, or whose base the names show: `weights_basemodel` is the base's own end-model weights
  judgment and `datasources_basemodel` the base's training data judgment (the lower of its
  end- and base-model data when the base is itself derived), each taken from the base's catalog
  assessment (curated track first, else automatic) and citing it; a base read from the card is
  cited with the card's sentence. When the base is not in the catalog or not assessed there,
  or the card's name does not resolve: not assessed.
- A model that declares no base and whose name marks it as a pretrained base model (a `base`,
  `pretrained` or `pt` word in the repository name, and no post-training word beside it:
  GPT-NeoXT-Chat-Base-20B is a chat fine-tune), or whose card says explicitly that it was
  trained from scratch or pretrained on a stated number of tokens while neither its name
  (`instruct`, `chat`, `it`, `sft`, ...) nor its card (supervised fine-tuning, instruction
  tuning, preference optimisation, a chat model, ...) says it was post-trained: it is its own
  base, so, as the EU index does, `weights_basemodel` and `datasources_basemodel` mirror the
  end-model judgments; when an end-model judgment is not made (the item does not say whether
  the weights are gated, no dataset could be judged), the base-model one is not assessed and
  says so.
- A model that declares no base and is not shown to be its own base: not assessed. An
  instruction-tuned or otherwise post-trained model that names no base (Command A, RWKV-7 G1,
  SmolLM3-3B: pretrained by its authors, then post-trained) has a base checkpoint that its
  card does not name; its end-model judgments say nothing about it.
- The item carries none of `baseModels`, `cardData`, `tags`: no judgment.

Every applicable base-model criterion gets a judgment whenever the item carries lineage fields,
each "not assessed" saying why.

v6 (from lineage@5): three readings of what real cards say (docs/rules.md, "Eleventh round").
(1) "distilled from X" and "a distilled version of X" declare X the base, read as "fine-tuned
from X" is (a link, an id, or a name the catalog resolves), but only when no other declaring
phrase of the card names one, and never when the words before it say data was distilled
("distilled data from huge and proprietary LLMs", starcoder2-15b-instruct's card). Why: a
distilled model is made from its teacher (SDXL-Lightning: "Our models are distilled from
stabilityai/stable-diffusion-xl-base-1.0", progressive distillation starting from the teacher's
weights), and the EU index names the teacher as the base (SDXL-Lightning.yaml, LTX-Video.yaml);
a teacher that is not the student's initialisation comes with another phrase naming the base,
which wins. (2) A from-scratch phrase said of a part of the model, named in its clause before or
inside it ("A tokenizer was trained from scratch", microsoft/SportsBERT's card), is not the
model's own pretraining (`_about_a_component`). (3) A name that fits 2 to 19 repositories
(lineage@4's name key, the named organisation's, lineage@5's size) is judged on every one's
facts, read by assess.py (`CardBase.fits`): a criterion is decided only when all give the same
level ("whichever it is"); otherwise not assessed, naming each candidate and its level. None is
linked as the base. Why: the card says the base has that name and does not say which; where
every candidate reads alike the level does not depend on which, and where they differ, picking
one would be a guess. The own-base reading (lineage@3) stands, justified by the EU index: 19 of
the 27 curated files with an empty `basemodelname` give the base criteria the end model's levels
(PixArt, GPT-OSS, Wan, Mochi, ...); the others are post-trained releases with an unpublished base
(EXAONE, Jais, Kimi, Qwen3.5, RWKV: base weights closed), which the rule does not mirror.

v5 (from lineage@4): two readings of what a card and the names together show.
(1) A card sentence that names a family with its organisation but no size ("fine-tuned from
EleutherAI's GPT-NeoX") while the model's own name carries exactly one size ("...-20B"): when
no repository of the organisation has the family's name alone, the one whose name key is the
family plus that size (EleutherAI/gpt-neox-20b) is the base, still exactly one repository of the
named organisation (`card_size`; resolved in assess.py), the judgment saying the size was taken
from the model's own name. Why: fine-tuning (and continued training, instruction tuning, chat
tuning) keeps the parameter count, so a fine-tune of a family is a fine-tune of the family's
checkpoint of its own size, and the card's organisation and family narrow the catalog to that
family; lineage@4 left such a name unresolved ("GPT-NeoX" alone is no repository). A size that
fits no repository or several, a model name with no size or with several ("8x7B" is not read),
or a sentence naming no organisation: not resolved, as before. (2) A model whose name carries no
post-training or base word, whose card says it was pretrained by its authors and then
post-trained (the reading lineage@3 already makes: SmolLM3-3B, "pretrained on 11.2T tokens ...
then mid-trained ..., supervised fine-tuning and alignment"), and whose own account holds exactly
one `<X>-Base` (`-pt`, `-pretrained`) of its own name `<X>`, has that repository as its base,
inferred from the names (`authors_base_keys`). Why: the card says the base is the authors' own
pretrained checkpoint, and by the Hub's naming convention the authors publish that checkpoint
under their account as `<X>-Base` beside the post-trained `<X>` (HuggingFaceTB/SmolLM3-3B-Base
beside SmolLM3-3B); only the account's own repository, only exactly one, only where the card
was read and names no base (lineage@4's conditions), and the card's sentences are cited beside
the API record. Without the card's statement the name alone says nothing (a model named `<X>`
may itself be the pretrained release).

v4 (from lineage@3): a card's name resolves by its name key (case, separators, digits run
together and a "-hf" suffix aside) rather than its lower-cased name; the same account's
`<X>` / `<X>-Base` of a post-trained `<X>-Instruct` is its base (inferred from the names); a
model with no base shown gets its "not assessed" judgments even where no end-model judgment
was made (lineage@3 gave none for gpt-oss-120b's, OpenELM-3B-Instruct's, ... weights), and a
model that is its own base gets "not assessed" with the reason where the end-model judgment it
would mirror was not made or not assessed. v3 (from lineage@2): reads the model card when the
metadata declares no base: a base named there (link, `org/name`, or a name the catalog
resolves to one repository), and an explicit from-scratch statement of a model that was not
post-trained; a name with both a base and a post-training word ("Chat-Base") no longer marks a
base. v2 (from lineage@1): no longer copies the end-model judgments to the base-model criteria
of a model that declares no base unless the model is marked as a base model.
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
    text_readable,
)
from openness.crawl.rules.documentation import readme_failure, readme_url
from openness.crawl.snapshot import HubSnapshot

RULE = "lineage@6"
# Words of a repository name that mark a pretrained base model.
BASE_WORDS = frozenset({"base", "pretrained", "pretrain", "pt"})
RELATIONS = ("adapter", "finetune", "merge", "quantized")
_RANK = {Level.CLOSED: 0, Level.PARTIAL: 1, Level.OPEN: 2}
# Words of a repository name that mark a post-trained release (an instruct or chat model).
POST_TRAINED_WORDS = frozenset(
    {"instruct", "chat", "it", "sft", "dpo", "rlhf", "orpo", "kto", "think", "assistant"}
)
_EXCERPT = 240


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


# Reading the model card ----------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*(\n|\Z)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCED = re.compile(r"```.*?```", re.DOTALL)
# Where a sentence ends: . ! ? or ; followed by a space, and every line break.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
# A phrase that declares a base, followed by what it names.
_DECLARES = re.compile(
    r"\b(?:"
    r"fine[- ]?tuned\s+(?:version\s+)?(?:from|of)(?:\s+model(?:\s*\[optional\])?\s*:)?"
    r"|(?:a|the)\s+fine[- ]?tune\s+of|(?:trained\s+by\s+)?fine[- ]?tuning"
    r"|based\s+on|derived\s+from|built\s+(?:on|upon)(?:\s+top\s+of)?"
    r"|initiali[sz]ed\s+(?:from|with)|continued\s+pre-?training\s+(?:of|from)"
    r"|further\s+pre-?trained\s+from|adapted\s+from"
    r"|(?P<distilled>distilled\s+(?:from|version\s+of))"
    r")\s+(?:the\s+|a\s+)?",
    re.IGNORECASE,
)
# lineage@6: what comes just before "distilled from" when the sentence says data was distilled
# from a model ("distilled data from huge and proprietary LLMs", starcoder2-15b-instruct's card;
# "responses distilled from GPT-4"), not that the model itself was: no base then.
_DISTILLED_DATA = re.compile(
    r"\b(?:data|datasets?|responses|outputs|samples|generations|annotations|labels|examples"
    r"|instructions|conversations|dialogues|traces|feedback|knowledge|corpus|corpora|text)"
    r"(?:\s+(?:that\s+)?(?:was|were|is|are))?\s*$",
    re.IGNORECASE,
)
# "a Llama2 70B model finetuned on ...": the base named before the phrase.
_NAMED_BEFORE = re.compile(
    r"\ban?\s+(?P<name>[A-Za-z][\w.-]*(?:\s+\d[\w.]*)?)\s+model,?\s+"
    r"(?:fine[- ]?tuned|finetuned)\s+on\b",
    re.IGNORECASE,
)
_HUB_LINK = re.compile(
    r"^\[[^\]]*\]\(\s*(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<id>[\w.-]+/[\w.-]+)"
    r"|^<?(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<bare>[\w.-]+/[\w.-]+)",
    re.IGNORECASE,
)
_NOT_MODELS = frozenset({"datasets", "spaces", "papers", "docs", "blog", "collections", "api"})
_OWNED = re.compile(r"^(?P<org>[A-Za-z][\w.-]*)['\u2019]s\s+")
_REPO = re.compile(r"^`?(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*[A-Za-z0-9])`?(?![\w/])")
_NAME = re.compile(r"^`?\[?(?P<name>[A-Za-z][\w.]*(?:-[\w.]+)*(?:\s+\d[\w.]*)*)")
# What follows a name when the sentence names a design or data, not a base model.
_NOT_A_MODEL = re.compile(
    r"^\W{0,3}\s*(?:architecture|tokeni[sz]er|recipe|design|codebase|code|framework|library|paper"
    r"|format|template|style|dataset|data|benchmark|annotation|output|response|sample|generation"
    r"|label|feedback)s?\b",
    re.IGNORECASE,
)
# A sentence that lists a family's variants ("base and instruction-tuned variants"), not how this
# model was trained.
_FAMILY = re.compile(
    r"\b(?:base|pre-?trained)\s+(?:and|or|&)\s+(?:an?\s+)?(?:instruct|instruction|chat)"
    r"|\b(?:instruct\w*|instruction[- ]tuned|chat)\s+(?:and|or|&)\s+(?:base|pre-?trained)\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:not|no|without|never)\b[^.;,]*$", re.IGNORECASE)
# Own-base statements: trained from scratch, or pretrained on a stated number of tokens.
_FROM_SCRATCH = re.compile(
    r"\b(?:pre-?trained|trained)\s+(?:\w+\s+){0,2}?from\s+scratch\b"
    r"|\bpre-?trained\s+on\s+(?:about\s+|approximately\s+|around\s+|over\s+|~\s*)?"
    r"\d[\d.,]*\s*(?:T|B|trillion|billion)\b(?:\s+[\w-]+){0,3}?\s+tokens\b",
    re.IGNORECASE,
)
# lineage@6: a from-scratch statement about a part of the model, not the model ("A tokenizer was
# trained from scratch to include more sports related tokens", microsoft/SportsBERT's card): the
# part named just before the phrase or inside it ("trained a new tokenizer from scratch").
_COMPONENT = re.compile(
    r"\b(?:tokeni[sz]ers?|vocabulary|vocabularies|vocab|(?:word\s+|token\s+)?embeddings?"
    r"|(?:text|image|audio|speech)\s+encoders?|vae|autoencoders?|discriminators?"
    r"|reward\s+models?|classifiers?|vocoders?|codecs?)\b",
    re.IGNORECASE,
)
# Where the subject of a from-scratch phrase begins: the last clause boundary before it.
_CLAUSE = re.compile(r"[,;:(]|\b(?:and|while|whereas|but)\b", re.IGNORECASE)
# Statements that the model itself was post-trained (instruction-tuned, aligned, chat).
_POST_TRAINED = re.compile(
    r"\b(?:post-?train\w*|supervised\s+fine-?tun\w*|instruction[- ]tun\w*"
    r"|instruct(?:ion)?[- ]following|instruct\s+model|chat\s+(?:model|assistant)|chatbot"
    r"|preference\s+optimi[sz]ation|RLHF|RLAIF|DPO|SFT)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CardBase:
    """A base model that the model card declares in prose (lineage@3)."""

    url: str  # the model card at its commit
    sentence: str  # the card's sentence, shortened: the judgment's excerpt
    repo_id: str = ""  # the base's hub repository, when the card or the catalog says which
    name: str = ""  # the name as the card writes it, when it is not a repository id
    org: str = ""  # the organisation the sentence names ("EleutherAI's Pythia-12b")
    how: str = ""  # "a Hub link", "its repository id", "the catalog" (how repo_id was found)
    candidates: int = 0  # catalog repositories of that name (0 or >1: not resolved)
    elsewhere: int = 0  # of that name, under other organisations than the one named
    # The size taken from the model's own name when the card names the family without one
    # (lineage@5: "EleutherAI's GPT-NeoX" in GPT-NeoXT-Chat-Base-20B's card, read as 20B).
    size: str = ""
    # lineage@6: the sentence says the model was distilled from the base ("Our models are
    # distilled from stabilityai/stable-diffusion-xl-base-1.0", SDXL-Lightning's card).
    distilled: bool = False
    # lineage@6: the repositories a name fits when it fits several (at most assess.py's limit),
    # each with its judgments, read by assess.py; empty when it fits one or none.
    fits: tuple[str, ...] = ()

    def resolved(
        self,
        repo_id: str,
        candidates: int,
        elsewhere: int = 0,
        size: str = "",
        fits: tuple[str, ...] = (),
    ) -> "CardBase":
        return CardBase(
            url=self.url,
            sentence=self.sentence,
            repo_id=repo_id,
            name=self.name,
            org=self.org,
            how="the catalog" if repo_id else "",
            candidates=candidates,
            elsewhere=elsewhere,
            size=size,
            distilled=self.distilled,
            fits=fits if not repo_id else (),
        )


@dataclass(frozen=True)
class SiblingBase:
    """The pretrained model a post-trained release's name is made from (lineage@4), as assess.py
    found it among the same account's repositories in the catalog."""

    repo_id: str  # the base's hub repository; "" when none or several fit
    candidates: int  # the account's repositories whose name key fits (sibling_base_keys)
    # lineage@5: the card's sentences saying the model was pretrained by its authors and then
    # post-trained, when those (not a post-training word in the name) make it a release of the
    # account's `<X>-Base` (authors_base_keys); "" for a name read by itself.
    pretrained: str = ""
    post_trained: str = ""


def card_text(snapshot: HubSnapshot) -> str | None:
    """The card's prose: no front matter, no HTML comments, no code blocks; None unread."""
    if not text_readable(snapshot.readme):
        return None
    text = _FRONT_MATTER.sub("", snapshot.readme.text, count=1)
    return _FENCED.sub(" ", _COMMENT.sub(" ", text))


def card_known(snapshot: HubSnapshot) -> bool:
    """True when what the model card says is known: it was read, or the hub answers that the
    repository has none (404). A card not fetched, gated or unreadable could name a base, so
    a base is not inferred from the names then (lineage@4)."""
    if card_text(snapshot) is not None:
        return True
    doc = snapshot.readme
    return doc is not None and bool(doc.error) and readme_failure(doc.error) == "missing"


def sentences(text: str) -> list[str]:
    return [" ".join(s.split()) for s in _SENTENCE_END.split(text) if s and s.strip()]


def _short(sentence: str, at: int) -> str:
    """The sentence around position `at`, at most _EXCERPT characters."""
    if len(sentence) <= _EXCERPT:
        return sentence
    start = max(0, min(at - 80, len(sentence) - _EXCERPT))
    cut = sentence[start : start + _EXCERPT]
    return ("..." if start else "") + cut + ("..." if start + _EXCERPT < len(sentence) else "")


def _named(rest: str, own_repo: str) -> tuple[str, str, str, str] | None:
    """(repo id, name, org, how) for what follows a declaring phrase, or None."""
    link = _HUB_LINK.match(rest)
    if link:
        repo = link.group("id") or link.group("bare")
        repo = repo.rstrip(".,;:)")
        if repo.split("/")[0].lower() in _NOT_MODELS or repo.lower() == own_repo.lower():
            return None
        return repo, "", "", "a Hub link"
    if re.match(r"^\[?<?(?:https?://|www\.)", rest):
        return None  # a link elsewhere (a GitHub repository, a paper): no model named
    org = ""
    owned = _OWNED.match(rest)
    if owned:
        org, rest = owned.group("org"), rest[owned.end() :]
    repo = _REPO.match(rest)
    if repo and is_repo_id(repo.group("id")) and "." not in repo.group("id").split("/")[0]:
        if repo.group("id").lower() == own_repo.lower():
            return None
        return repo.group("id"), "", "", "its repository id"
    name = _NAME.match(rest)
    if not name:
        return None
    value = name.group("name").rstrip(".,;:")
    if not re.search(r"[\d-]", value) or value.lower() == own_repo.rpartition("/")[2].lower():
        return None
    if _NOT_A_MODEL.match(rest[name.end() :]):
        return None  # "based on the GPT-2 architecture": a design, not a base model
    return "", value, org, ""


def card_base(snapshot: HubSnapshot) -> CardBase | None:
    """The first base the model card declares in a sentence, or None (card not read, no such
    sentence). Hub links come first, then repository ids, then names, in the card's order."""
    text = card_text(snapshot)
    if text is None:
        return None
    url = readme_url(snapshot)
    found: list[tuple[int, CardBase]] = []  # (kind rank, base): a link, an id, a name
    for sentence in sentences(text):
        for match in _DECLARES.finditer(sentence):
            distilled = bool(match.group("distilled"))
            if distilled and _DISTILLED_DATA.search(sentence[: match.start()]):
                continue  # data distilled from a model: says nothing of this model's base
            named = _named(sentence[match.end() :], snapshot.repo_id)
            if named is None:
                continue
            repo, name, org, how = named
            # a link, then an id, then a name with its organisation, then a bare name; a
            # distillation's teacher (lineage@6) only after every other phrase's base
            rank = 0 if how == "a Hub link" else 1 if repo else 2 if org else 3
            rank += 4 if distilled else 0
            excerpt = _short(sentence, match.start())
            found.append((rank, CardBase(url, excerpt, repo, name, org, how, distilled=distilled)))
            break
        else:
            before = _NAMED_BEFORE.search(sentence)
            if before and re.search(r"\d", before.group("name")):
                excerpt = _short(sentence, before.start())
                found.append((3, CardBase(url, excerpt, name=before.group("name"))))
    if not found:
        return None
    return min(found, key=lambda f: f[0])[1]


def own_base_statement(snapshot: HubSnapshot) -> tuple[str, str] | None:
    """(from-scratch sentence, post-training sentence or "") when the card says explicitly that
    the model was trained from scratch or pretrained on a stated number of tokens; None when it
    does not (or the card was not read)."""
    text = card_text(snapshot)
    if text is None:
        return None
    scratch = post = ""
    for sentence in sentences(text):
        found = _FROM_SCRATCH.search(sentence)
        if found and not scratch and not _about_a_component(sentence, found):
            scratch = _short(sentence, found.start())
        if post or _FAMILY.search(sentence):
            continue
        for trained in _POST_TRAINED.finditer(sentence):
            # "not aligned through RLHF", "without supervised fine-tuning": said not to be
            if not _NEGATED.search(sentence[max(0, trained.start() - 30) : trained.start()]):
                post = _short(sentence, trained.start())
                break
    return (scratch, post) if scratch else None


def _about_a_component(sentence: str, found: re.Match) -> bool:
    """True when a from-scratch phrase is said of a part of the model (lineage@6): a tokenizer,
    a vocabulary, embeddings, an encoder, ... named in its clause before the phrase ("A
    tokenizer was trained from scratch") or inside it ("trained a new tokenizer from scratch")."""
    before = sentence[: found.start()]
    boundaries = list(_CLAUSE.finditer(before))
    subject = before[boundaries[-1].end() :] if boundaries else before
    return bool(_COMPONENT.search(subject + found.group(0)))


def is_post_trained_name(repo_id: str) -> bool:
    """True when the repository name marks a post-trained release ("OpenELM-3B-Instruct")."""
    name = repo_id.rpartition("/")[2].lower()
    return bool(POST_TRAINED_WORDS & set(re.split(r"[^a-z0-9]+", name)))


def is_marked_base(repo_id: str) -> bool:
    """True when the repository name marks a pretrained base model ("SmolLM3-3B-Base") and
    not also a post-trained one ("GPT-NeoXT-Chat-Base-20B", a chat fine-tune of GPT-NeoX)."""
    words = set(re.split(r"[^a-z0-9]+", repo_id.rpartition("/")[2].lower()))
    return bool(BASE_WORDS & words) and not POST_TRAINED_WORDS & words


_HF_SUFFIX = re.compile(r"[-_]hf$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[-_ ]")


def name_key(name: str) -> str:
    """A repository name's key (the part after the account, when given): lower-cased, without a
    "-hf" suffix and without the separators "-", "_" and space. "Llama2 70B", "Llama-2-70b" and
    "meta-llama/Llama-2-70b-hf" all read "llama270b". The same as models.repo_name_key(), the
    expression of the index the catalog is searched by."""
    name = " ".join(name.rpartition("/")[2].split())
    return _SEPARATORS.sub("", _HF_SUFFIX.sub("", name)).lower()


# A post-trained release's name: the pretrained model's name, a post-training word, and an
# optional version ("OpenELM-3B-Instruct", "neo_7b_instruct_v0.1", "Minerva-7B-instruct-v1.0").
_POST_TRAINED_SUFFIX = re.compile(
    r"^(?P<stem>.*?[A-Za-z0-9])[-_.](?:" + "|".join(sorted(POST_TRAINED_WORDS)) + r")"
    r"(?P<version>[-_.]v?\d[\w.]*)?$",
    re.IGNORECASE,
)
SIBLING_BASE_WORDS = ("base", "pt", "pretrained")
# How a judgment says its base came from the names (rules_evaluate reads it: such a base rests
# on the card's silence).
NAMES_INFERRED = "The base is inferred from the names"
# How an undecided judgment says the card it read named no base (rules_evaluate reads it: the
# part of a card the folder did not record could name one).
CARD_NAMES_NO_BASE = "nor does its model card name one"
CARD_NAMES_NO_PRETRAINED = "which neither the metadata nor the card names"


def sibling_base_keys(repo_id: str) -> tuple[str, ...]:
    """Name keys of the pretrained model that a post-trained release's name is made from, by the
    Hub's naming convention: `<X>-Instruct[-v]` -> `<X>`, `<X>-v`, `<X>-Base`, `<X>-Base-v` (and
    `-pt`, `-pretrained`). Empty when the name does not end in a post-training word (and a
    version) after a separator."""
    found = _POST_TRAINED_SUFFIX.match(repo_id.rpartition("/")[2])
    if not found:
        return ()
    stem, version = found.group("stem"), found.group("version") or ""
    names = [stem, stem + version]
    names += [f"{stem}-{word}{tail}" for word in SIBLING_BASE_WORDS for tail in ("", version)]
    return tuple(dict.fromkeys(name_key(n) for n in names))


def authors_base_keys(repo_id: str) -> tuple[str, ...]:
    """Name keys of `<X>-Base`, `<X>-pt`, `<X>-pretrained` for a repository named `<X>` with
    neither a post-training nor a base word (lineage@5: read only where the card says the model
    was pretrained by its authors and then post-trained, `named_base_keys`)."""
    name = repo_id.rpartition("/")[2]
    words = set(re.split(r"[^a-z0-9]+", name.lower()))
    if not name or words & (POST_TRAINED_WORDS | BASE_WORDS):
        return ()
    return tuple(dict.fromkeys(name_key(f"{name}-{word}") for word in SIBLING_BASE_WORDS))


def post_trained_by_authors(snapshot: HubSnapshot) -> tuple[str, str] | None:
    """(pretraining sentence, post-training sentence) when the card says the model was
    pretrained by its authors and then post-trained (own_base_statement with both); else None."""
    statement = own_base_statement(snapshot)
    return statement if statement and statement[1] else None


def named_base_keys(snapshot: HubSnapshot) -> tuple[tuple[str, ...], tuple[str, str] | None]:
    """(name keys of the account's repository that would be this model's base, the card's
    statement they rest on or None): a post-trained release's `sibling_base_keys` (lineage@4),
    else, for a model named `<X>` whose card says it was pretrained by its authors and then
    post-trained, `authors_base_keys` (lineage@5). Empty keys: the names show no base."""
    keys = sibling_base_keys(snapshot.repo_id)
    if keys:
        return keys, None
    statement = post_trained_by_authors(snapshot)
    if statement is None:
        return (), None
    return authors_base_keys(snapshot.repo_id), statement


# A size in a repository name: "20B", "7b", "1.3B", "350M" as a word of its own.
_SIZE = re.compile(r"^\d+(?:\.\d+)?[bm]$", re.IGNORECASE)


def name_size(repo_id: str) -> str:
    """The one size word of the repository's name ("20B" in GPT-NeoXT-Chat-Base-20B); "" when it
    has none or several ("8x7B" is not a size word)."""
    words = [w for w in re.split(r"[-_ ]", repo_id.rpartition("/")[2]) if _SIZE.match(w)]
    return words[0] if len(words) == 1 else ""


def card_size(card: CardBase, repo_id: str) -> str:
    """The size to read a card's family name with (lineage@5): the model's own size word, when
    the sentence names the organisation and a name without a digit ("EleutherAI's GPT-NeoX");
    "" otherwise. A fine-tune keeps its base's parameter count, so within the family the card
    names, the base is the checkpoint of the model's own size."""
    if not card.org or not card.name or re.search(r"\d", card.name):
        return ""
    return name_size(repo_id)


def _same_sentence(first: str, second: str) -> bool:
    """True when two excerpts (`_short` windows, "..." at a cut) are of one card sentence."""
    a, b = (x.strip(". ").strip() for x in (first, second))
    return a == b or a[:60] in b or b[:60] in a


MARKED_BASE = "its name marks it as a pretrained base model"


def _card_evidence(snapshot: HubSnapshot, excerpt: str) -> EvidenceInput:
    readme = snapshot.readme
    return EvidenceInput(
        url=readme_url(snapshot),
        title=f"Model card of {snapshot.repo_id}",
        excerpt=excerpt[:1000],
        kind=Evidence.Kind.MODEL_CARD,
        retrieved_at=readme.retrieved_at if readme else snapshot.retrieved_at,
        revision=(readme.revision if readme else "") or snapshot.sha,
        rule=RULE,
    )


# What an end-model rule that gives no judgment did not find (a rule gives none when the item
# does not hold what it reads; rules/__init__.py).
END_NOT_JUDGED = {
    "weights_basemodel": "the hub item does not say whether weights are in the repository, or "
    "not whether the repository is gated",
    "datasources_basemodel": "the hub item does not say which datasets the model was trained on",
}


def _mirror(
    judgment: Judgment | None,
    criterion: str,
    what: str,
    *,
    because: str = MARKED_BASE,
    cited: tuple[EvidenceInput, ...] = (),
    snapshot: HubSnapshot,
) -> Judgment:
    if judgment is None or judgment.level == Level.NOT_ASSESSED:
        # Its own base, but the end-model judgment that would stand for it was not made: not
        # assessed, saying why (lineage@3 gave no judgment at all here).
        if judgment is None:
            why = f"no {what} judgment was made from this snapshot ({END_NOT_JUDGED[criterion]})"
            declared = api_evidence(snapshot, rule=RULE, excerpt="no base_model declared")
            evidence = cited or (declared,)
        else:
            why = f"the {what} judgment is not assessed either: {judgment.notes}"
            evidence = cited + _recited(judgment)
        notes = (
            f"The model declares no base model and {because}, so it is its own base, but "
            f"{why}; so the base model is not assessed."
        )
        return Judgment(criterion, Level.NOT_ASSESSED, notes, RULE, evidence)
    notes = (
        f"The model declares no base model and {because}, "
        f"so it is its own base and the {what} judgment stands for the base model too: "
        f"{judgment.notes}"
    )
    return Judgment(
        criterion=criterion,
        level=judgment.level,
        notes=notes,
        rule=RULE,
        evidence=cited + _recited(judgment),
    )


def _recited(judgment: Judgment) -> tuple[EvidenceInput, ...]:
    return tuple(
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


def _no_base(
    snapshot: HubSnapshot,
    *,
    weights: Judgment | None,
    datasets: Judgment | None,
    sibling: "SiblingBase | None" = None,
) -> list[Judgment]:
    """A model whose metadata, card and name show no base: its own base, or not assessed."""
    if is_marked_base(snapshot.repo_id):
        return [
            _mirror(weights, "weights_basemodel", "end-model weights", snapshot=snapshot),
            _mirror(
                datasets, "datasources_basemodel", "end-model training data", snapshot=snapshot
            ),
        ]
    statement = own_base_statement(snapshot)
    post_name = is_post_trained_name(snapshot.repo_id)
    if statement and not statement[1] and not post_name:
        card = (_card_evidence(snapshot, statement[0]),)
        because = (
            f'its model card says it was trained from scratch ("{statement[0]}") and not that '
            "it was post-trained"
        )
        return [
            _mirror(
                weights,
                "weights_basemodel",
                "end-model weights",
                because=because,
                cited=card,
                snapshot=snapshot,
            ),
            _mirror(
                datasets,
                "datasources_basemodel",
                "end-model training data",
                because=because,
                cited=card,
                snapshot=snapshot,
            ),
        ]
    cited = [api_evidence(snapshot, rule=RULE, excerpt="no base_model declared")]
    card_read = card_text(snapshot) is not None
    if statement:
        scratch, post = statement
        cited.append(_card_evidence(snapshot, scratch))
        if post == scratch:
            later = "then post-trained (the same sentence)"
        elif post:
            later = f'then post-trained ("{post}")'
        else:
            later = "released as a post-trained model"
        account = ""
        if sibling is not None and sibling.pretrained:
            # lineage@5 looked for the account's `<X>-Base` and found none or several
            account = (
                f" ({sibling.candidates} repositories of the same account are named as its "
                "pretrained checkpoint, and the names do not tell which)"
                if sibling.candidates > 1
                else " (the catalog holds no repository of the same account named as its "
                "pretrained checkpoint, `-Base`, `-pt` or `-pretrained`)"
            )
        notes = (
            f'The model declares no base model; its card says it was pretrained by its authors ("'
            f'{scratch}") and {later}{" (its name says so)" if post_name and not post else ""}, '
            f"so its base is the pretrained checkpoint, {CARD_NAMES_NO_PRETRAINED}{account}: "
            "whether that base's weights and training data are published is not shown here."
        )
    else:
        if card_read:
            shown = CARD_NAMES_NO_BASE
        elif snapshot.readme is None:
            shown = "and its model card was not read (the repository was not enriched)"
        else:
            shown = "and its model card could not be read"
        if sibling is not None and sibling_base_keys(snapshot.repo_id):
            fits = (
                f"{sibling.candidates} repositories of the same account fit, and the names "
                "do not tell which"
                if sibling.candidates > 1
                else "the catalog holds no repository of the same account named as its "
                "pretrained model"
            )
            named = f"its name marks it as a post-trained release, but {fits}"
        else:
            named = "its name does not mark it as a pretrained base model"
        notes = (
            f"The model declares no base model and {named}, {shown}, so its base model "
            "cannot be told: whether the base's weights and training data are published is not "
            "shown here."
        )
    # Both criteria, whether or not an end-model judgment was made: the reason is the base's.
    return [
        Judgment(c, Level.NOT_ASSESSED, notes, RULE, tuple(cited))
        for c in ("weights_basemodel", "datasources_basemodel")
    ]


def judge(
    snapshot: HubSnapshot,
    *,
    base: BaseFacts | None,
    weights: Judgment | None,
    datasets: Judgment | None,
    card: CardBase | None = None,
    sibling: SiblingBase | None = None,
    fits: tuple["BaseFacts | None", ...] = (),
) -> list[Judgment]:
    """Judgments for weights_basemodel and datasources_basemodel.

    `card` is the card's declared base as assess.py resolved it through the catalog; without
    it the card is read here, and a name stays unresolved. `sibling` is the same account's
    pretrained model that a post-trained release's name is made from, as assess.py found it in
    the catalog (read only when neither the metadata nor the card names a base). `fits` holds,
    for a card name that fits several repositories (`card.fits`, in that order), each one's
    catalog facts (None where it is not assessed), as assess.py read them (lineage@6)."""
    found = lineage(snapshot.item)
    if not found.known:
        return []
    relation = ""
    if found.is_derived:
        base_repo = found.base_ids[0]
        declared = api_evidence(snapshot, rule=RULE, excerpt=found.excerpt)
        relation = f" ({found.relation})" if found.relation else ""
        source = ""
    else:
        card = card or card_base(snapshot)
        if card is None and sibling is not None and sibling.repo_id:
            declared = api_evidence(
                snapshot,
                rule=RULE,
                excerpt=f"no base_model declared; repository {snapshot.repo_id}, and "
                f"{sibling.repo_id} in the catalog",
            )
            if sibling.pretrained:
                # lineage@5: the card says the authors pretrained it and then post-trained it
                same = _same_sentence(sibling.pretrained, sibling.post_trained)
                said = (
                    f'("{sibling.pretrained}", the same sentence)'
                    if same
                    else f'("{sibling.pretrained}") and then post-trained ("'
                    f'{sibling.post_trained}")'
                )
                return _judge_base(
                    snapshot,
                    base=base,
                    base_repo=sibling.repo_id,
                    declared=declared,
                    also=(
                        _card_evidence(
                            snapshot,
                            sibling.pretrained
                            if same
                            else f"{sibling.pretrained} ... {sibling.post_trained}",
                        ),
                    ),
                    relation="",
                    where="names",
                    source=f" {NAMES_INFERRED}: the model card says the model was pretrained by "
                    f"its authors and then post-trained {said}, and {sibling.repo_id} is the one "
                    "repository of the same account named as its pretrained checkpoint (`-Base`, "
                    "`-pt`, `-pretrained`), by the Hub's naming convention; neither the metadata "
                    "nor the model card names a base.",
                )
            return _judge_base(
                snapshot,
                base=base,
                base_repo=sibling.repo_id,
                declared=declared,
                relation="",
                where="names",
                source=f" {NAMES_INFERRED}: {snapshot.repo_id} is named as "
                f"a post-trained release (instruct, chat, ...) of {sibling.repo_id}, a "
                "repository of the same account, by the Hub's naming convention; neither the "
                "metadata nor the model card names a base.",
            )
        if card is None:
            return _no_base(snapshot, weights=weights, datasets=datasets, sibling=sibling)
        declared = _card_evidence(snapshot, card.sentence)
        if not card.repo_id and card.fits and len(fits) == len(card.fits):
            return _judge_candidates(snapshot, card=card, fits=fits, declared=declared)
        if not card.repo_id:
            if card.size:
                # lineage@5: the family alone fits nothing, and with this model's size none or
                # several of the named organisation's repositories
                fit = f"{card.candidates} fit" if card.candidates > 1 else "none fits"
                other = (
                    f" ({card.elsewhere} under other accounts, which the sentence does not name)"
                    if card.elsewhere
                    else ""
                )
                why = (
                    f"no hub repository of that name under {card.org} is in the catalog{other}, "
                    f"and of that family with this model's size ({card.size}) {fit}"
                )
            elif card.candidates > 1:
                why = (
                    f"{card.candidates} hub repositories in the catalog have that name and the "
                    "sentence names no organisation that picks one"
                )
            elif card.org and card.elsewhere:
                why = (
                    f"no hub repository of that name under {card.org} is in the catalog "
                    f"({card.elsewhere} under other accounts, which the sentence does not name)"
                )
            else:
                why = "no hub repository of that name is in the catalog"
            named = f"{card.org}'s {card.name}" if card.org else card.name
            notes = (
                f'The model card names {named} as the base model ("{card.sentence}"), but {why}, '
                "so the base is not known and its openness is not assessed."
            )
            return [
                Judgment(c, Level.NOT_ASSESSED, notes, RULE, (declared,))
                for c in ("weights_basemodel", "datasources_basemodel")
            ]
        base_repo = card.repo_id
        source = (
            f" The base is read from the model card ({card.how} in the sentence quoted); the "
            "metadata declares none."
        )
        if card.distilled:
            source += DISTILLED_NOTE
        if card.size:
            source += (
                f" The card names {card.org}'s {card.name} without a size; the size {card.size} "
                f"is taken from the model's own name ({snapshot.repo_id}: fine-tuning keeps the "
                f"parameter count), and {base_repo} is the one repository of {card.org} with "
                "that family and size in the catalog."
            )

    return _judge_base(
        snapshot,
        base=base,
        base_repo=base_repo,
        declared=declared,
        relation=relation,
        source=source,
        where="card" if source else "metadata",
    )


# How a judgment says its base is a distillation's teacher (lineage@6).
DISTILLED_NOTE = (
    " The card says the model was distilled from it: a distilled model is trained to reproduce "
    "that model (a progressive distillation also starts from its weights), and the card names no "
    "other base, so it is read as the base."
)
# How a judgment lists the repositories a card's name fits (rules_evaluate reads it).
CANDIDATES = "candidates: "


def candidate_ids(notes: str) -> list[str]:
    """The repositories a judgment's notes list as its base's candidates (lineage@6)."""
    found = re.search(r"\(" + CANDIDATES + r"([^)]*)\)", notes or "")
    return [c.strip() for c in found.group(1).split(",") if c.strip()] if found else []


def _base_level(base: "BaseFacts | None", criterion: str) -> tuple[str, str] | None:
    """(level, track) a base gives a derived model's base-model criterion, as _judge_base reads
    it; None when not assessed."""
    if base is None:
        return None
    if criterion == "weights_basemodel":
        found = base.levels.get("weights_endmodel")
        return found if found and found[0] in _RANK else None
    data = [base.levels.get("datasources_endmodel"), base.levels.get("datasources_basemodel")]
    data = [d for d in data if d and d[0] in _RANK]
    if data and (not base.is_derived or len(data) == 2):
        return min(data, key=lambda d: _RANK[d[0]])
    return None


def _base_cite(snapshot: HubSnapshot, page_url: str, what: str) -> EvidenceInput:
    """The base's openness assessment on this site, cited for `what` ("base model X")."""
    return EvidenceInput(
        url=page_url,
        title=f"Openness assessment of the {what}",
        excerpt=what,
        kind=Evidence.Kind.WEBSITE,
        retrieved_at=snapshot.retrieved_at,
        revision="",
        rule=RULE,
    )


def _judge_candidates(
    snapshot: HubSnapshot,
    *,
    card: CardBase,
    fits: tuple["BaseFacts | None", ...],
    declared: EvidenceInput,
) -> list[Judgment]:
    """lineage@6: a card's name that fits several hub repositories (sqlcoder-7b-2's
    "CodeLlama-7B": codellama/CodeLlama-7b-hf and meta-llama/CodeLlama-7b-hf). The sentence does
    not say which, so a criterion is decided only when every candidate gives it the same level:
    then the level holds whichever it is. Otherwise not assessed, naming each candidate and
    its level."""
    named = f"{card.org}'s {card.name}" if card.org else card.name
    listed = ", ".join(card.fits)
    cited = [declared]
    for repo_id, facts in zip(card.fits, fits, strict=True):
        if facts is not None:
            cited.append(_base_cite(snapshot, facts.page_url, f"candidate base model {repo_id}"))
    results = []
    for criterion, what in (
        ("weights_basemodel", "end-model weights"),
        ("datasources_basemodel", "training data"),
    ):
        levels = [_base_level(facts, criterion) for facts in fits]
        each = "; ".join(
            f"{repo_id}: {found[0]} ({found[1]} track)" if found else f"{repo_id}: not assessed"
            for repo_id, found in zip(card.fits, levels, strict=True)
        )
        which = (
            f"that family with this model's size ({card.size}, from its own name)"
            if card.size
            else "that name"
        )
        opening = (
            f'The model card names {named} as the base model ("{card.sentence}"), and {which} '
            f"fits {len(card.fits)} hub repositories in the catalog ({CANDIDATES}{listed}), which "
            "the sentence does not tell apart"
        )
        if all(levels) and len({found[0] for found in levels}) == 1:
            level = levels[0][0]
            notes = (
                f"{opening}; every one's {what} is rated {level} ({each}), so this model's "
                f"base-model judgment is {level} whichever it is."
            )
        else:
            level = Level.NOT_ASSESSED
            notes = (
                f"{opening}; their {what} judgments are not all made or not the same ({each}), so "
                "the base's is not known and is not assessed."
            )
        if card.distilled:
            notes += DISTILLED_NOTE
        results.append(Judgment(criterion, level, notes, RULE, tuple(cited)))
    return results


def _judge_base(
    snapshot: HubSnapshot,
    *,
    base: BaseFacts | None,
    base_repo: str,
    declared: EvidenceInput,
    relation: str,
    source: str,
    where: str,
    also: tuple[EvidenceInput, ...] = (),
) -> list[Judgment]:
    """The base-model criteria of a model whose base is known: the base's judgments, cited.
    `where` says what showed the base ("metadata", "card", "names"); `source` adds how."""
    if base is None:
        notes = (
            f"Derived{relation} from {base_repo}, which is not assessed in the catalog; "
            f"the base model's openness cannot be read from this model's {where}." + source
        )
        return [
            Judgment(c, Level.NOT_ASSESSED, notes, RULE, (declared, *also))
            for c in ("weights_basemodel", "datasources_basemodel")
        ]

    cited = (
        declared,
        *also,
        _base_cite(snapshot, base.page_url, f"base model {base.repo_id}"),
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
    results.append(Judgment("weights_basemodel", level, notes + source, RULE, cited))

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
    results.append(Judgment("datasources_basemodel", level, notes + source, RULE, cited))
    return results

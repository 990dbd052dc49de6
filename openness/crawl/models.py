"""What the crawler keeps: one record per hub repository, and a record of every crawl run."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from psycopg.types.json import Json, Jsonb


class TextJSONField(models.JSONField):
    """JSON stored as PostgreSQL `json` (the text, checked to be JSON), not `jsonb`.

    For a record that is kept and read back whole, never searched by key: the text is stored
    as written (key order and all), and writing it skips building jsonb's binary form, which
    cost the crawl about a tenth of its database time per item. Key lookups in queries
    (`raw__key`) are not for this field.
    """

    def db_type(self, connection):
        return "json"

    def get_db_prep_value(self, value, connection, prepared=False):
        adapted = super().get_db_prep_value(value, connection, prepared)
        return Json(adapted.obj, dumps=adapted.dumps) if isinstance(adapted, Jsonb) else adapted

    def from_db_value(self, value, expression, connection):
        # psycopg parses `json` itself (Django has it hand `jsonb` over as text).
        if isinstance(value, str):
            return super().from_db_value(value, expression, connection)
        return value


def _regexp_replace(expression, pattern: str, replacement: str, flags: str = "") -> models.Func:
    values = [models.Value(pattern), models.Value(replacement)]
    if flags:
        values.append(models.Value(flags))
    return models.Func(
        expression, *values, function="regexp_replace", output_field=models.CharField()
    )


def repo_name_key() -> Lower:
    """A repository id's name part as a name key: lower-cased, without the Hub's conventional
    "-hf" suffix (a checkpoint converted to the Transformers format) and without the
    separators "-", "_" and space ("meta-llama/Llama-2-70b-hf" -> "llama270b", as a card's
    "Llama2 70B"). The expression of the `hubrepo_name_key` index, by which lineage@4 resolves a
    base model that a model card names without its organisation's account; `name_key` in
    rules/lineage.py computes the same key in Python (a test holds them equal)."""
    name = _regexp_replace(models.F("repo_id"), "^.*/", "")
    return Lower(_regexp_replace(_regexp_replace(name, "[-_]hf$", "", "i"), "[-_ ]", "", "g"))


class HubRepo(models.Model):
    """A model repository as a hub's listing last described it (raw JSON plus typed columns)."""

    # Identifiers, compared byte by byte ("C"): their unique indexes take every crawled item,
    # and a locale's collation costs more per comparison without ordering them any better.
    hub = models.CharField(max_length=32, db_collation="C")  # "huggingface"
    # The hub's own stable id (`_id` on the Hugging Face Hub): a renamed repository keeps it.
    hub_uid = models.CharField(max_length=64, db_collation="C")
    repo_id = models.CharField(max_length=300, db_collation="C")  # "allenai/Olmo-3.1-32B-Think"
    previous_repo_ids = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    sha = models.CharField(max_length=64, blank=True)
    author = models.CharField(max_length=200, blank=True)
    hub_created_at = models.DateTimeField(null=True, blank=True)
    last_modified = models.DateTimeField(null=True, blank=True)
    private = models.BooleanField(null=True)
    gated = models.CharField(max_length=6, blank=True)  # "no", "auto", "manual"; "" unknown
    disabled = models.BooleanField(null=True)
    pipeline_tag = models.CharField(max_length=100, blank=True)
    library_name = models.CharField(max_length=100, blank=True)
    tags = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    downloads = models.BigIntegerField(null=True, blank=True)
    likes = models.IntegerField(null=True, blank=True)
    base_models = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    base_model_relation = models.CharField(max_length=30, blank=True)
    license = models.CharField(max_length=200, blank=True)  # as declared (cardData or tag)
    raw = TextJSONField(default=dict)  # the list item exactly as the hub sent it

    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    sha_changed_at = models.DateTimeField()  # when a new sha was last seen
    renamed_at = models.DateTimeField(null=True, blank=True)  # when repo_id last changed
    enriched_sha = models.CharField(max_length=64, blank=True)  # sha of the last enrichment
    enriched_at = models.DateTimeField(null=True, blank=True)
    enrich_requested_at = models.DateTimeField(null=True, blank=True)  # asked by an operator

    model = models.ForeignKey(
        "catalog.AIModel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hub_repos",
    )

    class Meta:
        constraints = [
            # The upsert's conflict target (ingest.merge_rows): renames keep the row. The id
            # leads, so that page lookups by id never depend on how selective `hub` looks.
            models.UniqueConstraint(fields=["hub_uid", "hub"], name="hubrepo_hub_uid_unique"),
            models.UniqueConstraint(fields=["repo_id", "hub"], name="hubrepo_hub_repo_id_unique"),
        ]
        indexes = [
            # Enrichment candidates by popularity, in the order services.enrichment_candidates
            # asks for them (most downloaded first, unknown counts last, then by id).
            models.Index(
                models.F("downloads").desc(nulls_last=True),
                models.F("id"),
                name="hubrepo_downloads",
            ),
            # Operator requests waiting for enrichment (services.enrichment_candidates).
            models.Index(
                fields=["enrich_requested_at"],
                name="hubrepo_enrich_requested",
                condition=models.Q(enrich_requested_at__isnull=False),
            ),
            # Repositories by name key, any organisation: case, separators and a "-hf" suffix
            # aside (assess._resolve_card_base, assess._resolve_named_sibling).
            models.Index(repo_name_key(), name="hubrepo_name_key"),
        ]

    def __str__(self) -> str:
        return f"{self.hub}:{self.repo_id}"

    def needs_enrichment(self) -> bool:
        """True when the repository changed since it was last enriched."""
        return bool(self.sha) and self.sha != self.enriched_sha


class HubSnapshotRecord(models.Model):
    """The last snapshot the rules read for a repository (the API item, model card, dataset
    and paper records), kept so that new rules can be re-run over it without a crawl."""

    repo = models.OneToOneField(
        HubRepo, on_delete=models.CASCADE, primary_key=True, related_name="snapshot_record"
    )
    sha = models.CharField(max_length=64, blank=True)
    retrieved_at = models.DateTimeField()
    data = TextJSONField()  # snapshot.snapshot_to_json; read back whole, never by key
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"hub snapshot at {self.sha[:12]}"


class CrawlRun(models.Model):
    """One crawl of a hub: a sweep, an incremental run or an enrichment batch."""

    class Kind(models.TextChoices):
        SWEEP = "sweep", "Full sweep"
        INCREMENTAL = "incremental", "Incremental"
        ENRICH = "enrich", "Enrichment"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    hub = models.CharField(max_length=32)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # Updated after every page; a running run whose heartbeat is stale was killed and resumes.
    heartbeat_at = models.DateTimeField()
    pages = models.IntegerField(default=0)
    items_seen = models.IntegerField(default=0)
    items_created = models.IntegerField(default=0)
    items_updated = models.IntegerField(default=0)
    items_unchanged = models.IntegerField(default=0)
    items_failed = models.IntegerField(default=0)
    # Item errors recorded (CrawlError rows), counted as they are written: /crawl/ shows it
    # per run without counting the errors table.
    error_count = models.IntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # run-level errors, newest last
    next_url = models.TextField(blank=True)  # the checkpoint: the next page to fetch
    # Newest lastModified seen; the next incremental run stops below it (minus an overlap).
    watermark = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            # The status page and the resume check read the newest runs per kind.
            models.Index(fields=["hub", "kind", "-started_at"], name="crawlrun_kind_started"),
            # The status page's "all runs" (selectors.crawl_status): the newest of every kind,
            # without sorting a year of minutely enrichment runs.
            models.Index(fields=["hub", "-started_at", "-id"], name="crawlrun_hub_started"),
            # Runs still marked running (services.runs_reclaim_stale, listing_running): a few
            # among a year of finished ones.
            models.Index(
                fields=["hub", "heartbeat_at"],
                name="crawlrun_running",
                condition=models.Q(status="running"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hub} {self.kind} #{self.pk} ({self.status})"

    def duration_seconds(self) -> float | None:
        """Seconds from start to finish (None while running)."""
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class CrawlError(models.Model):
    """One item or request that failed during a run; the run itself went on."""

    run = models.ForeignKey(CrawlRun, on_delete=models.CASCADE, related_name="item_errors")
    repo_id = models.CharField(max_length=300, blank=True)
    stage = models.CharField(max_length=20)  # "list", "readme", "dataset", "paper", "assess"
    url = models.TextField(blank=True)
    message = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The status page's recent errors (selectors.crawl_status), newest first.
            models.Index(fields=["-created_at", "-id"], name="crawlerror_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} {self.repo_id}: {self.message[:80]}"


class HubCounts(models.Model):
    """How many repositories the crawl holds for one hub, counted by the crawl, not per request.

    services.hub_counts_refresh writes it after every listing run and every few minutes (the
    beat's crawl-counts-refresh), so /crawl/ reads one row however large the catalog is.
    """

    hub = models.CharField(max_length=32, unique=True)
    repos = models.BigIntegerField(default=0)
    enriched = models.BigIntegerField(default=0)  # enriched at least once
    linked_curated = models.BigIntegerField(default=0)  # linked to a curated catalog model
    counted_at = models.DateTimeField()
    count_seconds = models.FloatField(default=0)  # what the count cost

    def __str__(self) -> str:
        return f"{self.hub}: {self.repos} repositories at {self.counted_at:%Y-%m-%d %H:%M}"

"""Organisations and the AI models they release."""

from django.contrib.postgres.fields import ArrayField
from django.db import models

MODEL_TYPES = ("text", "code", "image", "video", "audio")


class Organisation(models.Model):
    """A company, lab or person that releases models."""

    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=300)
    link = models.URLField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    # The account name on the Hugging Face Hub, when known (crawler matches authors to it).
    hub_author = models.CharField(max_length=200, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AIModel(models.Model):
    """An AI model (or model family) that Openness assesses."""

    class Gated(models.TextChoices):
        NO = "no", "Not gated"
        AUTO = "auto", "Gated (automatic approval)"
        MANUAL = "manual", "Gated (manual approval)"
        UNKNOWN = "", "Unknown"

    # Unique through Meta.constraints, without the extra pattern-ops index that unique=True
    # adds (no code path filters slugs by prefix; every insert paid for it).
    # Identifiers compared byte by byte ("C"), as crawl.models.HubRepo's: every crawled model
    # goes into their indexes.
    slug = models.SlugField(max_length=250, db_index=False, db_collation="C")
    name = models.CharField(max_length=300)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="models")
    model_types = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    description = models.TextField(blank=True)
    link = models.URLField(max_length=500, blank=True)
    release_date = models.DateField(null=True, blank=True)
    # "month" when the source gives only YYYY-MM (the EU index does), "day" otherwise.
    release_date_precision = models.CharField(max_length=5, blank=True, default="")
    performance_class = models.CharField(max_length=20, blank=True)

    end_model_name = models.CharField(max_length=300, blank=True)
    base_model_name = models.CharField(max_length=300, blank=True)
    # Repository ids on the Hugging Face Hub ("allenai/Olmo-3.1-32B-Think").
    end_model_repo = models.CharField(max_length=300, blank=True, db_collation="C")
    base_model_repo = models.CharField(max_length=300, blank=True)
    base_model = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_models",
        db_index=False,  # the partial index below: most models have no base model
    )

    license_name = models.CharField(max_length=300, blank=True)  # as the source declares it
    license_spdx = models.CharField(max_length=100, blank=True)  # SPDX id when it is one

    # In the hand-curated index (imported from the EU OSAI Index or curated here).
    is_curated = models.BooleanField(default=False)
    # The file in fixtures/osai-index this model was imported from.
    osai_file = models.CharField(max_length=200, blank=True)
    # When the index deleted the model's file (the history replay): kept, shown as withdrawn,
    # left out of rankings from that moment on.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    # Hub facts kept on the model so that list pages need no join.
    hub_created_at = models.DateTimeField(null=True, blank=True)
    downloads = models.BigIntegerField(null=True, blank=True)
    likes = models.IntegerField(null=True, blank=True)
    gated = models.CharField(max_length=6, choices=Gated.choices, blank=True, default="")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Model pages by slug; the crawler's insert conflict target (crawl.ingest).
            models.UniqueConstraint(fields=["slug"], name="catalog_aimodel_slug_key"),
        ]
        indexes = [
            # The few curated models naming a repository, which every crawled page and a base
            # model's lineage look up (crawl.ingest, crawl.rules.assess): a handful of
            # entries, never written by hub models. A hub model is found by its repository
            # (crawl_hubrepo's unique name index), so no index on every model's repository:
            # it cost the crawl an index entry per model that nothing else reads.
            models.Index(
                fields=["end_model_repo"],
                name="aimodel_curated_repo",
                condition=models.Q(is_curated=True),
            ),
            # A model's derived models (lineage). Hub models arrive without a base model (the
            # rules link it later), so their inserts skip this index.
            models.Index(
                fields=["base_model"],
                name="aimodel_base_model",
                condition=models.Q(base_model__isnull=False),
            ),
            # Models naming a base repository, whose base may not be in the catalog yet: the
            # rules re-assess them when that base's judgments move (crawl.rules.assess). Only
            # fine-tunes the rules have read are in it; crawled inserts (no base yet) skip it.
            models.Index(
                fields=["base_model_repo"],
                name="aimodel_base_model_repo",
                condition=~models.Q(base_model_repo=""),
            ),
            # The JSON API's most recently changed models (sort=-updated), read backwards. Its
            # keys grow with time, so the crawl's inserts and fact copies add to its right end.
            models.Index(fields=["updated_at", "id"], name="aimodel_updated"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("web:model", args=[self.slug])


class ModelSlugAlias(models.Model):
    """A slug a model used to have: its old links redirect to the current slug."""

    slug = models.SlugField(max_length=250, unique=True)
    model = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="slug_aliases")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.slug} -> {self.model.slug}"

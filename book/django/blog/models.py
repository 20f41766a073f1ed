"""The blog of every chapter: the same tables as the Rust exercises' migrations.

The Rust migrations (`exercises/02-async-orm/01-pool-and-migrations/migrations/`) and these
models describe one schema; `blog/seed.py` holds the same rows as testkit's `seed.sql`.
"""
from django.db import models


# ANCHOR: article
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft"
        PUBLISHED = "published"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    author = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    views = models.BigIntegerField(default=0)
    tags = models.ManyToManyField("Tag", related_name="articles", blank=True)

    class Meta:
        db_table = "articles"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.slug
# ANCHOR_END: article


# ANCHOR: review
class Review(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reviews")
    rating = models.FloatField()

    class Meta:
        db_table = "reviews"
# ANCHOR_END: review


class Tag(models.Model):
    name = models.CharField(max_length=30, unique=True)

    class Meta:
        db_table = "tags"

    def __str__(self) -> str:
        return self.name

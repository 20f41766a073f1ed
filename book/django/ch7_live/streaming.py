"""Streaming a large export: every review as one line of JSON, sent as the rows arrive."""
import json

from django.http import StreamingHttpResponse

from blog.models import Review


# ANCHOR: reviews_ndjson
async def reviews_ndjson(request):
    async def lines():
        # aiterator() reads the rows in chunks from a server-side cursor where the database
        # has one: memory holds one chunk, not the table.
        reviews = Review.objects.order_by("id").values("id", "article_id", "rating")
        async for review in reviews.aiterator(chunk_size=2):
            yield json.dumps(review) + "\n"

    # An async iterator: under ASGI, Django sends each line as it is yielded.
    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")
# ANCHOR_END: reviews_ndjson

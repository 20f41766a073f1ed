"""CPU-bound work: share-link tokens derived with PBKDF2, a few at a time."""
import asyncio
import hashlib

from asgiref.sync import sync_to_async
from django.http import JsonResponse

SECRET = b"share-links-not-a-secret"


def derive_token(slug: str) -> str:
    """Pure computation: PBKDF2 holds its thread."""
    digest = hashlib.pbkdf2_hmac(
        "sha256", slug.encode(), SECRET, 100_000)
    return digest.hex()[:16]


# ANCHOR: bounded
# At most two derivations at once: more threads than
# cores only makes each one slower.
hashing = asyncio.Semaphore(2)


async def share_link(request, slug):
    async with hashing:  # waiting here holds no thread
        token = await sync_to_async(
            derive_token, thread_sensitive=False)(slug)
    return JsonResponse({"slug": slug, "token": token})
# ANCHOR_END: bounded

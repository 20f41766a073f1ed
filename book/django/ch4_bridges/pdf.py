"""The blocking pitfall: a synchronous PDF renderer served from an async view."""
from asgiref.sync import sync_to_async
from django.http import HttpResponse

from . import legacy


# ANCHOR: blocking
# WRONG: render_pdf holds the event loop's thread for the
# printer's whole latency; every other request waits.
async def article_pdf_blocking(request, slug):
    pdf = legacy.render_pdf(slug)
    return HttpResponse(pdf, content_type="application/pdf")
# ANCHOR_END: blocking


# ANCHOR: article_pdf
async def article_pdf(request, slug):
    # A thread waits for the printer; the event loop
    # keeps serving other requests meanwhile.
    pdf = await sync_to_async(legacy.render_pdf)(slug)
    return HttpResponse(pdf, content_type="application/pdf")
# ANCHOR_END: article_pdf

"""Stand-ins for the remote services the views call: each call takes a network's time.

Tests replace them (with `unittest.mock.patch`) by versions that count or that wait at a
barrier, as the Rust tests do with their fakes.
"""
import asyncio


async def confirm_by_mail(event_id: int) -> None:
    """Sends the RSVP's confirmation (simulated: 20 ms)."""
    await asyncio.sleep(0.02)


async def record_view(slug: str) -> None:
    """Tells the analytics service about one view (simulated: 20 ms)."""
    await asyncio.sleep(0.02)

"""WebSocket consumers (Django Channels), the twins of the chapter's axum WebSocket handlers."""
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path

SECRET = 42


# ANCHOR: guess
class GuessConsumer(AsyncWebsocketConsumer):
    """A guessing game: each text message is a guess, the right one closes the game."""

    async def connect(self):
        await self.accept()  # the handshake's answer: 101 Switching Protocols

    async def receive(self, text_data=None, bytes_data=None):
        if text_data is None:
            return  # binary messages are ignored
        try:
            n = int(text_data.strip())
        except ValueError:
            await self.close(code=1007, reason="send a number")
            return
        if n < SECRET:
            await self.send(text_data="higher")
        elif n > SECRET:
            await self.send(text_data="lower")
        else:
            await self.close(code=1000, reason="you win")
# ANCHOR_END: guess


# ANCHOR: ticker
class TickerConsumer(AsyncWebsocketConsumer):
    """A price ticker: every watcher is in the group "ticker"; `publish_price` sends to all."""

    group = "ticker"

    async def connect(self):
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        # Leave the group, or the layer keeps sending to a channel nobody reads.
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def price_update(self, event):  # handles {"type": "price.update", ...}
        await self.send(text_data=event["price"])


async def publish_price(price: str):
    layer = get_channel_layer()
    await layer.group_send(TickerConsumer.group, {"type": "price.update", "price": price})
# ANCHOR_END: ticker


OPEN_TICKETS = {7}


# ANCHOR: support
class SupportConsumer(AsyncWebsocketConsumer):
    """The support chat of one ticket (route: ws/support/<int:ticket>)."""

    async def connect(self):
        ticket = self.scope["url_route"]["kwargs"]["ticket"]
        if ticket not in OPEN_TICKETS:
            # Closing before accept() refuses the handshake: the server answers 403.
            await self.close()
            return
        await self.accept()
        await self.send(text_data=f"you are in the chat of ticket {ticket}")


# The Origin check wraps the consumer: a page whose Origin is not in ALLOWED_HOSTS (or that
# sends no Origin at all) is refused before connect() runs.
support_application = AllowedHostsOriginValidator(
    URLRouter([path("ws/support/<int:ticket>", SupportConsumer.as_asgi())])
)
# ANCHOR_END: support

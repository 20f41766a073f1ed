"""WebSocket consumers (Django Channels), the twins of the chapter's axum WebSocket handlers."""
from channels.generic.websocket import AsyncWebsocketConsumer

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

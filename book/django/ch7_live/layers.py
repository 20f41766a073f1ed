"""More than one server: Channels' groups across processes need a channel layer outside them."""

# ANCHOR: redis_layer
# settings.py of a deployment with several servers: every process's group_send goes through
# Redis, and every process's consumers receive from it. (pip install channels_redis)
CHANNEL_LAYERS_FOR_SEVERAL_SERVERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [("redis.internal", 6379)]},
    },
}
# ANCHOR_END: redis_layer

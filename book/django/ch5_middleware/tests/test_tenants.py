"""MIDDLEWARE reads outermost first; a value set on the way in is seen by every layer inside."""
from django.test import SimpleTestCase, override_settings

from ch5_middleware import tenants

TENANT = "ch5_middleware.tenants.TenantMiddleware"
AUDIT = "ch5_middleware.tenants.AuditMiddleware"


@override_settings(ROOT_URLCONF="ch5_middleware.urls")
class TenantTests(SimpleTestCase):
    def setUp(self):
        tenants.trail.clear()

    async def test_the_first_entry_is_the_outermost(self):
        with override_settings(MIDDLEWARE=tenants.MIDDLEWARE):
            response = await self.async_client.get("/whose", headers={"X-Tenant": "acme"})
        self.assertEqual(response.json(), {"tenant": "acme"})
        self.assertEqual(response["X-Tenant"], "acme")
        self.assertEqual(
            tenants.trail,
            ["tenant in: acme", "audit in: acme", "view: acme", "audit out: 200", "tenant out"],
        )

    async def test_listed_the_other_way_the_audit_sees_no_tenant(self):
        with override_settings(MIDDLEWARE=[AUDIT, TENANT]):
            await self.async_client.get("/whose", headers={"X-Tenant": "acme"})
        self.assertEqual(tenants.trail[0], "audit in: None")

    async def test_an_unusable_tenant_is_replaced(self):
        with override_settings(MIDDLEWARE=[TENANT]):
            response = await self.async_client.get("/whose", headers={"X-Tenant": "DROP TABLE"})
        self.assertEqual(response["X-Tenant"], "public")

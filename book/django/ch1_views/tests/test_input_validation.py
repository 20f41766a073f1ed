from django.core.exceptions import SynchronousOnlyOperation
from django.test import override_settings

from ..models import Event
from .support import ChapterTestCase

JSON = "application/json"


class CreateEventTests(ChapterTestCase):
    async def post(self, body, content_type=JSON):
        return await self.async_client.post("/new/events", body, content_type=content_type)

    async def test_a_good_event_is_created_with_its_location(self):
        res = await self.post({"title": "Rust", "city": "Lyon", "seats": 10})
        self.assertEqual(res.status_code, 201)
        self.assertEqual(res["Location"], "/events/4")
        self.assertEqual(await Event.objects.acount(), 4)

    async def test_every_bad_body_is_json_and_stores_nothing(self):
        cases = [
            ("{", JSON, 400, "malformed_json"),
            ({"title": "Rust"}, JSON, 422, "validation_failed"),
            ({"title": " ", "city": "Lyon", "seats": 1}, JSON, 422, "validation_failed"),
            ({"title": "Rust", "city": "Lyon", "seats": 900}, JSON, 422, "validation_failed"),
            ("title=Rust", "application/x-www-form-urlencoded", 415, "not_json"),
        ]
        for body, content_type, status, code in cases:
            with self.subTest(body=body):
                res = await self.post(body, content_type)
                self.assertEqual(res.status_code, status)
                self.assertEqual(res.json()["error"], code)
        self.assertEqual(await Event.objects.acount(), 3)

    async def test_a_field_of_the_wrong_type_is_a_form_error_like_any_other(self):
        # axum tells a wrong type (serde, 422 invalid_field) from a failed rule; a form does not.
        res = await self.post({"title": "Rust", "city": "Lyon", "seats": "many"})
        self.assertEqual(res.status_code, 422)
        self.assertEqual(res.json()["message"]["seats"][0]["code"], "invalid")

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=4096)
    async def test_a_body_over_data_upload_max_memory_size_is_a_400_not_a_413(self):
        res = await self.post({"title": "x" * 5000, "city": "Lyon", "seats": 1})
        self.assertEqual(res.status_code, 400)
        self.assertEqual(await Event.objects.acount(), 3)


class MistakesTests(ChapterTestCase):
    article = {"slug": "new-one", "title": "New", "author": "ada", "tags": [1]}

    async def test_forms_have_no_asave(self):
        with self.assertRaisesRegex(AttributeError, "asave"):
            await self.async_client.post("/wrong/asave/articles", self.article, content_type=JSON)

    async def test_is_valid_on_a_form_with_a_unique_field_and_an_m2m_raises_in_async(self):
        with self.assertRaises(SynchronousOnlyOperation):
            await self.async_client.post("/wrong/is-valid/articles", self.article, content_type=JSON)

    async def test_model_to_dict_with_an_m2m_raises_in_async(self):
        with self.assertRaises(SynchronousOnlyOperation):
            await self.async_client.get("/wrong/model-to-dict/articles/async-views")

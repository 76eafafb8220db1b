"""The API's upload checks ``Content-Length`` before reading the body, and stops keeping a file at
the limit (``DONDOC_MAX_UPLOAD_MB``), as the web upload does: a huge upload is refused with a 413 and
its bytes are never read, let alone written to a temporary file."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from rest_framework.authtoken.models import Token

from dondoc.tracking.models import Document

from .conftest import sample_bytes

LIMIT = 100 * 1024


class CountingInput:
    """A WSGI input that counts what the server reads of it."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        start = self.read_bytes
        end = len(self.data) if size is None or size < 0 else min(len(self.data), start + size)
        self.read_bytes = end
        return self.data[start:end]

    def readline(self, size: int = -1) -> bytes:  # not used by the multipart parser
        return self.read(size)


def _client(users: dict[str, User]) -> Client:
    token, _ = Token.objects.get_or_create(user=users["vanphong"])
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _body(size: int) -> bytes:
    data = sample_bytes("thong-bao-ket-luan-giao-ban.txt")
    data = (data * (size // len(data) + 1))[:size]

    class Named:
        name = "van-ban.txt"

        def read(self) -> bytes:
            return data

    return encode_multipart(BOUNDARY, {"file": Named()})


def _post(client: Client, body: bytes, **extra: Any) -> tuple[Any, CountingInput]:
    stream = CountingInput(body)
    environ = {
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": MULTIPART_CONTENT,
        "wsgi.input": stream,
        **extra,
    }
    response = client.generic("POST", "/api/documents/", **environ)
    return response, stream


def test_a_body_over_the_limit_is_refused_before_it_is_read(users: dict[str, User], settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = LIMIT
    response, stream = _post(_client(users), _body(50 * LIMIT))
    assert response.status_code == 413, response.content
    assert response.json()["code"] == "too_large"
    assert "Tệp quá lớn" in response.json()["detail"]
    assert stream.read_bytes == 0
    assert Document.objects.count() == 0


def test_a_content_length_that_claims_too_much_is_refused_at_once(
    users: dict[str, User], settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = LIMIT
    response, stream = _post(_client(users), _body(1000), CONTENT_LENGTH=str(10 * 1024**3))
    assert response.status_code == 413
    assert stream.read_bytes == 0


def test_a_file_just_over_the_limit_is_not_kept(users: dict[str, User], settings: Any) -> None:
    """Under the Content-Length check (the multipart framing is allowed for), over the file limit:
    the upload handler stops keeping the file at the limit."""
    settings.MAX_UPLOAD_BYTES = LIMIT
    response, _stream = _post(_client(users), _body(LIMIT + 2000))
    assert response.status_code == 413, response.content
    assert "Tệp quá lớn" in response.json()["detail"]
    assert Document.objects.count() == 0


def test_a_file_within_the_limit_is_imported(users: dict[str, User], settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = LIMIT
    response, stream = _post(_client(users), _body(len(sample_bytes("thong-bao-ket-luan-giao-ban.txt"))))
    assert response.status_code == 202, response.content  # queued: a worker extracts it
    assert stream.read_bytes == len(stream.data)

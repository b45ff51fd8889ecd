"""How error answers (JSON, legacy envelopes, HTML pages) become exceptions."""
import pytest

from pictory_studio.pictory import (
    AuthenticationError,
    FieldError,
    NotFoundError,
    PictoryError,
    ServerError,
    ValidationError,
)

from .conftest import Reply

JOB_ID = "b7e2a9d4-11c3-4f5e-9a80-6d2c7f0e1a55"
JOB_PATH = f"/v1/jobs/{JOB_ID}"
PREVIEW_PATH = "/v2/video/storyboard"
NOT_FOUND_BODY = {
    "job_id": JOB_ID,
    "success": False,
    "data": {"error_code": "5000", "error_message": "JOB_NOT_FOUND"},
}
HTML = {"Content-Type": "text/html; charset=UTF-8"}
CLOUDFLARE_PAGE = """<!DOCTYPE html>
<html><head><title>Access denied | api.pictory.ai used Cloudflare to restrict access</title></head>
<body><h1>Error 1010</h1><p>The owner of this website has banned your access based on your
browser's signature.</p></body></html>"""


@pytest.mark.parametrize(
    ("errors", "messages"),
    [
        ("Required", ["Required"]),
        (["Required", "Must be a string"], ["Required", "Must be a string"]),
    ],
)
def test_invalid_request_body_lists_field_errors(pictory_server, make_client, errors, messages):
    pictory_server.add(
        "POST",
        PREVIEW_PATH,
        Reply(
            status=400,
            json={
                "code": "INVALID_REQUEST_BODY",
                "message": "Request body is invalid",
                "fields": [
                    {"name": "videoName", "errors": errors},
                    {"name": "scenes[0].story", "errors": "Too long"},
                ],
            },
        ),
    )

    with pytest.raises(ValidationError) as caught:
        make_client().create_storyboard_preview({"scenes": []})

    error = caught.value
    assert error.status == 400
    assert error.code == "INVALID_REQUEST_BODY"
    assert error.message == "Request body is invalid"
    assert error.fields == [
        FieldError(name="videoName", messages=messages),
        FieldError(name="scenes[0].story", messages=["Too long"]),
    ]
    assert len(pictory_server.requests) == 1


@pytest.mark.parametrize("status", [400, 200])
def test_legacy_error_envelope_is_a_validation_error(pictory_server, make_client, status):
    envelope = {"success": False, "error": {"error_code": 890, "error_message": "Invalid scene"}}
    pictory_server.add("POST", PREVIEW_PATH, Reply(status=status, json=envelope))

    with pytest.raises(ValidationError) as caught:
        make_client().create_storyboard_preview({"videoName": "v"})

    assert caught.value.message == "Invalid scene"
    assert caught.value.code == "890"
    assert caught.value.fields == []


@pytest.mark.parametrize("status", [404, 200])
def test_job_not_found_in_either_status(pictory_server, make_client, status):
    pictory_server.add("GET", JOB_PATH, Reply(status=status, json=NOT_FOUND_BODY))

    with pytest.raises(NotFoundError) as caught:
        make_client().get_job(JOB_ID)

    assert caught.value.status == status
    assert caught.value.code == "5000"
    assert caught.value.message == "JOB_NOT_FOUND"
    assert len(pictory_server.requests) == 1  # not retried


def test_failed_job_with_success_false_is_a_result_not_an_error(pictory_server, make_client):
    body = {
        "job_id": JOB_ID,
        "success": False,
        "data": {"status": "failed", "error_code": "INSUFFICIENT_CREDITS", "error_message": "No"},
    }
    pictory_server.add("GET", JOB_PATH, Reply(json=body))

    job = make_client().get_job(JOB_ID)

    assert job.is_failed
    assert job.error_code == "INSUFFICIENT_CREDITS"


def test_cloudflare_html_403_is_a_readable_authentication_error(pictory_server, make_client):
    pictory_server.add(
        "GET",
        JOB_PATH,
        Reply(status=403, body=CLOUDFLARE_PAGE, headers=HTML),
    )

    with pytest.raises(AuthenticationError) as caught:
        make_client().get_job(JOB_ID)

    message = str(caught.value)
    assert "HTTP 403" in message
    assert "non-JSON body (text/html)" in message
    assert "Access denied | api.pictory.ai used Cloudflare to restrict access" in message
    assert "Cloudflare" in message and "User-Agent" in message
    assert "<" not in caught.value.message


def test_plain_text_5xx_is_a_server_error(pictory_server, make_client):
    plain = {"Content-Type": "text/plain"}
    pictory_server.add("GET", JOB_PATH, Reply(status=502, body="upstream gone", headers=plain))

    with pytest.raises(ServerError) as caught:
        make_client(get_retries=0).get_job(JOB_ID)

    assert "upstream gone" in caught.value.message


def test_non_json_success_is_a_clear_error(pictory_server, make_client):
    pictory_server.add("GET", JOB_PATH, Reply(body="<html>ok</html>", headers=HTML))

    with pytest.raises(PictoryError, match="non-JSON"):
        make_client().get_job(JOB_ID)


def test_redirects_are_reported_not_followed(pictory_server, make_client):
    pictory_server.add(
        "POST", PREVIEW_PATH, Reply(status=301, headers={"Location": "https://elsewhere.test/"})
    )

    with pytest.raises(PictoryError, match="elsewhere.test") as caught:
        make_client().create_storyboard_preview({"videoName": "v"})

    assert caught.value.status == 301
    assert len(pictory_server.requests) == 1


def test_error_str_names_status_and_code():
    error = ValidationError("Request body is invalid", status=400, code="INVALID_REQUEST_BODY")

    assert str(error) == "Request body is invalid (HTTP 400, INVALID_REQUEST_BODY)"

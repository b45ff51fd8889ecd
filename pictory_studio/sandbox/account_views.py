"""The account's own things under /sandbox/pictoryapis/: brand kits (§5.4), upload URLs (§5.6),
voice tracks (§5.7) and AWS connections (§5.8)."""

from . import aws_connections, brands, conf, responses, storage, voices
from .api import api_endpoint
from .bodies import NOT_JSON, json_body, not_json


def _not_found(message: str):
    return responses.json_response({"message": message}, 404)


# --- brands --------------------------------------------------------------------------------------


@api_endpoint("video_brands", ["GET"])
def video_brands(request, caller):
    return responses.json_response(brands.video_brand_list())


@api_endpoint("brand_kits", ["GET", "POST"])
def brand_kits(request, caller):
    if not conf.brand_crud():
        return responses.not_found()
    if request.method == "GET":
        return responses.json_response(brands.brand_kit_list())
    body = json_body(request)
    if body is NOT_JSON:
        return not_json()
    brand, errors = brands.brand_create(body=body)
    return responses.invalid_body(errors) if errors else responses.json_response(brand)


@api_endpoint("brand_kit_detail", ["GET", "PUT", "DELETE"])
def brand_kit_detail(request, caller, brand_id):
    if not conf.brand_crud():
        return responses.not_found()
    brand = brands.brand_get(brand_id)
    if brand is None:
        return _not_found("Brand not found")
    if request.method == "GET":
        return responses.json_response(brands.brand_object(brand))
    if request.method == "DELETE":
        brands.brand_delete(brand=brand)
        return responses.json_response({"success": True})
    body = json_body(request)
    if body is NOT_JSON:
        return not_json()
    updated, errors = brands.brand_update(brand=brand, body=body)
    return responses.invalid_body(errors) if errors else responses.json_response(updated)


# --- media ---------------------------------------------------------------------------------------


@api_endpoint("media_upload_url", ["POST"])
def media_upload_url(request, caller):
    body = json_body(request)
    if body is NOT_JSON:
        return not_json()
    target, errors = storage.upload_target_create(body=body, url_for=responses.url_for_request(request))
    if errors:
        return responses.invalid_body(errors)
    return responses.json_response({"success": True, "data": target})


# --- voices --------------------------------------------------------------------------------------


@api_endpoint("voiceover_tracks", ["GET", "POST"])
def voiceover_tracks(request, caller):
    url_for = responses.url_for_request(request)
    if request.method == "GET":
        return responses.json_response(voices.track_list(url_for))
    body = json_body(request)
    if body is NOT_JSON:
        return not_json()
    track, errors = voices.track_create(body=body, url_for=url_for)
    return responses.invalid_body(errors) if errors else responses.json_response(track)


# --- AWS connections -----------------------------------------------------------------------------


@api_endpoint("aws_connections", ["GET", "POST"])
def aws_connection_list(request, caller):
    if request.method == "GET":
        page, errors = aws_connections.connection_page(page_key=request.GET.get("pageKey", ""))
        return responses.invalid_body(errors) if errors else responses.json_response(page)
    body = json_body(request)
    if body is NOT_JSON:
        return not_json()
    connection, errors = aws_connections.connection_create(body=body)
    return responses.invalid_body(errors) if errors else responses.json_response(connection)


@api_endpoint("aws_connection_detail", ["GET", "PUT", "DELETE"])
def aws_connection_detail(request, caller, connection_id):
    connection = aws_connections.connection_get(connection_id)
    if connection is None:
        return _not_found("AWS connection not found")
    if request.method == "GET":
        return responses.json_response(aws_connections.connection_object(connection))
    if request.method == "DELETE":
        aws_connections.connection_delete(connection=connection)
        return responses.json_response({"success": True})
    body = json_body(request)
    if body is NOT_JSON:
        return not_json()
    try:
        updated, errors = aws_connections.connection_update(connection=connection, body=body)
    except aws_connections.VersionConflict as conflict:
        return responses.json_response({"message": str(conflict)}, 409)
    return responses.invalid_body(errors) if errors else responses.json_response(updated)

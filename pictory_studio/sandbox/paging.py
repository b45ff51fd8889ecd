"""Newest-first lists paged with an opaque `nextPageKey` (base64 of the last item's creation
time and id), as Pictory pages its job list (contract §4.4): 20 to a page."""
import base64
import binascii
import json
import uuid
from datetime import datetime

from django.db.models import Q

PAGE_SIZE = 20


def encode_page_key(created_at: datetime, item_id) -> str:
    raw = json.dumps({"createdAt": created_at.isoformat(), "id": str(item_id)})
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_page_key(key: str) -> tuple[datetime, uuid.UUID] | None:
    try:
        raw = json.loads(base64.urlsafe_b64decode(key.encode()))
        return datetime.fromisoformat(raw["createdAt"]), uuid.UUID(raw["id"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None


class BadPageKey(ValueError):
    pass


def newest_first_page(queryset, key: str | None, *, size: int = PAGE_SIZE) -> tuple[list, str | None]:
    """One page of `queryset` (items with created_at and id) after `key`, and the next key."""
    queryset = queryset.order_by("-created_at", "-id")
    if key:
        position = decode_page_key(key)
        if position is None:
            raise BadPageKey(key)
        created_at, last_id = position
        queryset = queryset.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=last_id))
    page = list(queryset[: size + 1])
    next_key = encode_page_key(page[size - 1].created_at, page[size - 1].id) if len(page) > size else None
    return page[:size], next_key

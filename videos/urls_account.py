"""Voices, the Pictory account (quota) and AWS private connections."""
from django.urls import path

from videos.views import account, voices

urlpatterns: list = [
    path("voices/", voices.voice_list, name="voice_list"),
    path("voices/add/", voices.voice_add, name="voice_add"),
    path("account/", account.account, name="account"),
    path("account/refresh/", account.account_quota_refresh, name="account_quota_refresh"),
    path("account/aws/", account.aws_connection_list, name="aws_connection_list"),
    path("account/aws/new/", account.aws_connection_create, name="aws_connection_create"),
    path("account/aws/<str:connection_id>/", account.aws_connection_detail, name="aws_connection_detail"),
    path("account/aws/<str:connection_id>/edit/", account.aws_connection_edit, name="aws_connection_edit"),
    path("account/aws/<str:connection_id>/delete/", account.aws_connection_delete, name="aws_connection_delete"),
]

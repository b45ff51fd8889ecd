"""The media library: uploads straight to Pictory's signed URLs."""
from django.urls import path

from videos.views import media, picsart

urlpatterns = [
    path("", media.media_library, name="media_library"),
    path("uploads/", media.media_upload_start, name="media_upload_start"),
    path("uploads/<id:pk>/finish/", media.media_upload_finish, name="media_upload_finish"),
    path("upload/", media.media_upload_direct, name="media_upload_direct"),
    path("picsart/", picsart.picsart_results, name="media_picsart_images"),
    path("picsart/pick/", picsart.picsart_pick_view, name="media_picsart_pick"),
]

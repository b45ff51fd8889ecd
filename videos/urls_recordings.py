from django.urls import path

from videos.views import recording_batches, recordings

urlpatterns = [
    path("", recordings.recording_list_page, name="recording_list"),
    path("<id:pk>/", recordings.recording_detail, name="recording_detail"),
    path("<id:pk>/status/", recordings.recording_status, name="recording_status"),
    path("<id:pk>/transcribe/", recordings.recording_transcribe_view, name="recording_transcribe"),
    path("<id:pk>/words/", recordings.transcript_word, name="recording_word"),
    path("<id:pk>/merge/", recordings.transcript_merge, name="recording_merge"),
    path("<id:pk>/revert/", recordings.transcript_revert_view, name="recording_revert"),
    path("<id:pk>/cuts/", recordings.cut_create, name="recording_cut_create"),
    path("<id:pk>/whole/", recordings.cut_whole, name="recording_cut_whole"),
    path("cuts/<id:pk>/sentences/", recordings.cut_sentence, name="recording_cut_sentence"),
    path("cuts/<id:pk>/reset/", recordings.cut_reset_view, name="recording_cut_reset"),
    path("cuts/<id:pk>/render/", recordings.cut_render, name="recording_cut_render"),
    path("bulk/", recording_batches.recording_batch_list_page, name="recording_batches"),
    path("bulk/<id:pk>/", recording_batches.recording_batch_detail, name="recording_batch_detail"),
    path("bulk/<id:pk>/progress/", recording_batches.recording_batch_progress, name="recording_batch_progress"),
]

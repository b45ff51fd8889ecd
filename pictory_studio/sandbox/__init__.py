"""A local imitation of the Pictory API (server side), mounted at /sandbox/pictoryapis/.

It answers like the real service (see shared/pictory-api.md): both auth modes, the error
shapes of each, 400 INVALID_REQUEST_BODY with one fields[] entry per violation, unknown
fields stripped, JOB_NOT_FOUND, 429 with Retry-After, jobs that progress with the wall
clock and finish with real outputs (an H.264 MP4, thumbnail, SRT, VTT, TXT), webhooks,
templates made from uploaded .pictai projects, filled with variables, brand kits, signed media
uploads, voice tracks with playable samples, and AWS connections.

Faults on demand
----------------
Planned job failures (the job is accepted, then fails when due):

* a ``voiceOver.aiVoices[].speaker`` (top level or scene) matching no voice by numeric id,
  name (any case) or provider voice id → ``TEXT_TO_VIDEO_FAILED``
  "Voice speaker [X] could not be resolved";
* ``background.searchFilter.query`` (or a b-roll's) containing ``__novisual__``
  → ``SCENE_BACKGROUND_VISUAL_NOT_FOUND``;
* ``videoName`` containing ``__fail__`` → ``TEXT_TO_VIDEO_FAILED``;
* a ``variables`` value containing ``__fail__`` (e.g. one row of a bulk run from a
  template) → ``TEXT_TO_VIDEO_FAILED``;
* ``videoName`` containing ``__nocredits__``, or video minutes used up
  (``PICTORY_SANDBOX_VIDEO_MINUTES_LIMIT``) → ``INSUFFICIENT_CREDITS``.

Faults of the create call itself (POST storyboard / storyboard render / from-template, PUT
render):

* ``videoName`` containing ``__500__`` → HTTP 500 ``{"message": "Internal Server Error"}``
  and no job is created;
* ``videoName`` containing ``__500_after_create__`` → the job is created (and completes
  normally) but the answer is HTTP 502 ``{"message": "Bad Gateway"}``: an ambiguous
  failure, for testing reconciliation through GET /v1/jobs;
* ``videoName`` containing ``__slow__`` → the job is created, then the answer waits
  ``PICTORY_SANDBOX_SLOW_SECONDS`` (default 3) seconds, for client read-timeout tests.

Settings knobs: 429 storms with ``PICTORY_SANDBOX_REQUESTS_PER_MINUTE`` and
``PICTORY_SANDBOX_MIN_POLL_SECONDS``; ``PICTORY_SANDBOX_JOB_NOT_FOUND_STATUS`` (404 or 200);
``PICTORY_SANDBOX_REQUIRE_USER_ID`` (legacy-strict OAuth); ``PICTORY_SANDBOX_TOKEN_SECONDS``.

This package imports nothing from the rest of the studio: the client and the sandbox are
written apart, each from the contract. It is installed and mounted only in sandbox mode
(settings.PICTORY_SANDBOX_ENABLED), and calls webhooks only on the studio itself or loopback.
"""

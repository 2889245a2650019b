"""Hand-written helpers mixed into the generated `videos` resource: `poll()` and `create_and_poll()`.

It must not import the generated resource modules at runtime (they import this module); the
poll loop itself lives in `polling`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, cast

from typing_extensions import deprecated

from .._types import Body, Headers, Omit, Query, omit
from .polling import Poller, ProgressCallback, poll_async, poll_headers, poll_sync

if TYPE_CHECKING:
    import httpx

    from ..resources.videos import AsyncVideos, Videos
    from ..types.image_input_reference_param import ImageInputReferenceParam
    from ..types.video import Video
    from ..types.video_model import VideoModel
    from ..types.video_seconds import VideoSeconds
    from ..types.video_size import VideoSize

__all__ = ["AsyncVideosHelpers", "VideosHelpers"]

_VIDEO_PENDING = frozenset({"queued", "in_progress"})


def video_poller(
    video_id: str,
    poll_interval_ms: int | Omit,
    max_wait_seconds: Optional[float],
    on_progress: Optional[ProgressCallback],
) -> Poller[Video]:
    """The wait for one video job: done once it is neither `queued` nor `in_progress`."""
    return Poller(
        object="video",
        id=video_id,
        is_done=lambda video: video.status not in _VIDEO_PENDING,
        status_of=lambda video: video.status,
        counts_of=lambda video: (video.progress, 100),
        poll_interval_ms=poll_interval_ms,
        max_wait_seconds=max_wait_seconds,
        on_progress=on_progress,
    )


class VideosHelpers:
    """`poll()` and `create_and_poll()`, inherited first by the sync `Videos` resource."""

    def _resource(self) -> Videos:
        return cast("Videos", self)  # this mixin is only ever a base of the generated `Videos`

    @deprecated("The `poll` method is deprecated")
    def poll(
        self,
        video_id: str,
        *,
        poll_interval_ms: int | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Video:
        """Wait until the video job is `completed` or `failed` and return it.

        Args:
            video_id: The video's id.
            poll_interval_ms: Milliseconds between polls; unset: the server's
                `openai-poll-after-ms` hint, else 1000.
            max_wait_seconds: Give up after this many seconds (None: wait for ever).
            on_progress: Called with a `PollProgress` after each poll (`completed` is the
                video's percent done, of `total=100`).

        Raises:
            PollTimeoutError: Still queued or in progress after `max_wait_seconds`.
        """
        videos = self._resource()
        poller = video_poller(video_id, poll_interval_ms, max_wait_seconds, on_progress)
        headers = poll_headers(poll_interval_ms)
        return poll_sync(
            poller,
            lambda: videos.with_raw_response._retrieve_impl(video_id, extra_headers=headers),
            videos._client._sleep,
        )

    @deprecated("The `create_and_poll` method is deprecated")
    def create_and_poll(
        self,
        *,
        prompt: str,
        input_reference: ImageInputReferenceParam | Omit = omit,
        model: VideoModel | Omit = omit,
        seconds: VideoSeconds | Omit = omit,
        size: VideoSize | Omit = omit,
        poll_interval_ms: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Video:
        """Create a video job, then wait for it to finish (see `poll`)."""
        videos = self._resource()
        # The raw wrapper: one deprecation warning (this method's), not one per call inside it.
        video = videos.with_raw_response._create_impl(
            prompt=prompt,
            input_reference=input_reference,
            model=model,
            seconds=seconds,
            size=size,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        ).parse()
        poller = video_poller(video.id, poll_interval_ms, max_wait_seconds, on_progress)
        headers = poll_headers(poll_interval_ms)
        return poll_sync(
            poller,
            lambda: videos.with_raw_response._retrieve_impl(video.id, extra_headers=headers),
            videos._client._sleep,
        )


class AsyncVideosHelpers:
    """The async twin of `VideosHelpers`."""

    def _resource(self) -> AsyncVideos:
        return cast("AsyncVideos", self)  # this mixin is only ever a base of the generated `AsyncVideos`

    @deprecated("The `poll` method is deprecated")
    async def poll(
        self,
        video_id: str,
        *,
        poll_interval_ms: int | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Video:
        """Wait until the video job is `completed` or `failed`; see `Videos.poll`."""
        videos = self._resource()
        poller = video_poller(video_id, poll_interval_ms, max_wait_seconds, on_progress)
        headers = poll_headers(poll_interval_ms)
        return await poll_async(
            poller,
            lambda: videos.with_raw_response._retrieve_impl(video_id, extra_headers=headers),
            videos._client._sleep,
        )

    @deprecated("The `create_and_poll` method is deprecated")
    async def create_and_poll(
        self,
        *,
        prompt: str,
        input_reference: ImageInputReferenceParam | Omit = omit,
        model: VideoModel | Omit = omit,
        seconds: VideoSeconds | Omit = omit,
        size: VideoSize | Omit = omit,
        poll_interval_ms: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Video:
        """Create a video job, then wait for it to finish (see `Videos.poll`)."""
        videos = self._resource()
        response = await videos.with_raw_response._create_impl(
            prompt=prompt,
            input_reference=input_reference,
            model=model,
            seconds=seconds,
            size=size,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        video = response.parse()
        poller = video_poller(video.id, poll_interval_ms, max_wait_seconds, on_progress)
        headers = poll_headers(poll_interval_ms)
        return await poll_async(
            poller,
            lambda: videos.with_raw_response._retrieve_impl(video.id, extra_headers=headers),
            videos._client._sleep,
        )

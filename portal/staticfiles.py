"""The static files storage of production: WhiteNoise's compressed manifest storage, remembering the URL of
each name it was asked for. The manifest is read once when the process starts and a release restarts the
processes, so a name's URL cannot change while one runs; every page asks for the same six or seven, and
each asking otherwise hashes, looks up and joins again."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        urls = self.__dict__.setdefault("_portal_urls", {})
        url = urls.get(name)
        if url is None:
            url = urls[name] = super().url(name)
        return url

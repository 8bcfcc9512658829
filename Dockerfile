# The portal's image, in two stages: the first builds a virtual environment from the runtime lock only
# (requirements.lock; no test tools), the second copies it beside the code, collects the static files
# with the production settings (hashed names and the manifest WhiteNoise serves from the image; no
# static volume) and runs as an unprivileged user.
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /venv
COPY requirements.lock /tmp/requirements.lock
RUN /venv/bin/pip install -r /tmp/requirements.lock

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH \
    STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/data/media
COPY --from=build /venv /venv
WORKDIR /app
COPY . .
# Production settings (DEBUG off) with throw-away values that exist only for this build step.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --no-input -v 0
RUN useradd --system --uid 1000 portal && mkdir -p /data/media && chown -R portal /data
USER portal
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi:application"]

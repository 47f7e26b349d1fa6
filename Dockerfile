# leakscout crawler / scheduler image (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LEAKSCOUT_CHROMIUM=/usr/bin/chromium

# Debian's Chromium is the browser Playwright drives (executable_path), so no Playwright
# browser download is needed at build or run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium ca-certificates \
    && rm -rf /var/lib/apt/lists/*

COPY . /src
RUN pip install /src \
    && install -m 0755 /src/deploy/healthcheck.py /usr/local/bin/leakscout-healthcheck \
    && rm -rf /src

# Owning /data in the image makes a fresh named volume mounted there writable by this user.
RUN useradd --create-home --uid 10001 leakscout \
    && mkdir -p /data \
    && chown leakscout:leakscout /data
USER leakscout
WORKDIR /data

CMD ["leakscout", "schedule", "run"]

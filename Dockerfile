# Margins as a container image. NOT BUILT OR RUN by this project's tests: no container runtime
# runs on the machines it is developed on; the same topology runs as plain processes in
# `pnpm test:faults` and `pnpm test:replica` (docs/operations.md, "Deployment recipe").
#
# What runs is what `pnpm start` runs: the SvelteKit build (plain JavaScript) plus the workspace
# packages' TypeScript sources, loaded by tsx at run time (a production dependency). Dev
# dependencies are left out by `pnpm deploy --prod`.

FROM node:22-bookworm-slim AS build
RUN npm install -g pnpm@12.21.0
WORKDIR /src
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
# A self-contained copy of the web app with production dependencies only (workspace packages
# included as sources), plus the migrations, which @margins/db reads from <repo>/prisma.
# (pnpm 10+ wants `inject-workspace-packages=true` in .npmrc for deploy, or `--legacy`.)
RUN pnpm --filter @margins/web deploy --legacy --prod /out/app \
 && cp -r apps/web/build apps/web/server.js apps/web/scripts /out/app/ \
 && mkdir -p /out/prisma && cp -r prisma/schema.prisma prisma/migrations /out/prisma/

FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 MARGINS_DATA_DIR=/data/pglite
RUN useradd --system --uid 10001 --home-dir /app margins && mkdir -p /data && chown margins /data
WORKDIR /app
COPY --from=build --chown=margins /out/app /app/apps/web
COPY --from=build --chown=margins /out/prisma /app/prisma
USER margins
WORKDIR /app/apps/web
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "--import", "./scripts/server-defaults.js", "server.js"]

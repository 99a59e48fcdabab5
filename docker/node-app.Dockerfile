# syntax=docker/dockerfile:1
# One image recipe for the three Node apps (api, processor, mock-api); compose picks the
# app with the APP build argument. Build context: the repository root.
ARG NODE_IMAGE=node:20.19.5-alpine3.22

# --- build: compile the app and @notify/shared into one bundle ---------------------------
FROM ${NODE_IMAGE} AS build
ARG APP
WORKDIR /repo
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY api/package.json api/
COPY processor/package.json processor/
COPY mock-api/package.json mock-api/
COPY dashboard/package.json dashboard/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build-app.ts scripts/
COPY shared/src shared/src
COPY ${APP}/src ${APP}/src
RUN npx tsx scripts/build-app.ts "${APP}"

# --- runtime: production dependencies of this one workspace, and the bundle --------------
FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY api/package.json api/
COPY processor/package.json processor/
COPY mock-api/package.json mock-api/
COPY dashboard/package.json dashboard/
RUN npm ci --omit=dev --workspace "@notify/${APP}" --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force
COPY --from=build /repo/dist/${APP}/ ./dist/
USER node
# No curl in the alpine image: Node's own fetch probes /health.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "dist/main.js"]

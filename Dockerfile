# syntax=docker/dockerfile:1
# connector-proxy: every bundled connector, served on port 8004 (Spiff Arena's connector proxy port).
#   docker build -t connector-proxy .
#   docker run -p 8004:8004 -e CONNECTOR_PROXY_API_KEY=... connector-proxy
# Configuration: docs/configuration.md (mount a config file and set CONNECTOR_PROXY_CONFIG).

# --- build: install everything (native modules compile here), compile, keep production deps only
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages ./packages
COPY connectors ./connectors
RUN npm ci --no-audit --no-fund
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf packages/*/src packages/*/test connectors/*/src connectors/*/test \
  && find . -name "*.tsbuildinfo" -not -path "./node_modules/*" -delete

# --- runtime: slim image, non-root, no compiler, no dev dependencies
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8004
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
COPY --from=build /app/connectors ./connectors
# The SQLite job store lives in /app/.connector-proxy (jobs.data_dir): mount a volume there.
RUN mkdir -p /app/.connector-proxy && chown node:node /app/.connector-proxy
USER node
EXPOSE 8004
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8004)+'/liveness').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "packages/proxy/dist/cli/main.js", "serve"]

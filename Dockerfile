# Agent Factory's headless engine (`agent-factory serve`): the engine, the web UI and the API,
# with the local embedding model inside.
#
#   docker build -t agent-factory .
#   docker compose --profile app up          (with Postgres + pgvector and Chroma; see README)
#
# Data (settings, secrets, the embedded database when no DATABASE_URL is given, uploads, logs)
# lives in the /data volume. Listening on 0.0.0.0 inside the container, serve accepts API keys
# only and trusts a reverse proxy for TLS (--behind-proxy): publish the port on 127.0.0.1 and put
# a TLS proxy in front, or mount a certificate and run with --tls-cert/--tls-key instead.

# ---- build: install everything, fetch the embedding model, build, drop the dev dependencies ----
FROM node:22-slim AS build
WORKDIR /app
# No Electron binary, no CUDA build of ONNX Runtime, no browsers: serve needs none of them.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
    ONNXRUNTIME_NODE_INSTALL_CUDA=skip \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
COPY . .
# The model is required here (npm ci's postinstall fetches it as optional).
RUN node scripts/fetch-model.mjs \
 && npx electron-vite build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/.cache

# ---- runtime: only what serve needs, as the unprivileged `node` user ----
FROM node:22-slim
LABEL org.opencontainers.image.title="Agent Factory (headless engine)" \
      org.opencontainers.image.description="agent-factory serve: the engine, the web UI and the WebSocket API" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production \
    AGENT_FACTORY_DATA_DIR=/data \
    AGENT_FACTORY_MODELS_DIR=/app/resources/models \
    npm_config_update_notifier=false
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/out/main ./out/main
COPY --from=build /app/out/renderer ./out/renderer
COPY --from=build /app/bin ./bin
COPY --from=build /app/resources/models ./resources/models
RUN mkdir -p /data \
 && chown node:node /data \
 && ln -s /app/bin/agent-factory.js /usr/local/bin/agent-factory
USER node
VOLUME /data
EXPOSE 8080
# No curl in the image: Node's fetch asks /healthz (200 when the engine and its database answer).
# Five retries 30 s apart cover a slow first start (dockerfilelint 1.8 misreads --start-period).
HEALTHCHECK --interval=30s --timeout=10s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/out/main/cli.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--behind-proxy"]

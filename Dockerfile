# CredentialHub: the single binary, run as a non-root user with the circuits read-only.
#   docker build -t credentialhub .
#   docker run -p 8080:8080 -e SECRET_KEY="$(openssl rand -base64 48)" \
#     -e DATABASE_URL=postgresql://user:password@db:5432/credentialhub -e REDIS_URL=redis://cache:6379 credentialhub
# Production mode (ASPNETCORE_ENVIRONMENT=Production) is the default here: the service refuses to start without
# SECRET_KEY (or SECRET_KEY_FILE, e.g. a mounted secret). Create API keys with the same image:
#   docker run --rm -e DATABASE_URL=… credentialhub keys create --scope prove,verify --name my-client

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so that the layer is reused while only sources change.
COPY Directory.Build.props Directory.Packages.props CredentialHub.sln ./
COPY src/ src/
COPY plugins/ plugins/
# ReadyToRun: the service's own assemblies compiled ahead of time, so that its first requests run compiled code
# instead of waiting for the JIT (the hot proving code is still recompiled for the machine it runs on).
RUN dotnet publish src/Host/Host.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The shipped circuits, owned by root and not writable by the service user (their SHA-256 are checked at start-up), with
# the powers of tau their production keys are checked against (circuits/ptau, the default PTAU_DIR). The results of those
# checks are remembered in CEREMONY_CACHE_DIR; mount a volume there to keep them across container restarts.
COPY circuits/ /app/circuits/
RUN find /app -type d -exec chmod 0555 {} + && find /app -type f -exec chmod 0444 {} +
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://0.0.0.0:8080 \
    CIRCUITS_DIR=/app/circuits \
    PLUGINS_DIR=/app/plugins \
    CEREMONY_CACHE_DIR=/tmp/credentialhub-ceremony-checks \
    DOTNET_gcServer=0
EXPOSE 8080
# The .NET images define the unprivileged user "app" (uid 1654); nothing in /app is writable by it. Orchestrators
# probe GET /health/live (liveness) and GET /health (readiness).
USER app
ENTRYPOINT ["dotnet", "CredentialHub.Host.dll"]

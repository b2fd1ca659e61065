using System.Text.Json;
using CredentialHub.Circuits;
using CredentialHub.Credentials;
using CredentialHub.Host;
using CredentialHub.Host.Commands;
using CredentialHub.Host.OpenApi;
using CredentialHub.Host.Plugins;
using CredentialHub.Monitoring;
using CredentialHub.Proofs;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.Security;
using CredentialHub.Storage;

if (CommandLine.IsCommand(args))
{
    return CommandLine.Run(args, Console.Out, Console.Error);
}

ServiceSettings settings;
try
{
    settings = ServiceSettings.Read(Environment.GetEnvironmentVariable);
}
catch (ConfigurationException e)
{
    Console.Error.WriteLine($"configuration error: {e.Message}");
    return CommandLine.Unusable;
}

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders().AddJsonConsole(options =>
{
    options.IncludeScopes = true;
    options.UseUtcTimestamp = true;
    options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
});
// The framework's per-request lines (request started, endpoint executed, result written) would be most of the log
// and a measurable share of a verification's cost; LOG_LEVEL=Debug brings them back.
builder.Logging.SetMinimumLevel(settings.LogLevel);
builder.Logging.AddFilter("Microsoft", settings.LogLevel <= LogLevel.Debug ? settings.LogLevel : LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = Math.Max(settings.CircuitUploadMaxBytes, settings.MaxRequestBytes));
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
{
    // Problems raised by the framework itself (routing, media types, limits) name the part of the request at fault too.
    if (!context.ProblemDetails.Extensions.ContainsKey("field"))
    {
        context.ProblemDetails.Extensions["field"] = context.ProblemDetails.Status switch
        {
            StatusCodes.Status415UnsupportedMediaType => "content-type",
            StatusCodes.Status413PayloadTooLarge => "body",
            StatusCodes.Status404NotFound => "path",
            StatusCodes.Status405MethodNotAllowed => "method",
            _ => "request",
        };
    }
    // ... and say what to do instead.
    if (string.IsNullOrEmpty(context.ProblemDetails.Detail))
    {
        context.ProblemDetails.Detail = FrameworkProblems.Detail(context.HttpContext, context.ProblemDetails.Status);
    }
});
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddExceptionHandler<CircuitRefusedHandler>();
// PostgreSQL unavailable for the moment (too many connections, pool exhausted, restarting): 503 + Retry-After, not 500.
builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
builder.Services.AddApiDocumentation();

// A stop signal lets running proofs finish within SHUTDOWN_DRAIN_SECONDS; the host waits that long and a little more.
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = (settings.ShutdownDrain ?? TimeSpan.FromSeconds(20)) + TimeSpan.FromSeconds(10));

var plugins = ProofSystemCatalog.Load(settings.PluginsDirectory, reloadable: settings.PluginsReload);
builder.Services.AddSingleton(plugins);
builder.Services.AddSingleton<IProofSystemCatalog>(plugins);
if (settings.PluginsReload)
{
    // Plugin folders that change are loaded again without a restart; consumers rebind on IProofSystemCatalog.Changed.
    builder.Services.AddHostedService<PluginReloader>();
}

string instanceName = settings.InstanceName ?? $"{Environment.MachineName}:{builder.Configuration["urls"] ?? "default"}";
try
{
    builder.Services
        // The one Redis connection (REDIS_URL) of the whole host: the health check, the rate limits and nonces and the
        // proof cache all use it (each module asks for it with the same configuration and finds this one).
        .AddRedisConnection(settings.RedisConfiguration)
        .AddMonitoringModule(new MonitoringModuleOptions
        {
            MetricsEnabled = settings.MetricsEnabled,
            OtlpEndpoint = settings.OtlpEndpoint,
            InstanceName = instanceName,
            DatabaseConnectionString = settings.DatabaseConnectionString,
            RedisConfiguration = settings.RedisConfiguration,
        })
        .AddSecurityModule(new SecurityModuleOptions
        {
            MaxRequestBytes = settings.MaxRequestBytes,
            DatabaseConnectionString = settings.DatabaseConnectionString,
            RedisConfiguration = settings.RedisConfiguration,
            RateLimitPerMinute = settings.RateLimitPerMinute,
            ProveRateLimitPerMinute = settings.ProveRateLimitPerMinute,
            RateLimitBurst = settings.RateLimitBurst,
            TokenSecret = settings.Secret,
            TokenPublicKeyPem = settings.JwtPublicKeyPem,
            TokenIssuer = settings.JwtIssuer,
            TokenAudience = settings.JwtAudience,
            TokenAuthority = settings.JwtAuthority,
            TokenJwksUrl = settings.JwtJwksUrl,
            CreateAdminKey = settings.DatabaseConnectionString is null,
        })
        .AddCircuitsModule(new CircuitsModuleOptions
        {
            CircuitsDirectory = settings.CircuitsDirectory,
            DatabaseConnectionString = settings.DatabaseConnectionString,
            MaxUploadBytes = settings.CircuitUploadMaxBytes,
        })
        .AddCredentialsModule(new CredentialsModuleOptions
        {
            DatabaseConnectionString = settings.DatabaseConnectionString,
            Secret = settings.Secret,
            MaxRequestBytes = settings.MaxRequestBytes,
        })
        .AddProofsModule(new ProofsModuleOptions
        {
            MaxConcurrentProofs = settings.MaxConcurrentProofs,
            QueueCapacity = settings.ProofQueueCapacity,
            ProofTimeout = settings.ProofTimeout,
            RequestWait = settings.ProofWait,
            MaxRequestBytes = settings.MaxRequestBytes,
            DatabaseConnectionString = settings.DatabaseConnectionString,
            RedisConfiguration = settings.RedisConfiguration,
            ProofCacheTtl = settings.ProofCacheTtl,
            NonceLifetime = settings.NonceLifetime ?? TimeSpan.FromMinutes(5),
            ShutdownDrain = settings.ShutdownDrain ?? TimeSpan.FromSeconds(20),
            InstanceName = instanceName,
        });
}
catch (ArgumentException e)
{
    // A setting only a module can judge (a public key it cannot use): a configuration error, like the others.
    Console.Error.WriteLine($"configuration error: {e.Message.Replace(" (Parameter 'options')", "", StringComparison.Ordinal)}");
    return CommandLine.Unusable;
}

var app = builder.Build();
PluginLog.Report(plugins, app.Logger);
if (settings.DatabaseConnectionString is null)
{
    app.Logger.LogWarning("DATABASE_URL is not set: proofs, job states, registered circuits, credentials and the issuer key are kept in memory and are lost when the process stops");
}
if (settings.Secret is null)
{
    app.Logger.LogWarning("SECRET_KEY is not set: credentials are sealed under a random key of this process only");
}
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseApiDocumentation();
app.UseRouting();
app.UseSecurityModule();
app.MapMonitoringEndpoints();
app.MapCircuitsEndpoints();
app.MapCredentialsEndpoints();
app.MapProofsEndpoints();
try
{
    app.Run();
}
catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
{
    // A start-up step that cannot succeed (a stored issuer key sealed under another SECRET_KEY, an unreachable
    // database): say what, and stop with the configuration exit code rather than an unhandled-exception abort.
    app.Logger.LogCritical("start-up failed: {Message}", e.Message);
    Console.Error.WriteLine($"start-up error: {e.Message}");
    return CommandLine.Unusable;
}
return CommandLine.Success;

using System.Text.Json;
using CredentialHub.Circuits;
using CredentialHub.Credentials;
using CredentialHub.Host;
using CredentialHub.Host.Commands;
using CredentialHub.Host.OpenApi;
using CredentialHub.Host.Plugins;
using CredentialHub.Monitoring;
using CredentialHub.Proofs;
using CredentialHub.Security;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

if (args is [ProverWorkerCommand.Verb, ..])
{
    return await ProverWorkerCommand.RunAsync(args[1..]);
}
if (CommandLine.IsCommand(args))
{
    return CommandLine.Run(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
// One default address for `dotnet run` and the published binary alike (there is no launch profile to override the
// environment): ASPNETCORE_URLS, --urls or Kestrel endpoints in appsettings.json replace it.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
    && string.IsNullOrEmpty(builder.Configuration["https_ports"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    builder.WebHost.UseUrls(ServiceComposition.DefaultUrl);
}
// Settings come from the configuration: appsettings.json, then environment variables (which win), under the same names.
var settings = builder.Services.AddCredentialHub(builder.Configuration);
// JSON lines for collectors in production, one readable line per event otherwise (LOG_FORMAT chooses).
builder.Logging.ClearProviders();
if (settings.EffectiveLogFormat == LogFormat.Json)
{
    builder.Logging.AddJsonConsole(options =>
    {
        options.IncludeScopes = true;
        options.UseUtcTimestamp = true;
        options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
    });
}
else
{
    builder.Logging.AddConsole(options => options.FormatterName = TextLogFormatter.Name)
        .AddConsoleFormatter<TextLogFormatter, ConsoleFormatterOptions>(options => options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
}
// The framework's per-request lines (request started, endpoint executed, result written) would be most of the log
// and a measurable share of a verification's cost; LOG_LEVEL=Debug brings them back.
builder.Logging.SetMinimumLevel(settings.LogLevel);
builder.Logging.AddFilter("Microsoft", settings.LogLevel <= LogLevel.Debug ? settings.LogLevel : LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ServiceComposition.MaxRequestBodyBytes(builder.Configuration));
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

WebApplication app;
try
{
    app = builder.Build();
    // Every module's settings are checked here, all at once, before the plugins are loaded and the endpoints mapped
    // (ValidateOnStart would check them again when the host starts). A bad value is reported with the name of its
    // setting, never its value, and stops the start-up.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
}
catch (Exception e) when (SettingsFailures.Of(e) is { Count: > 0 } failures)
{
    foreach (string failure in failures)
    {
        Console.Error.WriteLine($"configuration error: {failure}");
    }
    return CommandLine.Unusable;
}
var plugins = app.Services.GetRequiredService<ProofSystemCatalog>();
PluginLog.Report(plugins, app.Logger);
if (app.Services.GetRequiredService<IOptions<DatabaseSettings>>().Value.ConnectionString is null)
{
    app.Logger.LogWarning("DATABASE_URL is not set: proofs, job states, registered circuits, credentials and the issuer key are kept in memory and are lost when the process stops");
}
if (app.Services.GetRequiredService<IOptions<SecretSettings>>().Value.Secret is null)
{
    app.Logger.LogWarning("SECRET_KEY is not set: credentials are sealed under a random key of this process only");
}
if (app.Services.GetRequiredService<IOptions<HostSettings>>().Value.TrustedProxyNetworks is { } proxies)
{
    // Behind a balancer (TRUSTED_PROXIES): the client's address and scheme from X-Forwarded-For / -Proto, before
    // anything reads them (rate limits, audit lines, logs).
    app.UseForwardedHeaders(TrustedProxies.ForwardedHeaders(proxies));
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
int exitCode = CommandLine.Success;
try
{
    await app.StartAsync();
    try
    {
        // The first requests made here rather than by the first client; everything before them (circuits loaded, witness
        // engines compiled, a warm-up proof each) was done while the service started.
        var warm = await HttpWarmup.RunAsync(app.Urls, app.Logger, app.Lifetime.ApplicationStopping);
        // Then until the code the warm-ups made hot has been recompiled optimised, so that the first client does not
        // share the cores with the compiler.
        var settle = await CredentialHub.Web.JitQuiet.WaitAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), app.Lifetime.ApplicationStopping);
        var since = DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime;
        app.Logger.LogInformation("CredentialHub ready on {Urls}, {Seconds:0.0} s after the process started (the HTTP warm-up took {WarmMilliseconds:0} ms, compilation settled in {SettleMilliseconds:0} ms)",
            string.Join(", ", app.Urls), since.TotalSeconds, warm.TotalMilliseconds, settle.TotalMilliseconds);
    }
    catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
    {
        // Asked to stop (SIGTERM) while it listens but before it said it was ready: the warm-up ends there and the
        // service stops as it would have once ready (requests already taken are drained).
    }
    await app.WaitForShutdownAsync();
}
catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
{
    // A start-up step that cannot succeed (a stored issuer key sealed under another SECRET_KEY, an unreachable
    // database): say what, and stop with the configuration exit code rather than an unhandled-exception abort.
    app.Logger.LogCritical("start-up failed: {Message}", e.Message);
    Console.Error.WriteLine($"start-up error: {e.Message}");
    exitCode = CommandLine.Unusable;
}
await app.DisposeAsync();
return exitCode;

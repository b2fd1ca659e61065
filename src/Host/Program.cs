using CredentialHub.Host;
using CredentialHub.Host.Commands;
using CredentialHub.Host.Plugins;

if (CommandLine.IsCommand(args))
{
    return CommandLine.Run(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders().AddJsonConsole();

var catalog = ProofSystemCatalog.Load(HostConfiguration.PluginsDirectory(Environment.GetEnvironmentVariable));
builder.Services.AddSingleton(catalog);

var app = builder.Build();
PluginLog.Report(catalog, app.Logger);
app.MapHealthEndpoints();
app.Run();
return CommandLine.Success;

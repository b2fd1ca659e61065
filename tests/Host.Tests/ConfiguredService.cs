using CredentialHub.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CredentialHub.Host.Tests;

/// <summary>
/// The service composed as the host composes it (<see cref="ServiceComposition.AddCredentialHub"/>), over a configuration
/// holding these variables: each module's options as bound, and the failures validation at start reports.
/// </summary>
internal sealed class ConfiguredService : IDisposable
{
    private readonly ServiceProvider _provider;

    private ConfiguredService(IEnumerable<(string Name, string Value)> variables)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        Host = services.AddCredentialHub(configuration);
        _provider = services.BuildServiceProvider();
    }

    /// <summary>The host's settings as the host read them before it was built.</summary>
    public HostSettings Host { get; }

    public static ConfiguredService With(params (string Name, string Value)[] variables) => new(variables);

    /// <summary>The options <typeparamref name="T"/> as a module receives them (throws when they are invalid).</summary>
    public T Options<T>() where T : class => _provider.GetRequiredService<IOptions<T>>().Value;

    /// <summary>What the host prints after "configuration error: ", one line each, when it validates at start; empty when valid.</summary>
    public IReadOnlyList<string> Failures()
    {
        try
        {
            _provider.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (Exception e) when (SettingsFailures.Of(e).Count > 0)
        {
            return SettingsFailures.Of(e);
        }
    }

    /// <summary>The one failure of these variables.</summary>
    public static string Refusal(params (string Name, string Value)[] variables)
    {
        using var service = With(variables);
        return Assert.Single(service.Failures());
    }

    /// <summary>The setting a failure names: its first word.</summary>
    public static string Variable(string failure) => failure[..failure.IndexOf(' ', StringComparison.Ordinal)];

    public void Dispose() => _provider.Dispose();
}

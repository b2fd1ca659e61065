using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CredentialHub.Settings;

/// <summary>
/// Binds options classes from <see cref="IConfiguration"/> through their <see cref="ConfigurationKeyNameAttribute"/>
/// names (DATABASE_URL, MAX_CONCURRENT_PROOFS, …): found in appsettings.json and in environment variables alike,
/// environment variables winning (the order of WebApplication.CreateBuilder's sources). Each value's text is screened
/// first (see <see cref="Setting"/>) so that the framework's binder only ever converts well-formed text; a malformed
/// value and every data-annotation failure end as an <see cref="OptionsValidationException"/> whose failures name
/// the setting, checked when the host starts (<c>ValidateOnStart</c>).
/// </summary>
public static class SettingsBinding
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from <paramref name="configuration"/> and validates it at start by its data
    /// annotations (<see cref="ValidateSettings{T}"/>). Binding the same options class again adds nothing: several
    /// modules may ask for shared settings.
    /// </summary>
    public static OptionsBuilder<T> BindSettings<T>(this OptionsBuilder<T> builder, IConfiguration configuration) where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!builder.Services.Any(d => d.ServiceType == typeof(SettingsSource<T>)))
        {
            builder.Services.AddSingleton(new SettingsSource<T>(configuration));
            builder.Configure(options => Bind(configuration, options, strict: true));
        }
        return builder.ValidateSettings();
    }

    /// <summary>Validates <typeparamref name="T"/> by its data annotations whenever it is created, and at start.</summary>
    public static OptionsBuilder<T> ValidateSettings<T>(this OptionsBuilder<T> builder) where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, SettingsValidator<T>>());
        return builder.ValidateOnStart();
    }

    /// <summary>
    /// The settings as configured, for decisions taken while services are registered (a database or not, which
    /// stores, which endpoints): malformed values keep their defaults and nothing is validated, since validation at
    /// start refuses them before anything runs.
    /// </summary>
    public static T Peek<T>(IConfiguration configuration) where T : class, new()
    {
        var options = new T();
        Bind(configuration, options, strict: false);
        return options;
    }

    /// <summary>
    /// The settings as configured and validated, for a process without a host (a command).
    /// </summary>
    /// <exception cref="OptionsValidationException">A value is malformed or out of range; the failures name it.</exception>
    public static T Read<T>(IConfiguration configuration) where T : class, new()
    {
        var options = new T();
        Bind(configuration, options, strict: true);
        var failures = SettingsValidator<T>.Failures(options);
        return failures.Count == 0 ? options : throw new OptionsValidationException(Options.DefaultName, typeof(T), failures);
    }

    /// <summary>
    /// Screens every setting of <paramref name="options"/> and hands the well-formed text to the framework's binder;
    /// when <paramref name="strict"/>, the malformed ones are then thrown, each with its message.
    /// </summary>
    private static void Bind<T>(IConfiguration configuration, T options, bool strict) where T : class
    {
        var screened = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var failures = new List<string>();
        foreach (var setting in Setting.Of(typeof(T)))
        {
            if (!setting.TryScreen(configuration[setting.Key], out string? text))
            {
                failures.Add(setting.Message);
            }
            else if (text is not null)
            {
                screened[setting.Key] = text;
            }
        }
        // The binder sees only the screened values: a malformed one, or a blank one, never reaches its conversions
        // (which would accept "+8" or "0x10" for a number, refuse "yes" for a switch, and quote the value in their error).
        new ConfigurationBuilder().AddInMemoryCollection(screened).Build().Bind(options);
        if (strict && failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(T), failures);
        }
    }

    /// <summary>Marks an options class as bound, and from which configuration.</summary>
    private sealed record SettingsSource<T>(IConfiguration Configuration);
}

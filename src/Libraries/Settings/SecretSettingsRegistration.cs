using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CredentialHub.Settings;

/// <summary>Registers <see cref="SecretSettings"/>.</summary>
public static class SecretSettingsRegistration
{
    /// <summary>
    /// Binds SECRET_KEY and SECRET_KEY_FILE, reads the key file once when the settings are first asked for, and
    /// validates them at start. Every module that needs the secret calls it; the settings are bound once.
    /// </summary>
    public static IServiceCollection AddSecretSettings(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<SecretSettings>)))
        {
            services.AddOptions<SecretSettings>().BindSettings(configuration).PostConfigure(secret => secret.Load());
        }
        return services;
    }
}

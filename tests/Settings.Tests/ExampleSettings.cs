using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Settings.Tests;

/// <summary>An options class with one setting of each kind the binder screens.</summary>
public sealed class ExampleSettings : IValidatableObject
{
    [ConfigurationKeyName("WORKERS")]
    [Range(1, 256, ErrorMessage = "WORKERS must be a whole number from 1 to 256")]
    public int Workers { get; set; } = 2;

    [ConfigurationKeyName("UPLOAD_BYTES")]
    [Range(typeof(long), "1024", "2147483647", ErrorMessage = "UPLOAD_BYTES must be a whole number from 1024 to 2147483647")]
    public long UploadBytes { get; set; } = 4096;

    private double _timeoutSeconds = 10;

    /// <summary><see cref="TimeoutSeconds"/> as a duration (read once the settings are valid).</summary>
    public TimeSpan Timeout { get => TimeSpan.FromSeconds(_timeoutSeconds); set => _timeoutSeconds = value.TotalSeconds; }

    /// <summary>The timeout in seconds, as configured.</summary>
    [ConfigurationKeyName("TIMEOUT_SECONDS")]
    [Range(0.01, 3600, ErrorMessage = "TIMEOUT_SECONDS must be a number of seconds from 0.01 to 3600")]
    public double TimeoutSeconds { get => _timeoutSeconds; set => _timeoutSeconds = value; }

    [ConfigurationKeyName("ENABLED")]
    public bool Enabled { get; set; } = true;

    [ConfigurationKeyName("LEVEL")]
    public LogLevel Level { get; set; } = LogLevel.Information;

    [ConfigurationKeyName("NAME")]
    public string? Name { get; set; }

    [ConfigurationKeyName("ENDPOINT")]
    public Uri? Endpoint { get; set; }

    [ConfigurationKeyName("TOKEN")]
    [Verbatim]
    public string? Token { get; set; }

    /// <summary>Not a setting: no configuration key names it.</summary>
    public string Untouched { get; set; } = "default";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Name is "forbidden")
        {
            yield return new ValidationResult("NAME must not be 'forbidden'", [nameof(Name)]);
        }
    }
}

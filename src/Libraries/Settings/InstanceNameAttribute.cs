using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CredentialHub.Settings;

/// <summary>
/// INSTANCE_NAME: at most 200 printable characters without '#' (it is part of keys and trace attributes).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InstanceNameAttribute : ValidationAttribute
{
    public InstanceNameAttribute()
        : base("INSTANCE_NAME must be at most 200 printable characters without '#'")
    {
    }

    public override bool IsValid(object? value) =>
        value is not string name || (name.Length <= 200 && !name.Any(char.IsControl) && !name.Contains('#', StringComparison.Ordinal));

    /// <summary>
    /// This instance's name when INSTANCE_NAME is not set: the machine name and the addresses it serves (ASPNETCORE_URLS
    /// or --urls), stable across its restarts.
    /// </summary>
    public static string DefaultName(IConfiguration configuration) =>
        $"{Environment.MachineName}:{configuration["urls"] ?? "default"}";
}

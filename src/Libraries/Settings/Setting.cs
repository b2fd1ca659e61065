using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace CredentialHub.Settings;

/// <summary>
/// One setting of an options class: a public settable property carrying <see cref="ConfigurationKeyNameAttribute"/>,
/// the name the value is found under (an environment variable's name, or the same name in appsettings.json). Its
/// text is screened before the framework's binder converts it, with the syntax the service has always taken: a blank
/// value is unset; whole numbers are digits only (no sign, no hexadecimal, no exponent); seconds are digits with at
/// most one decimal point (no NaN, no infinity); an address is an absolute URL; switches are true/false, 1/0, yes/no
/// or on/off; an enumeration value is one of its names.
/// </summary>
internal sealed class Setting
{
    private static readonly ConcurrentDictionary<Type, Setting[]> Cache = new();

    private Setting(PropertyInfo property, string key)
    {
        Property = property;
        Key = key;
        Type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        Verbatim = property.IsDefined(typeof(VerbatimAttribute));
        Message = property.GetCustomAttributes<ValidationAttribute>().Select(a => a.ErrorMessage).FirstOrDefault(m => m is not null)
            ?? DefaultMessage(key, Type);
    }

    public PropertyInfo Property { get; }

    /// <summary>The configuration key: the setting's name.</summary>
    public string Key { get; }

    /// <summary>The property's type (the underlying type of a nullable one).</summary>
    public Type Type { get; }

    /// <summary>The text is taken as given (<see cref="VerbatimAttribute"/>): not trimmed; only an empty value is unset.</summary>
    public bool Verbatim { get; }

    /// <summary>What a malformed value is told: the property's validation message, which names the setting.</summary>
    public string Message { get; }

    /// <summary>The settings of <paramref name="type"/>, in declaration order.</summary>
    public static IReadOnlyList<Setting> Of(Type type) => Cache.GetOrAdd(type, static t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is { IsPublic: true })
        .Select(p => (Property: p, Name: p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name))
        .Where(p => p.Name is not null)
        .Select(p => new Setting(p.Property, p.Name!))
        .ToArray());

    /// <summary>
    /// Screens the configured text: true with the text the binder gets (null: the setting is unset and keeps its
    /// default), false when the text is malformed.
    /// </summary>
    public bool TryScreen(string? raw, out string? text)
    {
        text = null;
        if (raw is null || raw.Length == 0)
        {
            return true;
        }
        string value = Verbatim ? raw : raw.Trim();
        if (value.Length == 0)
        {
            return true;
        }
        if (Type == typeof(string))
        {
            text = value;
            return true;
        }
        if (Type == typeof(Uri))
        {
            text = Uri.TryCreate(value, UriKind.Absolute, out _) ? value : null;
            return text is not null;
        }
        if (Type == typeof(bool))
        {
            text = value.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" or "on" => "true",
                "false" or "0" or "no" or "off" => "false",
                _ => null,
            };
            return text is not null;
        }
        if (Type.IsEnum)
        {
            text = Enum.GetNames(Type).FirstOrDefault(name => string.Equals(name, value, StringComparison.OrdinalIgnoreCase));
            return text is not null;
        }
        bool wellFormed = Type == typeof(int) ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            : Type == typeof(long) ? long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            : Type == typeof(double) ? IsDecimal(value)
            : throw new NotSupportedException($"setting {Key}: a {Type.Name} property cannot be a setting (string, Uri, bool, int, long, double or an enumeration)");
        text = wellFormed ? value : null;
        return wellFormed;
    }

    /// <summary>Digits with at most one decimal point ("10", "0.5", ".5"): no sign, exponent, NaN or infinity.</summary>
    private static bool IsDecimal(string value) =>
        value.Any(char.IsAsciiDigit) && value.All(c => char.IsAsciiDigit(c) || c == '.') && value.Count(c => c == '.') <= 1
        && double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);

    private static string DefaultMessage(string key, Type type) =>
        type == typeof(bool) ? $"{key} must be true or false"
        : type.IsEnum ? $"{key} must be one of {string.Join(", ", Enum.GetNames(type))}"
        : type == typeof(double) ? $"{key} must be a number"
        : type == typeof(Uri) ? $"{key} must be an absolute URL"
        : type == typeof(string) ? $"{key} is not valid"
        : $"{key} must be a whole number";
}

using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace CredentialHub.Settings;

/// <summary>
/// The service's secret: SECRET_KEY (its UTF-8 bytes, at least 32 characters) or SECRET_KEY_FILE (the file's bytes,
/// trailing white space dropped, at least 32 bytes), not both. Credentials and the issuer key are sealed under keys
/// derived from it, and HS256 bearer tokens are checked with it. No message ever quotes it. Registered by
/// <see cref="SecretSettingsRegistration.AddSecretSettings"/>, which reads the key file once.
/// </summary>
public sealed class SecretSettings : IValidatableObject
{
    /// <summary>The shortest SECRET_KEY accepted (characters) and key file (bytes).</summary>
    public const int MinLength = 32;

    private static readonly string[] WeakWords = ["changeme", "change-me", "change_me", "secret", "example", "default", "password", "placeholder"];

    private string? _fileProblem;

    /// <summary>SECRET_KEY, exactly as set.</summary>
    [ConfigurationKeyName("SECRET_KEY")]
    [Verbatim]
    public string? Key { get; set; }

    /// <summary>SECRET_KEY_FILE: the path of a file holding the secret.</summary>
    [ConfigurationKeyName("SECRET_KEY_FILE")]
    public string? File { get; set; }

    /// <summary>The secret's bytes; null when neither SECRET_KEY nor SECRET_KEY_FILE is set (or before the file is read).</summary>
    public byte[]? Secret { get; private set; }

    /// <summary>Takes SECRET_KEY's bytes, or reads SECRET_KEY_FILE (a problem with it is told by validation).</summary>
    internal void Load()
    {
        if (Key is not null)
        {
            Secret = Encoding.UTF8.GetBytes(Key);
            return;
        }
        if (File is null)
        {
            return;
        }
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(File);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            _fileProblem = $"SECRET_KEY_FILE cannot be read ({e.GetType().Name})";
            return;
        }
        int length = bytes.Length;
        while (length > 0 && bytes[length - 1] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            length--;
        }
        byte[] secret = bytes.AsSpan(0, length).ToArray();
        Array.Clear(bytes);
        if (secret.Length < MinLength)
        {
            _fileProblem = $"SECRET_KEY_FILE holds {secret.Length} bytes; at least {MinLength} are needed (e.g. `head -c 48 /dev/urandom > key`)";
            Array.Clear(secret);
            return;
        }
        Secret = secret;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Key is not null && File is not null)
        {
            yield return new ValidationResult("SECRET_KEY_FILE and SECRET_KEY are both set: give one", [nameof(File)]);
            yield break;
        }
        if (Key is not null)
        {
            if (Key.Length < MinLength)
            {
                yield return new ValidationResult($"SECRET_KEY is too short: it must be at least {MinLength} characters (e.g. `openssl rand -base64 48`)", [nameof(Key)]);
            }
            else if (Key.Distinct().Count() < 8 || WeakWords.Any(w => Key.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                yield return new ValidationResult("SECRET_KEY looks like a placeholder or default (too few distinct characters, or words such as 'changeme', 'secret', 'example'): use a random value, e.g. `openssl rand -base64 48`", [nameof(Key)]);
            }
        }
        if (_fileProblem is not null)
        {
            yield return new ValidationResult(_fileProblem, [nameof(File)]);
        }
    }
}

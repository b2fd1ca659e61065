using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CredentialHub.Settings;

/// <summary>
/// Validates an options class by its data annotations (<see cref="RangeAttribute"/> and the like on each setting, then
/// <see cref="IValidatableObject"/> for rules across settings), failing with the annotations' own messages, which name
/// the setting ("MAX_CONCURRENT_PROOFS must be a whole number from 1 to 256").
/// </summary>
internal sealed class SettingsValidator<T> : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static List<string> Failures(T options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? $"{typeof(T).Name}: {string.Join(", ", r.MemberNames)} is not valid").ToList();
    }
}

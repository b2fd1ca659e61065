using Microsoft.Extensions.Options;

namespace CredentialHub.Settings;

/// <summary>The messages of settings that failed validation, as the start-up reports them.</summary>
public static class SettingsFailures
{
    /// <summary>
    /// Every distinct failure in <paramref name="exception"/> (an <see cref="OptionsValidationException"/>, or an
    /// <see cref="AggregateException"/> of them as validation at start throws), in order; empty when it is something
    /// else. A setting several modules read (DATABASE_URL, SECRET_KEY, MAX_REQUEST_BYTES) is reported once.
    /// </summary>
    public static IReadOnlyList<string> Of(Exception exception)
    {
        var failures = new List<string>();
        Collect(exception, failures);
        return failures.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Collect(Exception exception, List<string> failures)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                failures.AddRange(validation.Failures);
                break;
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, failures);
                }
                break;
        }
    }
}

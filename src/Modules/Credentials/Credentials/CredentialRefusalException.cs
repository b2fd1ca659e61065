using CredentialHub.Credentials.Contracts;

namespace CredentialHub.Credentials;

/// <summary>
/// A refusal thrown from deep in a check of the module's own, caught where the module answers: as a
/// <see cref="CredentialRefusal"/> across its contract, as a problem document at its own endpoints.
/// </summary>
internal sealed class CredentialRefusalException(CredentialRefusal refusal) : Exception(refusal.Message)
{
    public CredentialRefusal Refusal { get; } = refusal;

    /// <summary>A request part that cannot be used, naming its field.</summary>
    public static CredentialRefusalException Invalid(string field, string message) => new(new CredentialRefusal(CredentialRefusalReason.InvalidRequest, field, message));
}

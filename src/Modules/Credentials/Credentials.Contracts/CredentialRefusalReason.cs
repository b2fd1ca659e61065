namespace CredentialHub.Credentials.Contracts;

/// <summary>Why a credential request is refused.</summary>
public enum CredentialRefusalReason
{
    /// <summary>The circuit is not the one credentials are proved on.</summary>
    NotACredentialCircuit,

    /// <summary>The credential id is missing or not a UUID.</summary>
    InvalidCredentialId,

    /// <summary>A part of the request cannot be used: an unknown attribute, a malformed predicate, nonce or presentation, …</summary>
    InvalidRequest,

    /// <summary>There is no credential with that id.</summary>
    UnknownCredential,

    /// <summary>The credential was revoked: it can no longer be proved.</summary>
    Revoked,

    /// <summary>The credential expired before today.</summary>
    Expired,

    /// <summary>A predicate does not hold for the credential, so no proof of it can be made.</summary>
    PredicateDoesNotHold,
}

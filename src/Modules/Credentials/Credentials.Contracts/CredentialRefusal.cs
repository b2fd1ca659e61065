namespace CredentialHub.Credentials.Contracts;

/// <summary>
/// A credential request the module refuses: why (<see cref="Reason"/>), the JSON path of the field at fault
/// (<c>credential_id</c>, <c>predicates[1].value</c>, <c>presentation.schema.attributes</c>, …) and a message saying what
/// is wrong, which never repeats an attribute value.
/// </summary>
public sealed record CredentialRefusal(CredentialRefusalReason Reason, string Field, string Message);

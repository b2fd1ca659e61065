namespace CredentialHub.Credentials.Issuing;

/// <summary>The declared type of a credential attribute.</summary>
internal enum AttributeType
{
    String = 1,
    Integer = 2,
    Date = 3,
    Boolean = 4,
}
